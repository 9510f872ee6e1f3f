"""More 适老化 checks (MIIT 2021 specifications): text enlarged to 200 % (EL-02), pop-up close controls (EL-06), no
advertising or lure buttons (EL-07), picture captchas with an alternative (EL-08), captcha enlargement and time
limits for review (EL-09, semi), pop-ups and floating windows for review (EL-14, semi)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ..outcomes import Outcome, bi, cant_tell, failed, inapplicable, passed
from . import check, ev


@check("text_zoom")
def text_zoom_readable(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-02: with every font size enlarged to ``EL-02.factor`` × (200 %; the ``text_zoom`` stage, run last on
    the primary load at the device width), the page needs no horizontal scrolling (``scrollWidth`` ≤
    ``clientWidth`` + ``tolerance`` CSS px) and no text is cut off by a box with hidden/clip overflow.

    Source: 《移动互联网应用（APP）适老化通用设计规范》 (users can adjust the font size; the page stays usable — described);
    《互联网网站适老化通用设计规范》 (文字放大 — described); WCAG 2.0 SC 1.4.4 Resize text (200 %), SC 1.4.10 Reflow;
    GB/T 37668-2019 (same criteria).
    Value: {"overflow_px", "clipped"}. Evidence: elements past the right edge and clipped texts (boxes measured
    with the enlarged text).
    """
    z = a["text_zoom"]
    if not z.get("text_elements"):
        return inapplicable("the page shows no text to enlarge", zh="页面没有可放大的文字")
    over = z["scroll_width"] - z["client_width"]
    clipped = [c for c in z.get("clipped", []) if c["kind"] == "clipped"]
    value = {"overflow_px": over, "clipped": len(clipped)}
    thr = bi(f"at {z['factor']:g}× text: overflow ≤ {p['tolerance']} px, 0 clipped texts",
             f"文字放大 {z['factor']:g} 倍时：横向溢出 ≤ {p['tolerance']} px，无文字被截断")
    evidence = [ev(o, note=f"right edge at {o['right']:g} px > {z['client_width']} px with {z['factor']:g}× text") for o in z.get("offenders", [])[:10]]
    evidence += [ev(c, text=c.get("text"), value=c.get("hidden_px"), note=f"text cut off by {c['hidden_px']:g} px ({c['axis']})") for c in clipped[:15]]
    en, zh = [], []
    if over > p["tolerance"]:
        en.append(f"the page scrolls sideways by {over} px")
        zh.append(f"页面横向溢出 {over} px")
    if clipped:
        en.append(f"{len(clipped)} text(s) cut off")
        zh.append(f"{len(clipped)} 处文字被截断")
    if en:
        return failed(f"with text at {z['factor']:.0%}: " + " and ".join(en), zh=f"文字放大到 {z['factor']:.0%} 后" + "，".join(zh),
                      value=value, threshold=thr, evidence=evidence)
    return passed(f"text at {z['factor']:.0%} reflows: no horizontal scrolling, nothing cut off ({z.get('text_elements')} text elements)",
                  zh=f"文字放大到 {z['factor']:.0%} 后无横向滚动、无文字被截断", value=value, threshold=thr)


def close_position(ctl_vbox: list[float], panel_vbox: list[float], fraction: float, outside_px: float) -> str | None:
    """Where a close control sits relative to its pop-up panel (viewport CSS px boxes): "top-left", "top-right",
    "bottom-centre", or None. A corner is within ``fraction`` of the panel's width and height from it (or up to
    ``outside_px`` outside the panel); bottom centre is horizontally within ``fraction``/2 of the panel's width
    (at least 24 px) of its centre line, in the bottom ``fraction`` of the panel or up to 1.5 × ``outside_px``
    below it."""
    cx, cy = ctl_vbox[0] + ctl_vbox[2] / 2, ctl_vbox[1] + ctl_vbox[3] / 2
    x, y, w, h = panel_vbox
    near_top = y - outside_px <= cy <= y + fraction * h
    if near_top and x - outside_px <= cx <= x + fraction * w:
        return "top-left"
    if near_top and x + (1 - fraction) * w <= cx <= x + w + outside_px:
        return "top-right"
    if abs(cx - (x + w / 2)) <= max(24, fraction * w / 2) and y + (1 - fraction) * h <= cy <= y + h + 1.5 * outside_px:
        return "bottom-centre"
    return None


