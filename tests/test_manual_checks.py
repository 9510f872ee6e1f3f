"""Manual checks (AX-05, AX-06, PI-02, PI-10 to PI-13, SE-04, SE-06): a reviewer decides, so evaluating one gives
untested."""

from __future__ import annotations

import pytest

from tests.checkrun import run
from tests.stage_artifacts import art


@pytest.mark.parametrize("cid", ["AX-05", "AX-06", "PI-02", "PI-10", "PI-11", "PI-12", "PI-13", "SE-04", "SE-06"])
def test_manual_checks_are_untested(cid):
    assert run(cid, art()).outcome == "untested"
