"""AX-05 The main service flow works with a screen reader and a keyboard (读屏软件与键盘可完成主要办事流程): see check.json beside this file."""
