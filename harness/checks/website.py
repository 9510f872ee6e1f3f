"""The 政务服务 column of a department website (青政公〔2019〕24号 二.一): "各地区、各部门政府网站在首页显著位置设立
‘政务服务’的文字或图片栏目，统一链接至青海政务服务平台（链接见附件1）".

WS-01 — the home page has a text or image link named 政务服务 (link text, image ``alt``, ``title`` or
``aria-label``) that is visible in the first screen, without scrolling, on the run's mobile device and on a
desktop viewport (``variants.website_desktop``). WS-02 — that link's target is the department's 附件1 address,
compared after normalisation (:func:`harness.addresses.normalize_url`: scheme, host case, trailing slash, query
order, percent-escape case). Both read ``artifacts["ws_links"]`` (see :mod:`harness.gather.website`).
"""

from __future__ import annotations

from typing import Any

from .. import addresses
from ..outcomes import bi, cant_tell, failed, inapplicable, passed
from . import check, ev


def _viewports(artifacts: dict[str, Any]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """[(label, device, ws_links artifact)] for the primary load and the desktop variant load."""
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


def _candidates(ws: dict[str, Any], params: dict[str, Any]) -> list[dict[str, Any]]:
    """Keyword links of one load, best first: prominent, then named exactly, then nearest the top."""
    out = []
    for link in ws.get("links") or []:
        source = _matches(link, params["keywords"])
        if not source:
            continue
        ok, why, why_zh = _prominent(link, params)
        out.append({**link, "matched_by": source, "prominent": ok, "why": why, "why_zh": why_zh, "exact": _exact(link, params["keywords"])})
    out.sort(key=lambda c: (not c["prominent"], not c["exact"], (c.get("box") or [0, 1e9])[1]))
    return out


def _label_of(c: dict[str, Any]) -> str:
    names = c.get("names") or {}
    return names.get(c["matched_by"]) or ""


@check("ws_links", "variants.website_desktop")
def zwfw_entry_prominent(artifacts: dict[str, Any], params: dict[str, Any]):
    """WS-01: a link named 政务服务 is visible in the first screen of the home page on every viewport.

    Params: ``keywords`` (names that count), ``min_visible_ratio`` (share of the link's box inside the first
    screen, 0–1), ``min_size`` (CSS px, the smallest width and height that counts as visible).
    Value: {viewport: {"found": n, "prominent": bool, "y": CSS px of the best link, "screen_height": CSS px}}.
    Evidence: the best candidate of each viewport (``width`` = that viewport's width, so the report boxes it on
    the right screenshot).
    """
    value, evidence, bad, bad_zh = {}, [], [], []
    for label, device, ws in _viewports(artifacts):
        vp = ws.get("viewport") or {}
        cands = _candidates(ws, params)
        best = cands[0] if cands else None
        value[label] = {"found": len(cands), "prominent": bool(best and best["prominent"]),
                        "y": (best.get("box") or [None, None])[1] if best else None, "screen_height": vp.get("height"),
                        "matched_by": best["matched_by"] if best else None}
        width = (device.get("viewport") or {}).get("width") or vp.get("width")
        if best is None:
            platform = [lk for lk in ws.get("links") or [] if lk.get("to_platform")]
            kw = "/".join(params["keywords"])
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
        evidence.append(ev(best, width=width, text=_label_of(best), url=best.get("href"),
                           note=f"{label}: {'visible in the first screen' if best['prominent'] else best['why']}"
                                f" (named by {best['matched_by']})"))
        if not best["prominent"]:
            bad.append(f"{label}: {best['why']}")
            bad_zh.append(f"{label}：{best['why_zh']}")
    threshold = bi(f"visible in the first screen (≥ {params['min_visible_ratio']:g} of its box, ≥ {params['min_size']} CSS px) on every viewport",
             f"在每种视口的首屏可见（可见比例 ≥ {params['min_visible_ratio']:g}，尺寸 ≥ {params['min_size']} CSS px）")
    if bad:
        return failed(f"The 政务服务 column is not prominent on the home page: {'; '.join(bad)}.",
                      f"首页“政务服务”栏目不在显著位置：{'；'.join(bad_zh)}。", value=value, threshold=threshold, evidence=evidence)
    return passed(f"A link named 政务服务 is visible in the first screen on {', '.join(value)}.",
                  f"首页首屏可见“政务服务”链接（{'、'.join(value)}）。", value=value, threshold=threshold, evidence=evidence)


def suggested_addresses(address: str | None, department: str | None) -> list[str]:
    """Addresses the registry lint would derive for a defective 附件1 address (ouname re-encoded from the
    department's name); a website linking to one of them links where the notice meant."""
    if not address or not department:
        return []
    pairs = dict(addresses.query_pairs(address.split("?", 1)[1] if "?" in address else ""))
    if "ouname" not in pairs:
        return []
    fixed = addresses.replace_param(address, "ouname", addresses.encode_component(addresses.strip_space(department)))
    return [fixed] if addresses.normalize_url(fixed) != addresses.normalize_url(address) else []


@check("ws_links", "variants.website_desktop")
def zwfw_entry_target(artifacts: dict[str, Any], params: dict[str, Any]):
    """WS-02: the 政务服务 link (the best candidate of each viewport, as in WS-01) leads to the department's 附件1
    address, compared after normalisation.

    Params: ``keywords``; ``accept_suggested`` (a link to the address the registry lint derives from a
    defective printed one — ouname re-encoded from the department's name — passes with a warning).
    Value: {"expected": address, viewport: href}. Inapplicable when no viewport has such a link (WS-01 fails).
    """
    target = artifacts.get("target") or {}
    expected = target.get("address")
    views = _viewports(artifacts)
    found = [(label, device, _candidates(ws, {**params, "min_size": 1, "min_visible_ratio": 0.0})) for label, device, ws in views]
    if not any(c for _, _, c in found):
        return inapplicable("No link named 政务服务 on the home page (see WS-01).", "首页没有“政务服务”链接（见 WS-01）。")
    value: dict[str, Any] = {"expected": expected}
    if not expected:
        for label, _, cands in found:
            value[label] = cands[0]["href"] if cands else None
        return cant_tell("The department has no 附件1 address in the registry to compare the link with.",
                         "登记表中该部门没有附件1地址，无法比对链接目标。", value=value)
    alternatives = suggested_addresses(expected, target.get("department")) if params["accept_suggested"] else []
    norm_expected = addresses.normalize_url(expected)
    norm_alt = {addresses.normalize_url(a) for a in alternatives}
    evidence, bad, bad_zh, warn, warn_zh = [], [], [], [], []
    for label, device, cands in found:
        width = (device.get("viewport") or {}).get("width")
        if not cands:
            value[label] = None
            continue
        best = cands[0]
        href = best.get("href")
        value[label] = href
        norm = addresses.normalize_url(href)
        others = sorted({c.get("href") for c in cands[1:] if addresses.normalize_url(c.get("href")) != norm and c.get("href")})
        if norm == norm_expected:
            note = "links to the 附件1 address"
            if (href or "").startswith("http:"):
                warn.append(f"{label}: links over http")
                warn_zh.append(f"{label}：链接使用 http")
        elif norm in norm_alt:
            note = "links to the corrected address (the printed 附件1 address is defective: see the registry lint)"
            warn.append(f"{label}: links to the address the registry lint derives, not the defective printed one")
            warn_zh.append(f"{label}：链接指向登记表检查推断的正确地址，而非附件1中印错的地址")
        else:
            diff = addresses.urls_differ(href, expected)
            note = f"links elsewhere: {', '.join(diff)} differ{'s' if len(diff) == 1 else ''} from the 附件1 address"
            shown = href if href and len(href) <= 60 else "another address"
            shown_zh = href if href and len(href) <= 60 else "其他地址"
            bad.append(f"{label}: links to {shown} ({', '.join(diff)} differ{'s' if len(diff) == 1 else ''} from the 附件1 address)")
            bad_zh.append(f"{label}：链接到 {shown_zh}（与附件1地址的{'、'.join({'host': '主机', 'path': '路径', 'query': '参数', 'scheme': '协议'}[d] for d in diff)}不同）")
        evidence.append(ev(best, width=width, text=_label_of(best), url=href, note=f"{label}: {note}"))
        if others:
            warn.append(f"{label}: other 政务服务 links lead to {', '.join(others[:3])}")
            warn_zh.append(f"{label}：其他“政务服务”链接指向 {'、'.join(others[:3])}")
    threshold = bi("the department's 附件1 address (after normalisation)",
             "本部门的附件1地址（规范化后比较）")
    evidence.append({"url": expected, "note": "expected: the department's 附件1 address"})
    if bad:
        return failed(f"The 政务服务 link does not lead to the 附件1 address: {'; '.join(bad)}.",
                      f"“政务服务”链接未指向附件1地址：{'；'.join(bad_zh)}。", value=value, threshold=threshold, evidence=evidence)
    msg = "The 政务服务 link leads to the department's 附件1 address" + (f" ({'; '.join(warn)})" if warn else "") + "."
    msg_zh = "“政务服务”链接指向本部门附件1地址" + (f"（{'；'.join(warn_zh)}）" if warn_zh else "") + "。"
    return passed(msg, msg_zh, value=value, threshold=threshold, evidence=evidence, warning=bool(warn))
