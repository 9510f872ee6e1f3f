"""Reading the main frame's navigations and refreshes from a load's artifacts: meta refresh and ``Refresh``
header values, timers that write or reload ``location``, the main-frame document requests of the network log, and
their classification into timed redirects, refreshes, redirect hops and loops.

Used by NV-03 (being taken to *another* document without asking: a timed meta refresh or ``Refresh`` header to
another URL, a timer that writes ``location``, a client-side navigation observed during the load, an HTTP/client
redirect chain longer than its ``max_redirects``, a redirect loop) and EL-10 (the *current* page changing by itself:
a meta refresh or timer that reloads it, a reload observed during the load). The two split one family of defects
so that each is deducted once; sources: WCAG 2.0 SC 2.2.1 / SC 3.2.5 (failures F40, F41: timed meta refresh).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urldefrag, urljoin

from . import ev

#: Timer source that writes location (a redirect) — assignments, assign()/replace(), window.open(..., "_self").
LOCATION_WRITE = re.compile(r"\blocation\s*(?:\.\s*href\s*)?=(?!=)|\blocation\s*\.\s*(?:assign|replace)\s*\(|"
                            r"window\s*\.\s*open\s*\([^,)]*,\s*['\"]_self")
#: Timer source that reloads the page.
RELOAD = re.compile(r"\blocation\s*\.\s*reload\s*\(|\bhistory\s*\.\s*go\s*\(\s*0?\s*\)|"
                    r"\blocation\s*(?:\.\s*href\s*)?=\s*(?:window\s*\.\s*)?location(?:\s*\.\s*href)?\s*[;,)}]")


def parse_refresh(content: str | None, base: str) -> tuple[float, str | None] | None:
    """Parse a meta refresh / ``Refresh`` header value ("5; url=next.html") → (delay in s, absolute URL or None).
    None when there is no value or no leading delay.

    Args:
        content: the ``content`` of ``<meta http-equiv=refresh>`` or the ``Refresh`` header value (``url=`` optional,
            the URL optionally quoted, ``;`` or ``,`` as separator, case-insensitive).
        base: the page's URL, against which a relative URL is resolved.

    Never raises. Source: HTML Living Standard, "shared declarative refresh steps"; WCAG failure F40/F41.
    """
    if not content:
        return None
    m = re.match(r"\s*(\d+(?:\.\d*)?)\s*(?:[;,]\s*(?:url\s*=\s*)?['\"]?([^'\"]*)['\"]?)?\s*$", content, re.I)
    if not m:
        return None
    url = (m.group(2) or "").strip()
    return float(m.group(1)), (urljoin(base, url) if url else None)


def _same_doc(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and urldefrag(a)[0] == urldefrag(b)[0]


def document_loads(a: dict[str, Any]) -> list[dict[str, Any]]:
    """Main-frame document requests of the load in time order: network-log entries of type Document whose URL is
    the navigation's, one of its HTTP redirects, or a URL the main frame navigated to (``frame_navigations``). Each
    is {"url", "t": request time in ms from the start of the load (0 when absent), "status": HTTP status or None,
    "redirected_to": the URL an HTTP redirect sent it to, or None}. Never raises on missing artifacts (no
    entries)."""
    nav = a.get("navigation") or {}
    urls = {urldefrag(u)[0] for u in [nav.get("url"), nav.get("final_url"), *(nav.get("redirects") or [])] if u}
    urls |= {urldefrag(f["url"])[0] for f in a.get("frame_navigations") or [] if f.get("url")}
    docs = [r for r in a.get("network") or [] if r.get("type") == "Document" and urldefrag(r.get("url") or "")[0] in urls]
    return [{"url": r["url"], "t": r.get("t") or 0, "status": r.get("status"), "redirected_to": r.get("redirected_to")}
            for r in sorted(docs, key=lambda r: r.get("t") or 0)]


def automatic_navigations(a: dict[str, Any], min_delay_s: float) -> dict[str, list[dict[str, Any]]]:
    """Everything that navigates or refreshes the page by itself, classified.

    Returns {"timed_redirects", "refreshes", "hops", "loops"}: evidence items for timed redirects to another
    document (meta refresh / Refresh header with a delay ≥ ``min_delay_s`` s, timers with such a delay writing
    location, observed client-side navigations), refreshes of the same document (same sources, reloading), the
    redirect hops of the load (HTTP and client-side), and loops: a URL loaded twice with another in between, or
    one address loaded with three or more different queries (a cache-busting timestamp) in one load.

    Each item is an evidence item (:func:`harness.checks.ev`): ``text`` (the meta refresh, header or timer source),
    ``url`` (where it goes), ``value`` (the delay or dwell time in s, an HTTP status for a hop, the number of
    queries for a cache-busting loop) and ``note``. Reads ``navigation``, ``dom.meta_refresh``, ``network``,
    ``frame_navigations`` and ``page_state.timers`` (timer ``delay`` in ms); absent ones count as empty. Never
    raises on artifacts of these shapes. NV-03 calls it with its ``min_delay_s``; EL-10 with 0.001 s (every
    refresh with a delay counts).
    """
    nav = a.get("navigation") or {}
    dom = a.get("dom") or {}
    page = nav.get("final_url") or nav.get("url") or ""
    out: dict[str, list] = {"timed_redirects": [], "refreshes": [], "hops": [], "loops": []}
    sources = [("meta refresh", dom.get("meta_refresh")), ("Refresh header", (nav.get("headers") or {}).get("refresh"))]
    for label, value in sources:
        parsed = parse_refresh(value, page)
        if not parsed:
            continue
        delay, url = parsed
        item = ev(text=f"{label}: {value}", value=delay, url=url)
        if url is None or _same_doc(url, page):
            if delay > 0:
                out["refreshes"].append({**item, "note": f"reloads the page every {delay:g} s"})
        elif delay >= min_delay_s:
            out["timed_redirects"].append({**item, "note": f"goes to another page after {delay:g} s"})
        else:
            out["hops"].append({**item, "note": "instant meta refresh redirect"})
    for t in (a.get("page_state") or {}).get("timers") or []:
        src = t.get("source") or ""
        delay = (t.get("delay") or 0) / 1000
        if RELOAD.search(src):
            out["refreshes"].append(ev(text=src[:160], value=delay, note=f"{t.get('kind')} reloads the page after {delay:g} s"))
        elif LOCATION_WRITE.search(src) and delay >= min_delay_s:
            out["timed_redirects"].append(ev(text=src[:160], value=delay, note=f"{t.get('kind')} changes location after {delay:g} s"))
    docs = document_loads(a)
    # The DOM may have been read on a page the chain then left (an instant redirect races the gatherer); a declared
    # redirect whose target the main frame was seen loading is that same hop, observed: count it once.
    seen = {urldefrag(d["url"])[0] for d in docs[1:]}  # arrived at, not started from
    for key in ("hops", "timed_redirects"):
        out[key] = [x for x in out[key] if not x.get("url") or urldefrag(x["url"])[0] not in seen]
    first = next((i for i, d in enumerate(docs) if not d.get("redirected_to")), None)
    for d in docs:
        if d.get("redirected_to"):
            out["hops"].append(ev(url=d["url"], value=d.get("status"), note=f"HTTP {d.get('status')} redirect to {d['redirected_to']}"))
    if first is not None:
        prev = docs[first]
        for d in docs[first + 1:]:
            if prev.get("redirected_to"):
                prev = d
                continue
            dwell = (d["t"] - prev["t"]) / 1000
            if _same_doc(d["url"], prev["url"]):
                out["refreshes"].append(ev(url=d["url"], value=round(dwell, 1), note=f"the page reloaded itself after {dwell:.1f} s"))
            elif dwell >= min_delay_s:
                out["timed_redirects"].append(ev(url=d["url"], value=round(dwell, 1), note=f"navigated from {prev['url']} after {dwell:.1f} s"))
            else:
                out["hops"].append(ev(url=d["url"], note=f"client-side redirect from {prev['url']}"))
            prev = d
    seq = [urldefrag(d["url"])[0] for d in docs]
    for i, u in enumerate(seq):
        j = seq.index(u)
        if j < i and any(x != u for x in seq[j + 1:i]):
            out["loops"].append(ev(url=u, note="loaded again after " + " → ".join(seq[j + 1:i])[:300]))
            break
    else:
        # The same address with a changing query (a cache-busting timestamp) loaded three times or more is a loop too.
        # (Reloading one unchanged URL is a refresh, EL-10's, not a loop.)
        variants: dict[str, set[str]] = {}
        for u in seq:
            variants.setdefault(u.split("?", 1)[0], set()).add(u)
        again = next((x for x, us in variants.items() if len(us) >= 3), None)
        if again:
            n = len(variants[again])
            out["loops"].append(ev(url=again, value=n, note=f"{again} loaded with {n} different queries in one load"))
    return out
