"""PI-07 No personal data in request URLs (请求 URL 中不含个人信息): see check.json beside this file."""
