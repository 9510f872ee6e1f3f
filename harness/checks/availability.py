"""Availability checks (可用性): the page answers, loads in time, and is not a white screen."""

from __future__ import annotations

from typing import Any

from ..outcomes import Outcome, bi, cant_tell, failed, passed
from . import check, ev


@check("navigation")
def reachable(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """AV-01: the page loads (load event) within ``timeout_ms`` ms and answers with a status below 400.

    Source: 国办秘函〔2019〕19号, 单项否决 indicator 站点无法访问 ("超过（含）15秒网站仍打不开").
    Value: load time in ms (None when it never loaded). Evidence: the URL, the status, the error.
    """
    nav = a["navigation"]
    limit = p["timeout_ms"]
    load = nav.get("load_ms")
    item = ev(url=nav.get("final_url") or nav.get("url"), value=nav.get("status"), note=nav.get("error"))
    thr = bi(f"≤ {limit} ms; HTTP < 400",
             f"≤ {limit} 毫秒；HTTP 状态码 < 400")
    if nav.get("error") or load is None:
        err = nav.get("error") or "no response"
        return failed(f"the page did not load: {err}", zh=f"页面未能打开：{err}", value=load, threshold=thr, evidence=[item])
    if (nav.get("status") or 0) >= 400:
        return failed(f"the page answered HTTP {nav['status']}", zh=f"页面返回 HTTP {nav['status']} 错误", value=load, threshold=thr, evidence=[item])
    if load > limit:
        return failed(f"the page took {load} ms to load", zh=f"页面加载耗时 {load} ms，超过 {limit} ms", value=load, threshold=thr, evidence=[item])
    return passed(f"loaded in {load} ms with HTTP {nav.get('status')}", zh=f"{load} ms 内打开，HTTP {nav.get('status')}", value=load, threshold=thr)


@check("dom")
def not_blank(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """AV-02: the page is not blank (a white screen: no visible text and a uniform first-screen screenshot)
    and, when ``fail_on_page_error``, raised no uncaught script error.

    Source: 国办秘函〔2019〕19号 (服务不实用: online system cannot be used); 国办函〔2021〕105号.
    Value: {"text_chars", "screenshot_stddev", "page_errors"}.
    """
    dom = a["dom"]
    chars = len("".join((dom.get("visible_text") or "").split()))
    shot = a.get("screenshot") or {}
    stddev = max((shot.get("first_screen") or {}).get("stddev") or [0]) if shot else None
    errors = a.get("page_errors") or []
    value = {"text_chars": chars, "screenshot_stddev": stddev, "page_errors": len(errors)}
    thr = bi(f"text ≥ {p['min_text_chars']} chars or screen stddev > {p['uniform_stddev']}; no uncaught errors",
             f"文字 ≥ {p['min_text_chars']} 字或首屏颜色标准差 > {p['uniform_stddev']}；无未捕获的脚本错误")
    evidence = [ev(note="uncaught script error", text=e["message"]) for e in errors[:10]]
    no_text = chars < p["min_text_chars"]
    if no_text and stddev is None:
        return cant_tell("no visible text, and no screenshot to tell whether the screen is blank",
                         zh="页面没有可见文字，且无截图可判断是否白屏", value=value, threshold=thr, evidence=evidence)
    vp = a["device"]["viewport"]
    if no_text and stddev <= p["uniform_stddev"]:
        extra_en = f"; {len(errors)} uncaught script error(s)" if errors else ""
        extra_zh = f"；{len(errors)} 个未捕获的脚本错误" if errors else ""
        return failed("white screen: no visible text and a uniform first screen" + extra_en,
                      zh="白屏：页面没有可见文字，首屏为纯色" + extra_zh, value=value, threshold=thr,
                      evidence=[ev(box=[0, 0, vp["width"], vp["height"]], note="blank first screen")] + evidence)
    if errors and p["fail_on_page_error"]:
        return failed(f"{len(errors)} uncaught script error(s)", zh=f"{len(errors)} 个未捕获的脚本错误", value=value, threshold=thr, evidence=evidence)
    return passed(f"{chars} visible characters, no uncaught script error", zh=f"可见文字 {chars} 个，无未捕获的脚本错误", value=value, threshold=thr)
