"""UI-02 on hand-made artifacts: parsing the viewport meta content."""

from __future__ import annotations

import pytest

from tests.checkrun import run
from tests.page_artifacts import art


@pytest.mark.parametrize("content,outcome", [
    ("width=device-width, initial-scale=1", "passed"), ("initial-scale=1,width=device-width", "passed"),
    ("WIDTH = DEVICE-WIDTH", "passed"), ("width=320", "failed"), ("initial-scale=1", "failed"), (None, "failed"),
])
def test_ui02_parsing(content, outcome):
    assert run("UI-02", art({"viewport_meta": content})).outcome == outcome
