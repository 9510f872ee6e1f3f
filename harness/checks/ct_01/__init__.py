"""CT-01 No placeholder or test content (测试, demo, 敬请期待, lorem ipsum …) (无占位或测试内容（测试、demo、敬请期待、lorem ipsum 等）): see check.json beside this file."""
