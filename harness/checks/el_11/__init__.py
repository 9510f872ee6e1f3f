"""EL-11 No unnecessary time limits; enough time to act (非必要不设操作时限，留足操作时间): see check.json beside this file."""
