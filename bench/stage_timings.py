"""Print how long each gather stage takes per page on the embedded demo (ms): the optional stages ``axe``
(axe-core), ``crawl`` (PI-01/03/09 link crawl), ``probes`` (SE-02/03 requests) and ``pi_state`` beside the
built-in ones and the whole load. Usage: ``.venv/bin/python bench/stage_timings.py [ROUNDS]``.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from harness.runner import RunConfig, run


def main(rounds: int = 1) -> None:
    rows: dict[str, list[int]] = {}
    t0 = time.monotonic()
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as out:
            run(RunConfig(out=out), progress=None)
            for f in sorted(Path(out, "artifacts").rglob("*.json")):
                a = json.loads(f.read_text(encoding="utf-8"))
                for stage, ms in (a.get("timings") or {}).items():
                    rows.setdefault(stage, []).append(ms)
                for name, key in (("crawl.fetches", "crawl"), ("probes.requests", "probes")):
                    v = a.get(key) or {}
                    n = v.get("fetches") if key == "crawl" else len(v.get("git", [])) + 1 + len(v.get("scripts", [])) + len(v.get("source_maps", []))
                    if n is not None:
                        rows.setdefault(name, []).append(n)
    print(f"{rounds} round(s) of the demo in {time.monotonic() - t0:.1f} s; per page:")
    print(f"{'stage':18} {'n':>4} {'median':>8} {'max':>8}")
    for stage, v in rows.items():
        print(f"{stage:18} {len(v):4d} {statistics.median(v):8.0f} {max(v):8.0f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
