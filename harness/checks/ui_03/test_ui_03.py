"""UI-03 on hand-made artifacts: top and bottom bars, the tolerance, no viewport-fit=cover, no bars."""

from __future__ import annotations

from tests.checkrun import run
from tests.load_artifacts import art


def test_ui03_edges_and_tolerance():
    sa = {"cover": True, "insets": {"top": 47, "bottom": 34}, "emulated": True,
          "bars": [{"selector": "h", "edge": "top", "content": [0, 46.5, 375, 20]}, {"selector": "n", "edge": "bottom", "content": [0, 610, 375, 34]}]}
    out = run("UI-03", art(safe_area=sa))
    assert out.outcome == "failed" and [e["selector"] for e in out.evidence] == ["n"]
    assert run("UI-03", art(safe_area=sa), tolerance_px=34).outcome == "passed"
    assert run("UI-03", art(safe_area={**sa, "cover": False})).outcome == "inapplicable"
    assert run("UI-03", art(safe_area={**sa, "bars": []})).outcome == "inapplicable"
