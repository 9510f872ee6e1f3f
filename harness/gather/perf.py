"""The ``throttled`` variant load: the target loaded again, cold, in a fresh context under a mobile network
profile applied through the Chrome DevTools Protocol (``Network.emulateNetworkConditions``) and, when
``throttled.cpu_slowdown`` > 1, CPU throttling (``Emulation.setCPUThrottlingRate``). The primary load stays
unthrottled and fast.

The default profile is Lighthouse's "mobile slow 4G" as applied through DevTools (its ``mobileSlow4G`` constants:
150 ms RTT × 3.75 = 562.5 ms request latency, 1.6 Mbit/s × 0.9 down, 750 kbit/s × 0.9 up, CPU 4× slower), which
Lighthouse describes as roughly the slowest quarter of 4G connections. Units: latency ms, throughput kbit/s
(1 kbit = 1024 bit, as Lighthouse counts), CPU slowdown a factor.

The variant runs only the ``perf_wait`` stage (no DOM walk, layout, or screenshot): after the load event it waits
until no request has been in flight for ``quiet_ms`` ms (at most ``max_wait_ms`` ms after navigation start), so
that late images and data-driven content have painted, then reads the largest contentful paint (LCP) entry, its
element, first contentful paint and the navigation timing. Artifact ``artifacts["perf"]``: {"profile", "lcp_ms",
"lcp": {"selector", "tag", "url", "size", "box"}, "fcp_ms", "ttfb_ms", "dom_content_loaded_ms", "load_ms",
"waited_ms", "network_idle", "requests_in_flight"}; all times ms from navigation start.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from . import GatherOptions, GatherRun, register_param, register_stage
from .variants import Variant, register_variant

#: Gathering parameters of the throttled load: name -> (default, unit, description).
PROFILE = {"request_latency_ms": (562.5, "ms", "Latency added to each request."),
           "download_kbps": (1474.56, "kbit/s", "Download throughput (1 kbit = 1024 bit)."),
           "upload_kbps": (675.0, "kbit/s", "Upload throughput."),
           "cpu_slowdown": (4.0, "factor", "CPU slowdown (1: none)."),
           "max_wait_ms": (15000, "ms", "Longest wait for the network to be idle after navigation start."),
           "quiet_ms": (500, "ms", "No request in flight for this long counts as idle.")}
for _name, (_default, _unit, _text) in PROFILE.items():
    register_param(f"throttled.{_name}", _default, "first", _unit, _text)
register_param("throttled.enabled", True, "any", description="Make the throttled load at all.")


def _params(opts: GatherOptions) -> dict[str, Any]:
    return {k: opts.param(f"throttled.{k}") for k in PROFILE}


def profile(p: dict[str, Any]) -> dict[str, Any]:
    """CDP ``Network.emulateNetworkConditions`` parameters from the throttled load's parameters
    ({"request_latency_ms", "download_kbps", "upload_kbps"}; kbit/s → bytes/s)."""
    return {"offline": False, "latency": float(p["request_latency_ms"]),
            "downloadThroughput": float(p["download_kbps"]) * 1024 / 8, "uploadThroughput": float(p["upload_kbps"]) * 1024 / 8,
            "connectionType": "cellular4g"}


def _apply(opts: GatherOptions, info: dict[str, Any]) -> GatherOptions:
    p = _params(opts)
    opts.network_conditions = profile(p)
    opts.cpu_slowdown = float(p["cpu_slowdown"]) if float(p["cpu_slowdown"]) > 1 else None
    opts.optional_stages = {"perf_wait"}
    opts.skip_stages = {"settle", "dom", "page_state", "layout", "screenshot"}
    opts.screenshot = False
    opts.params = {**opts.params, "layout.widths": []}
    return opts


_READ = """() => new Promise((resolve) => {
  const out = {lcp: null, fcp: null, nav: null};
  const f = performance.getEntriesByName('first-contentful-paint')[0];
  if (f) out.fcp = Math.round(f.startTime);
  const n = performance.getEntriesByType('navigation')[0];
  if (n) out.nav = {ttfb: Math.round(n.responseStart), dcl: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd)};
  let done = false;
  const finish = () => { if (!done) { done = true; resolve(out); } };
  try {
    new PerformanceObserver((list) => {
      const es = list.getEntries();
      const e = es[es.length - 1];
      if (e) {
        let box = null, sel = null;
        if (e.element) {
          const r = e.element.getBoundingClientRect();
          box = [Math.round(r.left + scrollX), Math.round(r.top + scrollY), Math.round(r.width), Math.round(r.height)];
          const el = e.element;
          sel = el.id ? '#' + el.id : el.localName + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
        }
        out.lcp = {time: Math.round(e.startTime), size: e.size, url: e.url || null, tag: e.element ? e.element.localName : null, selector: sel, box};
      }
      finish();
    }).observe({type: 'largest-contentful-paint', buffered: true});
  } catch (e) {}
  (window.__harness && window.__harness.setTimeout || setTimeout)(finish, 300);
})"""


async def _perf_wait(run: GatherRun) -> None:
    p = _params(run.options)
    res: dict[str, Any] = {"profile": {"request_latency_ms": p["request_latency_ms"], "download_kbps": p["download_kbps"],
                                       "upload_kbps": p["upload_kbps"], "cpu_slowdown": p["cpu_slowdown"]}}
    run.artifacts["perf"] = res
    pending = getattr(run, "_pending_requests", {})
    deadline = run.t0 + p["max_wait_ms"] / 1000
    quiet_since = None
    while True:
        now = time.monotonic()
        if pending:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        if quiet_since is not None and now - quiet_since >= p["quiet_ms"] / 1000:
            res["network_idle"] = True
            break
        if now >= deadline:
            res["network_idle"] = False
            break
        await asyncio.sleep(0.05)
    res["requests_in_flight"] = len(pending)
    res["waited_ms"] = run.elapsed_ms()
    await run.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    got = await run.evaluate(_READ)
    lcp = got.get("lcp")
    res["lcp_ms"] = lcp["time"] if lcp else None
    res["lcp"] = lcp
    res["fcp_ms"] = got.get("fcp")
    nav = got.get("nav") or {}
    res["ttfb_ms"], res["dom_content_loaded_ms"], res["load_ms"] = nav.get("ttfb"), nav.get("dcl"), nav.get("load")


register_stage("perf_wait", _perf_wait)
register_variant(Variant("throttled", _apply, description="mobile 4G network profile (and CPU throttling) through CDP",
                         exclusive=True, enabled=lambda o: bool(o.param("throttled.enabled"))))