@check("page_facts")
def popup_close_control(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-06: every pop-up (a dialog, or a fixed layer covering ≥ 15 % of the viewport that is not an edge bar)
    open after the page settled has a close control (named or classed close/关闭, ×, 跳过, 取消, 我知道了 …) of at
    least ``min_size`` × ``min_size`` CSS px in a corner of the pop-up's panel or at its bottom centre (see
    :func:`close_position`).

    Source: 《移动互联网应用（APP）适老化通用设计规范》 (pop-ups are easy to close: a clear close control of adequate size in
    a fixed position — described); WCAG 2.2 SC 2.5.5 (44 × 44 CSS px).
    Value: number of pop-ups without a usable close control. Evidence: each pop-up and its close controls.
    """
    pops = [x for x in a["page_facts"].get("popups", []) if x["kind"] == "dialog"]
    m = p["min_size"]
    thr = bi(f"close control ≥ {m} × {m} px in a corner or at the bottom centre",
             f"关闭按钮 ≥ {m} × {m} px，位于角落或底部居中")
    if not pops:
        return inapplicable("no pop-up open on the page", zh="页面没有弹窗", threshold=thr)
    bad, evidence = 0, []
    for pop in pops:
        pv = pop.get("panel_viewport_box") or pop["viewport_box"]
        closes = pop.get("closes") or []
        good, notes = None, []
        for c in closes:
            w, h = c["box"][2], c["box"][3]
            pos = close_position(c["viewport_box"], pv, p["corner_fraction"], p["outside_px"])
            if w + 0.05 >= m and h + 0.05 >= m and pos:
                good = (c, pos)
                break
            notes.append((c, f"{w:g} × {h:g} px" + (f", {pos}" if pos else ", not in a corner or at the bottom centre")))
        if good:
            continue
        bad += 1
        if not closes:
            evidence.append(ev({"selector": pop["panel_selector"], "box": pop["panel_box"]}, text=pop.get("text", "")[:80], note="pop-up with no close control"))
        for c, note in notes[:3]:
            evidence.append(ev(c, text=c.get("name"), value=f"{c['box'][2]:g} × {c['box'][3]:g}", note=f"close control: {note}"))
    if bad:
        return failed(f"{bad} of {len(pops)} pop-up(s) without a close control of {m} × {m} px in a corner or at the bottom centre",
                      zh=f"{len(pops)} 个弹窗中有 {bad} 个缺少位于角落或底部居中、不小于 {m}×{m} px 的关闭按钮",
                      value=bad, threshold=thr, evidence=evidence)
    return passed(f"{len(pops)} pop-up(s), each with a usable close control", zh=f"{len(pops)} 个弹窗均有合规的关闭按钮", value=0, threshold=thr)


@check("dom", "page_facts", "network")
def no_ads_or_lures(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-07: no advertising and no lure buttons: no control (link, button …) or pop-up text matching
    ``lure_patterns`` (诱导下载, 立即下载APP, 红包, 抽奖 …), no element marked as an advertisement (class/id ad,
    advert …, or labelled 广告), no link to an app package or app store (.apk, itms-apps:, market:), and no
    iframe or request to a host matching ``ad_hosts``.

    Source: 《互联网网站适老化通用设计规范》 and 《移动互联网应用（APP）适老化通用设计规范》 (禁止广告插件: no advertising content or
    plug-ins, no random or temporary advertising pop-ups; 禁止诱导类按键: no buttons luring users to download or pay
    — described from the published summaries).
    Value: number of findings. Evidence: each control, element, link or host.
    """
    dom, facts = a["dom"], a["page_facts"]
    lure = [re.compile(x, re.I) for x in p["lure_patterns"]]
    hosts = [re.compile(x, re.I) for x in p["ad_hosts"]]
    found, seen = [], set()

    def add(key, item):
        if key not in seen:
            seen.add(key)
            found.append(item)

    for t in dom.get("targets", []):
        name = t.get("name") or ""
        m = next((x.search(name) for x in lure if x.search(name)), None)
        if m:
            add(("t", t.get("selector")), ev(t, text=name, value=m.group(0), note="lure control"))
    for pop in facts.get("popups", []):
        m = next((x.search(pop.get("text") or "") for x in lure if x.search(pop.get("text") or "")), None)
        if m:
            add(("p", pop["selector"]), ev({"selector": pop["panel_selector"], "box": pop["panel_box"]}, text=(pop.get("text") or "")[:80], value=m.group(0), note="lure text in a pop-up"))
    for ad in facts.get("ads", []):
        add(("a", ad["selector"]), ev(ad, text=ad.get("text"), note=f"advertisement ({ad.get('why')})"))
    for link in dom.get("links", []):
        href = link.get("href") or ""
        if re.search(r"\.apk(?:$|[?#])|^itms-apps:|^itms-services:|^market:|apps\.apple\.com|play\.google\.com|app\.mi\.com|sj\.qq\.com", href, re.I):
            add(("l", href), ev(link, text=link.get("text"), value=href[:120], note="link to an app download"))
    urls = [(f.get("src") or "", "iframe", f) for f in dom.get("iframes", [])] + [(r.get("url") or "", r.get("type") or "request", None) for r in a.get("network") or []]
    for url, kind, rec in urls:
        host = urlsplit(url).hostname or ""
        if host and any(h.search(host) for h in hosts):
            add(("h", host), ev(rec, url=url[:200], value=host, note=f"{kind} from an advertising host"))
    thr = bi("0 advertisements, lure controls or app-download links",
             "无广告、诱导按钮或下载 App 链接")
    if found:
        return failed(f"{len(found)} advertisement(s) or lure control(s)", zh=f"发现 {len(found)} 处广告或诱导类按键",
                      value=len(found), threshold=thr, evidence=found[:30])
    return passed("no advertisement or lure control", zh="无广告或诱导类按键", value=0, threshold=thr)


