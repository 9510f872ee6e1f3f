"""Personal data and secrets: detection and masking of resident ID, mobile and bank card numbers, and of the
credentials URLs carry (userinfo, tokens, tickets, keys, signatures).

One module that the checks (PI-06 on screen, PI-07 in URLs), the engine (results never repeat a number: every
message and evidence string is passed through :func:`redact`) and the stored screenshots (the boxes of evidence
marked ``personal`` are pixelated, :mod:`harness.report.annotate`) share.

Sources: GB 11643-1999 (公民身份号码: area, birth date, sequence, ISO 7064 MOD 11-2 check digit); ISO/IEC 7812-1
(card numbers, Luhn check); GB/T 35273-2020 §7.2 (展示限制: personal data shown masked).

What the harness writes (results, artifacts, run records, reports, 附件2, console lines) passes through
:func:`scrub` (:func:`harness.results.write_json`, :func:`harness.report.render_department`): the unmasked
measurement lives only in memory, for the checks.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any, Iterable, Iterator


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


def normalise(text: str) -> str:
    """``text`` in Unicode NFKC form: full-width digits, letters, stars and spaces (``６３０１…Ｘ``, ``＊``, U+3000)
    become their ASCII forms, so that a number typed in full width (全角) is matched as the same number."""
    return unicodedata.normalize("NFKC", text) if text and not text.isascii() else text


#: Full-width digits and the characters written in numbers → ASCII, one character for one (lengths kept).
_FULL_WIDTH_DIGITS = {c: unicodedata.normalize("NFKC", chr(c)) for c in (*range(0xFF10, 0xFF1A), 0xFF38, 0xFF58, 0xFF0D, 0x3000)}


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
    (11, starting 1) or bank card (16–19) number in ``text``: ``revealed`` is how many digits are left visible.
    ``text`` is read in NFKC form (:func:`normalise`: full-width digits count), ``token`` is the normalised form."""
    for m in MASKED.finditer(normalise(text)):
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


#: A full number the harness masked when it stored artifacts (:func:`scrub` with ``stored=True``):
#: ``⟦resident_id:6*************0028⟧``. The page showed it whole; :func:`find_personal_data` reports it as such, so
#: ``harness recheck`` (which reads stored artifacts) finds the same leaks as the live audit.
STORED = re.compile(r"⟦(resident_id|mobile|bank_card):([^⟧\s]{1,40})⟧")


