"""UI-04 <title> equals the registered service name (页面标题与登记的服务名称一致): see check.json beside this file."""
