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


def test_ui01_content_cut_off_by_html_body_and_clipped_viewport():
    """Content cut off by overflow-x:hidden on html/body fails (unreachable); under a clipped viewport a parked
    drawer's scrollWidth is not scrolling."""
    cut = {"by": "body", "overflow": 265, "offenders": [{"selector": "#t", "box": [0, 0, 640, 90], "right": 640, "hidden_by": "body"}]}
    lay = {str(w): {"scroll_width": w, "client_width": w, "offenders": [], "viewport_clipped": True, "hidden_overflow": cut} for w in (320, 375, 414)}
    o = run("UI-01", art(layout=lay))
    assert o.outcome == "failed" and "cannot be scrolled to" in o.evidence[0]["note"] and o.value["375"] == 265
    lay = {str(w): {"scroll_width": w + 280, "client_width": w, "offenders": [], "viewport_clipped": True} for w in (320, 375, 414)}
    assert run("UI-01", art(layout=lay)).outcome == "passed"
    for m in lay.values():
        m["viewport_clipped"] = False
    assert run("UI-01", art(layout=lay)).outcome == "failed"
