"""Benchmark of a sweep: N generated departments × 3 pages of realistic size, served locally over HTTPS.

Usage: python bench/sweep.py N [--concurrency C] [--keep DIR] [--browser-ws-endpoint URL | --cdp-endpoint URL]

Each page is 200–400 KB like a typical service page: about 100 KB of HTML, CSS and script (a list of 40 items,
a form of 10 fields, 40 paragraphs of guide text, a 2 000-entry data script) and three photos of 70–90 KB. The
whole automatic checklist runs, without network throttling. Prints: targets per minute, median and p95 time
per target by stage (navigate, gather, check, report), peak resident memory of the harness and of the browser
processes, and the wall time. Nothing is asserted: these are figures to read and to put in the README.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import report  # noqa: E402
from harness.demo import DemoServer  # noqa: E402
from harness.runner import RunConfig, Sweep, prepare  # noqa: E402

ITEMS = ["居民身份证换领", "高龄津贴申领", "城乡居民养老保险参保登记", "住房公积金提取", "不动产登记资料查询", "社会保障卡申领",
         "医疗保险关系转移", "个体工商户登记", "出生医学证明办理", "残疾人证申领", "临时救助申请", "就业失业登记"]


def _photo(seed: int, w: int = 640, h: int = 360) -> bytes:
    """A JPEG of about 70–90 KB: noise blended with a colour, so it compresses like a photo."""
    rnd = random.Random(seed)
    img = Image.effect_noise((w, h), 60).convert("RGB")
    overlay = Image.new("RGB", (w, h), (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)))
    img = Image.blend(img, overlay, 0.5)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=75)
    return buf.getvalue()


STYLE = """*{box-sizing:border-box}body{margin:0;font:18px/1.6 "WenQuanYi Zen Hei",sans-serif;color:#1f2329;background:#f4f6f9}
header{background:#0b6bcb;color:#fff;padding:12px 16px}h1{margin:0;font-size:22px}main{padding:16px}
.card{background:#fff;border-radius:10px;padding:16px;margin:0 0 16px}img{max-width:100%;height:auto;display:block}
ul{padding:0;list-style:none}li{padding:12px 0;border-bottom:1px solid #e5e6eb}li a{display:block;min-height:48px;color:#0b4f96}
label{display:block;font-weight:bold;margin:12px 0 4px}input,select{width:100%;min-height:48px;font-size:18px;padding:8px}
button{display:block;width:100%;min-height:52px;margin-top:16px;border:0;border-radius:26px;background:#0b6bcb;color:#fff;font-size:20px}
footer{padding:16px;text-align:center;color:#4e5969;font-size:16px}footer a{display:inline-block;min-height:44px;padding:10px 4px}"""


def _page(title: str, role: str, k: int) -> str:
    rnd = random.Random(k)
    items = "".join(f'<li><a href="#item{i}">{rnd.choice(ITEMS)}（第{i}项）</a><p>办理地点：政务服务中心{i % 9 + 1}号窗口，承诺时限{rnd.randint(1, 20)}个工作日，'
                    f'收费标准：不收费。咨询电话 0971-{rnd.randint(1000000, 9999999)}。</p></li>' for i in range(40))
    form = "".join(f'<label for="f{i}">{lab}</label><input id="f{i}" name="f{i}">' for i, lab in
                   enumerate(["申请人姓名", "身份证号码", "联系电话", "户籍地址", "现居住地址", "工作单位", "开户银行", "银行账号", "紧急联系人", "备注"]))
    photos = "".join(f'<img src="photo{(k + j) % 6}.jpg" alt="政务服务大厅照片{j}" width="640" height="360">' for j in range(3))
    filler = "".join(f"<p>政务服务事项第{i}条说明：依据相关法律法规，申请人应当如实提交材料，对材料的真实性负责。</p>" for i in range(40))
    script = "window.APP = {items: " + json.dumps([rnd.choice(ITEMS) for _ in range(2000)], ensure_ascii=False) + "};"
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>基准服务</title><style>{STYLE}</style></head>
<body><header><h1>{title}</h1></header><main>
<section class="card">{photos}</section>
<section class="card"><h2>办事事项</h2><ul>{items}</ul></section>
<form class="card" onsubmit="return false">{form}<button type="submit">提交申请</button></form>
<section class="card">{filler}</section></main>
<footer><p>服务提供单位：基准测试中心</p><p>服务热线：<a href="tel:0971-12345">0971-12345</a></p></footer>
<script>{script}</script></body></html>"""


def build_site(root: Path, n: int) -> dict:
    """Write the pages and photos under ``root/bench`` and return a registry (URLs with ``{https}``)."""
    site = root / "bench"
    site.mkdir(parents=True, exist_ok=True)
    for i in range(6):
        (site / f"photo{i}.jpg").write_bytes(_photo(i))
    deps, sizes = [], []
    for d in range(n):
        pages = []
        for j, (pid, role, title) in enumerate([("home", "home", "首页"), ("list", "list", "办事事项"), ("form", "form", "申请表")]):
            name = f"d{d}-{pid}.html"
            html = _page(f"基准服务 {title}", role, d * 3 + j)
            (site / name).write_text(html, encoding="utf-8")
            sizes.append(len(html.encode()) + sum(len(_photo((d * 3 + j + k) % 6)) for k in range(3)))
            pages.append({"id": pid, "name": title, "role": role, "url": "{https}/bench/" + name})
        deps.append({"name": f"基准部门{d:03d}", "kind": "other",
                     "systems": [{"id": "app", "name": "基准服务", "service_name": "基准服务", "provider": "基准测试中心",
                                  "hotline": "0971-12345", "pages": pages}]})
    return {"id": "bench", "title": f"benchmark: {n} departments × 3 pages", "departments": deps}, sizes


def _cpu_ticks(pid: int | None = None) -> float:
    """CPU seconds used so far: by the whole machine (all processes, from /proc/stat) or by one process."""
    import os as _os

    hz = _os.sysconf("SC_CLK_TCK")
    if pid is None:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        return (int(fields[0]) + int(fields[1]) + int(fields[2]) + int(fields[5]) + int(fields[6])) / hz
    f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / hz


class MemorySampler:
    """Samples peak RSS (bytes) of this process and of Chromium processes descended from it, every 200 ms;
    also the CPU time the machine and the long-lived processes (this one, the Playwright driver, the browser's
    main process) spent during the sweep."""

    def __init__(self):
        self.peak_self = self.peak_browser = 0
        self.cpu: dict[str, float] = {}
        self._long: dict[int, str] = {}
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _rss(self, pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _children(self) -> dict[int, list[int]]:
        kids: dict[int, list[int]] = {}
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
                    kids.setdefault(ppid, []).append(int(d.name))
                except (OSError, ValueError, IndexError):
                    pass
        return kids

    def _run(self):
        me = os.getpid()
        while not self._stop.is_set():
            self.peak_self = max(self.peak_self, self._rss(me))
            kids, total, stack = self._children(), 0, list(self._children().get(me, []))
            while stack:
                pid = stack.pop()
                try:
                    exe = (Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") or [b""])[0]
                except OSError:
                    exe = b""
                if b"chrom" in exe:
                    total += self._rss(pid)
                    if pid not in self._long and not any(a.startswith(b"--type=") for a in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")):
                        self._long[pid] = "browser"
                elif b"node" in exe and pid not in self._long:
                    self._long[pid] = "driver"
                if pid in self._long:
                    try:
                        self.cpu[self._long[pid]] = _cpu_ticks(pid) - self._start.get(pid, _cpu_ticks(pid))
                        self._start.setdefault(pid, _cpu_ticks(pid) - self.cpu[self._long[pid]])
                    except OSError:
                        pass
                stack.extend(kids.get(pid, []))
            self.peak_browser = max(self.peak_browser, total)
            self._stop.wait(0.2)

    def __enter__(self):
        self._start: dict[int, float] = {}
        self._machine0, self._self0 = _cpu_ticks(), _cpu_ticks(os.getpid())
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()
        self.cpu["machine"] = _cpu_ticks() - self._machine0
        self.cpu["harness"] = _cpu_ticks(os.getpid()) - self._self0


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def prepare_bench(n: int, concurrency: int | None = None, keep: str | None = None, throttled: bool = False,
                  ws_endpoint: str | None = None, cdp_endpoint: str | None = None):
    """Build the generated site of ``n`` departments × 3 pages, serve it and plan a run of it (no reports).

    Returns (plan, server, sizes): the run plan (its browser trusts the server's certificate), the started
    DemoServer (stop it when done) and the page sizes in bytes.
    """
    tmp = Path(keep or tempfile.mkdtemp(prefix="harness-bench-"))
    reg, sizes = build_site(tmp, n)
    server = DemoServer(tmp).start()
    text = json.dumps(reg, ensure_ascii=False).replace("{https}", server.https_base)
    reg_path = tmp / "registry.json"
    reg_path.write_text(text, encoding="utf-8")
    sets = [] if throttled else ["PF-01.throttling=false"]
    cfg = RunConfig(registry=str(reg_path), out=str(tmp / "run"), concurrency=concurrency, ws_endpoint=ws_endpoint,
                    cdp_endpoint=cdp_endpoint, reports=False, sets=sets)
    plan = prepare(cfg)
    import harness.runner as runner_mod

    orig = runner_mod.audit_options

    def with_cert(p):  # the generated site is served by a DemoServer of its own: trust its certificate
        o = orig(p)
        o.browser.extra_args = list(o.browser.extra_args) + server.chromium_args()
        return o

    runner_mod.audit_options = with_cert
    return plan, server, sizes


async def main_async(ns) -> None:
    plan, server, sizes = prepare_bench(ns.n, ns.concurrency, ns.keep, ns.throttled, ns.browser_ws_endpoint, ns.cdp_endpoint)
    with MemorySampler() as mem:
        t_up = time.monotonic()
        async with Sweep(plan) as sweep:
            t0 = time.monotonic()
            results = await sweep.all()
            wall = time.monotonic() - t0
        browser_up = t0 - t_up
        report_times = []
        for r in results:
            t = time.monotonic()
            report.render_department(plan.out_dir, r, plan.checklist)
            report_times.append(time.monotonic() - t)
        t = time.monotonic()
        report.render_index(plan.out_dir, results, plan.checklist, plan.registry)
        index_time = time.monotonic() - t
    server.stop()
    targets = [t for r in results for t in r["targets"]]
    stage = {"navigate": [], "gather": [], "check": [], "total": []}
    for t in targets:
        tm = t["timings"]
        nav = tm.get("setup", 0) + tm.get("navigate", 0)
        stage["navigate"].append(nav / 1000)
        stage["check"].append(tm.get("check", 0) / 1000)
        stage["gather"].append((tm.get("total", 0) - nav) / 1000)
        stage["total"].append(t["duration_ms"] / 1000)
    errors = sum(1 for t in targets if t["status"] == "error")
    print(f"targets: {len(targets)} ({ns.n} departments × 3 pages), page size median {statistics.median(sizes) / 1024:.0f} KB, "
          f"concurrency {plan_concurrency(plan, ns)}, checks {sum(1 for c in plan.checklist.checks if c.mode != 'manual')} automatic/semi")
    print(f"browser start: {browser_up:.2f} s; sweep wall time: {wall:.1f} s; throughput: {len(targets) / wall * 60:.0f} targets/min")
    print("per target (s)      median     p95")
    for k in ("navigate", "gather", "check", "total"):
        print(f"  {k:15} {statistics.median(stage[k]):9.3f} {pct(stage[k], 95):8.3f}")
    print(f"  {'report/dept':15} {statistics.median(report_times):9.3f} {pct(report_times, 95):8.3f}   (index: {index_time:.3f} s)")
    by_stage: dict[str, list[float]] = {}
    for f in Path(plan.out_dir, "artifacts").rglob("*.json"):
        for name, ms in (json.loads(f.read_text(encoding="utf-8")).get("timings") or {}).items():
            by_stage.setdefault(name, []).append(ms / 1000)
    if by_stage:
        print("gather stages (s, wall time while sharing the CPU with the other loads)   median     p95")
        for name, v in sorted(by_stage.items(), key=lambda kv: -statistics.median(kv[1])):
            print(f"  {name:70} {statistics.median(v):6.3f} {pct(v, 95):8.3f}")
    print(f"peak RSS: harness {mem.peak_self / 2**20:.0f} MiB, browser processes {mem.peak_browser / 2**20:.0f} MiB, "
          f"total {(mem.peak_self + mem.peak_browser) / 2**20:.0f} MiB")
    c = mem.cpu
    other = c["machine"] - c["harness"] - c.get("driver", 0) - c.get("browser", 0)
    print(f"CPU per target: {c['machine'] / len(targets):.2f} s in all — harness {c['harness'] / len(targets):.2f} s, Playwright driver "
          f"{c.get('driver', 0) / len(targets):.2f} s, browser process {c.get('browser', 0) / len(targets):.2f} s, renderers and the rest "
          f"{other / len(targets):.2f} s (the server of the generated site included)")
    print(f"targets with errors: {errors}; verdicts: " + ", ".join(f"{v} {sum(1 for t in targets if t['verdict'] == v)}"
                                                            for v in sorted({t['verdict'] for t in targets})))
    print(f"(run directory: {plan.out_dir})")


def plan_concurrency(plan, ns) -> int:
    from harness.runner import default_concurrency

    return ns.concurrency or default_concurrency()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of departments (3 pages each)")
    ap.add_argument("--concurrency", type=int)
    ap.add_argument("--keep", metavar="DIR", help="build the site and the run in DIR (kept)")
    ap.add_argument("--browser-ws-endpoint")
    ap.add_argument("--cdp-endpoint")
    ap.add_argument("--throttled", action="store_true", help="also make PF-01's throttled 4G reload of every page (off by default: "
                    "the targets are for local pages without network throttling)")
    asyncio.run(main_async(ap.parse_args()))


if __name__ == "__main__":
    main()
