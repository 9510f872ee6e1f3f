"""SE-03 No server version headers or stack traces in error pages (不暴露服务器版本，错误页不显示堆栈信息): see check.json beside this file."""
