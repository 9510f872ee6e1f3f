"""PI-02 First use prompts the user to read the privacy policy (首次使用时以弹窗等明显方式提示阅读隐私政策): see check.json beside this file."""
