"""Automatic navigation checks: no timed or looping redirects (NV-03) and no timed refresh or auto-advancing
content without a pause control (EL-10).

The two split one family of defects so that each is deducted once: NV-03 is about being taken to *another*
document without asking (a timed meta refresh or ``Refresh`` header to another URL, a timer that writes
``location``, a client-side navigation observed during the load, an HTTP/client redirect chain longer than
``max_redirects``, a redirect loop); EL-10 is about the *current* page changing by itself (a meta refresh or timer
that reloads it, a reload observed during the load, a carousel, ticker or marquee that advances with no pause
control).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urldefrag, urljoin

from ..outcomes import Outcome, bi, failed, passed
from . import check, ev

#: Timer source that writes location (a redirect) — assignments, assign()/replace(), window.open(..., "_self").
LOCATION_WRITE = re.compile(r"\blocation\s*(?:\.\s*href\s*)?=(?!=)|\blocation\s*\.\s*(?:assign|replace)\s*\(|"
                            r"window\s*\.\s*open\s*\([^,)]*,\s*['\"]_self")
#: Timer source that reloads the page.
RELOAD = re.compile(r"\blocation\s*\.\s*reload\s*\(|\bhistory\s*\.\s*go\s*\(\s*0?\s*\)|"
                    r"\blocation\s*(?:\.\s*href\s*)?=\s*(?:window\s*\.\s*)?location(?:\s*\.\s*href)?\s*[;,)}]")


def parse_refresh(content: str | None, base: str) -> tuple[float, str | None] | None:
    """Parse a meta refresh / ``Refresh`` header value ("5; url=next.html") → (delay in s, absolute URL or None).
    None when there is no value or no leading delay."""
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
    the navigation's, one of its HTTP redirects, or a URL the main frame navigated to. Each is
    {"url", "t", "status", "redirected_to"}."""
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


@check("navigation", "network")
def no_auto_redirect(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """NV-03: the page does not take the user elsewhere by itself: no timed redirect (meta refresh or ``Refresh``
    header with a delay ≥ ``min_delay_s`` s to another URL, a timer writing ``location`` with such a delay, a
    navigation to another document observed during the load after that long), no redirect loop, and at most
    ``max_redirects`` redirect hops (HTTP and instant client-side) before the page.

    Source: WCAG 2.0 SC 2.2.1 Timing Adjustable / SC 3.2.5 Change on Request (failure F40, F41: timed meta
    refresh); GB/T 37668-2019 (same criteria); 国办秘函〔2019〕19号 可用性 (links and pages that users can open).
    Value: {"timed_redirects", "hops", "loops"} counts. Evidence: each source with its delay (s) or URL.
    """
    found = automatic_navigations(a, p["min_delay_s"])
    hops = found["hops"]
    value = {"timed_redirects": len(found["timed_redirects"]), "hops": len(hops), "loops": len(found["loops"])}
    thr = bi(f"no timed redirect (≥ {p['min_delay_s']:g} s), no loop, ≤ {p['max_redirects']} redirect hops",
             f"无定时跳转（≥ {p['min_delay_s']:g} 秒）、无循环跳转、重定向 ≤ {p['max_redirects']} 次")
    en, zh, evidence = [], [], []
    if found["timed_redirects"]:
        en.append(f"{len(found['timed_redirects'])} timed redirect(s)")
        zh.append(f"{len(found['timed_redirects'])} 处定时自动跳转")
        evidence += found["timed_redirects"]
    if found["loops"]:
        en.append("a redirect loop")
        zh.append("循环跳转")
        evidence += found["loops"]
    if len(hops) > p["max_redirects"]:
        en.append(f"a chain of {len(hops)} redirects")
        zh.append(f"连续 {len(hops)} 次重定向")
        evidence += hops
    if en:
        return failed("the page navigates by itself: " + ", ".join(en), zh="页面自动跳转：" + "，".join(zh),
                      value=value, threshold=thr, evidence=evidence[:20])
    return passed(f"no timed or looping redirect; {len(hops)} redirect hop(s)", zh=f"无定时或循环跳转；重定向 {len(hops)} 次",
                  value=value, threshold=thr, evidence=hops[:10])


def _motion_items(a: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(auto-advancing content, pause controls) from the ``motion`` artifact."""
    m = a.get("motion") or {}
    moving = []
    for c in m.get("changed") or []:
        if c.get("carousel"):
            moving.append(ev(c, text=c.get("text"), note=f"changed {c.get('changes')} time(s) by itself ({', '.join(c.get('what') or [])})"))
    for s in m.get("scrolled") or []:
        moving.append(ev(s, text=s.get("text"), note=f"scrolled by itself ({s.get('events')} scroll events)"))
    for an in m.get("animations") or []:
        moving.append(ev(an, text=an.get("text"), note=f"infinite moving animation {an.get('name')!s} ({an.get('duration_ms')} ms)"))
    for mq in m.get("marquees") or []:
        moving.append(ev(mq, text=mq.get("text"), note="<marquee>"))
    return moving, [ev(pc, text=pc.get("text")) for pc in m.get("pause_controls") or []]


@check("navigation", "motion")
def no_auto_refresh(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-10: nothing on the page changes by itself on a timer: no meta refresh, ``Refresh`` header or timer that
    reloads the page, no reload during the load, and no carousel, ticker, scrolling or marquee content that
    advances by itself unless a pause control (暂停/停止/pause/stop) is on the page.

    Carousels are elements (or ancestors) named like one (carousel, swiper, slide, banner, 轮播 …) whose style,
    class or children changed while the page was watched untouched for one period of its recurring timers (at
    most ``max_watch_ms`` ms); elements that scrolled by themselves; infinite CSS animations that translate.

    Source: 《移动互联网应用（APP）适老化通用设计规范》 (where a time limit is not essential, leave users enough time;
    the interface does not change before the user has finished); WCAG 2.0 SC 2.2.2 Pause, Stop, Hide and SC 2.2.1
    (F41: meta refresh reload); GB/T 37668-2019 (same criteria).
    Value: {"refreshes", "auto_advancing", "pause_controls"}. Evidence: each source.
    """
    found = automatic_navigations(a, 0.001)
    refreshes = found["refreshes"]
    moving, pauses = _motion_items(a)
    value = {"refreshes": len(refreshes), "auto_advancing": len(moving), "pause_controls": len(pauses)}
    thr = bi("no timed refresh; auto-advancing content only with a pause control",
             "无定时刷新；自动轮播须有暂停控制")
    if refreshes or (moving and not pauses):
        en, zh = [], []
        if refreshes:
            en.append(f"{len(refreshes)} timed refresh(es)")
            zh.append(f"{len(refreshes)} 处定时自动刷新")
        if moving and not pauses:
            en.append(f"{len(moving)} element(s) advancing by themselves with no pause control")
            zh.append(f"{len(moving)} 处内容自动轮播/滚动且无暂停控件")
        return failed("the page changes by itself: " + ", ".join(en), zh="页面内容自动变化：" + "，".join(zh),
                      value=value, threshold=thr, evidence=(refreshes + (moving if not pauses else []))[:20])
    if moving:
        return passed(f"{len(moving)} auto-advancing element(s), with a pause control", zh=f"{len(moving)} 处自动轮播内容，提供暂停控件",
                      value=value, threshold=thr, evidence=(moving + pauses)[:20])
    watched = (a.get("motion") or {}).get("watched_ms", 0)
    return passed("no timed refresh or auto-advancing content" + (f" (watched {watched} ms)" if watched else ""),
                  zh="无定时刷新或自动轮播内容", value=value, threshold=thr)
