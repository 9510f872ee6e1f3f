"""PI-09: A complaint and suggestion (投诉建议) entry (提供投诉建议入口). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, cant_tell, failed, passed
from .. import ev
from ..pattern_params import compile_any


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """PI-09: a complaint and suggestion (投诉建议) entry (a link or control whose text matches ``patterns``) on
    the page or within ``max_taps`` taps.

    Source: 国办函〔2026〕12号《政务移动互联网应用程序规范化管理办法》 (单位应在政务应用程序中提供投诉建议功能;
    article number not confirmed); 认定方法 六 (未公布投诉、举报方式等信息).
    Value: taps to the entry (0 = on this page), or None.
    """
    rx = compile_any(p["patterns"])
    limit = p["max_taps"]
    thr = bi(f"≤ {limit} taps",
             f"≤ {limit} 次点击")
    dom, crawl = a["dom"], a["crawl"]
    on_page = [t for t in dom.get("targets", []) if rx.search(t.get("name") or "")]
    on_page += [l for l in dom.get("links", []) if rx.search(l.get("text") or "") and l not in on_page]
    if on_page:
        e = on_page[0]
        name = e.get("name") or e.get("text")
        return passed(f"complaint entry on the page: {name!r}", zh=f"本页有投诉建议入口：“{name}”", value=0, threshold=thr,
                      evidence=[ev(e, text=name)])
    best = None
    for pg in crawl.get("pages", [])[1:]:
        if pg["depth"] >= limit:
            continue
        for t in [l.get("text") for l in pg.get("links", [])] + pg.get("controls", []):
            if t and rx.search(t) and (best is None or pg["depth"] < best[0]["depth"]):
                best = (pg, t)
    if best is not None:
        taps = best[0]["depth"] + 1
        return passed(f"complaint entry {best[1]!r} in {taps} tap(s)", zh=f"{taps} 次点击可达投诉建议入口“{best[1]}”", value=taps,
                      threshold=thr, evidence=[ev(url=best[0].get("final_url") or best[0]["url"], text=best[1])])
    if crawl.get("truncated"):
        return cant_tell("no complaint entry found before the crawl reached its limit", zh="抓取达到上限前未找到投诉建议入口，需人工确认",
                         threshold=thr)
    return failed(f"no complaint and suggestion entry within {limit} taps", zh=f"{limit} 次点击内没有投诉建议入口", value=None, threshold=thr)
