"""EL-01 Elder mode: when the host says elder, text ≥ 18 CSS px and tap targets ≥ 60 × 60 CSS px, footer included (长辈版：宿主为长辈模式时，正文不小于18px、可点击元素不小于60×60px（含页脚）): see check.json beside this file."""
