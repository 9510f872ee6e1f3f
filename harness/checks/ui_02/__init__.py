"""UI-02 Viewport meta with width=device-width (设置视口：viewport 含 width=device-width): see check.json beside this file."""
