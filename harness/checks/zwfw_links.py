"""The 政务服务 link candidates of a department website's home page (青政公〔2019〕24号 二.一): "各地区、各部门政府网站在首页
显著位置设立‘政务服务’的文字或图片栏目，统一链接至青海政务服务平台（链接见附件1）".

Used by WS-01 (a link named 政务服务 is visible in the first screen on every viewport) and WS-02 (that link leads
to the department's 附件1 address). Both read ``artifacts["ws_links"]`` (see :mod:`harness.gather.website`) of the
primary (mobile) load and of the desktop variant load ``variants.website_desktop``: {"viewport": {width, height},
"links": [{selector, href, names: {text, alt, title, aria_label}, box: [x, y, w, h] (CSS px, document
coordinates), rendered, first_screen (share of the box inside the first screen, 0–1), covered (the covering
element's selector, or false), to_platform}]}.
"""

from __future__ import annotations

from typing import Any


def viewports(artifacts: dict[str, Any]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """[(label, device, ws_links artifact)] for the primary load and the desktop variant load (when it has
    ``ws_links``); the label is the device's name ("mobile" / "desktop" when it has none). Raises KeyError when
    the primary load has no ``ws_links``."""
    out = [((artifacts.get("device") or {}).get("name") or "mobile", artifacts.get("device") or {}, artifacts["ws_links"])]
    desk = (artifacts.get("variants") or {}).get("website_desktop") or {}
    if desk.get("ws_links"):
        out.append(((desk.get("device") or {}).get("name") or "desktop", desk.get("device") or {}, desk["ws_links"]))
    return out


def _matches(link: dict[str, Any], keywords: list[str]) -> str | None:
    """Which name source of ``link`` carries a keyword: "text", "alt", "title", "aria_label" (or None)."""
    for source in ("text", "alt", "title", "aria_label"):
        value = (link.get("names") or {}).get(source) or ""
        if any(k in value for k in keywords):
            return source
    return None


def _exact(link: dict[str, Any], keywords: list[str]) -> bool:
    """The link's name is exactly a keyword (the column itself, not e.g. 政务服务热线)."""
    names = link.get("names") or {}
    return any(names.get(s) in keywords for s in ("text", "alt", "title", "aria_label"))


def _prominent(link: dict[str, Any], params: dict[str, Any]) -> tuple[bool, str, str]:
    """Whether a candidate is visible in the first screen; with the reason (en, zh) when it is not."""
    box = link.get("box")
    if not link.get("rendered") or not box:
        return False, "present in the page but not rendered (hidden, e.g. in a collapsed menu)", "页面中有该链接但未显示（如隐藏在折叠菜单中）"
    if box[2] < params["min_size"] or box[3] < params["min_size"]:
        return False, f"rendered only {box[2]:g}×{box[3]:g} CSS px", f"显示尺寸仅 {box[2]:g}×{box[3]:g} CSS px"
    if link.get("first_screen", 0) < params["min_visible_ratio"]:
        return False, f"below the first screen: its top is at y={box[1]:g} CSS px", f"不在首屏：位于页面 y={box[1]:g} CSS px 处，需滚动才能看到"
    if link.get("covered"):
        return False, f"covered by {link['covered']}", f"被 {link['covered']} 遮挡"
    return True, "", ""


def candidates(ws: dict[str, Any], params: dict[str, Any]) -> list[dict[str, Any]]:
    """Keyword links of one load (``ws``: a ws_links artifact), best first: prominent, then named exactly, then
    nearest the top. ``params``: ``keywords`` (names that count), ``min_size`` (CSS px, smallest width and height
    that counts as visible), ``min_visible_ratio`` (0–1). Each candidate is its link plus ``matched_by`` (the name
    source), ``prominent``, ``why`` / ``why_zh`` (why it is not prominent, else "") and ``exact``."""
    out = []
    for link in ws.get("links") or []:
        source = _matches(link, params["keywords"])
        if not source:
            continue
        ok, why, why_zh = _prominent(link, params)
        out.append({**link, "matched_by": source, "prominent": ok, "why": why, "why_zh": why_zh, "exact": _exact(link, params["keywords"])})
    out.sort(key=lambda c: (not c["prominent"], not c["exact"], (c.get("box") or [0, 1e9])[1]))
    return out


def label_of(c: dict[str, Any]) -> str:
    """The name of candidate ``c`` (from :func:`candidates`) that carries the keyword ("" when empty)."""
    names = c.get("names") or {}
    return names.get(c["matched_by"]) or ""