def find_personal_data(text: str, kinds: list[str], prefixes=BANK_CARD_PREFIXES) -> Iterator[tuple[str, str, str]]:
    """Yield (kind, matched text, note) for each unmasked resident ID, mobile or bank card number in ``text``
    (``kinds`` ⊆ resident_id, mobile, bank_card; ``prefixes``: bank card issuer prefixes, see :func:`find_bank_cards`),
    and for each full number the harness itself masked in stored artifacts (:data:`STORED`: the matched text is
    then its masked form).

    A resident ID must have a real calendar date; the note says whether its check digit is valid (an ID with a
    wrong check digit is still reported: it is still someone's number, mistyped). ``text`` is read in NFKC form
    (:func:`normalise`): a number in full-width digits (全角) is found, and the matched text is its ASCII form.
    """
    if "⟦" in text:
        for m in STORED.finditer(text):
            if m.group(1) in kinds:
                yield m.group(1), m.group(2), "full number (masked when stored)"
    text = normalise(text)
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
    reports never repeat a leak). Full-width digits (全角) are read as ASCII ones: a number written in them comes
    out masked, in ASCII digits; the rest of ``text`` is unchanged."""
    if not text or not any(ch.isdigit() for ch in text):
        return text
    if not text.isascii():
        text = text.translate(_FULL_WIDTH_DIGITS)
    text = BANK_CARD.sub(_redact_card, text)
    text = RESIDENT_ID.sub(lambda m: mask("resident_id", m.group(0)), text)
    return MOBILE.sub(lambda m: mask("mobile", m.group(0)), text)


# ---------------------------------------------------------------- secrets in URLs

#: Query (and fragment) parameter names whose values are credentials: the name itself, or ending in one of these
#: after ``_``/``-`` (``access_token``, ``x-api-key``, ``ticketId``). The harness's own SSO ticket (the platform
#: profiles' ``ticket_param``, ``ticket``) is one of them.
SECRET_PARAMS = ("token", "ticket", "ticketid", "key", "apikey", "password", "passwd", "pwd", "pass", "sign", "signature",
                 "secret", "session", "sessionid", "sid", "auth", "authorization", "credential", "code_verifier")
_SECRET_NAME = re.compile(r"(?:^|.*[_\-.])(?:" + "|".join(re.escape(n) for n in SECRET_PARAMS) + r")$|^access_?token$|.*token$|.*secret$",
                          re.I)
#: ``name=value`` after ``?``, ``&``, ``;`` or ``#`` (also percent-encoded ``%3F``/``%26`` inside another URL).
_PARAM = re.compile(r"(?P<pre>(?:[?&;#]|%3[Ff]|%26)(?P<name>[A-Za-z][A-Za-z0-9_.\-]{0,40})(?:=|%3[Dd]))(?P<value>[^&#;\s\"'<>]*)")
#: ``scheme://user[:password]@`` (userinfo, RFC 3986 §3.2.1; WHATWG keeps it in ``href``).
_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*:(?://|%2[Ff]%2[Ff]))(?P<info>[^/?#@\s\"'<>]+)@")
SECRET_MASK = "***"


def is_secret_param(name: str) -> bool:
    """Whether a query parameter named ``name`` carries a credential (see :data:`SECRET_PARAMS`)."""
    return bool(_SECRET_NAME.match(name or ""))


def mask_url_secrets(text: str) -> str:
    """``text`` with every URL userinfo (``user:pw@``) and every value of a credential parameter
    (``?token=…``, ``&sign=…``; :func:`is_secret_param`) replaced by ``***``. Works on bare URLs and on any text
    holding them (messages, HTML, logs). Idempotent."""
    if not text or ("=" not in text and "@" not in text):
        return text
    if "@" in text:
        text = _USERINFO.sub(lambda m: f"{m.group('scheme')}{SECRET_MASK}@" if m.group("info") != SECRET_MASK else m.group(0), text)
    if "=" in text or "%3" in text:
        text = _PARAM.sub(_mask_param, text)
    return text


def _mask_param(m: re.Match) -> str:
    value = m.group("value")
    if value and is_secret_param(m.group("name")):
        return m.group("pre") + SECRET_MASK
    if "%3" in value or "%26" in value:  # another URL, percent-encoded, as this parameter's value: its parameters too
        return m.group("pre") + _PARAM.sub(_mask_param, value)
    return m.group(0)


def redact_stored(text: str) -> str:
    """:func:`redact` for stored artifacts: each full number masked and marked as one (:data:`STORED`), so that a
    check reading the stored artifacts again still knows the page showed it whole."""
    if not text or not any(ch.isdigit() for ch in text):
        return text
    if not text.isascii():
        text = text.translate(_FULL_WIDTH_DIGITS)

    def card(m: re.Match) -> str:
        digits = re.sub(r"[- ]", "", m.group(1))
        if 16 <= len(digits) <= 19 and luhn_ok(digits) and not _is_resident_id(digits):
            return f"⟦bank_card:{mask('bank_card', digits)}⟧"
        return m.group(0)

    text = BANK_CARD.sub(card, text)
    text = RESIDENT_ID.sub(lambda m: f"⟦resident_id:{mask('resident_id', m.group(0))}⟧", text)
    return MOBILE.sub(lambda m: f"⟦mobile:{mask('mobile', m.group(0))}⟧", text)


def scrub(value: Any, stored: bool = False) -> Any:
    """``value`` (plain JSON data: dicts, lists, strings …) with every string masked as a report shows it:
    URL secrets (:func:`mask_url_secrets`) and resident ID, mobile and card numbers (:func:`redact`; with
    ``stored``, :func:`redact_stored`, for artifacts that checks read again). Dict keys are kept. A new object;
    ``value`` is not changed."""
    if isinstance(value, str):
        return (redact_stored if stored else redact)(mask_url_secrets(value))
    if isinstance(value, dict):
        return {k: scrub(v, stored) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub(v, stored) for v in value]
    return value


# ---------------------------------------------------------------- personal data in screenshots

def personal_boxes(checks: Iterable[dict[str, Any]], device_width: int) -> list[list[float]]:
    """Boxes (CSS px) of the evidence items marked ``"personal": true`` (personal data shown on the page) of failed
    or cantTell check results, measured at the device width: what every stored image pixelates."""
    out = []
    for c in checks:
        if c["outcome"] not in ("failed", "cantTell"):
            continue
        for e in c.get("evidence", []):
            box = e.get("box")
            if e.get("personal") and box and len(box) == 4 and box[2] > 0 and box[3] > 0 and e.get("width") in (None, device_width):
                out.append([float(v) for v in box])
    return out


def pixelate(img, boxes: list[list[float]], scale: float, block: int = 10):
    """The PIL image ``img`` with each box (CSS px, ``scale`` image px per CSS px) pixelated in place so that the
    text in it cannot be read (blocks of ``block`` image px); returns ``img``."""
    from PIL import Image

    for x, y, w, h in boxes:
        l, t = max(0, int(x * scale)), max(0, int(y * scale))
        r, b = min(img.width, int((x + w) * scale + 1)), min(img.height, int((y + h) * scale + 1))
        if r - l < 2 or b - t < 2:
            continue
        part = img.crop((l, t, r, b))
        small = part.resize((max(1, part.width // block), max(1, part.height // block)), Image.BILINEAR)
        img.paste(small.resize(part.size, Image.NEAREST), (l, t))
    return img
