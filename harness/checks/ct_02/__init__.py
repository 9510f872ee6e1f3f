"""CT-02 Accurate content: no serious misstatements or typos (manual) (内容准确：无严重表述错误、错别字（人工）): see check.json beside this file."""
