"""AV-01: Page reachable within 15 s (页面可在15秒内打开). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, failed, passed
from .. import ev
from ..reach import judge


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """AV-01: the page loads (load event) within ``timeout_ms`` ms and answers with a status below 400, and the
    address ends on a page: one whose main frame turned into a download (the address itself, or the page navigating
    itself to a file, :func:`harness.checks.reach.judge` kind ``download``) fails — a citizen gets a file, not the
    service page (measured, hence failed, not error).

    Source: 国办秘函〔2019〕19号, 单项否决 indicator 站点无法访问 ("超过（含）15秒网站仍打不开").
    Value: {"load_ms": load time in ms (None when it never loaded), "opened": whether the page opened at all
    (False: no response, a load error, HTTP ≥ 400 or a download; True when it only took too long)}: a checklist may
    make the first a veto and the second a deduction (``veto_when``). Evidence: the URL, the status, the error.
    """
    nav = a["navigation"]
    limit = p["timeout_ms"]
    load = nav.get("load_ms")
    shut = {"load_ms": load, "opened": False}
    item = ev(url=nav.get("final_url") or nav.get("url"), value=nav.get("status"), note=nav.get("error"))
    thr = bi(f"≤ {limit} ms; HTTP < 400",
             f"≤ {limit} 毫秒；HTTP 状态码 < 400")
    reach = judge(a)
    if reach and reach["kind"] == "download":
        item = ev(url=reach["to"], value=nav.get("status"), note="download")
        why = f": {nav['error']}" if nav.get("error") else ""
        return failed(f"the address turned into a download instead of a page ({reach['to']}){why}",
                      zh=f"地址打开后变成文件下载，而不是页面（{reach['to']}）{why}", value=shut, threshold=thr, evidence=[item])
    if nav.get("error") or load is None:
        err = nav.get("error") or "no response"
        return failed(f"the page did not load: {err}", zh=f"页面未能打开：{err}", value=shut, threshold=thr, evidence=[item])
    if (nav.get("status") or 0) >= 400:
        return failed(f"the page answered HTTP {nav['status']}", zh=f"页面返回 HTTP {nav['status']} 错误", value=shut, threshold=thr, evidence=[item])
    if load > limit:
        return failed(f"the page took {load} ms to load", zh=f"页面加载耗时 {load} ms，超过 {limit} ms", value={"load_ms": load, "opened": True}, threshold=thr, evidence=[item])
    return passed(f"loaded in {load} ms with HTTP {nav.get('status')}", zh=f"{load} ms 内打开，HTTP {nav.get('status')}", value={"load_ms": load, "opened": True}, threshold=thr)
