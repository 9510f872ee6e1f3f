"""PI-03 Privacy policy states its publication and effective dates (隐私政策标注发布日期和生效日期): see check.json beside this file."""
