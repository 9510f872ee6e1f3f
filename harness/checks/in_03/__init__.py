"""IN-03 A page view sent to the host's analytics on each route, required fields present, all strings (每个页面路由向宿主平台统计上报页面访问（PV），必填字段齐全且均为字符串): see check.json beside this file."""
