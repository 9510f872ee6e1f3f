"""EL-04: Text contrast at least 4.5:1 (3:1 for text larger than 18 dp) (文字与背景对比度不小于4.5:1（大于18dp的文字3:1）). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any

from ...outcomes import Outcome
from ..axe_results import axe_outcome


def decided_contrast(ax: dict[str, Any]) -> dict[str, Any]:
    """axe-core's result with the ``color-contrast`` nodes left incomplete that the ``axe`` gather stage decided
    without a person (``node["decided"]``, see :mod:`harness.gather.axe`): icon glyphs (only non-text
    characters) are dropped, not being text; text whose colours the stage computed goes to ``violations`` when
    its ratio is below the required one, and counts as passed otherwise. Other incomplete nodes (text over images,
    gradients, overlapping elements) stay incomplete. Returns a new dict shaped like ``ax``."""
    out = dict(ax)
    viol = [dict(r) for r in ax.get("violations", [])]
    inc, passes = [], [dict(p) for p in ax.get("passes", [])]
    for r in ax.get("incomplete", []):
        if r["id"] != "color-contrast":
            inc.append(r)
            continue
        keep, low, ok = [], [], 0
        for n in r["nodes"]:
            d = n.get("decided") or {}
            if d.get("kind") == "not_text":
                continue
            if d.get("kind") == "computed":
                if d["ratio"] + 1e-9 < d["required"]:
                    low.append({**n, "summary": f"contrast {d['ratio']}:1 ({d['fg']} on {d['bg']}) < {d['required']}:1, computed by the harness"})
                else:
                    ok += 1
                continue
            keep.append(n)
        # Nodes beyond those kept (node_count > len(nodes)) are undecided: they stay incomplete.
        rest = max(0, r.get("node_count", len(r["nodes"])) - len(r["nodes"]))
        if keep or rest:
            inc.append({**r, "nodes": keep, "node_count": len(keep) + rest})
        if low:
            v = next((x for x in viol if x["id"] == r["id"]), None)
            if v is None:
                viol.append({**r, "nodes": low, "node_count": len(low)})
            else:
                v["nodes"] = v["nodes"] + low
                v["node_count"] = v.get("node_count", len(v["nodes"])) + len(low)
        if ok and not any(p["id"] == r["id"] for p in passes):
            passes.append({"id": r["id"], "node_count": ok})
    out.update(violations=viol, incomplete=inc, passes=passes)
    return out


_RATIO = re.compile(r"contrast (?:of )?([0-9.]+)(?::1)?")
_PX = re.compile(r"\(([0-9.]+)px\)")


def miit_large_text(ax: dict[str, Any], large_px: float, large_ratio: float) -> dict[str, Any]:
    """axe-core's result with ``color-contrast`` violations re-judged by MIIT §1.3: a node whose font size
    (axe's summary "font size: 15.0pt (20px)", or ``decided["px"]``) is above ``large_px`` CSS px and whose
    ratio is at least ``large_ratio`` passes (axe asks 4.5:1 below 24 px / 18.66 px bold). Nodes beyond those
    listed (``node_count`` > nodes) stay violations. Returns a new dict shaped like ``ax``."""
    out = dict(ax)
    viol, moved = [], 0
    for r in ax.get("violations", []):
        if r["id"] != "color-contrast":
            viol.append(r)
            continue
        keep = []
        for n in r["nodes"]:
            d, s = n.get("decided") or {}, n.get("summary") or ""
            m_r, m_px = _RATIO.search(s), _PX.search(s)
            ratio = d.get("ratio") if d.get("kind") == "computed" else (float(m_r.group(1).rstrip(".")) if m_r else None)
            px = d.get("px") if d.get("px") is not None else (float(m_px.group(1)) if m_px else None)
            if ratio is not None and px is not None and px > large_px and ratio + 1e-9 >= large_ratio:
                moved += 1
                continue
            keep.append(n)
        count = r.get("node_count", len(r["nodes"])) - (len(r["nodes"]) - len(keep))
        if count > 0:
            viol.append({**r, "nodes": keep, "node_count": count})
    passes = [dict(x) for x in ax.get("passes", [])]
    if moved:
        cc = next((x for x in passes if x["id"] == "color-contrast"), None)
        if cc is None:
            passes.append({"id": "color-contrast", "node_count": moved})
        else:
            cc["node_count"] = cc.get("node_count", 0) + moved
    out.update(violations=viol, passes=passes)
    return out


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-04: text contrast at least 4.5:1, and 3:1 for text larger than ``large_text_px`` (MIIT §1.3: 18 dp; not
    axe's 24 px / 18.66 px bold, :func:`miit_large_text`), from axe-core's ``color-contrast`` rule. What axe leaves incomplete gives cantTell only where a person is needed (text over
    an image or gradient, overlapping elements): icon-font glyphs (only non-text characters) are not text, and
    text axe could not judge only because of pseudo-elements that paint no background under it (hairline
    borders) is decided on the colours the gather stage computed (:func:`decided_contrast`).

    Source: 《移动互联网应用（APP）适老化通用设计规范》 §1.3 对比度 (4.5:1; 3:1 above 18 dp/pt; icons 4.5:1, not
    measured here); GB/T 37668-2019 可感知性·对比度; WCAG 2.0 SC 1.4.3
    Contrast (Minimum).
    """
    if a.get("axe"):
        a = {**a, "axe": miit_large_text(decided_contrast(a["axe"]), p["large_text_px"], p["large_ratio"])}
    return axe_outcome(a, p["rules"], None, "text with too little contrast", "文字与背景对比度不足")
