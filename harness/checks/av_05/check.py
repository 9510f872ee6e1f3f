"""AV-05: no white screen under extra query parameters or a fragment (带额外参数或锚点时不白屏)."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, cant_tell, failed, inapplicable, passed
from .. import ev
from ..white_screen import reading


def _blank(a: dict[str, Any], p: dict[str, Any]) -> tuple[bool | None, dict[str, Any]]:
    """(blank?, measures) of one load, read as AV-02 reads it (:func:`harness.checks.white_screen.reading`)."""
    return reading(a, p["min_text_chars"], p["uniform_stddev"])


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """AV-05: the target opened again with ``query`` appended to its URL (and ``#fragment`` when it has none),
    the variant load ``odd_url`` (a 302 to that URL, so the server sees the parameters too), is not a white
    screen and its document does not answer ≥ 400, when the primary load was not blank.

    Inapplicable when the primary load is itself blank (AV-02's verdict). cantTell when the variant load never
    reached the odd URL (the redirect was not answered) or when blankness cannot be told.

    Source: 浙里办 服务开发指引 §6.5.4 审核用例 (by the issue's account; text not read); 国办秘函〔2019〕19号
    服务不实用. The parameters are the tool's choice of typical ones.
    Value: {"text_chars", "screenshot_stddev", "page_errors", "status"} of the variant load.
    """
    v = a["variants"]["odd_url"]
    rec = v.get("odd_url") or {}
    thr = bi(f"not blank (text ≥ {p['min_text_chars']} chars or screen stddev > {p['uniform_stddev']}) and status < 400 with ?…&{p['query']}",
             f"追加参数 {p['query']} 后页面非白屏（文字 ≥ {p['min_text_chars']} 字或首屏标准差 > {p['uniform_stddev']}）且状态码 < 400")
    primary_blank, _ = _blank(a, p)
    if primary_blank is not False:
        return inapplicable("the page is blank (or cannot be told) without extra parameters: AV-02 judges it",
                            zh="页面在不带额外参数时即白屏或无法判断：由 AV-02 判定", threshold=thr)
    if not rec.get("redirected"):
        return cant_tell("the load with extra parameters did not reach the odd URL (the redirect was not answered)",
                         zh="带额外参数的加载未能打开追加参数后的地址", threshold=thr)
    blank, m = _blank(v, p)
    nav = v.get("navigation") or {}
    m["status"] = nav.get("status")
    url = rec.get("url")
    errors = [ev(note="uncaught script error", text=e.get("message")) for e in (v.get("page_errors") or [])[:10]]
    if (nav.get("status") or 0) >= 400:
        return failed(f"the page answers {nav['status']} when its URL carries extra parameters",
                      zh=f"链接带额外参数时页面返回状态码 {nav['status']}", value=m, threshold=thr,
                      evidence=[ev(url=url, note=f"status {nav['status']}")])
    if blank is None:
        return cant_tell("no visible text with extra parameters, and no screenshot to tell whether the screen is blank",
                         zh="带额外参数时页面无可见文字，且无截图可判断是否白屏", value=m, threshold=thr, evidence=[ev(url=url)])
    if blank:
        vp = (v.get("device") or a.get("device") or {}).get("viewport") or {"width": 0, "height": 0}
        extra = f"; {m['page_errors']} uncaught script error(s)" if m["page_errors"] else ""
        extra_zh = f"；{m['page_errors']} 个未捕获的脚本错误" if m["page_errors"] else ""
        return failed("white screen when the URL carries extra parameters" + extra,
                      zh="链接带额外参数或锚点时白屏" + extra_zh, value=m, threshold=thr,
                      evidence=[ev(url=url, box=[0, 0, vp["width"], vp["height"]], note="blank first screen")] + errors)
    return passed(f"{m['text_chars']} visible characters with extra parameters", zh=f"带额外参数时可见文字 {m['text_chars']} 个",
                  value=m, threshold=thr)
