"""A journey of five checkpoints against five separate loads of the same states (issue: state checks must cost no
reload). The SPA is the tests' own (tests/fixtures/journey/: home → three-step form → result). "Separate" audits
each state as a journey of its own that ends in that one checkpoint: a fresh load, the steps replayed up to it.

    .venv/bin/python bench/journey.py [--repeat N] [--variants]

Prints the wall time of each way (ms, median of N), the loads made and the ratio. Without --variants no variant
load is made (the state checks alone); with it, every variant load the checklist needs (each replays the journey).
Figures depend on the machine's load: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import checklist as checklist_mod  # noqa: E402
from harness import registry as registry_mod  # noqa: E402
from harness.demo import DemoServer  # noqa: E402
from harness.engine import Auditor, audit_options  # noqa: E402

STEPS = [
    {"checkpoint": "home", "name": "首页"},
    "click element #go-apply",
    {"checkpoint": "step1", "name": "申请人信息", "role": "form"},
    {"fill": {"#name": "李四", "#idno": "63010319770304002X"}}, {"click": "text=下一步"},
    {"checkpoint": "step2", "name": "申请事项信息", "role": "form"},
    {"select": {"#region": "城东区"}}, {"click": "#next2"},
    {"checkpoint": "step3", "name": "材料与确认", "role": "form"},
    {"check": "#promise"}, {"click": "text=提交申请"},
    {"checkpoint": "result", "name": "办理结果", "role": "result", "expect": {"text": "受理编号"}},
]


def _registry(base: str) -> dict:
    url = base + "/journey/index.html#/home"
    pages = [{"id": "journey", "name": "五个检查点", "url": url, "steps": STEPS}]
    cps = [i for i, s in enumerate(STEPS) if isinstance(s, dict) and "checkpoint" in s]
    for i in cps:  # each state alone: the steps up to it, ending in its checkpoint
        pages.append({"id": f"only-{STEPS[i]['checkpoint']}", "name": STEPS[i]["name"], "url": url, "steps": [
            s for j, s in enumerate(STEPS[:i + 1]) if not (isinstance(s, dict) and "checkpoint" in s) or j == i]})
    return {"id": "bench-journey", "title": "bench", "departments": [{"name": "基准", "kind": "demo", "systems": [
        {"id": "app", "name": "旅程", "service_name": "办事大厅", "pages": pages}]}]}


async def main(repeat: int, with_variants: bool) -> None:
    srv = DemoServer(ROOT / "tests" / "fixtures").start()
    try:
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "registry.json"
            p.write_text(json.dumps(_registry(srv.https_base), ensure_ascii=False), encoding="utf-8")
            reg = registry_mod.load(p)
        cl = checklist_mod.load()
        dep = reg.departments[0]
        journey = [t for t in dep.targets() if t.page.id == "journey"]
        alone = [[t for t in dep.targets() if t.page.id == f"only-{c.id}"] for c in journey[0].page.journey.checkpoints]
        variants = None if with_variants else set()
        opts = audit_options(cl, extra_browser_args=srv.chromium_args(), concurrency=1)
        async with Auditor(cl, opts, reg) as auditor:
            await auditor.audit_journey(journey, variants=set())  # warm the browser up
            one, five = [], []
            for _ in range(repeat):
                t0 = time.monotonic()
                audits = await auditor.audit_journey(journey, variants=variants)
                one.append(int((time.monotonic() - t0) * 1000))
                assert all(a.score["verdict"] != "error" for a in audits), [a.error for a in audits]
                t0 = time.monotonic()
                for group in alone:
                    await auditor.audit_journey(group, variants=variants)
                five.append(int((time.monotonic() - t0) * 1000))
        a, b = statistics.median(one), statistics.median(five)
        print(f"journey of 5 checkpoints, 1 load{' + variant loads' if with_variants else ''}: {a:.0f} ms (median of {repeat})")
        print(f"5 separate loads of the same states: {b:.0f} ms (median of {repeat})")
        print(f"ratio separate / journey: {b / a:.2f}; per state: journey {a / 5:.0f} ms, separate {b / 5:.0f} ms")
    finally:
        srv.stop()


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--variants", action="store_true", help="make the variant loads the checklist needs too")
    ns = ap.parse_args()
    asyncio.run(main(ns.repeat, ns.variants))
