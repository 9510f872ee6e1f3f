"""UI-05: Footer names the providing unit and a tel: hotline (页脚标明服务提供单位和 tel: 服务热线). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any

from ...outcomes import Outcome, bi, failed, inapplicable, passed
from .. import ev
from ..registered_names import normalize_name


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


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
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
    has_provider = normalize_name(provider) in normalize_name(text) if provider else bool(UNIT.search(text))
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
