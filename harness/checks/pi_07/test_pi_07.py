"""PI-07 on hand-made requests: personal data in query, path and redirects, masked in the evidence."""

from __future__ import annotations

import json

from tests.checkrun import run
from tests.stage_artifacts import art


def test_pi07_urls():
    net = lambda *urls: [{"url": u, "type": "XHR"} for u in urls]  # noqa: E731
    o = run("PI-07", art(network=net("https://x/api?name=%E5%BC%A0%E4%B8%89", "https://x/api?name=", "https://x/u/13897001234/info")))
    assert o.outcome == "failed" and o.value == 2
    assert "13897001234" not in json.dumps(o.evidence) and "张三" not in json.dumps(o.evidence, ensure_ascii=False)
    assert run("PI-07", art(network=net("https://x/api?page=2&ts=1735689600000"))).outcome == "passed"
    a = art()
    a["navigation"]["redirects"] = ["https://x/sso?sfzh=630102198807151232"]
    assert run("PI-07", a).outcome == "failed"
