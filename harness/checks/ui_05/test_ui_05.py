"""UI-05 on hand-made artifacts: tel: links matching the hotline, a footer without a registry entry, a white
screen."""

from __future__ import annotations

from harness.checks.ui_05.check import tel_matches

from tests.checkrun import run
from tests.load_artifacts import art


def test_tel_matches():
    assert tel_matches("tel:0971-12345", "0971-12345") and tel_matches("tel:+8609711234567", "0971-1234567")
    assert tel_matches("tel:12345", "0971-12345") and not tel_matches("tel:110", "110") and not tel_matches("tel:0971-99999", "0971-12345")


def test_ui05_without_registry_and_white_screen():
    facts = {"footer": {"selector": "footer", "box": [0, 0, 1, 1], "text": "主办：青海省某某局", "tel_links": [{"href": "tel:0971-1"}]}, "bottom": {}}
    assert run("UI-05", art(dom={}, page_facts=facts)).outcome == "passed"
    facts["footer"]["text"] = "版权所有 技术支持：某某科技"
    assert run("UI-05", art(dom={}, page_facts=facts)).outcome == "failed"
    assert run("UI-05", art(dom={"visible_text": "  "}, page_facts=facts)).outcome == "inapplicable"
