"""EL-01: elder mode: when the host says elder, text ≥ 18 CSS px and tap targets ≥ 60 × 60 CSS px, footer included (长辈版：宿主为长辈模式时，正文不小于18px、可点击元素不小于60×60px（含页脚）). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any

from ...outcomes import Outcome, bi, error, failed, inapplicable, passed
from .. import ev
from ..host_log import call_text, gate
from ..tap_targets import undersized_targets
from ..viewport_scale import effective_scale


def _footer(selector: str | None) -> str | None:
    return "footer" if selector and re.search(r"(^|[\s>])footer\b|contentinfo", selector) else None


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-01: when the host says ``elder`` (长辈版), the page's text is at least ``min_font_px`` CSS px and its tap
    targets at least ``min_size`` × ``min_size`` CSS px, on the page and its footer (the ``platform_elder``
    variant load, where getUiStyle answers elder).

    Source: 《移动互联网应用（APP）适老化通用设计规范》 (主要文字 ≥ 18 dp; 可点击元素 ≥ 60 × 60 dp in 适老版);
    浙里办 getUiStyle/长辈版 rules.
    Value: {"text_below": characters below, "targets_below": targets below}. Evidence: each text and target.
    """
    if (o := gate(a, "EL-01")) is not None:
        return o
    v = a["variants"]["platform_elder"]
    vd = v.get("dom")
    if vd is None:
        err = (v.get("navigation") or {}).get("error") or (v.get("errors") or {}).get("dom") or "not gathered"
        return error(f"the elder-mode load has no DOM: {err}", zh=f"长辈版加载未取得页面内容：{err}")
    scale = effective_scale(v)
    mf, ms = p["min_font_px"], p["min_size"]
    texts = [t for t in vd.get("texts", []) if t["chars"] >= p["min_chars"]]
    small = [t for t in texts if t["font_size"] * scale < mf - 0.01]
    total = sum(t["chars"] for t in texts)
    small_chars = sum(t["chars"] for t in small)
    bad_targets, n_targets = undersized_targets(v, ms, p["exempt_inline"])
    asked = [c for c in (v.get("bridge") or {}).get("calls", []) if c.get("kind") == "call" and c.get("role") == "ui_style"]
    thr = bi(f"text ≥ {mf} px; tap targets ≥ {ms} × {ms} px (elder mode)",
             f"长辈版：文字 ≥ {mf} px；点击区域 ≥ {ms} × {ms} px")
    if not texts and n_targets == 0:
        return inapplicable("no text and no tap targets in elder mode", zh="长辈版页面无文字和可点击元素", threshold=thr)
    evidence = [ev(t, text=t["text"][:60], value=f"{t['font_size'] * scale:g} px", note=_footer(t.get("selector")))
                for t in sorted(small, key=lambda t: t["font_size"])[:12]]
    evidence += [ev(t, text=t.get("name") or t["tag"], value=f"{w:g} × {h:g}", note=_footer(t.get("selector"))) for t, (w, h) in bad_targets[:12]]
    value = {"text_below": small_chars, "targets_below": len(bad_targets)}
    ask_en = "" if asked else "; the page never asks the host for its UI style"
    ask_zh = "" if asked else "；页面未向宿主查询界面模式（getUiStyle）"
    share = small_chars / total if total else 0
    if share > p["max_share_below"] + 1e-9 or bad_targets:
        return failed(f"in elder mode {small_chars} of {total} characters are below {mf} px and {len(bad_targets)} of {n_targets} tap targets below {ms} × {ms} px{ask_en}",
                      zh=f"长辈版下 {total} 个字中 {small_chars} 个小于 {mf} px，{n_targets} 个可点击元素中 {len(bad_targets)} 个小于 {ms}×{ms} px{ask_zh}",
                      value=value, threshold=thr, evidence=evidence)
    return passed(f"in elder mode all text ≥ {mf} px and all {n_targets} tap targets ≥ {ms} × {ms} px",
                  zh=f"长辈版下文字均不小于 {mf} px，{n_targets} 个可点击元素均不小于 {ms}×{ms} px", value=value, threshold=thr,
                  evidence=[ev(text=call_text(c), value=c.get("answer")) for c in asked[:3]])
