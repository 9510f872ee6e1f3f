"""Size and render time of a department report with 20 targets (issue 5: under 10 MB).

Builds a registry with one department whose one system has 20 pages taken from the embedded demo apps (the
conforming app's pages, the defective app's pages and the white screen, repeated with distinct query strings),
audits it in real Chromium against the demo server, then prints the size of everything the department's report
needs (report HTML, screenshots and close-ups, 附件2 files; results and artifacts listed apart) and the time to
render the department's report from its saved results (mean of several renders).

    .venv/bin/python bench/report_size.py [--targets 20] [--out DIR] [--lang zh]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path

from harness import report
from harness.demo import DemoServer
from harness.runner import RunConfig, execute, prepare

PAGES = [("bianmin/index.html", "home", "https"), ("bianmin/guide.html", "guide", "https"),
         ("bianmin/form.html", "form", "https"), ("bianmin/privacy.html", "privacy", "https"),
         ("shebao/index.html", "home", "http"), ("shebao/register.html", "form", "http"),
         ("gjj/index.html", "home", "https")]


def build_registry(server: DemoServer, n: int) -> dict:
    pages = []
    for i in range(n):
        path, role, scheme = PAGES[i % len(PAGES)]
        base = server.https_base if scheme == "https" else server.http_base
        page = {"id": f"p{i + 1:02d}", "name": f"页面{i + 1:02d} {path}", "role": role, "url": f"{base}/{path}?v={i + 1}"}
        if role == "form":
            page["item"] = {"name": f"演示事项{i + 1:02d}", "type": "公共服务"}
        pages.append(page)
    return {"id": "bench-20", "title": f"基准：一个部门 {n} 个页面", "departments": [
        {"name": "基准：二十页部门", "kind": "demo", "table": "demo", "parent": "青海省",
         "systems": [{"id": "bench", "name": "基准应用", "kind": "h5", "service_name": "青松便民", "pages": pages}]}]}


def folder_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--targets", type=int, default=20)
    ap.add_argument("--out", help="run directory (default: a temporary one)")
    ap.add_argument("--lang", default="zh")
    ap.add_argument("--renders", type=int, default=3)
    ns = ap.parse_args()
    out = Path(ns.out or tempfile.mkdtemp(prefix="bench-report-")) 
    server = DemoServer().start()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        reg = out.parent / f"{out.name}-registry.json"
        reg.write_text(json.dumps(build_registry(server, ns.targets), ensure_ascii=False, indent=1), encoding="utf-8")
        plan = prepare(RunConfig(registry=str(reg), out=str(out), lang=ns.lang))
        plan.demo = server  # trust the demo server's certificate in the run's browser
        t0 = time.monotonic()
        results = asyncio.run(execute(plan))
        audit_s = time.monotonic() - t0
    finally:
        server.stop()
    data = results[0]
    folder = data["department"]["folder"]
    times = []
    for _ in range(ns.renders):
        t = time.monotonic()
        report.render_department(out, data, plan.checklist, lang=ns.lang)
        times.append(time.monotonic() - t)
    parts = {
        "report html": out / "departments" / f"{folder}.html",
        "assets (screenshots, annotated, close-ups)": out / "assets" / folder,
        "附件2 (html, xlsx, form screenshots)": out / "attachment2" / folder,
    }
    extra = {"results json": out / "results" / f"{folder}.json", "artifacts json": out / "artifacts" / folder}
    total = 0
    print(f"{ns.targets} targets audited in {audit_s:.1f} s; run directory {out}")
    for label, p in parts.items():
        b = folder_bytes(p)
        total += b
        print(f"  {label:44} {b / 1e6:7.2f} MB")
    print(f"  {'department report, all it shows':44} {total / 1e6:7.2f} MB  (budget 10 MB)")
    for label, p in extra.items():
        print(f"  {label:44} {folder_bytes(p) / 1e6:7.2f} MB  (machine-readable, not needed to read the report)")
    print(f"render_department: mean {sum(times) / len(times):.2f} s over {len(times)} renders (min {min(times):.2f} s)")
    for kind in ("jpg", "png"):
        files = list((out / "assets" / folder).glob(f"*.{kind}"))
        if files:
            print(f"  {len(files)} .{kind} files in assets, largest {max(f.stat().st_size for f in files) / 1e3:.0f} kB")


if __name__ == "__main__":
    main()
