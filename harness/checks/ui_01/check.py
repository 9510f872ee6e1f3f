"""UI-01: No horizontal scrolling: content not wider than the screen (无横向滚动：内容不超出屏幕宽度). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, error, failed, passed
from .. import ev


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """UI-01: at each width in ``widths`` (CSS px), ``documentElement.scrollWidth`` ≤ ``clientWidth`` +
    ``tolerance``. (``innerWidth`` is not used: under mobile emulation it grows with the content.) Content cut off
    at the right edge by ``overflow-x: hidden``/``clip`` on ``html`` or ``body`` counts as overflow too (the
    layout's ``hidden_overflow``: the page does not scroll, and the hidden part cannot be reached by any means);
    content in an inner scrolling container (a tab strip with ``overflow-x: auto``) and elements parked wholly off
    screen (a closed drawer) do not count.

    Source: 《互联网网站适老化通用设计规范》 page layout; WCAG 2.1/2.2 SC 1.4.10 Reflow.
    Value: {width: overflow in CSS px}. Evidence: outermost overflowing elements per width.
    """
    layout = a["layout"]
    tol = p["tolerance"]
    overflow: dict[str, float] = {}
    evidence = []
    missing = []
    cut: list[int] = []  # widths where the overflow is cut off by html/body rather than scrollable
    for w in p["widths"]:
        m = layout.get(str(w))
        if not m:
            missing.append(w)
            continue
        # Under a clipped viewport scrollWidth is no scrolling: only the cut-off content counts.
        over = 0 if m.get("viewport_clipped") else m["scroll_width"] - m["client_width"]
        hidden = m.get("hidden_overflow")
        if hidden and hidden["overflow"] > over:
            # Cut off by overflow-x: hidden on html/body: no scrolling, and the part past the edge is unreachable.
            over = hidden["overflow"]
            cut.append(w)
            if over > tol:
                for o in hidden.get("offenders", [])[:10]:
                    evidence.append(ev(o, width=w, note=f"right edge at {o['right']:g} px > {m['client_width']} px, cut off by "
                                                        f"overflow-x: hidden on {hidden['by']} (cannot be scrolled to)"))
        overflow[str(w)] = over
        if hidden and hidden["overflow"] >= over:
            continue
        if over > tol:
            for o in m.get("offenders", [])[:10]:
                evidence.append(ev(o, width=w, note=f"right edge at {o['right']:g} px > {m['client_width']} px"))
            if not m.get("offenders"):
                evidence.append(ev(width=w, note=f"scrollWidth {m['scroll_width']} > clientWidth {m['client_width']}"))
    thr = bi(f"overflow ≤ {tol} px @ {'/'.join(map(str, p['widths']))} px",
             f"横向溢出 ≤ {tol} px（宽度 {'/'.join(map(str, p['widths']))} px）")
    bad = {w: o for w, o in overflow.items() if o > tol}
    if bad:
        en = ", ".join(f"{o:g} px too wide at {w} px" for w, o in bad.items())
        zh = "，".join(f"{w} px 宽时超出 {o:g} px" for w, o in bad.items())
        if cut:
            return failed(f"content wider than the screen, cut off by overflow-x: hidden (cannot be scrolled to): {en}",
                          zh=f"内容超出屏幕宽度且被 overflow-x:hidden 裁切（无法滚动查看）：{zh}", value=overflow, threshold=thr, evidence=evidence)
        return failed(f"horizontal scrolling: content is {en}", zh=f"出现横向滚动：内容{zh}", value=overflow, threshold=thr, evidence=evidence)
    if missing:
        ws = ", ".join(map(str, missing))
        return error(f"not measured at {ws} px", zh=f"未能在 {ws} px 宽度下测量", value=overflow, threshold=thr)
    return passed("no horizontal overflow at any measured width", zh="各测量宽度下均无横向溢出", value=overflow, threshold=thr)
