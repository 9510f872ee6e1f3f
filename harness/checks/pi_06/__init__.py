"""PI-06 Personal data masked: no full ID, mobile or bank card number on screen (个人信息脱敏展示：不显示完整身份证号、手机号、银行卡号): see check.json beside this file."""