@check("page_facts")
def captcha_alternative(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-08: a picture captcha (an image, canvas or SVG named like one — captcha, 验证码, vcode … — or next to a
    captcha field that is not an SMS code) comes with an alternative that does not rely on sight: a voice/audio
    captcha or another verification way (语音验证码, 短信验证, audio …), found as a control or text on the page.

    Source: 《互联网网站适老化通用设计规范》 (验证码替代: for a non-text captcha provide at least one captcha beyond the
    visual sense, such as a voice captcha — described); 《移动互联网应用（APP）适老化通用设计规范》 (alternatives for
    non-text captchas, in text or voice — described); WCAG 2.0 SC 1.1.1 (CAPTCHA).
    Value: {"captchas", "alternatives"}. Evidence: each captcha image and the alternatives found.
    """
    f = a["page_facts"]
    caps, alts = f.get("captchas", []), f.get("captcha_alternatives", [])
    value = {"captchas": len(caps), "alternatives": len(alts)}
    thr = bi("each picture captcha has a voice or other non-visual alternative",
             "每个图片验证码都有语音等非视觉替代方式")
    if not caps:
        return inapplicable("no picture captcha", zh="页面没有图形验证码", value=value, threshold=thr)
    if not alts:
        return failed(f"{len(caps)} picture captcha(s) with no voice or other alternative", zh=f"{len(caps)} 个图形验证码未提供语音等替代方式",
                      value=value, threshold=thr, evidence=[ev(c, text=c.get("alt") or c.get("src"), note=f"picture captcha ({c.get('why')})") for c in caps])
    return passed(f"{len(caps)} picture captcha(s) with an alternative", zh=f"{len(caps)} 个图形验证码提供了替代方式", value=value, threshold=thr,
                  evidence=[ev(x, text=x.get("text"), note="alternative") for x in alts[:5]])


@check("page_facts")
def captcha_review(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-09 (semi): when the page shows a picture captcha, a reviewer confirms it can be enlarged to at least
    ``min_zoom`` × and that a time limit under ``min_time_limit_s`` s is announced by voice and can be extended to
    at least twice its length. Inapplicable without a captcha.

    Source: 《互联网网站适老化通用设计规范》 (验证码放大 ≥ 2 倍; 验证码时效: limits of at most 3 minutes are announced by voice
    and can be extended to at least twice — described from the published summaries).
    """
    caps = a["page_facts"].get("captchas", [])
    thr = bi(f"captcha zoom ≥ {p['min_zoom']:g}×; time limit ≤ {p['min_time_limit_s']} s announced and extendable",
             f"验证码可放大 ≥ {p['min_zoom']:g} 倍；时限（≤ {p['min_time_limit_s']} 秒）须提示且可延长")
    if not caps:
        return inapplicable("no picture captcha", zh="页面没有图形验证码", threshold=thr)
    return cant_tell(f"{len(caps)} picture captcha(s): confirm enlargement and time-limit handling",
                     zh=f"发现 {len(caps)} 个图形验证码：请人工确认放大功能及时效提示与延长", value=len(caps), threshold=thr,
                     evidence=[ev(c, text=c.get("alt") or c.get("src")) for c in caps])


@check("page_facts")
def floating_windows_review(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-14 (semi): pop-ups and floating windows open without any user action (dialogs and small fixed windows that
    are not edge bars) are listed for a reviewer to confirm they are not advertising or random temporary pop-ups;
    passed when there are none.

    Source: 《互联网网站适老化通用设计规范》/《移动互联网应用（APP）适老化通用设计规范》 (no random advertising or temporary
    advertising pop-ups — described).
    """
    pops = a["page_facts"].get("popups", [])
    thr = bi("no unsolicited pop-up or floating window",
             "无主动弹出的弹窗或浮窗")
    if not pops:
        return passed("no pop-up or floating window at load", zh="加载时无弹窗或浮窗", value=0, threshold=thr)
    return cant_tell(f"{len(pops)} pop-up(s) or floating window(s) at load: confirm none is advertising",
                     zh=f"加载时出现 {len(pops)} 个弹窗或浮窗：请人工确认不是广告", value=len(pops), threshold=thr,
                     evidence=[ev(x, text=(x.get("text") or "")[:80], note=x["kind"]) for x in pops[:10]])
