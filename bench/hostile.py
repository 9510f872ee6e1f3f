"""The hostile corpus (tests/hostile/server.py) audited with the default budgets, one page at a time.

Usage: python bench/hostile.py [--concurrency C] [--markdown FILE]

For each case prints: the verdict, AV-01's outcome and message, the gather errors recorded, and the wall time
of the audit in s. With the default budgets (checklist ``budget``: 15 000 ms navigation, 10 000 ms per gatherer,
60 000 ms per target) every case must end with a recorded outcome well inside the target budget; the figures go
into issue notes and the README. Nothing is asserted (tests/test_reliability.py asserts the behaviour).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from harness import checklist as checklist_mod  # noqa: E402
from harness.engine import Auditor, audit_options  # noqa: E402

from hostile.server import HostileServer  # noqa: E402


async def main(concurrency: int) -> tuple[list[tuple], list[str]]:
    srv = HostileServer().start()
    urls = srv.targets()
    cl = checklist_mod.load()
    rows = []
    sem = asyncio.Semaphore(concurrency)
    async with Auditor(cl, audit_options(cl, concurrency=concurrency)) as auditor:
        async def one(key, url, desc):
            async with sem:
                t = time.monotonic()
                a = await auditor.audit(None, url=url, target_info={"url": url, "system_kind": "h5"})
                dt = time.monotonic() - t
            av01 = next(c for c in a.checks if c["id"] == "AV-01")
            errs = a.artifacts.get("errors") or {}
            err = "; ".join(f"{k}: {v}" for k, v in list(errs.items())[:2])
            failed = ", ".join(c["id"] for c in a.checks if c["outcome"] == "failed")
            rows.append((key, desc, a.score["verdict"], f"{av01['outcome']}: {av01['message']}", failed, err, dt))
            print(f"{key:20} {a.score['verdict']:10} {dt:6.1f} s  {av01['message'][:60]} | failed: {failed}", flush=True)
        await asyncio.gather(*(one(k, u, d) for k, (u, d) in urls.items()))
        relaunches = auditor.relaunches
    srv.stop()
    print(f"browser relaunches: {relaunches}")
    return rows, list(urls)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--concurrency", type=int, default=1)
    ap.add_argument("--markdown", metavar="FILE")
    ns = ap.parse_args()
    t0 = time.monotonic()
    rows, rows_order = asyncio.run(main(ns.concurrency))
    print(f"{len(rows)} cases in {time.monotonic() - t0:.1f} s (concurrency {ns.concurrency})")
    if ns.markdown:
        esc = lambda s: str(s).replace("|", "\\|").replace("\n", " ")[:160]  # noqa: E731
        lines = ["| case | what it does | verdict | AV-01 | checks failed | gather errors recorded | time (s) |", "|---|---|---|---|---|---|---|"]
        order = {k: i for i, k in enumerate(rows_order)}
        for key, desc, verdict, av, failed, err, dt in sorted(rows, key=lambda r: order[r[0]]):
            lines.append(f"| `{key}` | {esc(desc)} | {verdict} | {esc(av)} | {failed or '—'} | {esc(err) or '—'} | {dt:.1f} |")
        Path(ns.markdown).write_text("\n".join(lines) + "\n", encoding="utf-8")
