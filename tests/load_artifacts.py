"""Hand-made artifacts of one page load at ``https://a.gov.cn/x``, with its network log and main-frame
navigations, for the unit tests of the checks that read the load's requests, redirects and refreshes or its
later gather stages (AV-03, NV-03, EL-10, PF-01, PF-02, CT-01, UI-03 to UI-06, EL-02, EL-06 to EL-09, EL-14) and
of :mod:`harness.checks.navigations` (``tests/test_navigations.py``).

The shapes are those :func:`harness.gather.gather` returns, reduced to what these checks read: the page of
:func:`tests.page_artifacts.art` (a 375 × 667 CSS px phone, an H5 system, a committed load, status 200, load event
at 100 ms, no errors) on a gov.cn address, with no redirects, no response headers and no frame navigations.
"""

from __future__ import annotations

from tests.page_artifacts import art as loaded_page


def art(dom=None, **kw):
    """Artifacts of ``https://a.gov.cn/x`` loaded fine; ``dom`` (a dict) adds a DOM walk (visible text "x", no
    title, no meta refresh, empty lists for the keys it does not set); ``kw`` replaces top-level artifacts
    (``network``, ``frame_navigations``, ``links``, ``motion``, ``page_facts``, ``variants`` …)."""
    base = {"navigation": {"url": "https://a.gov.cn/x", "final_url": "https://a.gov.cn/x", "ok": True, "status": 200,
                           "load_ms": 100, "error": None, "committed": True, "redirects": [], "headers": {}},
            "frame_navigations": []}
    if dom is not None:
        dom = {"visible_text": "x", "links": [], "images": [], "iframes": [], "title": "", "meta_refresh": None, **dom}
    return loaded_page(dom, **{**base, **kw})


def req(url, status=200, type_="Script", **kw):
    """One entry of the CDP network log (``network[]``): ``url`` answered ``status`` (None: no answer), resource
    type ``type_``, ``bytes`` transferred (default 100), requested at ``t`` ms (default 0); ``kw`` adds fields
    (``failed``, ``canceled``, ``unfinished``, ``blocked``, ``redirected_to`` …)."""
    return {"url": url, "status": status, "type": type_, "bytes": kw.pop("bytes", 100), "t": kw.pop("t", 0), **kw}
