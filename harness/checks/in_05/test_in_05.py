"""IN-05 on hand-made call logs: the title set through the host and the registered service name."""

from __future__ import annotations

from tests.checkrun import run
from tests.host_artifacts import art, good_log


def test_in05_title_through_the_host():
    assert run("IN-05", art()).outcome == "passed"
    log = good_log()
    log[5]["args"] = [{"title": "别的"}]
    o = run("IN-05", art(calls=log))
    assert o.outcome == "failed" and o.value == "别的"
    o = run("IN-05", art(calls=[c for c in good_log() if c.get("role") != "set_title"]))
    assert o.outcome == "failed" and "not set through the host" in o.message
    a = art()
    a["target"]["service_name"] = None
    assert run("IN-05", a).outcome == "inapplicable"
