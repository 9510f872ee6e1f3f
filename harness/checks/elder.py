"""适老化 checks (elder-friendly design, MIIT 2021 specifications): line spacing, tap target size."""

from __future__ import annotations

from typing import Any

from ..outcomes import Outcome, bi, failed, inapplicable, passed
from . import check, ev
from .text import effective_scale


def is_body_text(t: dict[str, Any], min_chars: int) -> bool:
    """A text record is body text when it has ≥ ``min_chars`` characters of its own and is not a heading,
    link, label or control."""
    return t["chars"] >= min_chars and not t.get("heading") and not t.get("in_control")


@check("dom")
def line_spacing(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-03: body text has line-height ≥ ``min_ratio`` × font-size (share of failing characters ≤
    ``max_share_failing``). ``line-height: normal`` is measured in the page for the font in use.

    Source: 《互联网网站适老化通用设计规范》/《移动互联网应用（APP）适老化通用设计规范》 行间距; WCAG SC 1.4.12.
    Value: the smallest ratio found. Evidence: each body-text element below the ratio.
    """
    body = [t for t in a["dom"].get("texts", []) if is_body_text(t, p["min_chars"])]
    thr = bi(f"line-height ≥ {p['min_ratio']} × font-size",
             f"行高 ≥ {p['min_ratio']} × 字号")
    if not body:
        return inapplicable(f"no body text (runs of ≥ {p['min_chars']} characters)", zh=f"页面没有正文（不少于 {p['min_chars']} 字的段落）", threshold=thr)
    ratios = [(t["line_height"] / t["font_size"] if t["font_size"] else 99, t) for t in body]
    bad = [(r, t) for r, t in ratios if r + 1e-6 < p["min_ratio"]]
    total = sum(t["chars"] for t in body)
    bad_chars = sum(t["chars"] for _, t in bad)
    lowest = round(min(r for r, _ in ratios), 2)
    evidence = [ev(t, text=t["text"][:80], value=round(r, 2), note=f"line-height {t['line_height']:g} px / font-size {t['font_size']:g} px")
                for r, t in sorted(bad, key=lambda x: x[0])[:15]]
    if bad_chars / total > p["max_share_failing"] + 1e-9:
        return failed(f"{len(bad)} body-text element(s) ({bad_chars} of {total} characters) below {p['min_ratio']}×; lowest {lowest}×",
                      zh=f"{len(bad)} 处正文（{total} 字中的 {bad_chars} 字）行距小于 {p['min_ratio']} 倍，最小 {lowest} 倍",
                      value=lowest, threshold=thr, evidence=evidence)
    return passed(f"{len(body)} body-text element(s); lowest line spacing {lowest}×", zh=f"正文 {len(body)} 处，最小行距 {lowest} 倍",
                  value=lowest, threshold=thr, evidence=evidence)


def target_size(t: dict[str, Any]) -> tuple[float, float]:
    """Width and height (CSS px) of a tap target: its own box, or its label's when the label wraps it."""
    w, h = t["box"][2], t["box"][3]
    lab = t.get("label")
    if lab and lab.get("wraps"):
        w, h = max(w, lab["box"][2]), max(h, lab["box"][3])
    return w, h


def undersized_targets(a: dict[str, Any], min_size: float, exempt_inline: bool) -> tuple[list, int]:
    """Tap targets smaller than ``min_size`` × ``min_size`` CSS px (scaled by the page's initial scale).
    Returns ([(target, (w, h))], number of targets considered)."""
    scale = effective_scale(a)
    considered, bad = 0, []
    for t in a["dom"].get("targets", []):
        if exempt_inline and t.get("inline"):
            continue
        considered += 1
        w, h = target_size(t)
        w, h = w * scale, h * scale
        if w + 0.05 < min_size or h + 0.05 < min_size:
            bad.append((t, (round(w, 1), round(h, 1))))
    return bad, considered


@check("dom")
def tap_target_size(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-05: every tap target (links, buttons, fields, [role=button] …) is at least ``min_size`` ×
    ``min_size`` CSS px; inline links in text are exempt when ``exempt_inline``.

    Source: 《移动互联网应用（APP）适老化通用设计规范》 可点击区域; WCAG 2.2 SC 2.5.5 Target Size (Enhanced).
    Value: number of undersized targets. Evidence: each offending element's selector and box.
    """
    m = p["min_size"]
    thr = bi(f"≥ {m} × {m} px",
             f"点击区域 ≥ {m} × {m} px")
    bad, n = undersized_targets(a, m, p["exempt_inline"])
    if n == 0:
        return inapplicable("no tap targets", zh="页面没有可点击元素", threshold=thr)
    evidence = [ev(t, text=t.get("name") or t["tag"], value=f"{w:g} × {h:g}") for t, (w, h) in bad[:30]]
    if bad:
        return failed(f"{len(bad)} of {n} tap targets smaller than {m} × {m} px", zh=f"{n} 个可点击元素中有 {len(bad)} 个小于 {m}×{m} px",
                      value=len(bad), threshold=thr, evidence=evidence)
    return passed(f"all {n} tap targets at least {m} × {m} px", zh=f"全部 {n} 个可点击元素均不小于 {m}×{m} px", value=0, threshold=thr)
