"""PF-02: Page weight and request count within budget (页面体积与请求数在预算内). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, failed, passed
from .. import ev
from ..browser_requests import browser_favicon_guess


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """PF-02: the page's transfer size (sum of the CDP ``encodedDataLength`` of every request of the load: headers
    and bodies as sent over the network, bytes) is ≤ ``max_bytes`` and its request count ≤ ``max_requests``
    (``data:`` and ``blob:`` URLs are not requests on the network and are not counted, nor is the browser's own
    ``/favicon.ico`` guess when the page references no icon).

    Source: 国办函〔2021〕105号 (mobile services light and fast on mobile networks — described, clause number not
    confirmed); the default budgets follow from PF-01's profile (1 MiB takes about 5 s at 1.6 Mbit/s).
    Value: {"bytes", "requests"}. Evidence: the largest requests.
    """
    reqs = [r for r in a.get("network") or [] if (r.get("url") or "").startswith(("http:", "https:")) and not browser_favicon_guess(r, a)]
    total = sum(int(r.get("bytes") or 0) for r in reqs)
    value = {"bytes": total, "requests": len(reqs)}
    thr = bi(f"≤ {p['max_bytes']} bytes, ≤ {p['max_requests']} requests",
             f"≤ {p['max_bytes']} 字节，≤ {p['max_requests']} 个请求")
    largest = sorted(reqs, key=lambda r: -(r.get("bytes") or 0))[:10]
    evidence = [ev(url=r["url"], value=int(r.get("bytes") or 0), note=f"{r.get('type')}: {int(r.get('bytes') or 0)} bytes") for r in largest if r.get("bytes")]
    en, zh = [], []
    if total > p["max_bytes"]:
        en.append(f"{total} bytes transferred (budget {p['max_bytes']})")
        zh.append(f"传输 {total} 字节（预算 {p['max_bytes']}）")
    if len(reqs) > p["max_requests"]:
        en.append(f"{len(reqs)} requests (budget {p['max_requests']})")
        zh.append(f"{len(reqs)} 个请求（预算 {p['max_requests']}）")
    if en:
        return failed("over budget: " + ", ".join(en), zh="超出预算：" + "，".join(zh), value=value, threshold=thr, evidence=evidence)
    return passed(f"{total} bytes in {len(reqs)} requests", zh=f"共 {len(reqs)} 个请求、{total} 字节", value=value, threshold=thr, evidence=evidence[:3])
