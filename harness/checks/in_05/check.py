"""IN-05: title set through the host and equal to the service name (通过宿主平台设置标题，且与服务名称一致). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, failed, inapplicable, passed
from .. import ev
from ..host_log import call_text, final_calls, gate


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """IN-05: the title the host displays equals the registered service name: the last title set through the host
    (setTitle), or, where the host shows the page's document.title when none is set (profile
    ``bridge.shows_document_title``: 浙里办, which tests the displayed title, not the setTitle call), the page's <title>.

    Source: 浙里办 ZWJSBridge.setTitle and its review of the displayed title; 国办函〔2021〕105号 (名称规范统一).
    Value: the last title set. Evidence: each setTitle call.
    """
    if (o := gate(a, "IN-05")) is not None:
        return o
    service = ((a.get("target") or {}).get("service_name") or "").strip()
    thr = bi(f"title set through the host = {service!r}" if service else "title set through the host",
             f"经宿主设置标题 = “{service}”" if service else "经宿主设置标题")
    if not service:
        return inapplicable("no service name registered for this system", zh="未登记服务名称", threshold=thr)
    calls = [c for c in final_calls(a["bridge"]) if c["kind"] == "call" and c.get("role") == "set_title"]
    if not calls:
        shown = ((a["bridge"].get("profile") or {}).get("bridge") or {}).get("shows_document_title")
        doc_title = (a.get("dom") or {}).get("title")
        doc_title = doc_title.strip() if isinstance(doc_title, str) else None
        if shown and doc_title == service:
            return passed(f"the host shows document.title: {doc_title!r}", zh=f"宿主显示页面标题“{doc_title}”", value=doc_title, threshold=thr)
        if shown:
            return failed(f"the host shows document.title {doc_title!r}, not the service name {service!r}",
                          zh=f"宿主显示的页面标题“{doc_title}”与服务名称“{service}”不一致", value=doc_title, threshold=thr)
        return failed("the title is not set through the host", zh="未通过宿主平台设置标题", value=None, threshold=thr)
    arg = (calls[-1].get("args") or [None])[0]
    title = arg.get("title") if isinstance(arg, dict) else arg
    title = title.strip() if isinstance(title, str) else title
    evidence = [ev(text=call_text(c), value=c.get("t")) for c in calls[:10]]
    if title != service:
        return failed(f"the host's title is {title!r}, not the service name {service!r}", zh=f"宿主标题为“{title}”，与服务名称“{service}”不一致",
                      value=title, threshold=thr, evidence=evidence)
    return passed(f"title set through the host: {title!r}", zh=f"已通过宿主平台设置标题“{title}”", value=title, threshold=thr, evidence=evidence)
