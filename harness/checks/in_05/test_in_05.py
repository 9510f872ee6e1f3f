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


def test_in05_a_host_showing_document_title_complies():
    """浙里办 tests the displayed title: with no setTitle call its title bar shows document.title."""
    no_set = lambda: [c for c in good_log() if c.get("role") != "set_title"]  # noqa: E731
    o = run("IN-05", art("zheliban", calls=no_set(), dom={"title": "测试服务"}))
    assert o.outcome == "passed" and o.value == "测试服务"
    o = run("IN-05", art("zheliban", calls=no_set(), dom={"title": "首页"}))
    assert o.outcome == "failed" and o.value == "首页"
    # 青松办's profile says nothing of it: the title must still be set through the host
    assert run("IN-05", art("qingsongban", calls=no_set(), dom={"title": "测试服务"})).outcome == "failed"
