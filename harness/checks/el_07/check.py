"""EL-07: No advertising or lure buttons (download lures, red packets, lotteries …) (无广告及诱导类按键（诱导下载、红包、抽奖等）). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ...outcomes import Outcome, bi, failed, passed
from .. import ev


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-07: no advertising and no lure buttons: no control (link, button …) or pop-up text matching
    ``lure_patterns`` (诱导下载, 立即下载APP, 红包, 抽奖 …), no element marked as an advertisement (class/id ad,
    advert …, or labelled 广告), no link to an app package or app store (.apk, itms-apps:, market:), and no
    iframe or request to a host matching ``ad_hosts``.

    Source: 《互联网网站适老化通用设计规范》 and 《移动互联网应用（APP）适老化通用设计规范》 (禁止广告插件: no advertising content or
    plug-ins, no random or temporary advertising pop-ups; 禁止诱导类按键: no buttons luring users to download or pay
    — described from the published summaries).
    Value: number of findings. Evidence: each control, element, link or host.
    """
    dom, facts = a["dom"], a["page_facts"]
    lure = [re.compile(x, re.I) for x in p["lure_patterns"]]
    hosts = [re.compile(x, re.I) for x in p["ad_hosts"]]
    found, seen = [], set()

    def add(key, item):
        if key not in seen:
            seen.add(key)
            found.append(item)

    for t in dom.get("targets", []):
        name = t.get("name") or ""
        m = next((x.search(name) for x in lure if x.search(name)), None)
        if m:
            add(("t", t.get("selector")), ev(t, text=name, value=m.group(0), note="lure control"))
    for pop in facts.get("popups", []):
        m = next((x.search(pop.get("text") or "") for x in lure if x.search(pop.get("text") or "")), None)
        if m:
            add(("p", pop["selector"]), ev({"selector": pop["panel_selector"], "box": pop["panel_box"]}, text=(pop.get("text") or "")[:80], value=m.group(0), note="lure text in a pop-up"))
    for ad in facts.get("ads", []):
        add(("a", ad["selector"]), ev(ad, text=ad.get("text"), note=f"advertisement ({ad.get('why')})"))
    for link in dom.get("links", []):
        href = link.get("href") or ""
        if re.search(r"\.apk(?:$|[?#])|^itms-apps:|^itms-services:|^market:|apps\.apple\.com|play\.google\.com|app\.mi\.com|sj\.qq\.com", href, re.I):
            add(("l", href), ev(link, text=link.get("text"), value=href[:120], note="link to an app download"))
    urls = [(f.get("src") or "", "iframe", f) for f in dom.get("iframes", [])] + [(r.get("url") or "", r.get("type") or "request", None) for r in a.get("network") or []]
    for url, kind, rec in urls:
        host = urlsplit(url).hostname or ""
        if host and any(h.search(host) for h in hosts):
            add(("h", host), ev(rec, url=url[:200], value=host, note=f"{kind} from an advertising host"))
    thr = bi("0 advertisements, lure controls or app-download links",
             "无广告、诱导按钮或下载 App 链接")
    if found:
        return failed(f"{len(found)} advertisement(s) or lure control(s)", zh=f"发现 {len(found)} 处广告或诱导类按键",
                      value=len(found), threshold=thr, evidence=found[:30])
    return passed("no advertisement or lure control", zh="无广告或诱导类按键", value=0, threshold=thr)
