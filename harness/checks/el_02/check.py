"""EL-02: Text enlarged to 200 % stays readable: no horizontal scrolling, nothing clipped (文字放大到200%仍可阅读：无横向滚动、无文字被截断). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, failed, inapplicable, passed
from .. import ev


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-02: with every font size enlarged to ``EL-02.factor`` × (200 %; the ``text_zoom`` stage, run last on
    the primary load at the device width), the page needs no horizontal scrolling (``scrollWidth`` ≤
    ``clientWidth`` + ``tolerance`` CSS px; content cut off at the right edge by ``overflow-x: hidden`` on
    html/body counts, as in UI-01) and no text is cut off by a box with hidden/clip overflow (text an inner scroll
    container can scroll into view, as in an app shell, is not cut off).

    Source: 《移动互联网应用（APP）适老化通用设计规范》 (users can adjust the font size; the page stays usable — described);
    《互联网网站适老化通用设计规范》 (文字放大 — described); WCAG 2.0 SC 1.4.4 Resize text (200 %), SC 1.4.10 Reflow;
    GB/T 37668-2019 (same criteria).
    Value: {"overflow_px", "clipped"}. Evidence: elements past the right edge and clipped texts (boxes measured
    with the enlarged text).
    """
    z = a["text_zoom"]
    if not z.get("text_elements"):
        return inapplicable("the page shows no text to enlarge", zh="页面没有可放大的文字")
    # Under overflow-x: hidden on html/body the page cannot scroll sideways: what counts is the content cut off at
    # the right edge (hidden_overflow), as in UI-01.
    over = 0 if z.get("viewport_clipped") else z["scroll_width"] - z["client_width"]
    hidden = z.get("hidden_overflow")
    offenders = z.get("offenders", [])
    if hidden and hidden["overflow"] > over:
        over, offenders = hidden["overflow"], hidden.get("offenders", [])
    clipped = [c for c in z.get("clipped", []) if c["kind"] == "clipped"]
    value = {"overflow_px": over, "clipped": len(clipped)}
    thr = bi(f"at {z['factor']:g}× text: overflow ≤ {p['tolerance']} px, 0 clipped texts",
             f"文字放大 {z['factor']:g} 倍时：横向溢出 ≤ {p['tolerance']} px，无文字被截断")
    evidence = [ev(o, note=f"right edge at {o['right']:g} px > {z['client_width']} px with {z['factor']:g}× text") for o in offenders[:10]]
    evidence += [ev(c, text=c.get("text"), value=c.get("hidden_px"), note=f"text cut off by {c['hidden_px']:g} px ({c['axis']})") for c in clipped[:15]]
    en, zh = [], []
    if over > p["tolerance"]:
        en.append(f"the page scrolls sideways by {over} px")
        zh.append(f"页面横向溢出 {over} px")
    if clipped:
        en.append(f"{len(clipped)} text(s) cut off")
        zh.append(f"{len(clipped)} 处文字被截断")
    if en:
        return failed(f"with text at {z['factor']:.0%}: " + " and ".join(en), zh=f"文字放大到 {z['factor']:.0%} 后" + "，".join(zh),
                      value=value, threshold=thr, evidence=evidence)
    return passed(f"text at {z['factor']:.0%} reflows: no horizontal scrolling, nothing cut off ({z.get('text_elements')} text elements)",
                  zh=f"文字放大到 {z['factor']:.0%} 后无横向滚动、无文字被截断", value=value, threshold=thr)
