"""UI-06: No overlapping tap targets or clipped text at 320/375/414 px (320/375/414px 下无重叠的可点击元素、无被截断的文字). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, error, failed, passed
from .. import ev


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """UI-06: at each width in ``widths`` (CSS px, same load, viewport resized), no two tap targets overlap by
    ``min_overlap_px`` or more in both directions, and no text is cut off by a box with hidden/clip overflow
    (ellipsis and line-clamp truncation count only when ``count_ellipsis``). Targets under an open modal layer are
    not compared (EL-06 judges the pop-up).

    Source: 《移动互联网应用（APP）适老化通用设计规范》 (controls easy to tell apart and tap — described); WCAG 2.2
    SC 2.5.8 Target Size (Minimum) spacing; WCAG 2.1 SC 1.4.10 Reflow (no loss of content).
    Value: {width: {"overlaps", "clipped"}}. Evidence: each pair (box of the first, note naming the other) and
    each clipped text, with the width it was measured at.
    """
    layout = a["layout"]
    value, evidence, missing = {}, [], []
    n_over = n_clip = 0
    for w in p["widths"]:
        m = (layout.get(str(w)) or {}).get("targets")
        if not m or "error" in m:
            missing.append(str(w))
            continue
        clipped = [c for c in m.get("clipped", []) if c["kind"] == "clipped" or p["count_ellipsis"]]
        value[str(w)] = {"overlaps": len(m.get("overlaps", [])), "clipped": len(clipped)}
        n_over += len(m.get("overlaps", []))
        n_clip += len(clipped)
        for o in m.get("overlaps", [])[:8]:
            evidence.append(ev(o, width=w, text=o.get("text"), note=f"overlaps {o['other']} ({o.get('other_text')!s}) by {o['overlap'][2]:g} × {o['overlap'][3]:g} px"))
        for c in clipped[:8]:
            evidence.append(ev(c, width=w, text=c.get("text"), value=c.get("hidden_px"),
                               note=f"text {c['kind']} on the {c['axis']} axis by {c['hidden_px']:g} px" + (f" (by {c['clipped_by']})" if c.get("clipped_by") else "")))
    thr = bi(f"0 overlapping tap targets (≥ {p['min_overlap_px']} px), 0 clipped texts @ {'/'.join(map(str, p['widths']))} px",
             f"无重叠的点击区域（≥ {p['min_overlap_px']} px）、无被截断的文字（宽度 {'/'.join(map(str, p['widths']))} px）")
    if n_over or n_clip:
        bad = [w for w, v in value.items() if v["overlaps"] or v["clipped"]]
        return failed(f"{n_over} overlapping tap-target pair(s) and {n_clip} clipped text(s) at {', '.join(bad)} px",
                      zh=f"{'/'.join(bad)} px 宽度下有 {n_over} 对可点击元素重叠、{n_clip} 处文字被截断",
                      value=value, threshold=thr, evidence=evidence[:30])
    if missing:
        return error(f"not measured at {', '.join(missing)} px", zh=f"未能在 {'/'.join(missing)} px 宽度下测量", value=value, threshold=thr)
    return passed("no overlapping tap targets or clipped text at any measured width", zh="各测量宽度下无重叠的可点击元素或被截断的文字",
                  value=value, threshold=thr)
