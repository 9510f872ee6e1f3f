"""WS-01 The website's home page shows a 政务服务 link in the first screen (mobile and desktop) (网站首页显著位置设有“政务服务”栏目（首屏可见，手机与电脑均是）): see check.json beside this file."""
