"""PI-07: No personal data in request URLs (请求 URL 中不含个人信息). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from urllib.parse import parse_qsl, unquote, urlsplit

from ...outcomes import Outcome, bi, failed, passed
from ...personal_data import KIND_NAMES, find_personal_data, mask
from .. import ev


def _mask_value(v: str) -> str:
    return v[:1] + "*" * max(1, len(v) - 1) if v else v


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """PI-07: no personal data in the query string (or path) of any request the page made, its own URL and
    redirects included: resident ID, mobile or bank card numbers (``patterns``), or a non-empty value of a
    parameter named like personal data (``param_names``: name, xm, idcard, sfzh, mobile …).

    Source: GB/T 35273-2020 6.3 个人敏感信息的传输和存储; 支付宝开放平台《应用安全开发指南》 (url 参数中的敏感
    信息也须脱敏; platform rule).
    Value: number of requests. Evidence: the URL (numbers masked), the parameter and kind.
    """
    names = {n.lower() for n in p["param_names"]}
    nav = a["navigation"]
    urls = [nav.get("url"), nav.get("final_url"), *(nav.get("redirects") or [])]
    urls += [r.get("url") for r in a.get("network", [])]
    found, seen = [], set()
    for url in urls:
        if not url or url in seen or not url.startswith(("http:", "https:")):
            continue
        seen.add(url)
        parts = urlsplit(url)
        hits = []
        for k, v in parse_qsl(parts.query, keep_blank_values=False):
            if k.lower() in names and v.strip():
                hits.append((k, "named parameter", v))
            else:
                for kind, s, _ in find_personal_data(v, p["patterns"]):
                    hits.append((k, kind, s))
        for kind, s, _ in find_personal_data(unquote(parts.path), p["patterns"]):
            hits.append(("(path)", kind, s))
        if hits:
            shown = url
            for _, kind, s in hits:
                shown = shown.replace(s, mask(kind, s) if kind in KIND_NAMES else _mask_value(s))
            found.append(ev(url=shown[:300], value=", ".join(sorted({h[1] for h in hits})),
                            note="parameters: " + ", ".join(sorted({h[0] for h in hits}))))
    thr = bi("0 requests with personal data in the URL",
             "URL 中含个人信息的请求 0 个")
    if found:
        return failed(f"{len(found)} request URL(s) carry personal data", zh=f"{len(found)} 个请求的 URL 中含个人信息",
                      value=len(found), threshold=thr, evidence=found[:30])
    return passed(f"no personal data in {len(seen)} request URL(s)", zh=f"{len(seen)} 个请求 URL 中均无个人信息", value=0, threshold=thr)
