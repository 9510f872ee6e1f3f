"""Security checks (安全): HTTPS and mixed content."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ..outcomes import Outcome, failed, passed
from . import check, ev


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


@check("navigation")
def https_only(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """SE-01: the page is served over HTTPS (after redirects) and loads no subresource over http.

    Source: 国办函〔2021〕105号 security (encrypted transport); 浙里办 security rules.
    Value: {"scheme", "mixed": count}. Evidence: the page URL, each insecure subresource.
    """
    nav = a["navigation"]
    final = nav.get("final_url") or nav.get("url") or ""
    scheme = urlsplit(final).scheme
    thr = "https; 0 http subresources"
    if scheme != "https":
        return failed(f"served over {scheme or '?'}, not https", zh=f"页面通过 {scheme or '?'} 而非 https 提供",
                      value={"scheme": scheme, "mixed": None}, threshold=thr, evidence=[ev(url=final)])
    mixed = mixed_content(a)
    if mixed:
        return failed(f"{len(mixed)} subresource(s) over http (mixed content)", zh=f"{len(mixed)} 个资源通过 http 加载（混合内容）",
                      value={"scheme": scheme, "mixed": len(mixed)}, threshold=thr, evidence=mixed[:30])
    return passed("https with no mixed content", zh="使用 https，无混合内容", value={"scheme": scheme, "mixed": 0}, threshold=thr)
