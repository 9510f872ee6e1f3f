"""PI-09 A complaint and suggestion (投诉建议) entry (提供投诉建议入口): see check.json beside this file."""
