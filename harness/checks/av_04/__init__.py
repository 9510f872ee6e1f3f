"""AV-04 Availability over a monitoring week (manual / monitoring) (一周监测可访问性（人工/监测平台）): see check.json beside this file."""
