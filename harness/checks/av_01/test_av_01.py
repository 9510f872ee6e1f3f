"""AV-01 on hand-made artifacts: the status and the load-time limit."""

from __future__ import annotations

from tests.checkrun import run
from tests.page_artifacts import art


def test_av01_status_and_time():
    a = art()
    assert run("AV-01", a).outcome == "passed"
    a["navigation"]["status"] = 500
    assert run("AV-01", a).outcome == "failed"
    a["navigation"].update(status=200, load_ms=16000)
    o = run("AV-01", a)
    assert o.outcome == "failed" and o.value == {"load_ms": 16000, "opened": True}
