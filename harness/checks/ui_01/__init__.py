"""UI-01 No horizontal scrolling: content not wider than the screen (无横向滚动：内容不超出屏幕宽度): see check.json beside this file."""
