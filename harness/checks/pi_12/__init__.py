"""PI-12 Only the personal data the service needs is collected (只收集办事必需的个人信息): see check.json beside this file."""
