"""SE-02 No exposed source maps, /.git/ or secrets in front-end code (不暴露 source map、.git 目录和前端密钥): see check.json beside this file."""
