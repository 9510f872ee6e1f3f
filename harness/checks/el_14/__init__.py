"""EL-14 No random advertising or temporary pop-ups or floating windows (semi) (无随机弹出的广告或临时性弹窗、浮窗（半自动）): see check.json beside this file."""
