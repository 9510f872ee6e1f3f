"""The outbound probe (optional stage ``outbound``): click each visible control that pays, downloads,
calls or leads to another site, and record what it does: bridge calls (through the host), ``window.open`` calls,
navigations (stopped before they leave) and pop-ups.

It runs last (order 95), after every other stage has measured the page, and only for targets with a host
platform, in the primary load. ``artifacts["outbound"]``::

    {"candidates": [{"i", "selector", "tag", "text", "href", "target", "kinds" (tel|download|payment|phone|link),
                     "box" ([x, y, w, h] CSS px), "effects": {"bridge": [{"name", "role", "args"}],
                     "opens": [url], "navigations": [url], "popups": [url]}}],
     "skipped": reason?}
"""

from __future__ import annotations

import asyncio

from . import GatherRun, register_stage
from .page_functions import page_function

JS_PROBE = page_function("outbound_probe")

#: At most this many controls are clicked per page.
MAX_CANDIDATES = 12
#: Time given to a click's handlers (and the promises they start) before its effects are read, ms.
CLICK_WAIT_MS = 120


async def _outbound(run: GatherRun) -> None:
    if not run.options.host or run.options.variant:
        run.artifacts["outbound"] = {"candidates": [], "skipped": "no host platform" if not run.options.host else "variant load"}
        return
    cands = await run.evaluate(JS_PROBE, {"max": MAX_CANDIDATES})
    out = {"candidates": cands}
    run.artifacts["outbound"] = out
    clickable = [c for c in cands if "tel" not in c["kinds"]]
    if not clickable:
        return
    page = run.page
    navigations: list[str] = []

    async def stop_navigation(route):
        req = route.request
        if req.is_navigation_request() and req.frame == page.main_frame:
            navigations.append(req.url[:500])
            await route.fulfill(status=204, body="")  # 204: the browser stays on the page (abort would show an error page)
        else:
            await route.fallback()

    await page.route("**/*", stop_navigation)
    counts = "() => [window.__harness ? window.__harness.opens.length : 0, window.__qhHost ? window.__qhHost.log().length : 0]"
    probed: dict[int, str] = {}  # seq of the in-page record -> the control clicked
    try:
        for c in clickable:
            n_nav, n_pop = len(navigations), len(run.artifacts.get("popups", []))
            n_open, n_log = await run.evaluate(counts)
            clicked = await run.evaluate(
                "(i) => { const el = document.querySelector(`[data-qh-probe=\"${i}\"]`); if (!el) return false; el.click(); return true; }",
                c["i"])
            await run.evaluate("(ms) => new Promise(r => ((window.__harness && window.__harness.setTimeout) || setTimeout)(r, ms))",
                               CLICK_WAIT_MS)
            # Effects are read from the page itself (deterministic), not from the binding stream.
            opens, log = await run.evaluate(
                "([a, b]) => [window.__harness ? window.__harness.opens.slice(a).map(o => o.url) : [],"
                " window.__qhHost ? window.__qhHost.log().slice(b) : []]", [n_open, n_log])
            c["clicked"] = bool(clicked)
            c["effects"] = {
                "bridge": [{"name": r.get("name"), "role": r.get("role"), "args": r.get("args")} for r in log if r.get("kind") == "call"],
                "opens": opens, "navigations": navigations[n_nav:],
                "popups": [p["url"] for p in run.artifacts.get("popups", [])[n_pop:]],
            }
            for r in log:
                probed[r.get("seq")] = c["text"] or c["selector"]
    finally:
        try:
            await page.unroute("**/*", stop_navigation)
        except Exception:
            pass
        await asyncio.sleep(0.05)  # let the binding deliver the probe's records to the call log, then tag them
        calls = (run.artifacts.get("bridge") or {}).get("calls") or []
        last = max((r.get("doc", 0) for r in calls), default=0)
        for r in calls:
            if r.get("doc", 0) == last and r.get("seq") in probed:
                r["probe"] = probed[r["seq"]]


register_stage("outbound", _outbound)
