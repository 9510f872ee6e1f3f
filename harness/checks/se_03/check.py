"""SE-03: No server version headers or stack traces in error pages (不暴露服务器版本，错误页不显示堆栈信息). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any

from urllib.parse import urlsplit

from ...outcomes import Outcome, bi, failed, passed
from .. import ev


_VERSION = re.compile(r"\d+\.\d+")


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """SE-03: no response (the page, its same-site subresources, and an error page got by asking for a path
    that does not exist) names the server software with a version (headers in ``headers``, e.g.
    ``Server: nginx/1.18.0``, ``X-Powered-By: PHP/7.4``, any ``X-AspNet-Version``), and the error page shows no
    stack trace or framework error page (``error_patterns``).

    Source: 国办函〔2021〕105号 安全保障; GB/T 22239-2019 (网络安全等级保护基本要求) is the usual reference for
    hiding version information, cited here as background, not as a clause.
    Value: {"headers": n, "error_page": n}. Evidence: the URL, header and value, or the matching text.
    """
    names = [h.lower() for h in p["headers"]]
    always = {h.lower() for h in p["always_fail_headers"]}
    page_url = (a.get("navigation") or {}).get("final_url") or ""
    responses = [(page_url, (a.get("navigation") or {}).get("headers") or {})]
    responses += [(r.get("url"), r.get("headers") or {}) for r in a.get("network", [])
                  if r.get("headers") and urlsplit(r.get("url") or "").hostname == urlsplit(page_url).hostname]
    nf = a["probes"].get("not_found") or {}
    if nf:
        responses.append((nf.get("url"), nf.get("headers") or {}))
    hdr, seen = [], set()
    for url, headers in responses:
        for k in names:
            v = headers.get(k)
            if v and (k in always or _VERSION.search(v)) and (k, v) not in seen:
                seen.add((k, v))
                hdr.append(ev(url=url, value=f"{k}: {v}"[:120], note="version disclosed"))
    body = nf.get("body") or ""
    err = []
    for pat in p["error_patterns"]:
        m = re.search(pat, body)
        if m:
            err.append(ev(url=nf.get("url"), text=body[max(0, m.start() - 40):m.end() + 80].replace("\n", " "), value="error page",
                          note=f"HTTP {nf.get('status')}"))
            break
    value = {"headers": len(hdr), "error_page": len(err)}
    thr = bi("no version in server headers; no stack trace in error pages",
             "服务器响应头不含版本号；错误页不含堆栈信息")
    if hdr or err:
        en = ([f"{len(hdr)} header(s) disclose server versions"] if hdr else []) + (["the error page shows a stack trace or framework details"] if err else [])
        zh = ([f"{len(hdr)} 个响应头暴露服务器版本"] if hdr else []) + (["错误页显示堆栈或框架信息"] if err else [])
        return failed("; ".join(en), zh="；".join(zh), value=value, threshold=thr, evidence=(hdr + err)[:30])
    return passed(f"no server version disclosed (error page HTTP {nf.get('status')})", zh=f"未暴露服务器版本（错误页状态 {nf.get('status')}）",
                  value=value, threshold=thr)
