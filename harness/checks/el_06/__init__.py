"""EL-06 Pop-up close control ≥ 44 × 44 px in a corner or at the bottom centre (弹窗关闭按钮不小于44×44px且位于角落或底部居中): see check.json beside this file."""
