"""EL-12 No gestures needing three or more fingers (无需三指及以上的复杂手势): see check.json beside this file."""
