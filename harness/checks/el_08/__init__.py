"""EL-08 Picture captcha has a voice or other alternative (图形验证码提供语音等替代方式): see check.json beside this file."""
