"""Addresses of the Qinghai government service platform (青政公〔2019〕24号 附件1) and URL comparison.

Pure functions, no I/O. :func:`percent_decode` decodes ``%XX`` escapes to bytes while remembering where each
byte came from, so that :func:`utf8_errors` can report malformed UTF-8 by byte offset and by position in the
printed text. :func:`normalize_url` gives the comparable form of a URL used by the 政务服务 column check (WS-02,
notice section 二.一): scheme, host case, default port, percent-escape case, trailing slash and query order do
not matter. :func:`encode_component` re-encodes a department name the way the platform's ``ouname`` parameter
carries it (UTF-8, upper-case hex, RFC 3986).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote_to_bytes, urlsplit

#: The platform's host: every 附件1 address points at it (青海政务服务平台).
PLATFORM_HOST = "www.qhzwfw.gov.cn"

#: 8-4-4-4-12 hexadecimal digits (RFC 4122 string form, any version).
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
UUID_GROUPS = (8, 4, 4, 4, 12)
_HEX = set("0123456789abcdefABCDEF")


@dataclass
class Decoded:
    """Result of :func:`percent_decode`.

    Attributes:
        data: the decoded bytes.
        origin: for each byte of ``data``, the character offset in the input it came from (the ``%`` of its
            escape, or the literal character).
        bad_escapes: character offsets of ``%`` signs not followed by two hexadecimal digits.
        lower_hex: character offsets of escapes written with lower-case hexadecimal digits (``%e5``).
    """

    data: bytes
    origin: list[int] = field(default_factory=list)
    bad_escapes: list[int] = field(default_factory=list)
    lower_hex: list[int] = field(default_factory=list)


def percent_decode(text: str) -> Decoded:
    """Decode ``%XX`` escapes of ``text`` into bytes (other characters as their UTF-8 bytes), keeping offsets."""
    out = bytearray()
    origin: list[int] = []
    bad, lower = [], []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "%":
            pair = text[i + 1:i + 3]
            if len(pair) == 2 and set(pair) <= _HEX:
                out.append(int(pair, 16))
                origin.append(i)
                if pair != pair.upper():
                    lower.append(i)
                i += 3
                continue
            bad.append(i)
        b = ch.encode("utf-8", "surrogatepass")
        out.extend(b)
        origin.extend([i] * len(b))
        i += 1
    return Decoded(bytes(out), origin, bad, lower)


def utf8_errors(data: bytes) -> list[dict[str, Any]]:
    """Every malformed UTF-8 sequence in ``data``: [{"offset": byte offset, "bytes": "E5 94", "reason": …}].

    Decoding resumes after each bad sequence, so all of them are listed (the Python codec's rules, which follow
    the Unicode standard's "maximal subpart" practice)."""
    errors = []
    pos = 0
    while pos < len(data):
        try:
            data[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as e:
            start, end = pos + e.start, pos + e.end
            errors.append({"offset": start, "bytes": " ".join(f"{b:02X}" for b in data[start:end]), "reason": e.reason})
            pos = end
    return errors


def encode_component(text: str) -> str:
    """Percent-encode ``text`` as UTF-8 with upper-case hex, leaving only RFC 3986 unreserved characters."""
    return quote(text, safe="-._~")


def strip_space(text: str | None) -> str:
    """``text`` without any whitespace (printed names wrap inside table cells: "省工业和信息 化厅")."""
    return re.sub(r"\s+", "", text or "")


def query_pairs(query: str) -> list[tuple[str, str]]:
    """The ``key=value`` pairs of a raw query string, still percent-encoded, in order (empty pairs dropped)."""
    pairs = []
    for part in query.split("&"):
        if not part:
            continue
        k, _, v = part.partition("=")
        pairs.append((k, v))
    return pairs


def _norm_component(text: str, safe: str) -> str:
    return quote(unquote_to_bytes(text), safe=safe)


def normalize_url(url: str | None) -> str | None:
    """The comparable form of ``url``: lower-case scheme (``http`` counted as ``https``) and host, no default
    port, no fragment, percent-escapes in one canonical form (unreserved characters decoded, upper-case hex),
    no trailing slash on the path (an empty path is ``/``), query pairs sorted. None for None, "" or a URL that
    cannot be parsed. Two URLs that differ only in these respects lead to the same page on the platform."""
    if not url:
        return None
    try:
        p = urlsplit(url.strip())
        host = (p.hostname or "").rstrip(".")
        port = p.port
    except ValueError:
        return None
    scheme = p.scheme.lower()
    if scheme == "http":
        scheme = "https"
    netloc = host
    if port and not (port == 443 or port == 80):
        netloc = f"{host}:{port}"
    path = _norm_component(p.path, "/!$&'()*+,;=:@") or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    pairs = sorted((_norm_component(k, "!$'()*+,;:@/?"), _norm_component(v, "!$'()*+,;:@/?=")) for k, v in query_pairs(p.query))
    query = "&".join(f"{k}={v}" for k, v in pairs)
    return f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")


def urls_differ(a: str | None, b: str | None) -> list[str]:
    """What differs between two URLs after normalisation: a subset of ["scheme", "host", "path", "query"]
    (empty when they lead to the same address). Unparseable input differs in everything."""
    na, nb = normalize_url(a), normalize_url(b)
    if na is None or nb is None:
        return ["scheme", "host", "path", "query"]
    pa, pb = urlsplit(na), urlsplit(nb)
    out = []
    for part in ("netloc", "path", "query"):
        if getattr(pa, part) != getattr(pb, part):
            out.append({"netloc": "host"}.get(part, part))
    return out


def decode_param(raw: str) -> dict[str, Any]:
    """Decode one percent-encoded query value: {"text": decoded text (U+FFFD for bad bytes), "valid": bool,
    "errors": [{"offset", "bytes", "reason", "position"}] (position = character offset in ``raw``),
    "bad_escapes": [...], "lower_hex": [...]}."""
    d = percent_decode(raw)
    errs = utf8_errors(d.data)
    for e in errs:
        e["position"] = d.origin[e["offset"]] if e["offset"] < len(d.origin) else len(raw)
    return {"text": d.data.decode("utf-8", "replace"), "valid": not errs and not d.bad_escapes, "errors": errs,
            "bad_escapes": d.bad_escapes, "lower_hex": d.lower_hex}


def uuid_problem(value: str) -> str | None:
    """Why ``value`` is not a well-formed UUID (8-4-4-4-12 hex digits), in English, or None when it is."""
    if UUID_RE.match(value or ""):
        return None
    groups = (value or "").split("-")
    if len(groups) != 5:
        return f"{len(groups)} groups separated by '-', a UUID has 5 (8-4-4-4-12 hex digits)"
    for i, (g, n) in enumerate(zip(groups, UUID_GROUPS), 1):
        if not set(g) <= _HEX:
            return f"group {i} ({g!r}) has characters other than hex digits"
        if len(g) != n:
            return f"group {i} ({g!r}) has {len(g)} hex digits, a UUID needs {n}"
    return "not 8-4-4-4-12 hex digits"  # pragma: no cover - covered by the checks above


def replace_param(url: str, key: str, value: str) -> str:
    """``url`` with the raw value of query parameter ``key`` replaced by ``value`` (already encoded); other
    characters of the URL are kept exactly as printed."""
    p = urlsplit(url)
    pairs = [(k, value if k == key else v) for k, v in query_pairs(p.query)]
    query = "&".join(f"{k}={v}" for k, v in pairs)
    return url[: len(url) - len(p.query) - (len(p.fragment) + 1 if p.fragment else 0)].rstrip("?") + "?" + query + \
        (f"#{p.fragment}" if p.fragment else "")


def replace_path(url: str, path: str) -> str:
    """``url`` with its path replaced by ``path``; scheme, host and query kept as printed."""
    p = urlsplit(url)
    return p._replace(path=path).geturl()
