"""AX-01 Images and other non-text content have text alternatives (图片等非文本内容有替代文本): see check.json beside this file."""
