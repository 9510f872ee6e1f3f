"""Discovery of a 30-route SPA (issue 14: under 60 s on the build machine). The SPA is generated here: a hash router
with a full-screen shell and an inner scroll container; the home page links 7 hash routes, a tab bar of three divs
with addEventListener handlers leads to three sections, and the sections reach the rest by hash links (6), divs that
call history.pushState (5) and role=link spans (5); one route links three more (depth 2). 30 routes in all, 13 of
them only reachable by clicking a control.

    .venv/bin/python bench/discover.py [--concurrency N]

Prints the routes found (of 30), the loads made, the seconds taken and the bounds hit. The default bounds are the
checklist's (``discovery``: depth 3, 50 routes, 60 000 ms). Figures depend on the machine's load.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import discover as discover_mod  # noqa: E402
from harness.browser import BrowserOptions, start  # noqa: E402
from harness.demo import DemoServer  # noqa: E402
from harness.gather import GatherOptions  # noqa: E402

PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>基准·掌上办</title>
<style>html,body{margin:0;height:100%;overflow:hidden}#app{position:fixed;inset:0;display:flex;flex-direction:column}
main{flex:1;overflow-y:auto;padding:12px}nav{display:flex;height:56px}nav div{flex:1;text-align:center;cursor:pointer;line-height:56px}
a,.go,[role=link]{display:block;padding:8px 0}</style></head>
<body><div id="app"><main id="view"></main><nav id="tabs"><div data-go="t1">一</div><div data-go="t2">二</div><div data-go="t3">三</div></nav></div>
<script>
(function () {
  var view = document.getElementById("view");
  var links = function (a, b) { var s = ""; for (var i = a; i <= b; i++) { var n = ("0" + i).slice(-2); s += '<a href="#/r' + n + '">页面 ' + n + '</a>'; } return s; };
  var routes = {
    home: function () { return "<h1>首页</h1>" + links(1, 7); },
    t1: function () { return "<h1>栏目一</h1>" + links(11, 16); },
    t2: function () { var s = "<h1>栏目二</h1>"; for (var i = 17; i <= 21; i++) s += '<div class="go" data-push="r' + i + '">服务 ' + i + '</div>'; return s; },
    t3: function () { var s = "<h1>栏目三</h1>"; for (var i = 22; i <= 26; i++) s += '<span role="link" tabindex="0" data-hash="r' + i + '">事项 ' + i + '</span>'; return s; },
    r01: function () { return "<h1>页面 01</h1>" + links(27, 29); }
  };
  function route() {
    if (location.hash.indexOf("#/") === 0) return location.hash.slice(2);
    var m = location.search.match(/[?&]view=(\\w+)/);
    return m ? m[1] : "";
  }
  function render() {
    var r = route();
    if (!r) { history.replaceState({}, "", "#/home"); r = "home"; }
    view.innerHTML = routes[r] ? routes[r]() : "<h1>" + r + "</h1><p>内容</p>";
    document.title = r + "·掌上办";
    view.querySelectorAll("[data-push]").forEach(function (el) {
      el.addEventListener("click", function () { history.pushState({}, "", "index.html?view=" + el.dataset.push); render(); });
    });
    view.querySelectorAll("[data-hash]").forEach(function (el) {
      el.addEventListener("click", function () { location.hash = "#/" + el.dataset.hash; });
    });
  }
  document.querySelectorAll("#tabs div").forEach(function (t) { t.addEventListener("click", function () { location.hash = "#/" + t.dataset.go; }); });
  addEventListener("hashchange", render);
  addEventListener("popstate", render);
  render();
})();
</script></body></html>
"""


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--concurrency", type=int, default=2)
    ns = ap.parse_args()
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "spa").mkdir()
        (Path(tmp) / "spa" / "index.html").write_text(PAGE, encoding="utf-8")
        with DemoServer(tmp) as srv:
            async with async_playwright() as pw:
                browser = await start(pw, BrowserOptions(extra_args=srv.chromium_args()))
                t0 = time.monotonic()
                d = await discover_mod.discover(browser, srv.https_base + "/spa/index.html", GatherOptions(),
                                                concurrency=ns.concurrency)
                wall = time.monotonic() - t0
                await browser.close()
    print(f"routes found: {len(d.pages)} of 30 (by how: "
          + ", ".join(f"{h} {sum(1 for p in d.pages if p.how == h)}" for h in sorted({p.how for p in d.pages})) + ")")
    print(f"loads: {d.loads}   seconds: {wall:.1f}   concurrency: {ns.concurrency}   bounds hit: {', '.join(d.bounds['hit']) or 'none'}")
    print("target: under 60 s —", "met" if wall < 60 and len(d.pages) == 30 else "NOT met")


if __name__ == "__main__":
    asyncio.run(main())
