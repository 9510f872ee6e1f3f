"""AV-03 on hand-made artifacts: statuses against cancelled and unanswered requests, the favicon guess,
ignore patterns, timed-out and over-the-limit links."""

from __future__ import annotations

from tests.checkrun import run
from tests.load_artifacts import art, req


def test_av03_status_wins_over_cancel_and_skips_unanswered_and_favicon():
    a = art(dom={}, links={"checked": [], "unchecked": [], "limits": {"request_timeout_ms": 4000}},
            network=[req("https://a.gov.cn/x", type_="Document"), req("https://a.gov.cn/s.js", 404, failed="net::ERR_ABORTED", canceled=True),
                     req("https://a.gov.cn/slow", None, unfinished=True), req("https://a.gov.cn/gone", None, failed="net::ERR_ABORTED", canceled=True),
                     req("https://a.gov.cn/favicon.ico", 404, type_="Other"), req("data:image/png;base64,xx", None),
                     req("http://a.gov.cn/img.png", None, failed="net::ERR_BLOCKED_BY_CLIENT", blocked="mixed-content"),
                     req("https://cdn.x.cn/f.woff", None, failed="net::ERR_NAME_NOT_RESOLVED", type_="Font")])
    out = run("AV-03", a)
    assert out.outcome == "failed"
    assert {e["url"] for e in out.evidence} == {"https://a.gov.cn/s.js", "https://cdn.x.cn/f.woff"}
    assert out.value["subresources_failed"] == 2


def test_av03_referenced_favicon_counts_and_ignore_patterns():
    a = art(dom={"resources": [{"tag": "link:icon", "url": "https://a.gov.cn/favicon.ico"}]},
            links={"checked": [], "unchecked": []}, network=[req("https://a.gov.cn/favicon.ico", 404, type_="Other")])
    assert run("AV-03", a).outcome == "failed"
    assert run("AV-03", a, ignore_urls=["favicon"]).outcome == "passed"


def test_av03_timeouts_are_cant_tell_and_limits_reported():
    lk = {"checked": [{"url": "https://a.gov.cn/p", "status": None, "timed_out": True, "error": "Timeout 4000ms exceeded"}],
          "unchecked": ["https://a.gov.cn/q"], "limits": {"request_timeout_ms": 4000}}
    out = run("AV-03", art(dom={}, links=lk))
    assert out.outcome == "cantTell" and out.value["links_unchecked"] == 2
    assert "1 link(s) over the limit" in out.message
    lk["checked"].append({"url": "https://a.gov.cn/r", "status": None, "error": "net::ERR_CERT_AUTHORITY_INVALID"})
    assert run("AV-03", art(dom={}, links=lk)).outcome == "failed"
