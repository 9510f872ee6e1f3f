"""SE-05 No links that launch third-party apps or lead to commercial sites (不唤起第三方应用，不链接商业网站): see check.json beside this file."""
