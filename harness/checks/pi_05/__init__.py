"""PI-05 No consent checkbox ticked in advance (同意勾选框不得默认勾选): see check.json beside this file."""
