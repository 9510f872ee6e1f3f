"""UI-05 Footer names the providing unit and a tel: hotline (页脚标明服务提供单位和 tel: 服务热线): see check.json beside this file."""
