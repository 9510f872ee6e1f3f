"""The throttled load's network profile (harness.gather.perf, PF-01's parameters → CDP network emulation):
units."""

from __future__ import annotations

import pytest

from harness.gather.perf import profile


def test_network_profile_units():
    p = profile({"request_latency_ms": 562.5, "download_kbps": 1474.56, "upload_kbps": 675})
    assert p["latency"] == 562.5 and p["downloadThroughput"] == pytest.approx(1474.56 * 128) and p["uploadThroughput"] == 675 * 128
