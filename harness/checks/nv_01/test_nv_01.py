"""NV-01 (semi) on hand-made artifacts: a back button of the app's own in the title bar; in-page routes."""

from __future__ import annotations

from tests.checkrun import run
from tests.host_artifacts import art, good_log, rec, target


def test_nv01_own_back_button():
    own = art(dom={"targets": [target("header > button", 48, 48, name="返回")]})
    o = run("NV-01", own)
    assert o.outcome == "failed" and o.evidence[0]["selector"] == "header > button"
    low = art(dom={"targets": [dict(target("footer > a", 48, 48, name="返回"), box=[0, 900, 48, 48])]})
    assert run("NV-01", low).outcome == "cantTell"  # a 返回 link in the footer is not a title-bar back button
    log = good_log() + [rec(11, "route", "pushState", 80, role="route", args=["https://a.gov.cn/#/b"])]
    o = run("NV-01", art(calls=log))
    assert o.outcome == "cantTell" and "1 in-page route change" in o.message
