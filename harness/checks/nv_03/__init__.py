"""NV-03 No timed or looping redirects (无定时自动跳转或循环跳转): see check.json beside this file."""
