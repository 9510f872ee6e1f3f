"""EL-02 on hand-made artifacts: the overflow tolerance, ellipsis not counted, no text."""

from __future__ import annotations

from tests.checkrun import run
from tests.load_artifacts import art


def test_el02_tolerance_and_no_text():
    z = {"factor": 2.0, "width": 375, "elements": 9, "scroll_width": 376, "client_width": 375, "offenders": [], "clipped": [], "text_elements": 4}
    assert run("EL-02", art(text_zoom=z)).outcome == "passed"
    assert run("EL-02", art(text_zoom={**z, "scroll_width": 380})).outcome == "failed"
    assert run("EL-02", art(text_zoom={**z, "clipped": [{"selector": "b", "box": [0, 0, 1, 1], "kind": "ellipsis", "axis": "x", "hidden_px": 3}]})).outcome == "passed"
    assert run("EL-02", art(text_zoom={**z, "text_elements": 0})).outcome == "inapplicable"
