"""EL-10 No timed refresh; auto-advancing content can be paused (无定时自动刷新，自动轮播须可暂停): see check.json beside this file."""
