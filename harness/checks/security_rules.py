"""Security checks beyond transport (安全): exposed source maps, ``/.git/`` and secrets in front-end code;
server versions and stack traces; links that launch third-party apps or lead to commercial sites.

SE-02 and SE-03 read the ``probes`` gather stage (:mod:`harness.gather.probes`), SE-05 the DOM walk and the
recorded ``window.open`` calls.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ..outcomes import Outcome, bi, failed, passed
from . import check, ev


@check("probes")
def no_exposed_code(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """SE-02: no ``/.git/`` repository served (HEAD or config readable at the site root or the page's
    directory), no JavaScript source map served (when ``source_maps`` is true), and no secret in the page's
    front-end code (inline and same-site scripts) of a kind in ``secret_kinds`` (aliyun_access_key,
    aws_access_key, tencent_secret_id, private_key, secret_assignment, password_assignment).

    Source: 国办函〔2026〕12号 (落实网络安全、数据安全和个人信息保护; article not confirmed); 国办秘函〔2019〕19号
    单项否决·安全、泄密事故等严重问题; GB/T 35273-2020 6.3 个人敏感信息的传输和存储 (keys and passwords).
    Value: {"git": n, "source_maps": n, "secrets": n}. Evidence: each URL, with the secret masked.
    """
    pr = a["probes"]
    kinds = set(p["secret_kinds"])
    git = [g for g in pr.get("git", []) if g.get("exposed")]
    maps = [m for m in pr.get("source_maps", []) if m.get("exposed")] if p["source_maps"] else []
    secrets = [s for s in pr.get("secrets", []) if s["kind"] in kinds]
    value = {"git": len(git), "source_maps": len(maps), "secrets": len(secrets)}
    thr = bi("0 exposed .git, source maps, secrets",
             "无暴露的 .git、source map 与密钥")
    evid = [ev(url=g["url"], value="git", note=f"HTTP {g['status']}: {(g.get('snippet') or '')[:40]!r}") for g in git]
    evid += [ev(url=m["url"], value="source map", note=f"for {m['script']} ({m['how']})") for m in maps]
    evid += [ev(url=s["url"], value=s["kind"], text=s["snippet"], note=f"line {s['line']}") for s in secrets]
    if evid:
        en = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in value.items() if n)
        zh = "，".join(f"{ {'git': '暴露 .git 目录', 'source_maps': '暴露 source map', 'secrets': '前端代码含密钥或口令'}[k]} {n} 处"
                      for k, n in value.items() if n)
        return failed(f"exposed code or secrets: {en}", zh=f"前端暴露源码或密钥：{zh}", value=value, threshold=thr, evidence=evid[:30])
    return passed(f"no .git, source map or secret exposed ({len(pr.get('scripts', []))} script(s), {pr.get('inline_scripts', 0)} inline)",
                  zh="未发现暴露的 .git、source map 或密钥", value=value, threshold=thr)


_VERSION = re.compile(r"\d+\.\d+")


@check("probes", "navigation")
def no_server_details(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
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


@check("dom", "page_state")
def no_third_party_launch(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """SE-05: no link, frame or ``window.open`` call that launches another app (a URL scheme other than
    ``allowed_schemes``, e.g. ``weixin://``, ``alipays://``, ``taobao://``) and no link to a commercial site
    (host under one of ``commercial_domains``).

    Source: 国务院办公厅《关于推进政务新媒体健康有序发展的意见》 (国办发〔2018〕123号; 不得刊登商业广告或链接商业
    广告页面, wording as reproduced in provincial rules, clause not confirmed); 认定方法 and MIIT's APP
    专项整治 (自启动、关联启动其他App; clause not confirmed).
    Value: {"app_links": n, "commercial": n}. Evidence: the element and its URL.
    """
    allowed = {s.lower().rstrip(":") for s in p["allowed_schemes"]}
    commercial = [d.lower().lstrip(".") for d in p["commercial_domains"]]
    dom = a["dom"]
    apps, shops = [], []

    def scheme_of(url: str) -> str:
        m = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):", url or "")
        return m.group(1).lower() if m else ""

    def commercial_host(url: str) -> str | None:
        host = (urlsplit(url).hostname or "").lower()
        for d in commercial:
            if host == d or host.endswith("." + d):
                return d
        return None

    items = [(l, l.get("raw_href") or l.get("href") or "", "link") for l in dom.get("links", [])]
    items += [(f, f.get("src") or "", "iframe") for f in dom.get("iframes", [])]
    items += [(None, o.get("url") or "", "window.open") for o in (a.get("page_state") or {}).get("opens", [])]
    for rec, url, how in items:
        sch = scheme_of(url)
        if sch and sch not in allowed:
            apps.append(ev(rec, url=url[:200], value=f"{sch}://", text=(rec or {}).get("text") or None, note=how))
        elif sch in ("http", "https") or not sch:
            d = commercial_host((rec or {}).get("href") or url)
            if d:
                shops.append(ev(rec, url=url[:200], value=d, text=(rec or {}).get("text") or None, note=how))
    value = {"app_links": len(apps), "commercial": len(shops)}
    thr = bi("0 app-launch links; 0 links to commercial sites",
             "唤起第三方应用的链接 0 个；商业网站链接 0 个")
    if apps or shops:
        en = ([f"{len(apps)} link(s) launch other apps"] if apps else []) + ([f"{len(shops)} link(s) to commercial sites"] if shops else [])
        zh = ([f"{len(apps)} 个链接唤起第三方应用"] if apps else []) + ([f"{len(shops)} 个链接指向商业网站"] if shops else [])
        return failed("; ".join(en), zh="；".join(zh), value=value, threshold=thr, evidence=(apps + shops)[:30])
    return passed("no app-launch link and no commercial link", zh="无唤起第三方应用或指向商业网站的链接", value=value, threshold=thr)
