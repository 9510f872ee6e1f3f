"""Which URLs the harness accepts and which it requests outside the browser.

Registry URLs are parsed by the WHATWG URL Standard's parser (`ada-url`, the parser of Node.js), the rules a
browser applies: :func:`url_problem` says why a URL is refused at load (control characters, not http(s), a host
or port the parser rejects, userinfo, a link-local address). Addresses are compared as the parser canonicalises
them, so ``http://2852039166/``, ``http://0xA9FEA9FE/`` and ``http://0251.0376.0251.0376/`` are all
``169.254.169.254`` (the cloud metadata service's link-local address, RFC 3927).

Requests made outside the browser (the link checker, the crawl and the probes, through Playwright's request API)
follow redirects one hop at a time (``max_redirects=0``); :func:`hop_refusal` decides each hop: on the page's
site (or a host of the registered platform), never link-local (169.254.0.0/16, fe80::/10), and loopback or
private (RFC 1918, RFC 4193) only when the registered URL itself is.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Iterable

from ada_url import URL

LINK_LOCAL = (ipaddress.ip_network("169.254.0.0/16"), ipaddress.ip_network("fe80::/10"))
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TWO_LABEL = {"gov.cn", "com.cn", "net.cn", "org.cn", "edu.cn", "ac.cn", "co.uk", "com.hk", "org.hk", "gov.hk"}


def parse(url: str) -> URL:
    """The WHATWG-parsed ``url`` (attributes ``href``, ``protocol`` ``"https:"``, ``hostname`` canonical: IPv4 in
    dotted decimal, IPv6 in brackets; ``port`` "" for the default).

    Raises:
        ValueError: a control character (which the standard would silently strip) or input the parser refuses
            (a port over 65535, ``http://[::1/``, a space in the host …).
    """
    if _CONTROL.search(url or ""):
        raise ValueError("holds a control character")
    try:
        return URL(url)
    except ValueError:
        raise ValueError("not a valid URL (WHATWG URL Standard: bad host, port or syntax)") from None


def address(hostname: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address a canonical ``hostname`` (as :func:`parse` gives it) is, or None for a domain name."""
    try:
        return ipaddress.ip_address((hostname or "").strip("[]"))
    except ValueError:
        return None


def address_kind(hostname: str) -> str:
    """``"link-local"``, ``"loopback"``, ``"private"`` (RFC 1918, RFC 4193, CGNAT, unspecified …), ``"public"`` for
    an IP address, ``"loopback"`` for ``localhost`` and ``*.localhost``, ``"name"`` for any other domain name (not
    resolved)."""
    host = (hostname or "").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return "loopback"
    ip = address(host)
    if ip is None:
        return "name"
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    if any(ip in n for n in LINK_LOCAL if n.version == ip.version):
        return "link-local"
    if ip.is_loopback:
        return "loopback"
    if ip.is_private or ip.is_reserved or ip.is_unspecified or ip.is_multicast:
        return "private"
    return "public"


def url_problem(url: str, allow_link_local: bool = False) -> str | None:
    """Why a registry URL is refused (one English phrase), or None when it is accepted: a control character,
    a URL the WHATWG parser refuses (bad port, bad host, bad syntax), a scheme other than http(s), userinfo
    (``user:password@``: a credential in a spec file, and in every report), a link-local host unless
    ``allow_link_local``."""
    try:
        u = parse(url)
    except ValueError as e:
        return str(e)
    if u.protocol not in ("http:", "https:"):
        return f"scheme {u.protocol[:-1]!r}: only http and https"
    if u.username or u.password:
        return "holds userinfo (user:password@): put credentials in a session, not in the URL"
    if not u.hostname:
        return "has no host"
    if not allow_link_local and address_kind(u.hostname) == "link-local":
        return f"host {u.hostname} is link-local (169.254.0.0/16, fe80::/10: e.g. a cloud metadata service); --allow-link-local to audit it"
    return None


def site(hostname: str, port: str = "") -> str:
    """The site of a host: its registrable part (last two labels, three under gov.cn …); for an IP address or
    localhost the host and port (another port of one machine is another service, e.g. an admin page)."""
    host = (hostname or "").lower().rstrip(".")
    if address(host) is not None or address_kind(host) == "loopback" or "." not in host:
        return f"{host}:{port}" if port else host
    labels = host.split(".")
    n = 3 if ".".join(labels[-2:]) in _TWO_LABEL else 2
    return ".".join(labels[-n:])


def hop_refusal(url: str, page_url: str, registered_url: str | None = None, platform_hosts: Iterable[str] = (),
                allow_link_local: bool = False) -> str | None:
    """Why a request outside the browser to ``url`` (the first URL or a redirect's ``Location``, absolute) is not
    made, or None when it may be: not http(s) or unparsable; a link-local host (unless ``allow_link_local``);
    a loopback or private address when the ``registered_url`` (default ``page_url``) is not one itself; not on
    the site of ``page_url`` (:func:`site`) nor one of ``platform_hosts`` (host names of the registered
    platform, exact)."""
    try:
        u = parse(url)
        page = parse(page_url)
    except ValueError as e:
        return f"not requested: {e}"
    if u.protocol not in ("http:", "https:"):
        return f"not requested: scheme {u.protocol[:-1]}"
    kind = address_kind(u.hostname)
    if kind == "link-local" and not allow_link_local:
        return f"not requested: {u.hostname} is link-local"
    try:
        reg_kind = address_kind(parse(registered_url or page_url).hostname)
    except ValueError:
        reg_kind = "name"
    if kind in ("loopback", "private") and reg_kind not in ("loopback", "private"):
        return f"not requested: {u.hostname} is a {kind} address and the registered URL is not"
    if u.hostname.lower() in {h.lower() for h in platform_hosts}:
        return None
    if site(u.hostname, u.port) != site(page.hostname, page.port):
        return f"not requested: {u.host} is another site than the page's ({page.host})"
    return None
