"""PI-13 No personal data given to third parties (embedded SDKs included) without consent (未经同意不向第三方（含嵌入SDK）提供个人信息): see check.json beside this file."""
