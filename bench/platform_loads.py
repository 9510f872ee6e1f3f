"""Time per target of the embedded demo with the host platform's variant loads (elder mode, WeChat, Alipay) and the
outbound probe, against the same run without a host (``--platform none``). Prints figures; asserts nothing.

    .venv/bin/python bench/platform_loads.py [--concurrency N]

Per target: the wall time of the whole audit (primary load + variant loads + checks), the primary load's total
and its outbound probe stage, and each variant load's total, in ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from harness.runner import RunConfig, run


def one(platform: str | None, concurrency: int | None, out: Path) -> tuple[float, list[dict]]:
    t0 = time.monotonic()
    _, results = run(RunConfig(out=str(out), platform=platform, concurrency=concurrency, reports=False), progress=None)
    wall = time.monotonic() - t0
    rows = []
    for r in results:
        for t in r["targets"]:
            art = json.loads((out / t["artifacts"]).read_text(encoding="utf-8")) if t.get("artifacts") else {}
            variants = {k: v.get("timings", {}).get("total") for k, v in (art.get("variants") or {}).items()}
            rows.append({"target": f"{r['department']['name']} · {t['id']}", "platform": (art.get("bridge") or {}).get("platform"),
                         "audit_ms": t["duration_ms"], "primary_ms": t["timings"].get("total"),
                         "probe_ms": t["timings"].get("outbound"), "variants": variants})
    return wall, rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--concurrency", type=int)
    ns = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        wall_host, rows = one(None, ns.concurrency, Path(d) / "host")
        wall_none, rows_none = one("none", ns.concurrency, Path(d) / "none")
    print(f"{'target':44} {'platform':11} {'audit':>7} {'primary':>8} {'probe':>6}  variants (ms)")
    for r in rows:
        v = ", ".join(f"{k} {ms}" for k, ms in sorted(r["variants"].items())) or "—"
        print(f"{r['target'][:44]:44} {str(r['platform']):11} {r['audit_ms']:7} {r['primary_ms'] or 0:8} {r['probe_ms'] or 0:6}  {v}")
    hosted = [r["audit_ms"] for r in rows if r["platform"]]
    print(f"\n{len(rows)} targets with their host platforms: wall {wall_host:.1f} s; median audit per hosted target "
          f"{statistics.median(hosted) / 1000:.2f} s ({sum(len(r['variants']) for r in rows)} variant loads)")
    print(f"{len(rows_none)} targets with --platform none: wall {wall_none:.1f} s; median audit per target "
          f"{statistics.median(r['audit_ms'] for r in rows_none) / 1000:.2f} s")


if __name__ == "__main__":
    main()
