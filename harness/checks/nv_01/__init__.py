"""NV-01 The host's back returns to the previous view; no back button of the app's own (宿主返回键可回到上一视图，应用不自绘返回按钮): see check.json beside this file."""
