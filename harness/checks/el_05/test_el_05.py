"""EL-05 on hand-made artifacts: wrapping labels, the inline exemption, a shrunk page."""

from __future__ import annotations

from tests.checkrun import run
from tests.page_artifacts import art


def test_el05_label_wrapping_and_inline_exemption():
    small = {"selector": "input", "tag": "input", "box": [0, 0, 16, 16], "inline": False,
             "label": {"box": [0, 0, 300, 48], "wraps": True}}
    link = {"selector": "a", "tag": "a", "box": [0, 0, 30, 18], "inline": True, "label": None}
    assert run("EL-05", art({"targets": [small, link]})).outcome == "passed"
    o = run("EL-05", art({"targets": [small, link]}), exempt_inline=False)
    assert o.outcome == "failed" and o.value == 1 and o.evidence[0]["selector"] == "a"
    small["label"]["wraps"] = False
    assert run("EL-05", art({"targets": [small]})).value == 1


def test_el05_scaled_page():
    t = {"selector": "button", "tag": "button", "box": [0, 0, 60, 60], "inline": False, "label": None}
    assert run("EL-05", art({"targets": [t], "doc": {"visual_scale": 0.5}})).outcome == "failed"
