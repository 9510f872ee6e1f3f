"""EL-13 Error prompts not by colour alone: in text or voice (错误提示不只用颜色，使用文字或语音): see check.json beside this file."""
