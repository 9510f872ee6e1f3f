"""Where a load went: every main-frame navigation with its cause, downloads, the exit to another site, and (stage
``reach``, just before the DOM walk) the page's URL and whether the registry's ``expect`` is on it.

The watcher is installed on every load's page when it is created (a page hook) and listens on the load's DevTools
session: ``Page.frameRequestedNavigation`` (what the page asked for and why), ``Network.requestWillBeSent`` with a
``redirectResponse`` (HTTP redirects of the main frame's document), ``Page.frameNavigated`` (a document committed),
``Page.navigatedWithinDocument`` (a hash change or ``history.pushState``/``replaceState``) and
``Page.downloadWillBegin``. ``artifacts["reach"]``::

    {"registered": URL opened,
     "navigations": [{"t": ms since the load started, "url", "cause", "committed": bool, "same_document": bool,
                      "status"?: HTTP status of a redirect, "to"?: where a redirect sent it, "by_harness"?: true}],
     "downloads": [{"t", "url", "filename", "navigation": true when a main-frame navigation became the download,
                    "by_harness"?: true}],
     "exit": {"t", "url", "host", "cause"} or None (the first page-own commit on another host),
     "final_url", "route": path + hash of the last committed URL,
     "checked": {"t", "url", "expect": {"present": bool, "selector"?: {"count", "visible"}, "text"?: {…}}
                 or {"error"} or None when the registry gave none}}

Causes: ``open`` (the harness opened the registered URL), ``http-redirect``, ``script`` (a ``location`` write or
``window.open(…, "_self")``), ``meta-refresh``, ``refresh-header``, ``form``, ``link``, ``reload``, ``history``
(pushState/replaceState), ``hashchange``, ``other``. Entries made while the harness clicks controls (the
``outbound`` stage, which stops the navigations it causes) carry ``by_harness``. At most 100 navigations and 20
downloads are kept. The judgement (reached or not) is :func:`harness.checks.reach.judge`, from these artifacts.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urldefrag, urlsplit

from . import GatherRun, register_page_hook, register_stage

#: ``Page.frameRequestedNavigation`` reasons → causes.
REASONS = {"scriptInitiated": "script", "metaTagRefresh": "meta-refresh", "httpHeaderRefresh": "refresh-header",
           "formSubmissionGet": "form", "formSubmissionPost": "form", "anchorClick": "link", "reload": "reload"}
#: ``Page.navigatedWithinDocument`` navigation types → causes.
WITHIN = {"fragment": "hashchange", "historyApi": "history"}
MAX_NAVIGATIONS = 100
MAX_DOWNLOADS = 20
#: Visible matches of ``expect`` looked at (is_visible per element).
MAX_EXPECT_MATCHES = 20


def _host(url: str) -> str:
    from ..checks.reach import host_of

    return host_of(url)


def _route(url: str) -> str:
    s = urlsplit(url or "")
    return s.path + (f"#{s.fragment}" if s.fragment else "")


async def _watch(run: GatherRun) -> None:
    """Page hook: record the main frame's navigations and downloads into ``artifacts["reach"]``."""
    a, cdp = run.artifacts, run.cdp
    r: dict[str, Any] = {"registered": run.url, "navigations": [], "downloads": [], "exit": None,
                         "final_url": None, "route": None, "checked": None}
    a["reach"] = r
    state: dict[str, Any] = {"main": None, "requested": None, "hops": [], "commits": 0}

    def harness_acting() -> bool:  # the outbound stage writes its artifact before it clicks anything
        return "outbound" in a

    def add(entry: dict[str, Any]) -> None:
        entry["t"] = run.elapsed_ms()
        if harness_acting():
            entry["by_harness"] = True
        if len(r["navigations"]) < MAX_NAVIGATIONS:
            r["navigations"].append(entry)
        if entry.get("committed") and not entry.get("by_harness"):
            r["final_url"], r["route"] = entry["url"], _route(entry["url"])
            if r["exit"] is None and _host(entry["url"]) != _host(run.url):
                r["exit"] = {"t": entry["t"], "url": entry["url"], "host": _host(entry["url"]), "cause": entry["cause"]}

    def is_main(frame_id: str | None) -> bool:
        return frame_id is not None and frame_id == state["main"]

    def requested(ev):
        if is_main(ev.get("frameId")) and ev.get("disposition", "currentTab") == "currentTab":
            state["requested"] = (REASONS.get(ev.get("reason"), "other"), ev.get("url") or "")
            add({"url": (ev.get("url") or "")[:2000], "cause": state["requested"][0], "committed": False, "same_document": False})

    def request(ev):
        if ev.get("type") == "Document" and is_main(ev.get("frameId")) and ev.get("redirectResponse"):
            resp = ev["redirectResponse"]
            hop = {"url": (resp.get("url") or "")[:2000], "to": ev["request"]["url"][:2000], "status": resp.get("status"),
                   "cause": "http-redirect", "committed": False, "same_document": False}
            state["hops"].append(hop)
            add(hop)

    def navigated(ev):
        frame = ev.get("frame") or {}
        if frame.get("parentId"):
            return
        if state["main"] is None:
            state["main"] = frame.get("id")
        if not is_main(frame.get("id")):
            return
        url = (frame.get("url") or "") + (frame.get("urlFragment") or "")  # the fragment comes apart
        req = state["requested"]
        if state["hops"]:
            cause = "http-redirect"
        elif req and urldefrag(req[1])[0] == urldefrag(url)[0]:
            cause = req[0]
        else:
            cause = "open" if state["commits"] == 0 else (req[0] if req else "other")
        entry = {"url": url[:2000], "cause": cause, "committed": True, "same_document": False}
        if state["hops"]:
            entry["redirects"] = [h["status"] for h in state["hops"]]
            if req:
                entry["initiator"] = req[0]
        state.update(requested=None, hops=[], commits=state["commits"] + 1)
        add(entry)

    def within(ev):
        if is_main(ev.get("frameId")):
            add({"url": (ev.get("url") or "")[:2000], "cause": WITHIN.get(ev.get("navigationType"), "other"),
                 "committed": True, "same_document": True})

    def download(ev):
        if len(r["downloads"]) >= MAX_DOWNLOADS:
            return
        url = ev.get("url") or ""
        req = state["requested"]
        nav = is_main(ev.get("frameId")) and (
            (req is not None and urldefrag(req[1])[0] == urldefrag(url)[0]) or state["commits"] == 0
            or any(h["to"] == url for h in state["hops"]))
        d = {"t": run.elapsed_ms(), "url": url[:2000], "filename": (ev.get("suggestedFilename") or "")[:200], "navigation": nav}
        if harness_acting():
            d["by_harness"] = True
        r["downloads"].append(d)

    cdp.on("Page.frameRequestedNavigation", requested)
    cdp.on("Network.requestWillBeSent", request)
    cdp.on("Page.frameNavigated", navigated)
    cdp.on("Page.navigatedWithinDocument", within)
    cdp.on("Page.downloadWillBegin", download)
    await cdp.send("Page.enable")
    tree = await cdp.send("Page.getFrameTree")
    state["main"] = tree["frameTree"]["frame"]["id"]


