"""harness.checks.navigations on hand-made artifacts: refresh values, declared and observed redirects,
timers, and how NV-03 and EL-10 split what it finds."""

from __future__ import annotations

from harness.checks.navigations import automatic_navigations, parse_refresh

from tests.checkrun import run
from tests.load_artifacts import art, req


def test_parse_refresh():
    assert parse_refresh("5; url=next.html", "https://a/b/c.html") == (5.0, "https://a/b/next.html")
    assert parse_refresh("0;URL='https://x/'", "https://a/") == (0.0, "https://x/")
    assert parse_refresh("30", "https://a/") == (30.0, None)
    assert parse_refresh("soon", "https://a/") is None and parse_refresh(None, "https://a/") is None


def test_meta_refresh_split_between_nv03_and_el10():
    reload_page = art(dom={"meta_refresh": "60"}, motion={})
    assert run("NV-03", reload_page).outcome == "passed"
    assert run("EL-10", reload_page).outcome == "failed"
    same_url = art(dom={"meta_refresh": "10;url=x#top"}, motion={})
    assert run("NV-03", same_url).outcome == "passed" and run("EL-10", same_url).outcome == "failed"
    elsewhere = art(dom={"meta_refresh": "3;url=/home"}, motion={})
    assert run("NV-03", elsewhere).outcome == "failed" and run("EL-10", elsewhere).outcome == "passed"
    instant = art(dom={"meta_refresh": "0;url=/home"}, motion={})
    assert run("NV-03", instant).outcome == "passed"
    assert run("NV-03", instant, max_redirects=0).outcome == "failed"


def test_declared_redirect_seen_happening_counts_once():
    """The DOM read on chain3 (its meta refresh to chain4) while the frame went on to chain4 and pass: 4 hops, not 5;
    a timed meta refresh back to the start page is still a timed redirect (the start page was not arrived at)."""
    base = "https://a.gov.cn/"
    docs = [req(base + n, type_="Document", t=t) for n, t in
            [("chain1.html", 0), ("chain2.html", 50), ("chain3.html", 100), ("chain4.html", 150), ("pass.html", 200)]]
    a = art(dom={"meta_refresh": "0;url=chain4.html"}, network=docs,
            frame_navigations=[{"url": d["url"], "t": d["t"]} for d in docs])
    a["navigation"].update(url=base + "chain1.html", final_url=base + "chain1.html")
    found = automatic_navigations(a, 1)
    assert [h["url"].rsplit("/", 1)[1] for h in found["hops"]] == ["chain2.html", "chain3.html", "chain4.html", "pass.html"]
    back = art(dom={"meta_refresh": "5;url=chain1.html"}, network=docs[:2],
               frame_navigations=[{"url": d["url"], "t": d["t"]} for d in docs[:2]])
    back["navigation"].update(url=base + "chain1.html", final_url=base + "chain2.html")
    assert len(automatic_navigations(back, 1)["timed_redirects"]) == 1


def test_refresh_header_and_timers():
    a = art(dom={}, motion={}, page_state={"timers": [
        {"kind": "setTimeout", "delay": 5000, "source": "() => { window.location.href = '/login'; }"},
        {"kind": "setInterval", "delay": 60000, "source": "function(){location.reload()}"},
        {"kind": "setTimeout", "delay": 0, "source": "() => location.replace('/sso')"},
        {"kind": "setTimeout", "delay": 3000, "source": "() => { if (location.href === x) go(); }"}]})
    a["navigation"]["headers"] = {"refresh": "120"}
    found = automatic_navigations(a, 1)
    assert len(found["timed_redirects"]) == 1 and len(found["refreshes"]) == 2
    assert run("NV-03", a).outcome == "failed" and run("EL-10", a).outcome == "failed"
