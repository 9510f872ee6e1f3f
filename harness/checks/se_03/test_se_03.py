"""SE-03 on hand-made headers and error pages: versions disclosed, stack traces, other hosts' headers."""

from __future__ import annotations

from tests.checkrun import run
from tests.stage_artifacts import art, probes


def test_se03_headers_and_error_pages():
    assert run("SE-03", art(probes=probes())).outcome == "passed"
    a = art(probes=probes())
    a["navigation"]["headers"] = {"server": "nginx"}
    assert run("SE-03", a).outcome == "passed"
    a["navigation"]["headers"] = {"server": "nginx/1.18.0"}
    assert run("SE-03", a).value == {"headers": 1, "error_page": 0}
    pr = probes(not_found={"url": "u", "status": 404, "headers": {"x-aspnet-version": "4"}, "body": "<b>Fatal error</b>: in x on line <b>3</b>"})
    assert run("SE-03", art(probes=pr)).value == {"headers": 1, "error_page": 1}
    # Other hosts' headers (a CDN) are not the site's.
    a = art(probes=probes(), network=[{"url": "https://cdn.other.com/x.js", "headers": {"server": "AliyunOSS/2.1"}}])
    assert run("SE-03", a).outcome == "passed"
