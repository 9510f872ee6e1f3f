"""UI-01 on hand-made artifacts: the overflow tolerance and a width not measured."""

from __future__ import annotations

from tests.checkrun import run
from tests.page_artifacts import art


def test_ui01_tolerance_and_missing_width():
    lay = {"320": {"scroll_width": 321, "client_width": 320, "offenders": []},
           "375": {"scroll_width": 375, "client_width": 375, "offenders": []}}
    o = run("UI-01", art(layout=lay))
    assert o.outcome == "error" and "414" in o.message  # one width not measured
    lay["414"] = {"scroll_width": 414, "client_width": 414, "offenders": []}
    assert run("UI-01", art(layout=lay)).outcome == "passed"
    assert run("UI-01", art(layout=lay), tolerance=0).outcome == "failed"
