"""PF-01 on hand-made artifacts: the warn and fail bands, no LCP recorded, a throttled load that failed or
was never made."""

from __future__ import annotations

from tests.checkrun import run
from tests.load_artifacts import art


def _throttled(perf):
    return {"variants": {"throttled": {"perf": perf, "navigation": {}, "errors": {}}}}


def test_pf01_bands_and_missing_lcp():
    prof = {"request_latency_ms": 562.5, "download_kbps": 1474.56, "upload_kbps": 675, "cpu_slowdown": 4}
    base = {"profile": prof, "network_idle": True, "lcp": {"selector": "#h", "box": [0, 0, 1, 1], "tag": "p"}}
    assert run("PF-01", art(**_throttled({**base, "lcp_ms": 3000}))).outcome == "passed"
    warn = run("PF-01", art(**_throttled({**base, "lcp_ms": 3001})))
    assert warn.outcome == "passed" and warn.warning and warn.to_dict()["warning"] is True
    assert run("PF-01", art(**_throttled({**base, "lcp_ms": 5001}))).outcome == "failed"
    none = run("PF-01", art(**_throttled({"profile": prof, "lcp_ms": None, "lcp": None, "fcp_ms": None})))
    assert none.outcome == "cantTell"
    missing = run("PF-01", art(variants={"throttled": {"errors": {"perf_wait": "timeout"}, "navigation": {}}}))
    assert missing.outcome == "error" and "timeout" in missing.message
    assert run("PF-01", art()).outcome == "error"  # the variant was never loaded
