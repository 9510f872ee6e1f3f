"""EL-02: The page follows the user's text size, and text enlarged to 200 % stays readable: no horizontal scrolling, nothing clipped (页面跟随用户字号；文字放大到200%仍可阅读：无横向滚动、无文字被截断). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, cant_tell, failed, inapplicable, passed
from .. import ev


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-02: the page follows the user's text size (MIIT APP 适老化规范 §1.1: 字型大小应可调整，随系统设置调整):
    no ``text-size-adjust: none`` (any prefix, in a CSS rule, <style> text, a style attribute or the computed style
    of html/body), and no script that, when the text size changes (the browser's default font size set to
    ``factor`` × 16 px, then a resize event), writes inline px font sizes that undo it (the text grew at once on at
    least half of its characters, and no longer does after the page's scripts ran). Then, with every font size enlarged to ``EL-02.factor`` × (200 %; the ``text_zoom`` stage, run last on
    the primary load at the device width), the page needs no horizontal scrolling (``scrollWidth`` ≤
    ``clientWidth`` + ``tolerance`` CSS px; content cut off at the right edge by ``overflow-x: hidden`` on
    html/body counts, as in UI-01) and no text is cut off by a box with hidden/clip overflow (text an inner scroll
    container can scroll into view, as in an app shell, is not cut off).

    Source: 《移动互联网应用（APP）适老化通用设计规范》 (users can adjust the font size; the page stays usable — described);
    《互联网网站适老化通用设计规范》 (文字放大 — described); WCAG 2.0 SC 1.4.4 Resize text (200 %), SC 1.4.10 Reflow;
    GB/T 37668-2019 (same criteria).
    Value: {"overflow_px", "clipped", "adjust_none" (count of declarations), "followed" (share of characters that
    grew with the text size, 0–1)}. Evidence: text-size-adjust declarations, the inline px font sizes the scripts
    wrote, elements past the right edge and clipped texts (boxes measured with the enlarged text). cantTell when
    the text-size change could not be made (not measured).
    """
    z = a["text_zoom"]
    if not z.get("text_elements"):
        return inapplicable("the page shows no text to enlarge", zh="页面没有可放大的文字")
    sc = z.get("scale")
    if not sc:
        return cant_tell("whether the page follows the user's text size was not measured (the text size could not be changed)",
                         zh="未能改变字号，无法判断页面是否跟随用户字号")
    adjust = sc.get("adjust_none") or []
    at_once, after = sc.get("followed_at_once"), sc.get("followed_after")
    undone = bool(sc.get("script_px_writes")) and at_once is not None and at_once >= 0.5 and (after or 0) < 0.5
    # Under overflow-x: hidden on html/body the page cannot scroll sideways: what counts is the content cut off at
    # the right edge (hidden_overflow), as in UI-01.
    over = 0 if z.get("viewport_clipped") else z["scroll_width"] - z["client_width"]
    hidden = z.get("hidden_overflow")
    offenders = z.get("offenders", [])
    if hidden and hidden["overflow"] > over:
        over, offenders = hidden["overflow"], hidden.get("offenders", [])
    clipped = [c for c in z.get("clipped", []) if c["kind"] == "clipped"]
    value = {"overflow_px": over, "clipped": len(clipped), "adjust_none": len(adjust), "followed": after}
    thr = bi(f"no text-size-adjust: none; no script undoing a changed text size; at {z['factor']:g}× text: overflow ≤ {p['tolerance']} px, 0 clipped texts",
             f"不禁止字号调整（text-size-adjust: none）；脚本不抵消用户字号；文字放大 {z['factor']:g} 倍时：横向溢出 ≤ {p['tolerance']} px，无文字被截断")
    evidence = [ev(a, note=f"text-size-adjust: none ({a['where']})") for a in adjust[:10]]
    if undone:
        evidence += [ev(w, value=w["value"], note=f"script set font-size {w['value']} after the text size changed to {sc['scaled_px']} px") for w in sc["script_px_writes"][:10]]
    evidence += [ev(o, note=f"right edge at {o['right']:g} px > {z['client_width']} px with {z['factor']:g}× text") for o in offenders[:10]]
    evidence += [ev(c, text=c.get("text"), value=c.get("hidden_px"), note=f"text cut off by {c['hidden_px']:g} px ({c['axis']})") for c in clipped[:15]]
    en, zh = [], []
    if adjust:
        en.append(f"text-size-adjust: none blocks the user's text size ({len(adjust)} declaration(s))")
        zh.append(f"text-size-adjust: none 禁止调整字号（{len(adjust)} 处）")
    if undone:
        en.append(f"scripts fix font sizes in px against a changed text size (text followed {at_once:.0%}, then {after or 0:.0%})")
        zh.append(f"脚本以固定 px 字号抵消用户调整的字号（先跟随 {at_once:.0%}，脚本执行后 {after or 0:.0%}）")
    if over > p["tolerance"]:
        en.append(f"with text at {z['factor']:.0%} the page scrolls sideways by {over} px")
        zh.append(f"文字放大到 {z['factor']:.0%} 后页面横向溢出 {over} px")
    if clipped:
        en.append(f"with text at {z['factor']:.0%} {len(clipped)} text(s) cut off")
        zh.append(f"文字放大到 {z['factor']:.0%} 后 {len(clipped)} 处文字被截断")
    if en:
        return failed("; ".join(en), zh="；".join(zh),
                      value=value, threshold=thr, evidence=evidence)
    return passed(f"no text-size-adjust: none and no script undoing a changed text size; text at {z['factor']:.0%} reflows: "
                  f"no horizontal scrolling, nothing cut off ({z.get('text_elements')} text elements)",
                  zh=f"未禁止字号调整，脚本未抵消用户字号；文字放大到 {z['factor']:.0%} 后无横向滚动、无文字被截断", value=value, threshold=thr)
