"""UI-06 on hand-made artifacts: a width not measured, the ellipsis switch."""

from __future__ import annotations

from tests.checkrun import run
from tests.load_artifacts import art


def test_ui06_missing_width_is_error_and_ellipsis_switch():
    layout = {"320": {"targets": {"overlaps": [], "clipped": [{"selector": "p", "box": [0, 0, 1, 1], "kind": "ellipsis", "axis": "x", "hidden_px": 9}]}},
              "375": {"targets": {"overlaps": [], "clipped": []}}, "414": {"targets": {"error": "timeout"}}}
    assert run("UI-06", art(layout=layout)).outcome == "error"
    assert run("UI-06", art(layout=layout), widths=[320, 375]).outcome == "passed"
    assert run("UI-06", art(layout=layout), widths=[320, 375], count_ellipsis=True).outcome == "failed"
