"""TX-01 Legible text: most text at least 12 CSS px (文字清晰可读：多数文字不小于12px): see check.json beside this file."""
