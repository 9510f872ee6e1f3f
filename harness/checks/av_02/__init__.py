"""AV-02 Page not blank and no uncaught script error (页面非白屏且无未捕获脚本错误): see check.json beside this file."""
