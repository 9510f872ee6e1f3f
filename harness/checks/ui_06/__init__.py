"""UI-06 No overlapping tap targets or clipped text at 320/375/414 px (320/375/414px 下无重叠的可点击元素、无被截断的文字): see check.json beside this file."""
