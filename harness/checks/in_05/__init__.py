"""IN-05 Title set through the host and equal to the service name (通过宿主平台设置标题，且与服务名称一致): see check.json beside this file."""
