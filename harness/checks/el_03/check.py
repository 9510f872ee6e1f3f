"""EL-03: Body text line spacing at least 1.3 × font size and paragraph spacing at least 1.3 × line spacing (正文行距不小于1.3倍字号，段落间距不小于1.3倍行距). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, failed, inapplicable, passed
from .. import ev


def is_body_text(t: dict[str, Any], min_chars: int) -> bool:
    """A text record is body text when it has ≥ ``min_chars`` characters of its own and is not a heading,
    link, label or control."""
    return t["chars"] >= min_chars and not t.get("heading") and not t.get("in_control")


def paragraph_pairs(body: list[dict[str, Any]]) -> list[tuple[float, dict[str, Any], dict[str, Any]]]:
    """Paragraph breaks among body-text records (in document order): each (gap in CSS px, paragraph, next
    paragraph) where both are <p> with the same left edge (±1 px), font size and line height and the next one
    starts below the first, less than three line heights further down (records farther apart are not one text)."""
    out = []
    paras = [t for t in body if t.get("tag") == "p" and t.get("box") and t.get("line_height")]
    for a_, b_ in zip(paras, paras[1:]):
        (ax, ay, _, ah), (bx, by, _, _) = a_["box"], b_["box"]
        gap = round(by - (ay + ah), 1)
        if abs(ax - bx) <= 1 and a_["font_size"] == b_["font_size"] and a_["line_height"] == b_["line_height"] \
                and -0.5 <= gap < 3 * a_["line_height"]:
            out.append((max(gap, 0.0), a_, b_))
    return out


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-03: body text has line-height ≥ ``min_ratio`` × font-size (share of failing characters ≤
    ``max_share_failing``), and consecutive paragraphs (:func:`paragraph_pairs`) are spaced at least
    ``min_paragraph_ratio`` × line height (gap + line height, share of failing breaks ≤ ``max_share_failing``).
    ``line-height: normal`` is measured in the page for the font in use.

    Source: 《移动互联网应用（APP）适老化通用设计规范》 §1.2 行间距 (行距至少1.3倍，段落间距至少比行距大1.3倍);
    《互联网网站适老化通用设计规范》 行间距. WCAG 2.2 SC 1.4.12 is a tolerance of user overrides, not a minimum here.
    Value: the smallest ratio found. Evidence: each body-text element below the ratio.
    """
    body = [t for t in a["dom"].get("texts", []) if is_body_text(t, p["min_chars"])]
    thr = bi(f"line-height ≥ {p['min_ratio']} × font-size; paragraph spacing ≥ {p['min_paragraph_ratio']} × line height",
             f"行高 ≥ {p['min_ratio']} × 字号；段落间距 ≥ {p['min_paragraph_ratio']} × 行距")
    if not body:
        return inapplicable(f"no body text (runs of ≥ {p['min_chars']} characters)", zh=f"页面没有正文（不少于 {p['min_chars']} 字的段落）", threshold=thr)
    ratios = [(t["line_height"] / t["font_size"] if t["font_size"] else 99, t) for t in body]
    bad = [(r, t) for r, t in ratios if r + 1e-6 < p["min_ratio"]]
    total = sum(t["chars"] for t in body)
    bad_chars = sum(t["chars"] for _, t in bad)
    lowest = round(min(r for r, _ in ratios), 2)
    evidence = [ev(t, text=t["text"][:80], value=round(r, 2), note=f"line-height {t['line_height']:g} px / font-size {t['font_size']:g} px")
                for r, t in sorted(bad, key=lambda x: x[0])[:15]]
    pairs = paragraph_pairs(body)
    min_gap = p["min_paragraph_ratio"] - 1
    tight = [(gap, a_, b_) for gap, a_, b_ in pairs if gap + 1e-6 < min_gap * a_["line_height"]]
    evidence += [ev(b_, text=b_["text"][:80], value=round((gap + b_["line_height"]) / b_["line_height"], 2),
                    note=f"paragraph spacing: gap {gap:g} px after {a_['selector']} + line-height {b_['line_height']:g} px "
                         f"< {p['min_paragraph_ratio']} × line-height") for gap, a_, b_ in tight[:10]]
    para_en = f"; paragraph spacing ≥ {p['min_paragraph_ratio']}× line height in {len(pairs) - len(tight)} of {len(pairs)} paragraph break(s)" if pairs else ""
    para_zh = f"；段落间距 ≥ {p['min_paragraph_ratio']} 倍行距：{len(pairs)} 处段落间隔中 {len(pairs) - len(tight)} 处满足" if pairs else ""
    if pairs and len(tight) / len(pairs) > p["max_share_failing"] + 1e-9:
        return failed(f"{len(tight)} of {len(pairs)} paragraph break(s) closer than {p['min_paragraph_ratio']} × line height"
                      + (f"; {len(bad)} body-text element(s) below {p['min_ratio']}× line spacing" if bad else ""),
                      zh=f"{len(pairs)} 处段落间隔中 {len(tight)} 处段落间距小于 {p['min_paragraph_ratio']} 倍行距"
                      + (f"；{len(bad)} 处正文行距小于 {p['min_ratio']} 倍" if bad else ""),
                      value=lowest, threshold=thr, evidence=evidence)
    if bad_chars / total > p["max_share_failing"] + 1e-9:
        return failed(f"{len(bad)} body-text element(s) ({bad_chars} of {total} characters) below {p['min_ratio']}×; lowest {lowest}×",
                      zh=f"{len(bad)} 处正文（{total} 字中的 {bad_chars} 字）行距小于 {p['min_ratio']} 倍，最小 {lowest} 倍",
                      value=lowest, threshold=thr, evidence=evidence)
    return passed(f"{len(body)} body-text element(s); lowest line spacing {lowest}×{para_en}", zh=f"正文 {len(body)} 处，最小行距 {lowest} 倍{para_zh}",
                  value=lowest, threshold=thr, evidence=evidence)
