"""AV-03 Links and subresources answer below 400 (链接与页面资源可正常访问（状态码 < 400）): see check.json beside this file."""
