"""UI-03 Fixed bars respect safe-area insets under viewport-fit=cover (全面屏适配：viewport-fit=cover 时固定栏避开安全区域): see check.json beside this file."""
