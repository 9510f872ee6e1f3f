"""The same pages through the harness, Lighthouse (mobile) and axe-core alone, side by side in one run.

Usage: python bench/peers.py [K]   (K pages of bench/sweep.py's generated site, default 6)

Prints the seconds per URL of each tool and the ratios to the harness. A peer that is not installed is skipped
with the command that installs it:
  Lighthouse:  npm install --prefix bench/node lighthouse      (or `lighthouse` on PATH)
  axe-core:    pip install axe-playwright-python               (a dependency of the harness: always present)
All tools drive the same Chromium (the harness's default: chromium-headless-shell when installed, else
/usr/bin/chromium; ``HARNESS_CHROMIUM`` for another) and run one URL at a time (concurrency 1), so the figures
compare work per URL, not parallelism. The harness
runs twice: with the whole checklist (PF-01 loads each page a second time under the 4G profile, real throttling
through CDP, so it waits out the simulated network) and without that second load (as bench/sweep.py does).
Lighthouse's default throttling is simulated (computed, not waited for).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from sweep import build_site  # noqa: E402

from harness import checklist as checklist_mod  # noqa: E402
from harness.browser import CHROMIUM_FLAGS, BrowserOptions  # noqa: E402
from harness.demo import DemoServer  # noqa: E402
from harness.engine import Auditor, audit_options  # noqa: E402


def lighthouse_cmd() -> list[str] | None:
    local = Path(__file__).parent / "node" / "node_modules" / ".bin" / "lighthouse"
    if local.exists():
        return [str(local)]
    found = shutil.which("lighthouse")
    return [found] if found else None


async def time_harness(urls: list[str], extra: list[str], throttled: bool = True) -> list[float]:
    """Seconds per URL of the whole checklist; ``throttled`` False skips PF-01's second load under 4G."""
    cl = checklist_mod.load()
    if not throttled:
        cl.set_overrides(["PF-01.throttling=false"])
    opts = audit_options(cl, extra_browser_args=extra, concurrency=1)
    out = []
    async with Auditor(cl, opts) as a:
        for u in urls:
            t = time.monotonic()
            await a.audit(None, url=u, target_info={"url": u, "system_kind": "h5"})
            out.append(time.monotonic() - t)
    return out


async def time_axe(urls: list[str], extra: list[str]) -> list[float]:
    from axe_playwright_python.async_playwright import Axe
    from playwright.async_api import async_playwright

    axe = Axe()
    out = []
    async with async_playwright() as p:
        b = await p.chromium.launch(executable_path=BrowserOptions().executable(), args=CHROMIUM_FLAGS + extra)
        for u in urls:
            t = time.monotonic()
            ctx = await b.new_context(viewport={"width": 375, "height": 667}, device_scale_factor=2, is_mobile=True, has_touch=True)
            page = await ctx.new_page()
            await page.goto(u, wait_until="load")
            await axe.run(page)
            await ctx.close()
            out.append(time.monotonic() - t)
        await b.close()
    return out


def time_lighthouse(cmd: list[str], urls: list[str], extra: list[str]) -> list[float]:
    flags = " ".join(CHROMIUM_FLAGS + extra + ["--headless=new"])
    out = []
    env = {**os.environ, "CHROME_PATH": BrowserOptions().executable()}
    with tempfile.TemporaryDirectory() as tmp:
        for i, u in enumerate(urls):
            t = time.monotonic()
            r = subprocess.run(cmd + [u, "--quiet", "--output=json", f"--output-path={tmp}/{i}.json", f"--chrome-flags={flags}",
                                      "--form-factor=mobile"], capture_output=True, text=True, env=env, timeout=300)
            out.append(time.monotonic() - t)
            if r.returncode != 0:
                print(f"  lighthouse failed on {u}: {r.stderr.strip().splitlines()[-1:]}")
    return out


def main() -> None:
    k = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    tmp = Path(tempfile.mkdtemp(prefix="harness-peers-"))
    build_site(tmp, (k + 2) // 3)
    server = DemoServer(tmp).start()
    pages = sorted(p.name for p in (tmp / "bench").glob("d*.html"))[:k]
    urls = [f"{server.https_base}/bench/{p}" for p in pages]
    extra = server.chromium_args()
    rows = []
    h = asyncio.run(time_harness(urls, extra))
    rows.append(("harness (full checklist)", h))
    rows.append(("harness (no PF-01 4G reload)", asyncio.run(time_harness(urls, extra, throttled=False))))
    a = asyncio.run(time_axe(urls, extra))
    rows.append(("axe-core alone (load + axe.run)", a))
    cmd = lighthouse_cmd()
    if cmd:
        rows.append(("Lighthouse mobile", time_lighthouse(cmd, urls, extra)))
    else:
        print("Lighthouse not installed: npm install --prefix bench/node lighthouse")
    server.stop()
    base = statistics.median(h)
    print(f"{len(urls)} URLs, one at a time, in {BrowserOptions().executable()}")
    print(f"{'tool':34} {'median s/URL':>12} {'mean':>8} {'ratio to harness':>17}")
    for name, t in rows:
        print(f"{name:34} {statistics.median(t):12.2f} {statistics.mean(t):8.2f} {statistics.median(t) / base:16.1f}x")


if __name__ == "__main__":
    main()
