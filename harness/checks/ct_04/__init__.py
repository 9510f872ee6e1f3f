"""CT-04 No greyed-out module entries (置灰模块): see check.json beside this file."""
