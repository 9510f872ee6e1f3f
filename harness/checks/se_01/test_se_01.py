"""SE-01 on hand-made artifacts."""

from __future__ import annotations

import time

from tests.checkrun import run
from tests.page_artifacts import art
from tests.stage_artifacts import art as gov_site_art


def test_se01_mixed_content_sources():
    a = art({"resources": [{"tag": "img", "attr": "src", "url": "http://cdn/x.png"}]})
    o = run("SE-01", a)
    assert o.outcome == "failed" and o.evidence[0]["url"] == "http://cdn/x.png"
    a = art({}, network=[{"url": "http://api/x", "type": "XHR", "blocked": "mixed-content"}])
    assert run("SE-01", a).outcome == "failed"
    a = art({}, navigation={"url": "http://x/", "final_url": "https://x/", "committed": True, "ok": True})
    assert run("SE-01", a).outcome == "passed"  # redirected to https


def test_se01_certificate_days_left():
    a = gov_site_art()
    started = time.time()
    a["navigation"]["tls"] = {"valid_to": started + 10 * 86400, "subject": "x.gov.cn", "issuer": "CA"}
    o = run("SE-01", a)
    assert o.outcome == "failed" and 9 < o.value["cert_days_left"] <= 10 and "expires in" in o.message
    assert run("SE-01", a, min_cert_days=5).outcome == "passed"
    a["navigation"]["tls"]["valid_to"] = started - 86400
    assert "expired" in run("SE-01", a).message
    a["navigation"]["tls"] = None
    assert run("SE-01", a).value["cert_days_left"] is None and run("SE-01", a).outcome == "passed"
