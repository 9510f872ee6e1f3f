"""More layout checks (界面与布局): safe-area insets (UI-03), title = service name (UI-04), footer with the providing
unit and hotline (UI-05), no overlapping tap targets or clipped text at every width (UI-06)."""

from __future__ import annotations

import re
from typing import Any

from ..outcomes import Outcome, bi, error, failed, inapplicable, passed
from . import check, ev


@check("safe_area")
def safe_area_respected(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """UI-03: when the viewport meta sets ``viewport-fit=cover`` (the page draws under the notch and the home
    indicator), the content of every fixed or sticky bar touching the top or bottom edge stays out of the
    safe-area insets. Measured honestly: computed styles resolve ``env(safe-area-inset-*)`` to 0 on a desktop
    browser, so the ``safe_area`` stage emulates insets of ``inset_top_px``/``inset_bottom_px`` CSS px through CDP
    and measures where each bar's text, images and controls then lie (``tolerance_px`` allowed).

    Source: 浙里办 H5 rules (platform rule: adapt to full-screen phones / safe areas — described); W3C CSS
    Environment Variables (safe-area-inset-*).
    Value: number of bars whose content lies in an inset. Evidence: each bar with its content box (viewport px).
    """
    sa = a["safe_area"]
    top, bottom = sa["insets"]["top"], sa["insets"]["bottom"]
    thr = bi(f"bar content outside insets top {top} px / bottom {bottom} px",
             f"固定栏内容在安全区内（上 {top} px / 下 {bottom} px）")
    if not sa.get("cover"):
        return inapplicable("the viewport meta does not set viewport-fit=cover: the browser keeps the page in the safe area",
                            zh="viewport 未设置 viewport-fit=cover，浏览器自动避开安全区域", threshold=thr)
    if not sa.get("bars"):
        return inapplicable("no fixed or sticky bar at the top or bottom edge", zh="页面顶部或底部没有固定栏", threshold=thr)
    vh = a["device"]["viewport"]["height"]
    tol = p["tolerance_px"]
    bad, ok = [], 0
    for b in sa["bars"]:
        c = b.get("content")
        if not c:
            continue
        if b["edge"] == "top" and c[1] < top - tol:
            bad.append(ev(selector=b["selector"], value=c[1], note=f"top bar content starts {c[1]:g} px from the top, inside the {top} px inset"))
        elif b["edge"] == "bottom" and c[1] + c[3] > vh - bottom + tol:
            end = round(vh - (c[1] + c[3]), 1)
            bad.append(ev(selector=b["selector"], value=end, note=f"bottom bar content ends {end:g} px above the bottom, inside the {bottom} px inset"))
        else:
            ok += 1
    if bad:
        return failed(f"{len(bad)} bar(s) put content under the safe-area insets (viewport-fit=cover without env(safe-area-inset-*))",
                      zh=f"{len(bad)} 个固定栏的内容落在安全区域内（设置了 viewport-fit=cover 但未使用 env(safe-area-inset-*)）",
                      value=len(bad), threshold=thr, evidence=bad)
    return passed(f"{ok} bar(s) keep their content out of the emulated insets", zh=f"{ok} 个固定栏的内容均避开了安全区域",
                  value=0, threshold=thr)


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


@check("dom")
def title_is_service_name(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """UI-04: the page's ``<title>`` is the service name registered for its system (``target.service_name``), the
    name the host app shows in its title bar; whitespace is ignored. ``match`` = "exact" (default) or "contains".
    Inapplicable when no service name is registered.

    Source: 浙里办 H5 rules (platform rule: the page title is the application's name — described); 国办函〔2021〕105号
    (uniform naming of mobile services — described, clause number not confirmed).
    Value: the title.
    """
    want = (a.get("target") or {}).get("service_name")
    title = (a["dom"].get("title") or "").strip()
    if not want:
        return inapplicable("no service name registered for this system", zh="登记表未填写该系统的服务名称", value=title)
    thr = bi(f"<title> {'=' if p['match'] == 'exact' else '⊇'} {want!r}",
             f"<title> {'等于' if p['match'] == 'exact' else '包含'}“{want}”")
    if p["match"] not in ("exact", "contains"):
        return error(f"unknown match mode {p['match']!r} (exact or contains)", zh=f"未知的匹配方式 {p['match']!r}")
    ok = _norm(title) == _norm(want) if p["match"] == "exact" else _norm(want) in _norm(title)
    if ok:
        return passed(f"title {title!r} is the service name", zh=f"页面标题“{title}”与服务名称一致", value=title, threshold=thr)
    return failed(f"title {title!r} is not the service name {want!r}" if title else f"no <title>; the service name is {want!r}",
                  zh=f"页面标题“{title}”与服务名称“{want}”不一致" if title else f"页面没有标题，服务名称应为“{want}”",
                  value=title, threshold=thr, evidence=[ev(text=title or "(empty)", note=f"expected {want!r}")])


#: A providing unit named in a footer when the registry names none: "主办单位：…", "…局/厅/中心/委员会 …".
UNIT = re.compile(r"(主办|承办|提供|运营|维护|服务提供)(单位)?\s*[:：]\s*[\u4e00-\u9fff]{2,}|"
                  r"[\u4e00-\u9fff]{2,}(局|厅|委员会|管委会|中心|办公室|人民政府|政府)")


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s or "")


def tel_matches(href: str | None, hotline: str) -> bool:
    """True when a ``tel:`` href dials ``hotline``: their digits are equal, or one ends with the other (an area
    code or +86 written on one side only), with at least 5 digits."""
    d, want = _digits(href), _digits(hotline)
    return len(d) >= 5 and len(want) >= 5 and (d.endswith(want) or want.endswith(d))


@check("page_facts", "dom")
def footer_provider_hotline(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """UI-05: the page's footer (``<footer>``, ``[role=contentinfo]``, an element named footer/copyright, or else the
    last screen of the page) names the providing unit (the registry's ``provider`` when given, else a unit-like
    name) and has a ``tel:`` link to the hotline (the registry's ``hotline`` digits when given).

    Source: 国办函〔2021〕105号 (each service names its provider and a consultation channel — described, clause
    number not confirmed); 国办秘函〔2019〕19号 (government websites show 主办单位 and contact details in the footer);
    浙里办 rules (platform rule: service provider and hotline shown). Inapplicable when the page shows no text at all
    (a white screen is AV-02's failure).
    Value: {"provider": bool, "hotline": bool}. Evidence: the footer and what is missing.
    """
    f = a["page_facts"]
    if not "".join(((a.get("dom") or {}).get("visible_text") or "").split()):
        return inapplicable("the page shows no text (see AV-02): no footer to judge", zh="页面无可见文字（见 AV-02），无法判断页脚")
    target = a.get("target") or {}
    provider, hotline = target.get("provider"), target.get("hotline")
    foot = f.get("footer")
    area = foot if foot else {**(f.get("bottom") or {}), "selector": None, "box": None}
    where_en = "footer" if foot else "last screen (no footer element)"
    text = area.get("text") or ""
    tels = area.get("tel_links") or []
    has_provider = _norm(provider) in _norm(text) if provider else bool(UNIT.search(text))
    if hotline:
        has_tel = any(tel_matches(t.get("href"), hotline) for t in tels)
    else:
        has_tel = bool(tels)
    value = {"provider": has_provider, "hotline": has_tel}
    thr = bi(f"footer names {provider!r}" if provider else "footer names the providing unit",
             f"页脚写明“{provider}”" if provider else "页脚写明服务提供单位")
    thr = bi(thr + (f" and links tel:{hotline}" if hotline else " and has a tel: link"),
             thr.zh + (f"，并有 tel:{hotline} 链接" if hotline else "，并有 tel: 电话链接"))
    if has_provider and has_tel:
        return passed(f"the {where_en} names the provider and links the hotline", zh="页脚标明服务提供单位和服务热线", value=value, threshold=thr,
                      evidence=[ev(foot, text=text[:120])] if foot else [])
    en, zh = [], []
    if not has_provider:
        en.append(f"does not name {provider!r}" if provider else "names no providing unit")
        zh.append(f"未标明服务提供单位“{provider}”" if provider else "未标明服务提供单位")
    if not has_tel:
        en.append(f"has no tel: link to {hotline}" if hotline else "has no tel: hotline link")
        zh.append(f"无拨打服务热线 {hotline} 的 tel: 链接" if hotline else "无 tel: 服务热线链接")
    evidence = [ev(foot, text=text[:120] or "(empty)", note=where_en)] + [ev(t, text=t.get("href"), note="tel: link") for t in tels[:5]]
    return failed(f"the {where_en} " + " and ".join(en), zh=("页脚" if foot else "页面底部（无页脚元素）") + "，".join(zh),
                  value=value, threshold=thr, evidence=evidence)


@check("layout")
def no_overlap_or_clipping(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """UI-06: at each width in ``widths`` (CSS px, same load, viewport resized), no two tap targets overlap by
    ``min_overlap_px`` or more in both directions, and no text is cut off by a box with hidden/clip overflow
    (ellipsis and line-clamp truncation count only when ``count_ellipsis``). Targets under an open modal layer are
    not compared (EL-06 judges the pop-up).

    Source: 《移动互联网应用（APP）适老化通用设计规范》 (controls easy to tell apart and tap — described); WCAG 2.2
    SC 2.5.8 Target Size (Minimum) spacing; WCAG 2.1 SC 1.4.10 Reflow (no loss of content).
    Value: {width: {"overlaps", "clipped"}}. Evidence: each pair (box of the first, note naming the other) and
    each clipped text, with the width it was measured at.
    """
    layout = a["layout"]
    value, evidence, missing = {}, [], []
    n_over = n_clip = 0
    for w in p["widths"]:
        m = (layout.get(str(w)) or {}).get("targets")
        if not m or "error" in m:
            missing.append(str(w))
            continue
        clipped = [c for c in m.get("clipped", []) if c["kind"] == "clipped" or p["count_ellipsis"]]
        value[str(w)] = {"overlaps": len(m.get("overlaps", [])), "clipped": len(clipped)}
        n_over += len(m.get("overlaps", []))
        n_clip += len(clipped)
        for o in m.get("overlaps", [])[:8]:
            evidence.append(ev(o, width=w, text=o.get("text"), note=f"overlaps {o['other']} ({o.get('other_text')!s}) by {o['overlap'][2]:g} × {o['overlap'][3]:g} px"))
        for c in clipped[:8]:
            evidence.append(ev(c, width=w, text=c.get("text"), value=c.get("hidden_px"),
                               note=f"text {c['kind']} on the {c['axis']} axis by {c['hidden_px']:g} px" + (f" (by {c['clipped_by']})" if c.get("clipped_by") else "")))
    thr = bi(f"0 overlapping tap targets (≥ {p['min_overlap_px']} px), 0 clipped texts @ {'/'.join(map(str, p['widths']))} px",
             f"无重叠的点击区域（≥ {p['min_overlap_px']} px）、无被截断的文字（宽度 {'/'.join(map(str, p['widths']))} px）")
    if n_over or n_clip:
        bad = [w for w, v in value.items() if v["overlaps"] or v["clipped"]]
        return failed(f"{n_over} overlapping tap-target pair(s) and {n_clip} clipped text(s) at {', '.join(bad)} px",
                      zh=f"{'/'.join(bad)} px 宽度下有 {n_over} 对可点击元素重叠、{n_clip} 处文字被截断",
                      value=value, threshold=thr, evidence=evidence[:30])
    if missing:
        return error(f"not measured at {', '.join(missing)} px", zh=f"未能在 {'/'.join(missing)} px 宽度下测量", value=value, threshold=thr)
    return passed("no overlapping tap targets or clipped text at any measured width", zh="各测量宽度下无重叠的可点击元素或被截断的文字",
                  value=value, threshold=thr)
