"""TX-01: Legible text: most text at least 12 CSS px (文字清晰可读：多数文字不小于12px). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, failed, inapplicable, passed
from .. import ev
from ..viewport_scale import effective_scale


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """TX-01: at least ``min_share`` of the visible characters are shown at ≥ ``min_font_px`` CSS px
    (font size × the page's initial scale, so that shrunk desktop pages count as what the user sees).

    Source: 《移动互联网应用（APP）适老化通用设计规范》 font size; 浙里办 visual rules.
    Value: the share (0–1). Evidence: the largest runs of text below the size.
    """
    dom = a["dom"]
    scale = effective_scale(a)
    hist = dom.get("font_histogram") or []
    total = sum(c for _, c in hist)
    thr = bi(f"≥ {p['min_share']:.0%} of text ≥ {p['min_font_px']} px",
             f"≥ {p['min_share']:.0%} 的文字字号 ≥ {p['min_font_px']} px")
    if total == 0:
        return inapplicable("no visible text", zh="页面没有可见文字", threshold=thr)
    ok = sum(c for fs, c in hist if fs * scale >= p["min_font_px"] - 0.01)
    share = ok / total
    small = sorted((t for t in dom.get("texts", []) if t["font_size"] * scale < p["min_font_px"] - 0.01),
                   key=lambda t: -t["chars"])[:15]
    evidence = [ev(t, text=t["text"][:80], value=round(t["font_size"] * scale, 1),
                   note=f"{t['font_size']:g} px" + (f" × scale {scale:g}" if scale != 1 else "")) for t in small]
    en = f"{share:.0%} of {total} characters at ≥ {p['min_font_px']} px" + (f" (page shown at scale {scale:g})" if scale != 1 else "")
    zh = f"{total} 个字符中 {share:.0%} 不小于 {p['min_font_px']} px" + (f"（页面被缩放为 {scale:g} 倍显示）" if scale != 1 else "")
    if share + 1e-9 < p["min_share"]:
        return failed(en, zh=zh, value=round(share, 3), threshold=thr, evidence=evidence)
    return passed(en, zh=zh, value=round(share, 3), threshold=thr, evidence=evidence)
