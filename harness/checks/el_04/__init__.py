"""EL-04 Text contrast at least 4.5:1 (3:1 for large text) (文字与背景对比度不小于4.5:1（大字3:1）): see check.json beside this file."""
