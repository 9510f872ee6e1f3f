"""Size and render time of a department report with 20 targets (issue 5: under 10 MB).

Builds a registry with one department whose one system has 20 pages taken from the embedded demo apps (the
conforming app's pages, the defective app's pages and the white screen, repeated with distinct query strings),
audits it in real Chromium against the demo server, then prints the size of everything the department's report
needs (report HTML, screenshots and close-ups, 附件2 files; results and artifacts listed apart) and the time to
render the department's report from its saved results (mean of several renders).

``--tall`` measures a worse case instead: every page a copy of the defective home page made 4000 CSS px tall
(the screenshot limit of ordinary pages) with small text and small buttons all the way down, so that every page
has a full-height screenshot and the most evidence boxes and close-ups.

``--heights RUN_DIR`` measures instead how tall the reports of a finished run are (issue 18: a reviewer reads
them in minutes, on a desk or a phone): the index and every department report opened from disk in Chromium with
everything folded as it opens, at 1280 × 800 and at 390 × 844 CSS px; per page its height in px, the screens
that makes (height / viewport height), its bytes, and whether the page scrolls sideways (document wider than the
viewport). :func:`page_heights` is what tests/test_report_layout.py asserts the budgets with.

    .venv/bin/python bench/report_size.py [--targets 20] [--tall] [--out DIR] [--lang zh]
    .venv/bin/python bench/report_size.py --heights reports/run-YYYYMMDD-HHMMSS
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import tempfile
import time
from pathlib import Path

from harness import report
from harness.demo import APPS_DIR, DemoServer
from harness.runner import RunConfig, execute, prepare

PAGES = [("bianmin/index.html", "home", "https"), ("bianmin/guide.html", "guide", "https"),
         ("bianmin/form.html", "form", "https"), ("bianmin/privacy.html", "privacy", "https"),
         ("shebao/index.html", "home", "http"), ("shebao/register.html", "form", "http"),
         ("gjj/index.html", "home", "https")]


TALL = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>长页面</title>
<style>body{margin:0;font-size:10px;line-height:1} .row{height:38px;border-bottom:1px solid #ccc;padding:4px}
button{width:24px;height:20px;font-size:10px} table{width:1000px}</style></head><body>
<table><tr><td>身份证号</td><td>630102198807151232</td></tr></table>
%s
<form><input type="password" placeholder="密码"><button>注册</button></form></body></html>"""


def tall_root() -> Path:
    """A copy of the demo apps plus ``tall/index.html``: 4000+ CSS px of small text and small buttons."""
    root = Path(tempfile.mkdtemp(prefix="bench-apps-"))
    shutil.copytree(APPS_DIR, root, dirs_exist_ok=True)
    rows = "\n".join(f'<div class="row">第{i}行 小字号说明文字，办事指南与办理须知 <button>办</button><a href="#">详情</a></div>'
                     for i in range(100))
    (root / "tall").mkdir()
    (root / "tall" / "index.html").write_text(TALL % rows, encoding="utf-8")
    return root


def build_registry(server: DemoServer, n: int, tall: bool = False) -> dict:
    pages = []
    for i in range(n):
        path, role, scheme = ("tall/index.html", "home", "http") if tall else PAGES[i % len(PAGES)]
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


#: (label, width, height) of the viewports the heights are measured at, CSS px.
VIEWPORTS = (("desk", 1280, 800), ("phone", 390, 844))


def page_heights(browser, path: Path, viewports=VIEWPORTS) -> dict[str, dict]:
    """Open the report ``path`` from disk in ``browser`` (a Playwright sync Browser) once per viewport, folded as
    it opens; {label: {"width", "height" (document height, CSS px), "screens" (height / viewport height),
    "scroll_width" (document width, CSS px), "sideways" (bool: the page itself scrolls horizontally)}}."""
    out = {}
    for label, w, h in viewports:
        ctx = browser.new_context(viewport={"width": w, "height": h})
        try:
            page = ctx.new_page()
            page.goto(path.resolve().as_uri())
            page.wait_for_load_state("load")
            m = page.evaluate("() => ({h: document.documentElement.scrollHeight, sw: document.documentElement.scrollWidth,"
                              " cw: document.documentElement.clientWidth})")
        finally:
            ctx.close()
        out[label] = {"width": w, "height": m["h"], "screens": round(m["h"] / h, 2), "scroll_width": m["sw"],
                      "sideways": m["sw"] > m["cw"]}
    return out


def heights_main(run_dir: Path) -> None:
    """Print the heights of the index and each department report of ``run_dir`` (see the module docstring)."""
    from playwright.sync_api import sync_playwright

    from harness.browser import BrowserOptions

    pages = [run_dir / "index.html"] + sorted((run_dir / "departments").glob("*.html"))
    opts = BrowserOptions()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=opts.executable(), args=opts.launch_args(), headless=True)
        try:
            print(f"{'page':40} {'bytes':>9} " + " ".join(f"{lab + ' ' + str(w) + 'px':>26}" for lab, w, _ in VIEWPORTS))
            for path in pages:
                hs = page_heights(browser, path)
                cells = " ".join(f"{v['height']:>8} px {v['screens']:>6.2f} scr{' SIDEWAYS' if v['sideways'] else '         '}"
                                 for v in hs.values())
                print(f"{path.stem[:40]:40} {path.stat().st_size:>9} {cells}")
        finally:
            browser.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--targets", type=int, default=20)
    ap.add_argument("--out", help="run directory (default: a temporary one)")
    ap.add_argument("--lang", default="zh")
    ap.add_argument("--renders", type=int, default=3)
    ap.add_argument("--tall", action="store_true", help="every page 4000 CSS px tall and full of defects (a worse case)")
    ap.add_argument("--heights", metavar="RUN_DIR", help="measure the heights of a finished run's reports instead")
    ns = ap.parse_args()
    if ns.heights:
        heights_main(Path(ns.heights))
        return
    out = Path(ns.out or tempfile.mkdtemp(prefix="bench-report-"))
    server = DemoServer(tall_root() if ns.tall else APPS_DIR).start()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        reg = out.parent / f"{out.name}-registry.json"
        reg.write_text(json.dumps(build_registry(server, ns.targets, ns.tall), ensure_ascii=False, indent=1), encoding="utf-8")
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
    print(f"{ns.targets} {'tall ' if ns.tall else ''}targets audited in {audit_s:.1f} s; run directory {out}")
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
