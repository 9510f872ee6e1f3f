"""What a Playwright trace costs per target: the same demo pages audited with ``--trace off`` and with tracing on
(recording, stopping into a zip and masking it: what ``retain-on-failure``, the default, pays on every target),
one at a time, PF-01's throttled reload off (it is the same either way).

    .venv/bin/python bench/trace.py [--repeat N] [TARGET_ID ...]

Prints per mode the median wall time per target (ms), the median trace size (bytes) and the extra time, per page.
Figures depend on the machine's load: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import checklist as checklist_mod  # noqa: E402
from harness.demo import DemoServer, registry  # noqa: E402
from harness.engine import Auditor, audit_options, discard_trace  # noqa: E402


async def main(ids: list[str], repeat: int) -> None:
    srv = DemoServer().start()
    try:
        reg = registry(srv)
        cl = checklist_mod.load()
        cl.set_overrides(["PF-01.throttling=false"])
        targets = {t.id: t for d in reg.departments for t in d.targets()}
        rows = {}
        for mode in ("off", "on"):
            opts = audit_options(cl, extra_browser_args=srv.chromium_args(), concurrency=1, trace=mode)
            async with Auditor(cl, opts, reg) as auditor:
                discard_trace([await auditor.audit(targets[ids[0]])])  # warm the browser up
                for tid in ids:
                    times, sizes = [], []
                    for _ in range(repeat):
                        t0 = time.monotonic()
                        a = await auditor.audit(targets[tid])
                        times.append((time.monotonic() - t0) * 1000)
                        if a.trace:
                            sizes.append(os.path.getsize(a.trace))
                        discard_trace([a])
                    rows[(mode, tid)] = (statistics.median(times), statistics.median(sizes) if sizes else 0)
        print(f"{'target':<22} {'trace off ms':>12} {'trace on ms':>12} {'extra ms':>9} {'trace bytes':>12}")
        for tid in ids:
            off, on = rows[("off", tid)], rows[("on", tid)]
            print(f"{tid:<22} {off[0]:>12.0f} {on[0]:>12.0f} {on[0] - off[0]:>9.0f} {on[1]:>12.0f}")
        extra = statistics.median(rows[("on", t)][0] - rows[("off", t)][0] for t in ids)
        print(f"median extra per target: {extra:.0f} ms ({repeat} run(s) per page and mode)")
    finally:
        srv.stop()


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ids", nargs="*", default=["bianmin/home", "bianmin/form", "shebao/service"])
    ap.add_argument("--repeat", type=int, default=3)
    ns = ap.parse_args()
    asyncio.run(main(ns.ids, ns.repeat))