async def _reach(run: GatherRun) -> None:
    """Stage ``reach``: the main frame's URL when the harness begins reading the page, and whether the target's
    ``expect`` (``{"selector"?, "text"?}``) is visible on it then (Playwright locators: a CSS or Playwright
    selector; a text matched as Playwright's ``get_by_text``, case-insensitive substring). Both given: both must be
    visible. Writes ``artifacts["reach"]["checked"]``."""
    r = run.artifacts.setdefault("reach", {"registered": run.url, "navigations": [], "downloads": [], "exit": None})
    checked: dict[str, Any] = {"t": run.elapsed_ms(), "url": run.page.url, "expect": None}
    r["checked"] = checked
    expect = (run.artifacts.get("target") or {}).get("expect")
    if not expect:
        return
    page = run.page
    result: dict[str, Any] = {}

    async def look(locator) -> dict[str, int]:
        n = await locator.count()
        visible = 0
        for i in range(min(n, MAX_EXPECT_MATCHES)):
            if await locator.nth(i).is_visible():
                visible += 1
                break
        return {"count": n, "visible": visible}

    try:
        if expect.get("selector"):
            result["selector"] = await asyncio.wait_for(look(page.locator(expect["selector"])), run.options.gatherer_ms / 1000)
        if expect.get("text"):
            result["text"] = await asyncio.wait_for(look(page.get_by_text(expect["text"])), run.options.gatherer_ms / 1000)
        result["present"] = all(v["visible"] > 0 for v in result.values())
    except Exception as e:  # an invalid selector, a page that stopped answering: the reach is unverified
        text = str(e).strip().splitlines()
        result = {"error": f"{type(e).__name__}: {text[0] if text else ''}"[:300]}
    checked["expect"] = result


register_page_hook(_watch)
register_stage("reach", _reach, optional=False)
