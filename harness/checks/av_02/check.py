"""AV-02: Page not blank and no uncaught script error (页面非白屏且无未捕获脚本错误). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, cant_tell, failed, passed
from .. import ev
from ..white_screen import reading


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """AV-02: the page is not blank (a white screen: no visible text and a uniform first-screen screenshot).
    An uncaught script error alone is a warning (passed, ``warning``, the errors as evidence): the page shows
    content, so the service is not unusable (国办秘函〔2019〕19号 counts what cannot be used); with
    ``fail_on_page_error`` (default off) it fails instead. A white screen with script errors fails, the errors
    listed as its cause.

    Source: 国办秘函〔2019〕19号 (服务不实用: online system cannot be used); 国办函〔2021〕105号.
    Value: {"text_chars", "screenshot_stddev", "page_errors"}.
    """
    blank, value = reading(a, p["min_text_chars"], p["uniform_stddev"])
    chars, errors = value["text_chars"], a.get("page_errors") or []
    tail = ("; no uncaught errors", "；无未捕获的脚本错误") if p["fail_on_page_error"] else ("; uncaught errors warn", "；未捕获的脚本错误仅作警告")
    thr = bi(f"text ≥ {p['min_text_chars']} chars or screen stddev > {p['uniform_stddev']}{tail[0]}",
             f"文字 ≥ {p['min_text_chars']} 字或首屏颜色标准差 > {p['uniform_stddev']}{tail[1]}")
    evidence = [ev(note="uncaught script error", text=e["message"]) for e in errors[:10]]
    if blank is None:
        return cant_tell("no visible text, and no screenshot to tell whether the screen is blank",
                         zh="页面没有可见文字，且无截图可判断是否白屏", value=value, threshold=thr, evidence=evidence)
    vp = a["device"]["viewport"]
    if blank:
        extra_en = f"; {len(errors)} uncaught script error(s)" if errors else ""
        extra_zh = f"；{len(errors)} 个未捕获的脚本错误" if errors else ""
        return failed("white screen: no visible text and a uniform first screen" + extra_en,
                      zh="白屏：页面没有可见文字，首屏为纯色" + extra_zh, value=value, threshold=thr,
                      evidence=[ev(box=[0, 0, vp["width"], vp["height"]], note="blank first screen")] + evidence)
    if errors and p["fail_on_page_error"]:
        return failed(f"{len(errors)} uncaught script error(s)", zh=f"{len(errors)} 个未捕获的脚本错误", value=value, threshold=thr, evidence=evidence)
    if errors:
        return passed(f"{chars} visible characters; {len(errors)} uncaught script error(s), a warning: the page shows content",
                      zh=f"可见文字 {chars} 个；{len(errors)} 个未捕获的脚本错误（警告：页面仍展示内容）", value=value, threshold=thr,
                      evidence=evidence, warning=True)
    return passed(f"{chars} visible characters, no uncaught script error", zh=f"可见文字 {chars} 个，无未捕获的脚本错误", value=value, threshold=thr)
