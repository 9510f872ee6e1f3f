"""AV-02 on hand-made artifacts: text versus a uniform screen, a missing screenshot, uncaught script errors."""

from __future__ import annotations

from tests.checkrun import run
from tests.page_artifacts import art


def test_av02_text_but_uniform_screen_passes():
    a = art({"visible_text": "有字"}, screenshot={"first_screen": {"stddev": [0, 0, 0]}})
    assert run("AV-02", a).outcome == "passed"


def test_av02_no_screenshot_cant_tell():
    assert run("AV-02", art({"visible_text": " "})).outcome == "cantTell"


def test_av02_page_error_alone_is_a_warning():
    a = art({"visible_text": "有字"}, page_errors=[{"message": "x is not defined"}])
    out = run("AV-02", a)
    assert out.outcome == "passed" and out.warning and out.value["page_errors"] == 1
    assert [e["text"] for e in out.evidence] == ["x is not defined"]
    assert run("AV-02", a, fail_on_page_error=True).outcome == "failed"
    clean = run("AV-02", art({"visible_text": "有字"}))
    assert clean.outcome == "passed" and not clean.warning


def test_av02_white_screen_with_error_fails():
    a = art({"visible_text": ""}, screenshot={"first_screen": {"stddev": [0, 0, 0]}}, page_errors=[{"message": "boom"}])
    out = run("AV-02", a)
    assert out.outcome == "failed" and "white screen" in out.message and "1 uncaught" in out.message
