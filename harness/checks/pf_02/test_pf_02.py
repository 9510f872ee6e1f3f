"""PF-02 on hand-made artifacts: only network requests count (no data: URLs, no favicon guess); both budgets."""

from __future__ import annotations

from tests.checkrun import run
from tests.load_artifacts import art, req


def test_pf02_counts_network_requests_only():
    net = [req("https://a.gov.cn/x", type_="Document", bytes=5000), req("data:image/png;base64,x", None, bytes=0),
           req("https://a.gov.cn/favicon.ico", 404, "Other", bytes=300)] + [req(f"https://a.gov.cn/i{i}", bytes=10) for i in range(3)]
    out = run("PF-02", art(network=net))
    assert out.value == {"bytes": 5030, "requests": 4} and out.outcome == "passed"
    assert run("PF-02", art(network=net), max_requests=3).outcome == "failed"
    assert run("PF-02", art(network=net), max_bytes=5000).outcome == "failed"
