"""SE-05: No links that launch third-party apps or lead to commercial sites (不唤起第三方应用，不链接商业网站). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any

from urllib.parse import urlsplit

from ...outcomes import Outcome, bi, failed, passed
from .. import ev


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """SE-05: no link, frame or ``window.open`` call that launches another app (a URL scheme other than
    ``allowed_schemes``, e.g. ``weixin://``, ``alipays://``, ``taobao://``) and no link to a commercial site
    (host under one of ``commercial_domains``). App-launch links for the purposes the source allows (payment by
    支付宝 or 云闪付, map navigation: ``allowed_app_links``) are counted as allowed, not failed.

    Source: 国务院办公厅《关于推进政务新媒体健康有序发展的意见》 (国办发〔2018〕123号; 不得刊登商业广告或链接商业
    广告页面, wording as reproduced in provincial rules, clause not confirmed); 认定方法 and MIIT's APP
    专项整治 (自启动、关联启动其他App; clause not confirmed).
    浙里办服务开发指引 §6.5.4 审核用例 7 (leaving for payment and navigation is allowed).
    Value: {"app_links": n, "commercial": n, "allowed": n}. Evidence: the element and its URL.
    """
    allowed = {s.lower().rstrip(":") for s in p["allowed_schemes"]}
    commercial = [d.lower().lstrip(".") for d in p["commercial_domains"]]
    dom = a["dom"]
    apps, shops = [], []

    def scheme_of(url: str) -> str:
        m = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):", url or "")
        return m.group(1).lower() if m else ""

    def commercial_host(url: str) -> str | None:
        host = (urlsplit(url).hostname or "").lower()
        for d in commercial:
            if host == d or host.endswith("." + d):
                return d
        return None

    items = [(l, l.get("raw_href") or l.get("href") or "", "link") for l in dom.get("links", [])]
    items += [(f, f.get("src") or "", "iframe") for f in dom.get("iframes", [])]
    items += [(None, o.get("url") or "", "window.open") for o in (a.get("page_state") or {}).get("opens", [])]
    purposes = [(re.compile(x["pattern"], re.I), x["purpose"]) for x in p.get("allowed_app_links") or []]
    let_out = []
    for rec, url, how in items:
        sch = scheme_of(url)
        if sch and sch not in allowed:
            purpose = next((why for rx, why in purposes if rx.search(url.strip())), None)
            if purpose:
                let_out.append(purpose)
                continue
            apps.append(ev(rec, url=url[:200], value=f"{sch}://", text=(rec or {}).get("text") or None, note=how))
        elif sch in ("http", "https") or not sch:
            d = commercial_host((rec or {}).get("href") or url)
            if d:
                shops.append(ev(rec, url=url[:200], value=d, text=(rec or {}).get("text") or None, note=how))
    value = {"app_links": len(apps), "commercial": len(shops), "allowed": len(let_out)}
    thr = bi("0 app-launch links; 0 links to commercial sites",
             "唤起第三方应用的链接 0 个；商业网站链接 0 个")
    if apps or shops:
        en = ([f"{len(apps)} link(s) launch other apps"] if apps else []) + ([f"{len(shops)} link(s) to commercial sites"] if shops else [])
        zh = ([f"{len(apps)} 个链接唤起第三方应用"] if apps else []) + ([f"{len(shops)} 个链接指向商业网站"] if shops else [])
        return failed("; ".join(en), zh="；".join(zh), value=value, threshold=thr, evidence=(apps + shops)[:30])
    return passed("no app-launch link and no commercial link", zh="无唤起第三方应用或指向商业网站的链接", value=value, threshold=thr)
