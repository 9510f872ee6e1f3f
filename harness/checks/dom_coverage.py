"""What the DOM walk could not look inside: frames it could not walk and documents whose closed shadow roots it did
not search (too large). A check that finds nothing must not pass what it did not see: the personal-data check
(PI-06) and the unified-login check (IN-02) turn "nothing found" into cantTell when :func:`unseen_parts` is not empty.
"""

from __future__ import annotations

from typing import Any


def unseen_parts(dom: dict[str, Any]) -> list[dict[str, str]]:
    """Parts of the page the DOM walk did not see: [{"where": frame URL or "page", "why": reason (en),
    "why_zh": reason (zh)}] — each frame of ``dom["frames"]`` that has an ``error``, and the top document or a
    frame whose ``closed_shadow_roots`` is None (not searched). ``dom`` is the DOM walk's artifact."""
    out = []
    if dom.get("closed_shadow_roots", 0) is None:
        out.append({"where": "page", "why": "closed shadow roots not searched", "why_zh": "未检索封闭 Shadow DOM"})
    for f in dom.get("frames") or []:
        if f.get("error"):
            out.append({"where": f.get("url") or "frame", "why": f"frame not walked: {f['error']}", "why_zh": f"框架页未能检测：{f['error']}"})
        elif f.get("closed_shadow_roots", 0) is None:
            out.append({"where": f.get("url") or "frame", "why": "closed shadow roots not searched", "why_zh": "未检索封闭 Shadow DOM"})
    return out


def unseen_note(parts: list[dict[str, str]]) -> tuple[str, str]:
    """One line (en, zh) naming the unseen parts, for a cantTell message."""
    en = "; ".join(f"{p['where']}: {p['why']}" for p in parts[:5])
    zh = "；".join(f"{p['where']}：{p['why_zh']}" for p in parts[:5])
    return en, zh
