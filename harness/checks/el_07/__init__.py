"""EL-07 No advertising or lure buttons (download lures, red packets, lotteries …) (无广告及诱导类按键（诱导下载、红包、抽奖等）): see check.json beside this file."""
