"""AX-04 Other WCAG 2.0 A/AA requirements axe-core can test (其他可自动检测的 WCAG 2.0 A/AA 级无障碍要求): see check.json beside this file."""
