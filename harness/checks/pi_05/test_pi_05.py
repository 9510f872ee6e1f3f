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
