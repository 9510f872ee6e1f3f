"""EL-09 Captcha can be enlarged ≥ 2×; its time limit is announced and extendable (semi) (验证码可放大（≥2倍），时效有语音提示并可延长（半自动）): see check.json beside this file."""
