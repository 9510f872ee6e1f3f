"""AV-03: Links and subresources answer below 400 (链接与页面资源可正常访问（状态码 < 400）). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urldefrag

from ...outcomes import Outcome, bi, cant_tell, failed, passed
from .. import ev
from ..browser_requests import browser_favicon_guess


#: Requests the browser itself gave up on that say nothing about the server: navigations cancelled by a later
#: one, mixed content blocked by the browser (SE-01 reports it), requests blocked by the page's own CSP/CORB.
_NOT_SERVER_FAULT = {"mixed-content", "inspector"}


def failing_subresources(a: dict[str, Any], ignore: list[str]) -> list[dict[str, Any]]:
    """Subresource requests of the load that answered ≥ 400 or failed at the network level (DNS, connection, TLS,
    truncated), from the CDP network log (a status ≥ 400 counts even when the browser then cancelled the body, as it
    does for a 404 script). The main document (and its redirects) is AV-01's; cancelled requests without a status,
    the browser's own ``/favicon.ico`` guess (when the page references no such icon),
    requests still in flight when gathering ended, ``data:``/``blob:`` URLs, mixed content blocked by the browser
    (SE-01) and URLs matching an ``ignore`` pattern are left out. Returns evidence items."""
    nav = a.get("navigation") or {}
    main = {urldefrag(u)[0] for u in [nav.get("url"), nav.get("final_url"), *(nav.get("redirects") or [])] if u}
    pats = [re.compile(x) for x in ignore or []]
    out, seen = [], set()
    for r in a.get("network") or []:
        url = r.get("url") or ""
        if not url.startswith(("http:", "https:")):
            continue
        if r.get("type") == "Document" and urldefrag(url)[0] in main:
            continue
        if any(p.search(url) for p in pats) or url in seen:
            continue
        if browser_favicon_guess(r, a):
            continue
        status = r.get("status")
        if status is None and (r.get("unfinished") or r.get("canceled")):
            continue  # no answer yet, or given up by the browser: nothing to judge
        if status is not None and status >= 400:
            seen.add(url)
            out.append(ev(url=url, value=status, note=f"{r.get('type') or 'request'} answered HTTP {status}"))
        elif r.get("failed") and (r.get("blocked") or "") not in _NOT_SERVER_FAULT and "ERR_ABORTED" not in r["failed"]:
            seen.add(url)
            out.append(ev(url=url, value=r["failed"], note=f"{r.get('type') or 'request'} failed: {r['failed']}"))
    return out


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """AV-03: every subresource of the load answered below 400 (CDP network log) and every checked same-site link
    answers below 400 (``links`` stage: up to ``max_links`` links through the context's request API, within
    ``time_budget_ms``). Links that timed out make the outcome ``cantTell`` when nothing failed; links over the
    limit are counted, not judged. Links to other sites are not requested.

    Source: 国办秘函〔2019〕19号 扣分指标·网站可用性·链接可用性 (links on the home page and other pages that cannot be
    opened).
    Value: {"subresources_failed", "links_checked", "links_failed", "links_unchecked"}.
    Evidence: each failing URL with its status or network error, and the link's element.
    """
    bad_res = failing_subresources(a, p["ignore_urls"])
    lk = a["links"]
    pats = [re.compile(x) for x in p["ignore_urls"] or []]
    checked = [c for c in lk.get("checked", []) if not any(x.search(c["url"]) for x in pats)]
    bad_links, timed_out = [], []
    for c in checked:
        if c.get("status") is not None and c["status"] >= 400:
            bad_links.append(ev(c, url=c["url"], value=c["status"], text=c.get("text"), note=f"link answered HTTP {c['status']} ({c.get('method')})"))
        elif c.get("timed_out"):
            timed_out.append(ev(c, url=c["url"], text=c.get("text"), note=f"no answer within {lk.get('limits', {}).get('request_timeout_ms')} ms"))
        elif c.get("error"):
            bad_links.append(ev(c, url=c["url"], value=c["error"][:80], text=c.get("text"), note=f"link failed: {c['error'][:200]}"))
    unchecked = len(lk.get("unchecked") or [])
    value = {"subresources_failed": len(bad_res), "links_checked": len(checked), "links_failed": len(bad_links),
             "links_unchecked": unchecked + len(timed_out)}
    thr = bi(f"HTTP < 400 for subresources and same-site links (≤ {p['max_links']} links checked)",
             f"子资源与同站链接 HTTP 状态码 < 400（最多检查 {p['max_links']} 个链接）")
    extra_en = f"; {unchecked} link(s) over the limit not checked" if unchecked else ""
    extra_zh = f"；另有 {unchecked} 个链接超出检查上限未检查" if unchecked else ""
    if bad_res or bad_links:
        en, zh = [], []
        if bad_res:
            en.append(f"{len(bad_res)} subresource(s)")
            zh.append(f"{len(bad_res)} 个页面资源")
        if bad_links:
            en.append(f"{len(bad_links)} of {len(checked)} link(s)")
            zh.append(f"{len(checked)} 个链接中 {len(bad_links)} 个")
        return failed(" and ".join(en) + " answered with an error" + extra_en, zh="，".join(zh) + "无法正常访问" + extra_zh,
                      value=value, threshold=thr, evidence=(bad_links + bad_res)[:30])
    if timed_out:
        return cant_tell(f"{len(timed_out)} link(s) did not answer in time; nothing failed" + extra_en,
                         zh=f"{len(timed_out)} 个链接未在时限内响应，需人工确认" + extra_zh, value=value, threshold=thr, evidence=timed_out[:30])
    return passed(f"all subresources and {len(checked)} checked link(s) answered below 400" + extra_en,
                  zh=f"页面资源及已检查的 {len(checked)} 个链接均可正常访问" + extra_zh, value=value, threshold=thr)
