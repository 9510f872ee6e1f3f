"""IN-08 No re-entry of identity data after single sign-on (单点登录后无需再次填写身份信息): see check.json beside this file."""
