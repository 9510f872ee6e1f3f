"""PI-05 on hand-made checkboxes: consent label patterns, ticked now or by default."""

from __future__ import annotations

from tests.checkrun import run
from tests.stage_artifacts import art


def test_pi05_label_patterns_and_default_checked():
    f = lambda label, checked=False, default=False: {"type": "checkbox", "label": label, "checked": checked,  # noqa: E731
                                                     "default_checked": default, "selector": "#c", "box": [0, 0, 1, 1]}
    assert run("PI-05", art({"fields": [f("我已阅读并同意", default=True)]})).outcome == "failed"
    assert run("PI-05", art({"fields": [f("I agree to the terms", checked=True)]})).outcome == "failed"
    assert run("PI-05", art({"fields": [f("记住密码", checked=True)]})).outcome == "inapplicable"
    assert run("PI-05", art({"fields": [f("授权使用位置")]})).outcome == "passed"


def test_pi05_wording_beside_the_box_outside_its_label():
    """"<label><input type=checkbox checked></label>我已阅读并同意…": the wording is the box's after_text."""
    box = {"type": "checkbox", "label": "", "after_text": "我已阅读并同意《隐私政策》", "checked": True, "default_checked": True,
           "selector": "#c", "box": [0, 0, 1, 1]}
    o = run("PI-05", art({"fields": [box]}))
    assert o.outcome == "failed" and o.evidence[0]["text"] == "我已阅读并同意《隐私政策》"
    assert run("PI-05", art({"fields": [{**box, "after_text": None, "near_text": "同意授权"}]})).outcome == "failed"
    assert run("PI-05", art({"fields": [{**box, "after_text": "记住账号"}]})).outcome == "inapplicable"


def test_pi05_aria_checkbox_counts():
    """A Vant-style <div role=checkbox aria-checked=true> beside consent wording is a pre-ticked consent box."""
    box = {"type": "checkbox", "role": "checkbox", "label": "我已阅读并同意《隐私政策》", "checked": True, "default_checked": True,
           "selector": "#v", "box": [0, 0, 300, 44]}
    assert run("PI-05", art({"aria_checkboxes": [box]})).outcome == "failed"
    assert run("PI-05", art({"aria_checkboxes": [{**box, "checked": False, "default_checked": False}]})).outcome == "passed"
