"""EL-03 Body text line spacing at least 1.3 × font size (正文行距不小于1.3倍字号): see check.json beside this file."""
