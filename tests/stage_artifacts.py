"""Hand-made artifacts of the optional gather stages — axe-core's results (``axe``), the same-site crawl
(``crawl``), the security probes (``probes``) — and of the page on a gov.cn site they ran on, for the unit tests
of the checks that read them and of the page's consent, URL and link checks (AX-01, AX-02, AX-04, AX-07, EL-04,
PI-01, PI-03, PI-04, PI-05, PI-07, PI-08, PI-09, SE-01, SE-02, SE-03, SE-05) and of the manual checks.

The shapes are those :func:`harness.gather.gather` returns (stages: :mod:`harness.gather.axe`,
:mod:`harness.gather.site_fetches`), reduced to what these checks read.
"""

from __future__ import annotations

import time

from tests.page_artifacts import art as loaded_page


def art(dom=None, **kw):
    """Artifacts of ``https://x.gov.cn/a/index.html`` loaded now (``started``) with no response headers, no
    ``window.open`` calls and a DOM walk (title 首页) whose lists ``dom`` (a dict) may fill; ``kw`` replaces
    top-level artifacts (``axe``, ``crawl``, ``probes``, ``pi_state``, ``page_state``, ``network`` …)."""
    base = {"started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "navigation": {"url": "https://x.gov.cn/a/index.html", "final_url": "https://x.gov.cn/a/index.html", "ok": True,
                           "status": 200, "load_ms": 100, "error": None, "committed": True, "headers": {}},
            "page_state": {"opens": []}}
    return loaded_page({"links": [], "images": [], "iframes": [], "title": "首页", **(dom or {})}, **{**base, **kw})


def axe(violations=(), incomplete=(), passes=(), inapplicable=()):
    """An ``axe`` artifact: one serious wcag2a rule result per id in ``violations`` and ``incomplete`` (one node,
    target ``#<id>-0``, box [0, 0, 10, 10] CSS px, summary "Fix it"), one passed node per id in ``passes``."""
    def rule(rid, n=1):
        return {"id": rid, "impact": "serious", "tags": ["wcag2a"], "help": f"help {rid}", "help_url": "", "node_count": n,
                "nodes": [{"target": [f"#{rid}-{i}"], "impact": "serious", "html": "<x>", "summary": "Fix it", "box": [0, 0, 10, 10]}
                          for i in range(n)]}
    return {"version": "4.12.1", "violations": [rule(r) for r in violations], "incomplete": [rule(r) for r in incomplete],
            "passes": [{"id": r, "node_count": 1} for r in passes], "inapplicable": list(inapplicable)}


def crawl(*pages, truncated=False):
    """A ``crawl`` artifact: ``pages`` are (depth, parent index, link text followed, title, text, [(href, link
    text)]) tuples, page 0 the loaded page; every page answered 200 at ``https://x.gov.cn/a/p<i>.html``."""
    out = []
    for i, (depth, parent, via, title, text, links) in enumerate(pages):
        out.append({"url": f"https://x.gov.cn/a/p{i}.html", "final_url": f"https://x.gov.cn/a/p{i}.html", "depth": depth,
                    "parent": parent, "via": via, "status": 200, "title": title, "text": text,
                    "links": [{"href": f"https://x.gov.cn/a/{h}", "text": t} for h, t in links], "controls": []})
    return {"start": out[0]["url"], "pages": out, "truncated": truncated, "fetches": len(out) - 1}


def probes(**kw):
    """A ``probes`` artifact with nothing exposed and a plain 404 page for a missing path; ``kw`` replaces keys
    (``git``, ``source_maps``, ``secrets``, ``not_found`` …)."""
    base = {"git": [], "source_maps": [], "secrets": [], "scripts": [], "inline_scripts": 0,
            "not_found": {"url": "https://x/a/missing.html", "status": 404, "headers": {}, "body": "Not Found"}}
    base.update(kw)
    return base
