"""EL-10 on hand-made artifacts: auto-advancing content needs a pause control; non-carousels do not count."""

from __future__ import annotations

from tests.checkrun import run
from tests.load_artifacts import art


def test_el10_motion_needs_pause_and_ignores_non_carousels():
    moving = {"changed": [{"selector": "#clock", "box": [0, 0, 9, 9], "carousel": False, "changes": 3, "what": ["children"]},
                          {"selector": "#ban", "box": [0, 0, 9, 9], "carousel": True, "changes": 2, "what": ["class"]}],
              "scrolled": [], "animations": [], "marquees": [], "pause_controls": []}
    out = run("EL-10", art(dom={}, motion=moving))
    assert out.outcome == "failed" and [e["selector"] for e in out.evidence] == ["#ban"]
    moving["pause_controls"] = [{"selector": "#p", "box": [0, 0, 44, 44], "text": "暂停"}]
    assert run("EL-10", art(dom={}, motion=moving)).outcome == "passed"
    assert run("EL-10", art(dom={}, motion={**moving, "changed": [moving["changed"][0]], "pause_controls": []})).outcome == "passed"
