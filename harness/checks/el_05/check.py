"""EL-05: Tap targets at least 44 × 44 CSS px (可点击元素不小于44×44px). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, failed, inapplicable, passed
from .. import ev
from ..tap_targets import undersized_targets


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-05: every tap target (links, buttons, fields, [role=button] …) is at least ``min_size`` ×
    ``min_size`` CSS px; inline links in text are exempt when ``exempt_inline`` (WCAG 2.5.8 "Inline": a link in a
    sentence or block of text, also inside inline wrappers such as ``<span><a>`` or beside ``<span>`` text, is
    sized by the line; MIIT's rule is about 主要组件). A link on its own (a grid of links, a list item whose only
    text is the link) is not exempt.

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
