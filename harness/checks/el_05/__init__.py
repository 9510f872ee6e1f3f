"""EL-05 Tap targets at least 44 × 44 CSS px (可点击元素不小于44×44px): see check.json beside this file."""
