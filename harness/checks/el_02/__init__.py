"""EL-02 Text enlarged to 200 % stays readable: no horizontal scrolling, nothing clipped (文字放大到200%仍可阅读：无横向滚动、无文字被截断): see check.json beside this file."""
