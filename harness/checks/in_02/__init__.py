"""IN-02 Unified login: identity from the host's single sign-on; no password, registration or second login of the app's own (统一身份认证：通过宿主单点登录获取身份，无自建密码登录、注册或二次登录): see check.json beside this file."""
