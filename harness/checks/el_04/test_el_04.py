"""EL-04 on hand-made axe-core results: contrast axe could not decide is cantTell."""

from __future__ import annotations

from tests.checkrun import run
from tests.stage_artifacts import art, axe


def test_axe_incomplete_is_canttell_never_failed():
    o = run("EL-04", art(axe=axe(incomplete=["color-contrast"], passes=["color-contrast"])))
    assert o.outcome == "cantTell" and o.value["incomplete"] == 1


def test_incomplete_contrast_decided_without_a_person():
    """Icon glyphs are not text; text past a hairline pseudo-element is judged on the colours the stage computed;
    text over an image stays cantTell."""
    from tests.checkrun import run

    def axe(*nodes):
        return {"target": {"system_kind": "h5"}, "axe": {"violations": [], "passes": [], "inapplicable": [],
                "incomplete": [{"id": "color-contrast", "nodes": list(nodes), "node_count": len(nodes)}]}}
    icon = {"target": ["i"], "summary": "only non-text characters", "box": [0, 0, 22, 22], "decided": {"kind": "not_text", "reason": "icons"}}
    ok = {"target": ["#v"], "summary": "pseudo element", "box": [0, 0, 50, 20], "decided": {"kind": "computed", "ratio": 5.74, "required": 4.5, "fg": "#666666", "bg": "#ffffff"}}
    low = {"target": ["#s"], "summary": "pseudo element", "box": [0, 0, 50, 20], "decided": {"kind": "computed", "ratio": 2.32, "required": 4.5, "fg": "#aaaaaa", "bg": "#ffffff"}}
    img = {"target": ["#over"], "summary": "background image", "box": [0, 0, 50, 20]}
    assert run("EL-04", axe(icon, ok)).outcome == "passed"
    o = run("EL-04", axe(icon, low))
    assert o.outcome == "failed" and o.evidence[0]["selector"] == "#s" and "2.32:1" in o.evidence[0]["note"]
    assert run("EL-04", axe(icon, ok, img)).outcome == "cantTell"
    assert run("EL-04", axe(icon)).outcome == "inapplicable"
