"""IN-01 Host SDK loaded and the bridge's ready signal awaited before bridge calls (加载宿主平台 SDK，并在桥接就绪后才调用桥接接口): see check.json beside this file."""
