"""SE-01: Served over HTTPS with no mixed content and a certificate valid ≥ 30 days (使用 HTTPS、无混合内容、证书有效期不少于30天). Definition: check.json beside this file."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from urllib.parse import urlsplit

from ...outcomes import Outcome, bi, failed, passed
from .. import ev


def mixed_content(a: dict[str, Any]) -> list[dict[str, Any]]:
    """Insecure (http:) subresources of an https page: requests made or blocked, DOM references, console
    warnings. Returns evidence items."""
    out, seen = [], set()
    for r in a.get("network") or []:
        if r.get("type") == "Document" and r.get("url") == (a.get("navigation") or {}).get("final_url"):
            continue
        url = r.get("url", "")
        if url.startswith("http:") or r.get("blocked") == "mixed-content":
            if url not in seen:
                seen.add(url)
                out.append(ev(url=url, value=r.get("type"), note="blocked by the browser" if r.get("blocked") else "loaded over http"))
    for res in (a.get("dom") or {}).get("resources", []):
        url = res.get("url") or ""
        if url.startswith("http:") and url not in seen:
            seen.add(url)
            out.append(ev(url=url, value=res.get("tag"), note=f"referenced by <{res.get('tag')}> {res.get('attr')}"))
    for c in a.get("console") or []:
        if "Mixed Content" in c.get("text", "") and len(out) < 50:
            out.append(ev(note="console", text=c["text"][:300]))
    return out


def cert_days_left(a: dict[str, Any]) -> float | None:
    """Days (float) between the load (``artifacts["started"]``) and the end of validity of the page's TLS
    certificate (``navigation.tls.valid_to``, seconds since the epoch, from the DevTools protocol), or None."""
    tls = (a.get("navigation") or {}).get("tls") or {}
    valid_to = tls.get("valid_to")
    if valid_to is None:
        return None
    try:
        started = datetime.strptime(a.get("started") or "", "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        started = datetime.now(timezone.utc)
    return (float(valid_to) - started.timestamp()) / 86400


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """SE-01: the page is served over HTTPS (after redirects), loads no subresource over http, and its
    certificate stays valid for at least ``min_cert_days`` days after the load.

    Source: 国办函〔2021〕105号 security (encrypted transport); 浙里办 security rules; certificate validity:
    a certificate about to expire makes the service unreachable (AV-01) the day it does.
    Value: {"scheme", "mixed": count, "cert_days_left": days | None}. Evidence: the page URL, each insecure
    subresource, the certificate's subject and end of validity.
    """
    nav = a["navigation"]
    final = nav.get("final_url") or nav.get("url") or ""
    scheme = urlsplit(final).scheme
    min_days = p.get("min_cert_days", 30)
    thr = bi(f"https; 0 http subresources; certificate valid ≥ {min_days} days",
             f"https；http 子资源 0 个；证书有效期剩余 ≥ {min_days} 天")
    if scheme != "https":
        return failed(f"served over {scheme or '?'}, not https", zh=f"页面通过 {scheme or '?'} 而非 https 提供",
                      value={"scheme": scheme, "mixed": None, "cert_days_left": None}, threshold=thr, evidence=[ev(url=final)])
    mixed = mixed_content(a)
    days = cert_days_left(a)
    value = {"scheme": scheme, "mixed": len(mixed), "cert_days_left": None if days is None else round(days, 1)}
    en, zh, evid = [], [], []
    if mixed:
        en.append(f"{len(mixed)} subresource(s) over http (mixed content)")
        zh.append(f"{len(mixed)} 个资源通过 http 加载（混合内容）")
        evid += mixed[:30]
    if days is not None and days < min_days:
        tls = nav.get("tls") or {}
        end = datetime.fromtimestamp(float(tls["valid_to"]), timezone.utc).strftime("%Y-%m-%d")
        en.append(f"the certificate expires in {days:.1f} days ({end}), less than {min_days}" if days >= 0 else f"the certificate expired on {end}")
        zh.append(f"证书将在 {days:.1f} 天后（{end}）到期，少于 {min_days} 天" if days >= 0 else f"证书已于 {end} 过期")
        evid.insert(0, ev(url=final, text=tls.get("subject"), value=end, note=f"issuer {tls.get('issuer')}"))
    if en:
        return failed("; ".join(en), zh="；".join(zh), value=value, threshold=thr, evidence=evid)
    cert = f", certificate valid {days:.0f} more days" if days is not None else ""
    cert_zh = f"，证书有效期剩余 {days:.0f} 天" if days is not None else ""
    return passed(f"https with no mixed content{cert}", zh=f"使用 https，无混合内容{cert_zh}", value=value, threshold=thr)
