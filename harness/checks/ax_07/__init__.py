"""AX-07 Text alternatives say what the image means (not a file name or a generic word) (替代文本说明图片含义（非文件名、非泛称）): see check.json beside this file."""
