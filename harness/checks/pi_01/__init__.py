"""PI-01 Privacy policy reachable within 4 taps (4次点击内可访问隐私政策): see check.json beside this file."""
