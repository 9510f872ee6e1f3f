"""CT-01: No placeholder or test content (测试, demo, 敬请期待, lorem ipsum …) (无占位或测试内容（测试、demo、敬请期待、lorem ipsum 等）). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any

from ...outcomes import Outcome, bi, failed, passed
from .. import ev


def placeholder_hits(text: str, patterns: list[re.Pattern]) -> list[str]:
    """The matches of ``patterns`` in ``text`` (each pattern at most once)."""
    out = []
    for pat in patterns:
        m = pat.search(text or "")
        if m:
            out.append(m.group(0))
    return out


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """CT-01: the page title, its visible texts, its images' alt texts and its form fields' placeholders hold no
    placeholder or test content: phrases matching ``patterns`` (测试数据, 测试页面, a text that is just 测试/test,
    demo, lorem ipsum, 敬请期待, 功能建设中, XXX …; regular expressions, case-insensitive).

    Source: 国办秘函〔2019〕19号 (单项否决·栏目不更新: blank columns, "有栏目无内容"; 服务不实用 — described);
    国办函〔2026〕12号 (no "指尖上的形式主义" or empty shell apps — described).
    Value: number of findings. Evidence: each element and the phrase found.
    """
    pats = [re.compile(x, re.I) for x in p["patterns"]]
    dom = a["dom"]
    found = []
    hits = placeholder_hits(dom.get("title") or "", pats)
    if hits:
        found.append(ev(text=dom.get("title"), value=hits[0], note="in <title>"))
    for t in dom.get("texts", []):
        hits = placeholder_hits(t.get("text") or "", pats)
        if hits:
            found.append(ev(t, text=(t.get("text") or "")[:80], value=hits[0]))
    for img in dom.get("images", []):
        hits = placeholder_hits(img.get("alt") or "", pats) if img.get("visible") else []
        if hits:
            found.append(ev(img, text=img.get("alt"), value=hits[0], note="image alt text"))
    for f in dom.get("fields", []):
        hits = placeholder_hits((f.get("placeholder") or "") + " " + (f.get("value") or ""), pats) if f.get("visible") else []
        if hits:
            found.append(ev(f, text=f.get("placeholder") or f.get("value"), value=hits[0], note="form field"))
    thr = bi("0 placeholder or test phrases",
             "无占位或测试用语")
    if found:
        words = sorted({str(f["value"]) for f in found})
        return failed(f"{len(found)} placeholder or test text(s): {', '.join(words[:6])}", zh=f"发现 {len(found)} 处占位或测试内容：{'、'.join(words[:6])}",
                      value=len(found), threshold=thr, evidence=found[:30])
    return passed("no placeholder or test content", zh="无占位或测试内容", value=0, threshold=thr)
