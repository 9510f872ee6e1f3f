"""EL-06 on hand-made artifacts: where a close control sits, a pop-up without one, floating windows ignored."""

from __future__ import annotations

import pytest

from harness.checks.el_06.check import close_position

from tests.checkrun import run
from tests.load_artifacts import art


@pytest.mark.parametrize("ctl,expected", [
    ([300, 100, 44, 44], "top-right"), ([20, 60, 44, 44], "top-left"), ([165, 400, 44, 44], "bottom-centre"),
    ([165, 200, 44, 44], None), ([20, 300, 44, 44], None), ([165, 560, 44, 44], None)])
def test_close_position(ctl, expected):
    assert close_position(ctl, [16, 100, 343, 300], 0.25, 80) == expected


def test_el06_popup_without_closes_and_floating_ignored():
    pop = {"selector": "#m", "kind": "dialog", "viewport_box": [0, 0, 375, 667], "panel_selector": "#p", "panel_box": [16, 100, 343, 300],
           "panel_viewport_box": [16, 100, 343, 300], "closes": [], "text": "x"}
    out = run("EL-06", art(page_facts={"popups": [pop]}))
    assert out.outcome == "failed" and out.evidence[0]["selector"] == "#p"
    pop["closes"] = [{"selector": "#c", "box": [311, 100, 48, 48], "viewport_box": [311, 100, 48, 48], "name": "关闭"}]
    assert run("EL-06", art(page_facts={"popups": [pop]})).outcome == "passed"
    assert run("EL-06", art(page_facts={"popups": [{**pop, "kind": "floating"}]})).outcome == "inapplicable"
