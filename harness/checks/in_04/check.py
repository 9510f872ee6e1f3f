"""IN-04: payment, download, external links and phone calls through the host (or tel:), never window.open to other sites (支付、下载、外链和拨打电话通过宿主平台（或 tel:），不用 window.open 跳转其他网站). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ...outcomes import Outcome, bi, cant_tell, failed, inapplicable, passed
from .. import ev
from ..host_log import gate


#: Bridge roles that send the user somewhere through the host (IN-04).
OUTBOUND_ROLES = {"pay", "open_link", "phone_call", "download", "close"}
#: Second-level domains under which the registrable domain has three labels (x.gov.cn, x.com.cn …).
_SLD = {"gov", "com", "net", "org", "edu", "ac", "co"}


def site(url: str) -> str | None:
    """The registrable domain of ``url`` (heuristic: the last two labels, three under gov.cn/com.cn …; the whole
    address for IP addresses); None for non-http(s) URLs."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    host = (urlsplit(url).hostname or "").lower()
    if re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host):
        return host
    labels = host.split(".")
    n = 3 if len(labels) >= 3 and labels[-2] in _SLD and len(labels[-1]) == 2 else 2
    return ".".join(labels[-n:])


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """IN-04: payment, download, external links and phone calls go through the host (its pay / downloadFile /
    openLink / phoneCall methods) or ``tel:``; never ``window.open`` or a plain navigation to another site.

    Each visible control that pays, downloads, calls or links to another site is clicked by the outbound probe
    (navigations are stopped before they leave); ``window.open`` calls during the load count too.
    Source: 浙里办 ZWJSBridge (pay, openLink, phoneCall, downloadFile); 青政公〔2019〕24号 三.
    Value: the number of actions that leave the host. Evidence: each control and what it did.
    """
    if (o := gate(a, "IN-04")) is not None:
        return o
    page_site = site((a.get("navigation") or {}).get("final_url") or a.get("url") or "")
    other = lambda u: (s := site(u)) is not None and s != page_site  # noqa: E731
    bad, good, neutral = [], [], []
    for c in (a.get("outbound") or {}).get("candidates", []):
        label = c.get("text") or c.get("href") or c.get("tag")
        if "tel" in c["kinds"]:
            good.append(ev(c, text=label, value="tel:", url=c.get("href")))
            continue
        eff = c.get("effects") or {}
        host = [x for x in eff.get("bridge", []) if x.get("role") in OUTBOUND_ROLES]
        off = [("window.open", u) for u in eff.get("opens", []) if other(u)] + [("navigation", u) for u in eff.get("navigations", []) if other(u)]
        files = [u for u in eff.get("navigations", []) + eff.get("opens", []) if "download" in c["kinds"] and not other(u)]
        if off:
            how, u = off[0]
            bad.append(ev(c, text=label, value=f"{how} to another site", url=u, note="not through the host"))
        elif host:
            good.append(ev(c, text=label, value=f"through the host: {host[0]['name']}()"))
        elif files:
            bad.append(ev(c, text=label, value="download not through the host", url=files[0], note="plain file link"))
        else:
            neutral.append(ev(c, text=label, value="no outbound action observed on click", note=", ".join(c["kinds"])))
    for o in ((a.get("page_state") or {}).get("opens") or []):
        if other(o.get("url") or ""):
            bad.append(ev(value="window.open to another site during the load", url=o.get("url"), note=f"{o.get('t')} ms"))
    thr = bi("through the host or tel:; no window.open/navigation to another site",
             "经宿主接口或 tel: 链接；不以 window.open 或页面跳转离开到其他网站")
    if bad:
        return failed(f"{len(bad)} outbound action(s) leave the host", zh=f"{len(bad)} 处外链、支付、下载或电话未通过宿主平台",
                      value=len(bad), threshold=thr, evidence=bad + neutral)
    if good:
        return passed(f"{len(good)} outbound action(s), all through the host or tel:", zh=f"{len(good)} 处外链、支付、下载或电话均通过宿主平台或 tel:",
                      value=0, threshold=thr, evidence=good + neutral)
    if neutral:
        return cant_tell(f"{len(neutral)} control(s) look outbound but did nothing observable on click", zh=f"{len(neutral)} 个疑似外链/支付控件点击后无可观察动作，需人工确认",
                         value=0, threshold=thr, evidence=neutral)
    return inapplicable("no payment, download, external link or phone control on the page", zh="页面无支付、下载、外链或电话控件", threshold=thr)
