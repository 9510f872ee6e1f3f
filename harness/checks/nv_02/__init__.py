"""NV-02 Clear navigation: every page leads back; consistent flows (导航清晰：各页可返回上一级或首页，操作流程一致): see check.json beside this file."""
