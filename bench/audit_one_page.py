"""Time a full audit of demo pages, one at a time: the primary load, the throttled (PF-01) variant load, and the
gather stages that take the time. Prints one line per page and the median.

    .venv/bin/python bench/audit_one_page.py [TARGET_ID ...] [--repeat N]

TARGET_ID is a demo target id (bianmin/home, shebao/news …); default: bianmin/home and shebao/service.
Figures depend on the machine's load: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from harness import checklist as checklist_mod
from harness.demo import DemoServer, registry
from harness.engine import Auditor, audit_options


async def main(ids: list[str], repeat: int) -> None:
    srv = DemoServer().start()
    try:
        reg = registry(srv)
        cl = checklist_mod.load()
        targets = {t.id: t for d in reg.departments for t in d.targets()}
        opts = audit_options(cl, extra_browser_args=srv.chromium_args(), concurrency=1)
        async with Auditor(cl, opts, reg) as auditor:
            await auditor.audit(targets[ids[0]])  # warm the browser up
            for tid in ids:
                times = []
                for _ in range(repeat):
                    t0 = time.monotonic()
                    a = await auditor.audit(targets[tid])
                    times.append(int((time.monotonic() - t0) * 1000))
                    tm = a.artifacts["timings"]
                    v = (a.artifacts.get("variants") or {}).get("throttled", {}).get("timings", {})
                    stages = ", ".join(f"{k} {tm[k]}" for k in sorted(tm, key=lambda k: -tm[k]) if k not in ("total", "check"))[:160]
                    print(f"{tid}: {times[-1]} ms (primary {tm.get('total')} ms, throttled variant {v.get('total')} ms; {stages})")
                print(f"{tid}: median {statistics.median(times):.0f} ms over {repeat}")
    finally:
        srv.stop()


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ids", nargs="*", default=["bianmin/home", "shebao/service"])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    asyncio.run(main(args.ids, args.repeat))
