"""AX-03 Non-empty <title> and <html lang> starting with zh (页面有标题且声明中文语言): see check.json beside this file."""
