"""Personal-information checks (个人信息保护): masking of personal data shown on screen."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Iterator

from ..outcomes import Outcome, failed, passed
from . import check, ev

#: 18-digit 居民身份证号码 (GB 11643-1999): 6-digit area, 8-digit birth date, 3-digit sequence, check digit.
RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])([1-9]\d{5})((?:18|19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(\d{3})([0-9Xx])(?![0-9A-Za-z])")
#: 11-digit mainland mobile number, optionally written 3-4-4 with spaces or hyphens.
MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?(1[3-9]\d)([- ]?)(\d{4})\2(\d{4})(?![0-9])")

#: kind -> (English name, Chinese name)
KIND_NAMES = {"resident_id": ("resident ID number", "完整身份证号"), "mobile": ("mobile number", "完整手机号")}

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_checksum_ok(number: str) -> bool:
    """True when the 18th character of a resident ID number is the ISO 7064 MOD 11-2 check of the first 17."""
    s = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[s % 11] == number[17].upper()


def find_personal_data(text: str, kinds: list[str]) -> Iterator[tuple[str, str, str]]:
    """Yield (kind, matched text, note) for each unmasked resident ID or mobile number in ``text``.

    A resident ID must have a real calendar date; the note says whether its check digit is valid (an ID with a
    wrong check digit is still reported: it is still someone's number, mistyped).
    """
    if "resident_id" in kinds:
        for m in RESIDENT_ID.finditer(text):
            try:
                date(int(m.group(2)), int(m.group(3)), int(m.group(4)))
            except ValueError:
                continue
            num = m.group(0)
            yield "resident_id", num, "check digit valid" if id_checksum_ok(num) else "check digit invalid"
    if "mobile" in kinds:
        for m in MOBILE.finditer(text):
            yield "mobile", m.group(0), ""


def mask(kind: str, s: str) -> str:
    """Mask a found number for display in reports (the report must not repeat the leak)."""
    digits = re.sub(r"\D", "", s)
    if kind == "resident_id":
        return s[:1] + "*" * (len(s) - 5) + s[-4:]
    return digits[-11:][:3] + "****" + digits[-4:]


def redact(text: str) -> str:
    """Mask every resident ID and mobile number in ``text`` (results and reports never repeat a leak)."""
    if not text or not any(ch.isdigit() for ch in text):
        return text
    text = RESIDENT_ID.sub(lambda m: mask("resident_id", m.group(0)), text)
    return MOBILE.sub(lambda m: mask("mobile", m.group(0)), text)


@check("dom")
def personal_data_masked(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """PI-06: no full 18-digit resident ID number or 11-digit mobile number in the visible text or the values of
    form fields. Reported numbers are masked in the evidence.

    Source: GB/T 35273-2020 (display masking of personal sensitive information); 国办秘函〔2019〕19号
    单项否决 (security/leak incidents); 浙里办 security rules.
    Value: number of unmasked items. Evidence: the element showing each, with the masked number.
    """
    dom = a["dom"]
    kinds = p["patterns"]
    found = []
    seen = set()
    for t in dom.get("texts", []):
        for kind, s, note in find_personal_data(t["text"], kinds):
            seen.add(s)
            found.append(ev(t, text=mask(kind, s), value=kind, note=note or None))
    for f in dom.get("fields", []):
        for kind, s, note in find_personal_data(f.get("value") or "", kinds):
            seen.add(s)
            found.append(ev(f, text=mask(kind, s), value=kind, note=("in a form field" + (f"; {note}" if note else ""))))
    # Numbers split over several elements are only in the page's innerText.
    for kind, s, note in find_personal_data(dom.get("visible_text") or "", kinds):
        if s not in seen:
            seen.add(s)
            found.append(ev(text=mask(kind, s), value=kind, note=note or None))
    thr = "0 unmasked: " + ", ".join(kinds)
    if found:
        counts: dict[str, int] = {}
        for f in found:
            counts[f["value"]] = counts.get(f["value"], 0) + 1
        en = ", ".join(f"{n} {KIND_NAMES[k][0]}(s)" for k, n in counts.items())
        zh = "，".join(f"{KIND_NAMES[k][1]} {n} 处" for k, n in counts.items())
        return failed(f"unmasked personal data on screen: {en}", zh=f"页面显示未脱敏的个人信息：{zh}",
                      value=len(found), threshold=thr, evidence=found[:30])
    return passed("no unmasked ID or mobile number on screen", zh="页面未显示未脱敏的身份证号、手机号", value=0, threshold=thr)
