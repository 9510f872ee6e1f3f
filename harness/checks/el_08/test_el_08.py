"""EL-08 on hand-made artifacts, with EL-09 and EL-14 on the same captcha and pop-up facts: a captcha with and
without an alternative, a floating window."""

from __future__ import annotations

from tests.checkrun import run
from tests.load_artifacts import art


def test_el08_el09_el14():
    cap = {"captchas": [{"selector": "#c", "box": [0, 0, 1, 1], "why": "attributes"}], "captcha_alternatives": [], "popups": []}
    assert run("EL-08", art(page_facts=cap)).outcome == "failed"
    assert run("EL-09", art(page_facts=cap)).outcome == "cantTell"
    cap["captcha_alternatives"] = [{"selector": "audio", "text": "<audio>", "box": [0, 0, 0, 0]}]
    assert run("EL-08", art(page_facts=cap)).outcome == "passed"
    assert run("EL-14", art(page_facts=cap)).outcome == "passed"
    cap["popups"] = [{"selector": "#f", "kind": "floating", "box": [0, 0, 1, 1], "text": "活动"}]
    assert run("EL-14", art(page_facts=cap)).outcome == "cantTell"
