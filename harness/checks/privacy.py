"""Personal-information checks (个人信息保护): masking of personal data shown on screen."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Iterator

from ..outcomes import Outcome, bi, failed, passed
from . import check, ev

#: 18-digit 居民身份证号码 (GB 11643-1999): 6-digit area, 8-digit birth date, 3-digit sequence, check digit.
RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])([1-9]\d{5})((?:18|19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(\d{3})([0-9Xx])(?![0-9A-Za-z])")
#: 11-digit mainland mobile number, optionally written 3-4-4 with spaces or hyphens.
MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?(1[3-9]\d)([- ]?)(\d{4})\2(\d{4})(?![0-9])")

#: 16–19-digit bank card number (GB/T 19584 / ISO/IEC 7812 PAN), optionally written in groups of four.
#: Digits after a decimal point (``0.4111111111111111``, a random number) or before one are not a card number.
BANK_CARD = re.compile(r"(?<![0-9A-Za-z])(?<![0-9][.．])([0-9]{4}(?:[- ]?[0-9]{4}){3}(?:[- ]?[0-9]{1,3})?)(?![0-9A-Za-z])(?![.．][0-9])")
#: Default issuer prefixes of bank cards reported: 62 (China UnionPay), 4 (Visa), 5 (Mastercard) co-branded cards.
BANK_CARD_PREFIXES = ("62", "4", "5")
#: A partly masked number: digits and mask characters (*, ＊, •, ●, x inside), at least one of each.
MASKED = re.compile(r"(?<![0-9A-Za-z*＊•●])([0-9*＊•●][0-9*＊•● ]{9,22}[0-9Xx*＊•●])(?![0-9A-Za-z*＊•●])")
_MASK_CHARS = "*＊•●"

#: kind -> (English name, Chinese name)
KIND_NAMES = {"resident_id": ("resident ID number", "完整身份证号"), "mobile": ("mobile number", "完整手机号"),
              "bank_card": ("bank card number", "完整银行卡号"),
              "masked_resident_id": ("ID number masked too little", "身份证号脱敏不足"),
              "masked_mobile": ("mobile number masked too little", "手机号脱敏不足"),
              "masked_bank_card": ("bank card number masked too little", "银行卡号脱敏不足")}


def luhn_ok(digits: str) -> bool:
    """True when ``digits`` pass the Luhn (ISO/IEC 7812-1 mod 10) check used by bank card numbers."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _is_resident_id(digits: str) -> bool:
    m = RESIDENT_ID.fullmatch(digits)
    if not m:
        return False
    try:
        date(int(m.group(2)), int(m.group(3)), int(m.group(4)))
        return True
    except ValueError:
        return False


def find_bank_cards(text: str, prefixes=BANK_CARD_PREFIXES) -> Iterator[str]:
    """Yield each unmasked bank card number in ``text``: 16–19 digits (spaces or hyphens between groups of four
    allowed), Luhn-valid, starting with one of ``prefixes``, and not a valid 18-digit resident ID number."""
    for m in BANK_CARD.finditer(text):
        digits = re.sub(r"[- ]", "", m.group(1))
        if 16 <= len(digits) <= 19 and digits.startswith(tuple(prefixes)) and luhn_ok(digits) and not _is_resident_id(digits):
            yield m.group(1)


def masked_numbers(text: str) -> Iterator[tuple[str, str, int]]:
    """Yield (kind, token, revealed digits) for each partly masked resident ID (18 characters, or 15), mobile
    (11, starting 1) or bank card (16–19) number in ``text``: ``revealed`` is how many digits are left visible."""
    for m in MASKED.finditer(text):
        token = m.group(1).strip()
        compact = token.replace(" ", "")
        if not any(c in _MASK_CHARS for c in compact) or not any(c.isdigit() for c in compact):
            continue
        n = len(compact)
        revealed = sum(c.isdigit() for c in compact)
        if n == 11 and compact[0] in "1" + _MASK_CHARS:
            yield "mobile", token, revealed
        elif n in (15, 18):
            yield "resident_id", token, revealed
        elif 16 <= n <= 19:
            yield "bank_card", token, revealed

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_checksum_ok(number: str) -> bool:
    """True when the 18th character of a resident ID number is the ISO 7064 MOD 11-2 check of the first 17."""
    s = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[s % 11] == number[17].upper()


