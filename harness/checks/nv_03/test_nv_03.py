"""NV-03 on hand-made artifacts: observed navigations, redirect loops (also with a cache-busting query) and
reloads (EL-10's)."""

from __future__ import annotations

from harness.checks.navigations import automatic_navigations

from tests.checkrun import run
from tests.load_artifacts import art, req


def test_observed_navigations_loops_and_reloads():
    docs = [req("https://a.gov.cn/x", 302, "Document", t=0, redirected_to="https://a.gov.cn/y"),
            req("https://a.gov.cn/y", 200, "Document", t=10), req("https://a.gov.cn/z", 200, "Document", t=5000),
            req("https://a.gov.cn/y", 200, "Document", t=5100)]
    a = art(dom={}, motion={}, network=docs, frame_navigations=[{"url": u} for u in ("https://a.gov.cn/y", "https://a.gov.cn/z", "https://a.gov.cn/y")])
    a["navigation"].update(redirects=["https://a.gov.cn/x"], final_url="https://a.gov.cn/y")
    found = automatic_navigations(a, 1)
    assert len(found["timed_redirects"]) == 1 and found["timed_redirects"][0]["url"] == "https://a.gov.cn/z"
    assert len(found["loops"]) == 1 and len(found["hops"]) == 2
    out = run("NV-03", a)
    assert out.outcome == "failed" and "loop" in out.message
    reload_ = art(dom={}, motion={}, network=[req("https://a.gov.cn/x", 200, "Document", t=0), req("https://a.gov.cn/x", 200, "Document", t=4000)],
                  frame_navigations=[{"url": "https://a.gov.cn/x"}, {"url": "https://a.gov.cn/x"}])
    assert run("NV-03", reload_).outcome == "passed" and run("EL-10", reload_).outcome == "failed"
    # A timer that sends the page to itself with a new timestamp every 200 ms: a loop, though no URL repeats.
    urls = ["https://a.gov.cn/n", "https://a.gov.cn/n?1", "https://a.gov.cn/n?2"]
    busting = art(dom={}, motion={}, network=[req(u, 200, "Document", t=200 * i) for i, u in enumerate(urls)],
                  frame_navigations=[{"url": u} for u in urls])
    out = run("NV-03", busting)
    assert out.outcome == "failed" and out.value["loops"] == 1 and out.evidence[0]["url"] == "https://a.gov.cn/n"
    two = art(dom={}, motion={}, network=[req(u, 200, "Document", t=200 * i) for i, u in enumerate(urls[:2])],
              frame_navigations=[{"url": u} for u in urls[:2]])
    assert run("NV-03", two).outcome == "passed"  # one redirect adding a query is no loop
