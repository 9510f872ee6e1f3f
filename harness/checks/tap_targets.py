"""Tap targets as the user meets them: their size, scaled by the page's initial visual scale. Which elements are
tap targets is decided once, in the DOM gatherer's page library (the artifact ``dom.targets``); the tap-target
check (EL-05) and the elder-mode check (EL-01) judge their size with these functions.

Source: WCAG 2.2 SC 2.5.5 / 2.5.8 (target size; inline targets in a sentence are exempt); MIIT
《移动互联网应用（APP）适老化通用设计规范》 §2.1 (主要组件 ≥ 44 × 44 dp).
"""

from __future__ import annotations

from typing import Any

from .viewport_scale import effective_scale


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
