"""PI-06: personal data shown on screen is masked (个人信息展示脱敏). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, cant_tell, failed, passed
from ...personal_data import BANK_CARD_PREFIXES, KIND_NAMES, find_personal_data, mask, masked_numbers
from .. import ev
from ..dom_coverage import unseen_note, unseen_parts


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """PI-06: no full 18-digit resident ID number, 11-digit mobile number or bank card number (16–19 digits,
    Luhn-valid, issuer prefix in ``bank_card_prefixes``) in the visible text (SVG text included; split over inline
    elements, or over flex/grid items drawn touching each other), in the values of form fields or in the title,
    aria-label or alt attribute of a visible element; in half- or full-width (全角) digits (NFKC); and no
    partly masked number that leaves more digits visible than ``max_revealed`` allows for its kind. Reported
    numbers are masked in the evidence.

    ``max_revealed`` defaults to the 浙江 rule's 普通隐藏 (《浙江政务服务网用户敏感信息脱敏处理规范》: ID 10 digits
    visible, i.e. 6 + 4; mobile 7, i.e. 3 + 4; bank card 10, i.e. 6 + 4). A host platform's own rule is data in its
    profile (``params`` of specs/platforms/<id>.json, layered under the registry's blocks); the Alipay open
    platform's stricter values (ID 1 + 1, mobile 3 + 2, card last 4) are Alipay's, not 浙里办's.

    Source: GB/T 35273-2020 §7.2 个人信息的展示限制; 国办秘函〔2019〕19号 单项否决 (security/leak incidents);
    《浙江政务服务网用户敏感信息脱敏处理规范》 普通隐藏 (the default and 浙里办's rule); 支付宝开放平台《应用安全开发指南》
    脱敏规范 (Alipay's own, stricter rule, for reference).
    Value: number of items found. Evidence: the element showing each, with the masked number.
    """
    dom = a["dom"]
    kinds = p["patterns"]
    prefixes = tuple(p.get("bank_card_prefixes") or BANK_CARD_PREFIXES)
    limits = p.get("max_revealed") or {}
    found = []
    seen = set()

    def scan(text: str, record: dict | None, where: str | None) -> None:
        for kind, s_, note in find_personal_data(text, kinds, prefixes):
            if s_ in seen:
                continue
            seen.add(s_)
            found.append(ev(record, text=mask(kind, s_), value=kind, note="; ".join(x for x in (where, note) if x) or None, personal=True))
        for kind, token, revealed in masked_numbers(text):
            limit = limits.get(kind)
            if kind not in kinds or limit is None or revealed <= limit or token in seen:
                continue
            seen.add(token)
            found.append(ev(record, text=token, value="masked_" + kind, personal=True,
                            note="; ".join(x for x in (where, f"{revealed} digits visible > {limit}") if x)))

    for t in dom.get("texts", []):
        scan(t["text"], t, None)
    for f in dom.get("fields", []):
        scan(f.get("value") or "", f, "in a form field")
    # Shown in an attribute of a visible element: a title tooltip, an aria-label read aloud, an alt text.
    for t in dom.get("attr_texts", []):
        scan(t["text"], t, f"in its {t.get('attribute')} attribute")
    # Split over the items of a flex/grid row drawn side by side (innerText breaks the line between them).
    for t in dom.get("joined_texts", []):
        scan(t["text"], t, "split over the items of a flex/grid row")
    # Numbers split over several inline elements are only in the page's innerText (no line break between them).
    scan(dom.get("visible_text") or "", None, None)
    thr = bi("0 unmasked: " + ", ".join(kinds) + ("; visible digits of masked numbers ≤ " + ", ".join(f"{k} {v}" for k, v in limits.items()) if limits else ""),
             "未打码 0 处：" + "、".join(kinds) + ("；打码号码可见位数 ≤ " + "、".join(f"{k} {v}" for k, v in limits.items()) if limits else ""))
    if found:
        counts: dict[str, int] = {}
        for f in found:
            counts[f["value"]] = counts.get(f["value"], 0) + 1
        en = ", ".join(f"{n} {KIND_NAMES[k][0]}(s)" for k, n in counts.items())
        zh = "，".join(f"{KIND_NAMES[k][1]} {n} 处" for k, n in counts.items())
        return failed(f"unmasked personal data on screen: {en}", zh=f"页面显示未脱敏的个人信息：{zh}",
                      value=len(found), threshold=thr, evidence=found[:30])
    names = "/".join({"resident_id": "ID", "mobile": "mobile", "bank_card": "bank card"}.get(k, k) for k in kinds)
    names_zh = "、".join({"resident_id": "身份证号", "mobile": "手机号", "bank_card": "银行卡号"}.get(k, k) for k in kinds)
    unseen = unseen_parts(dom)
    if unseen:  # nothing found where the walk looked, but it could not look everywhere
        en, zh = unseen_note(unseen)
        return cant_tell(f"no unmasked {names} number where the page could be read; not seen: {en}",
                         zh=f"可检测部分未显示未脱敏的{names_zh}；未能检测：{zh}", value=0, threshold=thr,
                         evidence=[{"url": p["where"], "note": p["why"]} for p in unseen if p["where"] != "page"][:10])
    return passed(f"no unmasked {names} number on screen", zh=f"页面未显示未脱敏的{names_zh}", value=0, threshold=thr)
