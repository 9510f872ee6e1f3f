"""EL-02 on hand-made artifacts: the overflow tolerance, ellipsis not counted, no text; the text-size rules
(text-size-adjust: none, scripts undoing a changed text size) and a text size that could not be changed."""

from __future__ import annotations

from tests.checkrun import run
from tests.load_artifacts import art


def test_el02_tolerance_and_no_text():
    scale = {"default_px": 16, "scaled_px": 32, "adjust_none": [], "followed_at_once": 1.0, "followed_after": 1.0, "script_px_writes": []}
    z = {"factor": 2.0, "width": 375, "elements": 9, "scroll_width": 376, "client_width": 375, "offenders": [], "clipped": [],
         "text_elements": 4, "scale": scale}
    assert run("EL-02", art(text_zoom=z)).outcome == "passed"
    assert run("EL-02", art(text_zoom={**z, "scroll_width": 380})).outcome == "failed"
    assert run("EL-02", art(text_zoom={**z, "clipped": [{"selector": "b", "box": [0, 0, 1, 1], "kind": "ellipsis", "axis": "x", "hidden_px": 3}]})).outcome == "passed"
    assert run("EL-02", art(text_zoom={**z, "text_elements": 0})).outcome == "inapplicable"


def test_el02_text_size_rules_and_unmeasured_text_size():
    scale = {"default_px": 16, "scaled_px": 32, "adjust_none": [], "followed_at_once": 1.0, "followed_after": 1.0, "script_px_writes": []}
    z = {"factor": 2.0, "width": 375, "elements": 9, "scroll_width": 375, "client_width": 375, "offenders": [], "clipped": [], "text_elements": 4}
    assert run("EL-02", art(text_zoom={**z, "scale": None})).outcome == "cantTell"
    assert run("EL-02", art(text_zoom=z)).outcome == "cantTell"
    o = run("EL-02", art(text_zoom={**z, "scale": {**scale, "adjust_none": [{"selector": "html", "where": "css rule"}]}}))
    assert o.outcome == "failed" and o.value["adjust_none"] == 1
    undo = {**scale, "followed_after": 0.0, "script_px_writes": [{"selector": "html", "value": "16px"}]}
    o = run("EL-02", art(text_zoom={**z, "scale": undo}))
    assert o.outcome == "failed" and o.value["followed"] == 0.0 and "16px" in o.evidence[0]["value"]
    # px written by a script that never followed the text size (lib-flexible's width-based root) is not undoing it
    assert run("EL-02", art(text_zoom={**z, "scale": {**undo, "followed_at_once": 0.0}})).outcome == "passed"
    # text that stopped following without any script write (no px write seen) is not blamed on a script
    assert run("EL-02", art(text_zoom={**z, "scale": {**undo, "script_px_writes": []}})).outcome == "passed"
