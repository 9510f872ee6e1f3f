"""EL-03: Body text line spacing at least 1.3 × font size (正文行距不小于1.3倍字号). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, failed, inapplicable, passed
from .. import ev


def is_body_text(t: dict[str, Any], min_chars: int) -> bool:
    """A text record is body text when it has ≥ ``min_chars`` characters of its own and is not a heading,
    link, label or control."""
    return t["chars"] >= min_chars and not t.get("heading") and not t.get("in_control")


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
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
