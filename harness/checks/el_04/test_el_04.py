"""EL-04 on hand-made axe-core results: contrast axe could not decide is cantTell."""

from __future__ import annotations

from tests.checkrun import run
from tests.stage_artifacts import art, axe


def test_axe_incomplete_is_canttell_never_failed():
    o = run("EL-04", art(axe=axe(incomplete=["color-contrast"], passes=["color-contrast"])))
    assert o.outcome == "cantTell" and o.value["incomplete"] == 1
