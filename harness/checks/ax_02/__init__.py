"""AX-02 Controls and links have names; form fields have labels (按钮、链接有可读名称，表单字段有标签): see check.json beside this file."""
