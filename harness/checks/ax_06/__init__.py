"""AX-06 Audio and video have captions or text alternatives (音视频有字幕或文字替代): see check.json beside this file."""
