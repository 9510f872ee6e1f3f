"""AX-03 on hand-made artifacts: empty titles and the lang prefix."""

from __future__ import annotations

import pytest

from tests.checkrun import run
from tests.page_artifacts import art


@pytest.mark.parametrize("title,lang,outcome", [
    ("标题", "zh-CN", "passed"), ("标题", "zh", "passed"), ("标题", "ZH-Hans", "passed"), ("  ", "zh-CN", "failed"),
    ("标题", "en", "failed"), ("标题", None, "failed"),
])
def test_ax03(title, lang, outcome):
    assert run("AX-03", art({"title": title, "lang": lang})).outcome == outcome
