"""AV-01 Page reachable within 15 s (页面可在15秒内打开): see check.json beside this file."""
