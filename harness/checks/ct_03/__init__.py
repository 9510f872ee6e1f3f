"""CT-03 Content kept up to date, no empty sections (manual) (内容及时更新，无空白栏目（人工）): see check.json beside this file."""
