"""Where a target's CPU goes: the generated pages of ``bench/sweep.py`` audited one at a time, with the CPU time the
whole machine spent (all processes: harness, Playwright driver, browser, renderers, GPU and network processes)
during each gather stage, during the check/result work and during the context's closing.

Usage: ``.venv/bin/python bench/stage_cpu.py [N]`` (N departments × 3 pages, default 5).

One target at a time on an otherwise idle machine, so that the machine's CPU during a stage is that stage's (the
page's own work started by an earlier stage and still running, e.g. image decoding after the load event, is
counted in the stage it overlaps). Prints per stage the median wall time (ms) and CPU time (ms, all processes),
and each stage's share of the CPU. Nothing is asserted.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import harness.gather as gather_mod  # noqa: E402
from harness.runner import Sweep  # noqa: E402
from sweep import prepare_bench  # noqa: E402

HZ = os.sysconf("SC_CLK_TCK")


def machine_cpu() -> float:
    """CPU seconds the machine spent so far (user, nice, system, irq, softirq of all cores), from /proc/stat."""
    f = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    return (int(f[0]) + int(f[1]) + int(f[2]) + int(f[5]) + int(f[6])) / HZ


async def main_async(n: int) -> None:
    plan, server, _ = prepare_bench(n, concurrency=1)
    wall: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    orig_stage = gather_mod._stage

    async def timed_stage(run, name, fn):
        t, c = time.monotonic(), machine_cpu()
        try:
            return await orig_stage(run, name, fn)
        finally:
            wall.setdefault(name, []).append((time.monotonic() - t) * 1000)
            cpu.setdefault(name, []).append((machine_cpu() - c) * 1000)

    gather_mod._stage = timed_stage
    try:
        async with Sweep(plan) as sweep:
            c0, t0 = machine_cpu(), time.monotonic()
            results = await sweep.all()
            total_cpu, total_wall = (machine_cpu() - c0) * 1000, (time.monotonic() - t0) * 1000
    finally:
        gather_mod._stage = orig_stage
        server.stop()
    targets = [t for r in results for t in r["targets"]]
    k = len(targets)
    staged = sum(sum(v) for v in cpu.values()) / k
    print(f"{k} targets one at a time: {total_wall / k:.0f} ms wall and {total_cpu / k:.0f} ms CPU (all processes) per target")
    print(f"{'stage':14} {'wall ms':>8} {'CPU ms':>8} {'CPU share':>10}   (medians per target)")
    for name in sorted(cpu, key=lambda s: -statistics.median(cpu[s])):
        share = sum(cpu[name]) / k / (total_cpu / k) * 100
        print(f"{name:14} {statistics.median(wall[name]):8.0f} {statistics.median(cpu[name]):8.0f} {share:9.0f}%")
    rest = total_cpu / k - staged
    print(f"{'outside stages':14} {'':8} {rest:8.0f} {rest / (total_cpu / k) * 100:9.0f}%   (checks, results, "
          "closing the context, renderer teardown)")


if __name__ == "__main__":
    asyncio.run(main_async(int(sys.argv[1]) if len(sys.argv) > 1 else 5))
