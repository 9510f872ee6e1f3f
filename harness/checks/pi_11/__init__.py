"""PI-11 Purpose stated when a permission or sensitive data is requested (申请权限或收集敏感信息时同步告知目的): see check.json beside this file."""
