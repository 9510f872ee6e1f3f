"""Optional gather stage ``links``: ask whether the page's same-site links answer.

Up to ``links.max_links`` distinct same-site http(s) links of the page (visible ones first; fragments, the page
itself, ``tel:``/``mailto:``/``javascript:`` skipped) are requested through the browser context's request API
(``context.request``: the context's cookies, no page load), ``links.request_concurrency`` at a time, each with a
timeout of ``links.request_timeout_ms`` ms, the whole stage bounded by ``links.time_budget_ms`` ms (gathering
parameters, see :func:`harness.gather.register_param`). HEAD first; GET when the server
refuses HEAD (405/501). Redirects are followed one hop at a time (at most 10), each hop checked by
:mod:`harness.gather.hops`: a redirect off the page's site, to a link-local address, or to a loopback or private
address the registered URL is not on, is not followed (the link's answer is the redirect, ``refused`` says why).

TLS: the request API does not share Chromium's certificate decisions, so a link on an origin whose certificate
Chromium already accepted in this load (a response over https in the network log) is requested with
certificate errors ignored; any other origin's certificate is verified, and a failure is reported as the link's
error.

Artifact ``artifacts["links"]``: {"checked": [{"url", "status", "final_url", "method", "ms", "error",
"timed_out", "selector", "text", "refused"? (why a hop was not requested)}], "unchecked": [url, …] (over the limit or the time budget), "cross_site": count
of links to other sites (not checked), "elapsed_ms", "limits": {…}}. Written even when the stage runs out of time.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from typing import Any
from urllib.parse import urldefrag, urlsplit

from . import GatherRun, hops, register_param, register_stage

#: Gathering parameters of this stage: name -> (default, merge, unit, description).
LIMITS = {"max_links": (20, "max", "count", "Distinct same-site links requested at most."),
          "time_budget_ms": (6000, "max", "ms", "Time the whole stage may take."),
          "request_timeout_ms": (4000, "max", "ms", "Timeout of one request."),
          "request_concurrency": (4, "max", "count", "Requests in flight at once.")}
for _name, (_default, _merge, _unit, _text) in LIMITS.items():
    register_param(f"links.{_name}", _default, _merge, _unit, _text)

#: Two-label public suffixes common on Chinese government sites (a full public-suffix list is not needed for
#: deciding whether a link stays on the page's site).
_TWO_LABEL_SUFFIXES = {"gov.cn", "com.cn", "org.cn", "net.cn", "edu.cn", "ac.cn"}


def site_of(host: str) -> str:
    """The registrable part of ``host``: the host itself for IP addresses and localhost, else the last two labels
    (three under gov.cn, com.cn …). ``"zwfw.qinghai.gov.cn"`` → ``"qinghai.gov.cn"``."""
    host = (host or "").lower().rstrip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) >= 3 and ".".join(labels[-2:]) in _TWO_LABEL_SUFFIXES:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def same_site(url: str, page_url: str) -> bool:
    """True when ``url`` is on the registrable site of ``page_url`` (scheme ignored)."""
    return site_of(urlsplit(url).hostname or "") == site_of(urlsplit(page_url).hostname or "")


def select_links(links: list[dict[str, Any]], page_url: str) -> tuple[list[dict[str, Any]], int]:
    """Distinct same-site http(s) links to check (visible first, document order), and the number of links to other
    sites. The page itself (ignoring the fragment) is skipped."""
    here = urldefrag(page_url)[0]
    out, seen, cross = [], set(), 0
    for link in sorted(links or [], key=lambda l: not l.get("visible")):
        href = link.get("href") or ""
        if urlsplit(href).scheme not in ("http", "https"):
            continue
        url = urldefrag(href)[0]
        if url == here or url in seen:
            continue
        seen.add(url)
        if not same_site(url, page_url):
            cross += 1
            continue
        out.append({"url": url, "selector": link.get("selector"), "text": (link.get("text") or "")[:60]})
    return out, cross


def _trusted_origins(network: list[dict[str, Any]]) -> set[str]:
    out = set()
    for r in network or []:
        u = urlsplit(r.get("url") or "")
        if u.scheme == "https" and r.get("status") and not r.get("failed"):
            out.add(f"{u.scheme}://{u.netloc}")
    return out


async def _links(run: GatherRun) -> None:
    p = {k: run.options.param(f"links.{k}") for k in LIMITS}
    dom = run.artifacts.get("dom") or {}
    page_url = (run.artifacts.get("navigation") or {}).get("final_url") or run.url
    todo, cross = select_links(dom.get("links", []), page_url)
    res: dict[str, Any] = {"checked": [], "unchecked": [l["url"] for l in todo[p["max_links"]:]], "cross_site": cross,
                           "elapsed_ms": 0, "limits": dict(p)}
    run.artifacts["links"] = res
    todo = todo[:p["max_links"]]
    if not todo:
        return
    trusted = _trusted_origins(run.artifacts.get("network"))
    sem = asyncio.Semaphore(max(1, int(p["request_concurrency"])))
    t0 = time.monotonic()

    async def one(link: dict[str, Any]) -> None:
        async with sem:
            u = urlsplit(link["url"])
            ignore_tls = f"{u.scheme}://{u.netloc}" in trusted
            rec = {**link, "status": None, "final_url": None, "method": "HEAD", "ms": None, "error": None, "timed_out": False}
            t = time.monotonic()
            try:
                for method in ("HEAD", "GET"):
                    rec["method"] = method
                    resp, final, refused = await hops.request(run, link["url"], method=method, timeout=p["request_timeout_ms"],
                                                              ignore_https_errors=ignore_tls)
                    rec["final_url"] = final
                    if refused:
                        rec["refused"] = refused
                    if resp is None:
                        break
                    rec["status"] = resp.status
                    await resp.dispose()
                    if resp.status not in (405, 501):
                        break
            except Exception as e:
                msg = str(e).strip().splitlines()[0][:300] if str(e).strip() else type(e).__name__
                rec["error"] = msg
                rec["timed_out"] = "timeout" in msg.lower()
            rec["ms"] = int((time.monotonic() - t) * 1000)
            res["checked"].append(rec)

    tasks = [asyncio.ensure_future(one(l)) for l in todo]
    done, pending = await asyncio.wait(tasks, timeout=p["time_budget_ms"] / 1000)
    for t in pending:
        t.cancel()
    checked = {c["url"] for c in res["checked"]}
    res["unchecked"] = [l["url"] for l in todo if l["url"] not in checked] + res["unchecked"]
    res["elapsed_ms"] = int((time.monotonic() - t0) * 1000)


register_stage("links", _links)
