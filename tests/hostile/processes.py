"""Processes the tests break on purpose: the Chromium browser processes and the Playwright driver started under a
given process (this test process, or a ``harness run`` it started), found through /proc."""

from __future__ import annotations

import os
from pathlib import Path


def _descends_from(pid: int, root: int) -> bool:
    p = pid
    while p > 1:
        try:
            stat = Path(f"/proc/{p}/stat").read_text()
            p = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            return False
        if p == root:
            return True
    return False


def _cmdlines():
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                yield int(d.name), (d / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue


def browser_pids(root: int | None = None) -> list[int]:
    """PIDs of Chromium browser processes (not renderers or other helpers) descending from ``root`` (default:
    this process)."""
    root = root or os.getpid()
    return [pid for pid, cmd in _cmdlines()
            if cmd and b"chromium" in cmd[0] and not any(c.startswith(b"--type=") for c in cmd) and _descends_from(pid, root)]


def driver_pids(root: int | None = None) -> list[int]:
    """PIDs of Playwright driver processes (``node … run-driver``) descending from ``root`` (default: this process)."""
    root = root or os.getpid()
    return [pid for pid, cmd in _cmdlines() if b"run-driver" in cmd and _descends_from(pid, root)]
