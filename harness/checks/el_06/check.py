"""EL-06: Pop-up close control ≥ 44 × 44 px in a corner or at the bottom centre (弹窗关闭按钮不小于44×44px且位于角落或底部居中). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, failed, inapplicable, passed
from .. import ev


def close_position(ctl_vbox: list[float], panel_vbox: list[float], fraction: float, outside_px: float) -> str | None:
    """Where a close control sits relative to its pop-up panel (viewport CSS px boxes): "top-left", "top-right",
    "bottom-centre", or None. A corner is within ``fraction`` of the panel's width and height from it (or up to
    ``outside_px`` outside the panel); bottom centre is horizontally within ``fraction``/2 of the panel's width
    (at least 24 px) of its centre line, in the bottom ``fraction`` of the panel or up to 1.5 × ``outside_px``
    below it."""
    cx, cy = ctl_vbox[0] + ctl_vbox[2] / 2, ctl_vbox[1] + ctl_vbox[3] / 2
    x, y, w, h = panel_vbox
    near_top = y - outside_px <= cy <= y + fraction * h
    if near_top and x - outside_px <= cx <= x + fraction * w:
        return "top-left"
    if near_top and x + (1 - fraction) * w <= cx <= x + w + outside_px:
        return "top-right"
    if abs(cx - (x + w / 2)) <= max(24, fraction * w / 2) and y + (1 - fraction) * h <= cy <= y + h + 1.5 * outside_px:
        return "bottom-centre"
    return None


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-06: every pop-up (a dialog, or a fixed layer covering ≥ 15 % of the viewport that is not an edge bar)
    open after the page settled has a close control (named or classed close/关闭, ×, 跳过, 取消, 我知道了 …) of at
    least ``min_size`` × ``min_size`` CSS px in a corner of the pop-up's panel or at its bottom centre (see
    :func:`close_position`).

    Source: 《移动互联网应用（APP）适老化通用设计规范》 (pop-ups are easy to close: a clear close control of adequate size in
    a fixed position — described); WCAG 2.2 SC 2.5.5 (44 × 44 CSS px).
    Value: number of pop-ups without a usable close control. Evidence: each pop-up and its close controls.
    """
    pops = [x for x in a["page_facts"].get("popups", []) if x["kind"] == "dialog"]
    m = p["min_size"]
    thr = bi(f"close control ≥ {m} × {m} px in a corner or at the bottom centre",
             f"关闭按钮 ≥ {m} × {m} px，位于角落或底部居中")
    if not pops:
        return inapplicable("no pop-up open on the page", zh="页面没有弹窗", threshold=thr)
    bad, evidence = 0, []
    for pop in pops:
        pv = pop.get("panel_viewport_box") or pop["viewport_box"]
        closes = pop.get("closes") or []
        good, notes = None, []
        for c in closes:
            w, h = c["box"][2], c["box"][3]
            pos = close_position(c["viewport_box"], pv, p["corner_fraction"], p["outside_px"])
            if w + 0.05 >= m and h + 0.05 >= m and pos:
                good = (c, pos)
                break
            notes.append((c, f"{w:g} × {h:g} px" + (f", {pos}" if pos else ", not in a corner or at the bottom centre")))
        if good:
            continue
        bad += 1
        if not closes:
            evidence.append(ev({"selector": pop["panel_selector"], "box": pop["panel_box"]}, text=pop.get("text", "")[:80], note="pop-up with no close control"))
        for c, note in notes[:3]:
            evidence.append(ev(c, text=c.get("name"), value=f"{c['box'][2]:g} × {c['box'][3]:g}", note=f"close control: {note}"))
    if bad:
        return failed(f"{bad} of {len(pops)} pop-up(s) without a close control of {m} × {m} px in a corner or at the bottom centre",
                      zh=f"{len(pops)} 个弹窗中有 {bad} 个缺少位于角落或底部居中、不小于 {m}×{m} px 的关闭按钮",
                      value=bad, threshold=thr, evidence=evidence)
    return passed(f"{len(pops)} pop-up(s), each with a usable close control", zh=f"{len(pops)} 个弹窗均有合规的关闭按钮", value=0, threshold=thr)
