"""Requests made outside the browser (Playwright's request API: the link checker, the crawl, the probes),
followed one redirect at a time so that every hop is checked before it is requested.

Playwright would follow redirects on its own (``max_redirects``) to any host; here each request is sent with
``max_redirects=0`` and each ``Location`` is checked with :func:`harness.url_safety.hop_refusal` against the
page's site, the registered URL (loopback and private addresses only when it is one) and the hosts of the
target's platform profile (``sdk.platform_hosts``). A refused hop is not requested: the answer is the redirect
itself, with ``refused`` saying why.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from ..url_safety import hop_refusal

#: Redirects followed at most (then the last redirect is the answer).
MAX_HOPS = 10
_REDIRECTS = (301, 302, 303, 307, 308)


def policy(run) -> dict[str, Any]:
    """The hop policy of a load: {"page_url", "registered_url", "platform_hosts", "allow_link_local"}."""
    a = run.artifacts
    target = a.get("target") or {}
    hosts: list[str] = []
    try:
        from .. import platforms

        prof = platforms.for_target(target)
        if prof is not None:
            hosts = list(((prof.data.get("sdk") or {}).get("platform_hosts")) or [])
    except Exception:  # an unknown platform was refused at load already; no hosts then
        hosts = []
    return {"page_url": (a.get("navigation") or {}).get("final_url") or run.url,
            "registered_url": target.get("url") or a.get("url") or run.url,
            "platform_hosts": hosts, "allow_link_local": bool(getattr(run.options, "allow_link_local", False))}


async def request(run, url: str, method: str = "GET", max_hops: int = MAX_HOPS, **kwargs) -> tuple[Any, str, str | None]:
    """Send ``method`` ``url`` through ``run.context.request`` (``kwargs``: Playwright ``fetch`` options, e.g.
    ``timeout`` ms, ``ignore_https_errors``), following at most ``max_hops`` redirects whose every hop
    :func:`~harness.url_safety.hop_refusal` accepts.

    Returns (response or None, the URL of the response, refusal or None). When the first URL is refused nothing
    is requested (response None); when a redirect's target is refused the redirect response is returned with the
    refusal. 303 (and 301/302 after POST) continue as GET. Raises what Playwright raises (timeouts, refused
    connections); earlier responses of the chain are disposed.
    """
    pol = policy(run)
    why = hop_refusal(url, pol["page_url"], pol["registered_url"], pol["platform_hosts"], pol["allow_link_local"])
    if why:
        return None, url, why
    api = run.context.request
    kwargs = {**kwargs, "max_redirects": 0, "fail_on_status_code": False}
    for hop in range(max_hops + 1):
        resp = await api.fetch(url, method=method, **kwargs)
        if resp.status not in _REDIRECTS:
            return resp, url, None
        if hop == max_hops:
            return resp, url, f"more than {max_hops} redirects"
        location = resp.headers.get("location")
        if not location:
            return resp, url, None
        nxt = urljoin(url, location)
        why = hop_refusal(nxt, pol["page_url"], pol["registered_url"], pol["platform_hosts"], pol["allow_link_local"])
        if why:
            return resp, url, f"redirect to {nxt} {why}"
        try:
            await resp.dispose()
        except Exception:
            pass
        if resp.status == 303 or (resp.status in (301, 302) and method == "POST"):
            method = "GET"
        url = nxt
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns
