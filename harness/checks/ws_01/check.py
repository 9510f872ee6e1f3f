"""WS-01: the website's home page shows a 政务服务 link in the first screen, mobile and desktop (网站首页显著位置设有“政务服务”栏目（首屏可见，手机与电脑均是）). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, failed, passed
from .. import ev
from ..zwfw_links import candidates, label_of, viewports


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """WS-01: a link named 政务服务 (or 网上办事, the name 附件1 uses for the department's 专栏) is visible in the first
    screen of the home page on every viewport.

    Params: ``keywords`` (names that count), ``min_visible_ratio`` (share of the link's box inside the first
    screen, 0–1), ``min_size`` (CSS px, the smallest width and height that counts as visible).
    Value: {viewport: {"found": n, "prominent": bool, "y": CSS px of the best link, "screen_height": CSS px},
    "service_entry": bool — whether the home page offers any service entry at all on some viewport (a keyword
    link, a link to the platform, or a link named 办事…, shown or not): False is 国办秘函〔2019〕19号 服务不实用
    1. 未提供办事服务, which a checklist may make a veto (``veto_when``)}.
    Evidence: the best candidate of each viewport (``width`` = that viewport's width, so the report boxes it on
    the right screenshot).
    """
    value, evidence, bad, bad_zh = {}, [], [], []
    entry = False
    for label, device, ws in viewports(a):
        entry = entry or any(lk.get("to_platform") or any("办事" in ((lk.get("names") or {}).get(s) or "")
                                                          for s in ("text", "alt", "title", "aria_label"))
                             for lk in ws.get("links") or [])
        vp = ws.get("viewport") or {}
        cands = candidates(ws, p)
        best = cands[0] if cands else None
        entry = entry or bool(cands)
        value[label] = {"found": len(cands), "prominent": bool(best and best["prominent"]),
                        "y": (best.get("box") or [None, None])[1] if best else None, "screen_height": vp.get("height"),
                        "matched_by": best["matched_by"] if best else None}
        width = (device.get("viewport") or {}).get("width") or vp.get("width")
        if best is None:
            platform = [lk for lk in ws.get("links") or [] if lk.get("to_platform")]
            kw = "/".join(p["keywords"])
            hint = hint_zh = ""
            if platform:
                n = platform[0].get("names") or {}
                name = n.get("text") or n.get("alt") or n.get("title") or n.get("aria_label") or ""
                hint, hint_zh = f" (a link to the platform is labelled {name!r})", f"（指向平台的链接名为“{name}”）"
                evidence.append(ev(platform[0], width=width, text=name, url=platform[0].get("href"),
                                   note=f"{label}: links to the platform but is not named {kw}"))
            bad.append(f"{label}: no link named {kw}{hint}")
            bad_zh.append(f"{label}：没有名为“{kw}”的链接{hint_zh}")
            continue
        evidence.append(ev(best, width=width, text=label_of(best), url=best.get("href"),
                           note=f"{label}: {'visible in the first screen' if best['prominent'] else best['why']}"
                                f" (named by {best['matched_by']})"))
        if not best["prominent"]:
            bad.append(f"{label}: {best['why']}")
            bad_zh.append(f"{label}：{best['why_zh']}")
    shown = list(value)
    value["service_entry"] = entry
    threshold = bi(f"visible in the first screen (≥ {p['min_visible_ratio']:g} of its box, ≥ {p['min_size']} CSS px) on every viewport",
             f"在每种视口的首屏可见（可见比例 ≥ {p['min_visible_ratio']:g}，尺寸 ≥ {p['min_size']} CSS px）")
    if not entry:
        return failed(f"The home page offers no service entry at all (no link named {'/'.join(p['keywords'])} or 办事, none to the platform): {'; '.join(bad)}.",
                      f"首页未提供办事服务入口（没有名为“{'/'.join(p['keywords'])}”或“办事”的链接，也没有指向平台的链接）：{'；'.join(bad_zh)}。",
                      value=value, threshold=threshold, evidence=evidence)
    if bad:
        return failed(f"The 政务服务 column is not prominent on the home page: {'; '.join(bad)}.",
                      f"首页“政务服务”栏目不在显著位置：{'；'.join(bad_zh)}。", value=value, threshold=threshold, evidence=evidence)
    names = "、".join(sorted({label_of(c) for _, _, ws in viewports(a) for c in candidates(ws, p)[:1]}))
    return passed(f"A link named {names} is visible in the first screen on {', '.join(shown)}.",
                  f"首页首屏可见“{names}”链接（{'、'.join(shown)}）。", value=value, threshold=threshold, evidence=evidence)
