"""harness.checks.axe_results through the checks that use it (AX-01, AX-02, AX-04): each counts only its own
axe-core rules, and AX-04 leaves out the rules other checks own."""

from __future__ import annotations

from tests.checkrun import run
from tests.stage_artifacts import art, axe


def test_axe_other_rules_do_not_count():
    a = art(axe=axe(violations=["color-contrast"], passes=["image-alt"]))
    assert run("AX-01", a).outcome == "passed"
    assert run("AX-02", a).outcome == "inapplicable"
    # AX-04 leaves out the rules other checks own, so one defect is not counted twice.
    assert run("AX-04", a).outcome == "inapplicable"
    assert run("AX-04", art(axe=axe(violations=["list"]))).outcome == "failed"
    assert run("AX-04", art(axe=axe(violations=["list"])), exclude=["list"]).outcome == "inapplicable"
