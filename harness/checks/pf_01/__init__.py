"""PF-01 Largest contentful paint ≤ 3 s (fail above 5 s) on mobile 4G (移动4G网络下最大内容绘制（LCP）不超过3秒（超过5秒不合格）): see check.json beside this file."""