def find_personal_data(text: str, kinds: list[str], prefixes=BANK_CARD_PREFIXES) -> Iterator[tuple[str, str, str]]:
    """Yield (kind, matched text, note) for each unmasked resident ID, mobile or bank card number in ``text``
    (``kinds`` ⊆ resident_id, mobile, bank_card; ``prefixes``: bank card issuer prefixes, see :func:`find_bank_cards`).

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
    if "bank_card" in kinds:
        for num in find_bank_cards(text, prefixes):
            yield "bank_card", num, "Luhn check valid"


def mask(kind: str, s: str) -> str:
    """Mask a found number for display in reports (the report must not repeat the leak)."""
    digits = re.sub(r"\D", "", s)
    if kind == "resident_id":
        return s[:1] + "*" * (len(s) - 5) + s[-4:]
    if kind == "bank_card":
        return "*" * (len(digits) - 4) + digits[-4:]
    return digits[-11:][:3] + "****" + digits[-4:]


def _redact_card(m: re.Match) -> str:
    digits = re.sub(r"[- ]", "", m.group(1))
    if 16 <= len(digits) <= 19 and luhn_ok(digits) and not _is_resident_id(digits):
        return mask("bank_card", digits)
    return m.group(0)


def redact(text: str) -> str:
    """Mask every resident ID, mobile number and Luhn-valid 16–19-digit card number in ``text`` (results and
    reports never repeat a leak)."""
    if not text or not any(ch.isdigit() for ch in text):
        return text
    text = BANK_CARD.sub(_redact_card, text)
    text = RESIDENT_ID.sub(lambda m: mask("resident_id", m.group(0)), text)
    return MOBILE.sub(lambda m: mask("mobile", m.group(0)), text)


@check("dom")
def personal_data_masked(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """PI-06: no full 18-digit resident ID number, 11-digit mobile number or bank card number (16–19 digits,
    Luhn-valid, issuer prefix in ``bank_card_prefixes``) in the visible text or the values of form fields; and no
    partly masked number that leaves more digits visible than ``max_revealed`` allows for its kind. Reported
    numbers are masked in the evidence.

    ``max_revealed`` defaults to a lenient national reading (ID 10 digits visible, e.g. 6 + 4; mobile 7, i.e.
    3 + 4; bank card 10, i.e. 6 + 4). Platform masking rules are stricter: the Alipay open platform's
    《应用安全开发指南》 (浙里办 also ships as an Alipay mini-program) shows ID first 1 + last 1, mobile first 3
    + last 2, bank card last 4 only, i.e. ``{"resident_id": 2, "mobile": 5, "bank_card": 4}`` — set that per
    registry entry for platform-hosted systems. 浙里办's own published masking rule could not be confirmed
    (its developer documents are not public); these values are the Alipay guide's, labelled as such.

    Source: GB/T 35273-2020 6.2 去标识化处理 and the display restrictions for personal information (clause
    number not confirmed); 国办秘函〔2019〕19号 单项否决 (security/leak incidents); 支付宝开放平台《应用安全开发指南》
    脱敏规范 (platform rule).
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
            found.append(ev(record, text=mask(kind, s_), value=kind, note="; ".join(x for x in (where, note) if x) or None))
        for kind, token, revealed in masked_numbers(text):
            limit = limits.get(kind)
            if kind not in kinds or limit is None or revealed <= limit or token in seen:
                continue
            seen.add(token)
            found.append(ev(record, text=token, value="masked_" + kind,
                            note="; ".join(x for x in (where, f"{revealed} digits visible > {limit}") if x)))

    for t in dom.get("texts", []):
        scan(t["text"], t, None)
    for f in dom.get("fields", []):
        scan(f.get("value") or "", f, "in a form field")
    # Numbers split over several elements are only in the page's innerText.
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
    return passed(f"no unmasked {names} number on screen", zh=f"页面未显示未脱敏的{names_zh}", value=0, threshold=thr)
