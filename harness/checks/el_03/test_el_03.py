"""EL-03 on hand-made artifacts: what counts as body text, the ratio boundary."""

from __future__ import annotations

from tests.checkrun import run
from tests.page_artifacts import art, text


def test_el03_ignores_headings_controls_and_short_text():
    texts = [text("一二三四五六七八九十一二三四五六", lh=16), text("短", lh=10)]
    texts[0]["heading"] = True
    texts.append({**text("按钮里的很长很长很长很长的文字内容啊", lh=16), "in_control": True})
    assert run("EL-03", art({"texts": texts})).outcome == "inapplicable"
    texts.append(text("这是正文，行距刚好一点三倍字号，应当通过检查。", fs=20, lh=26))
    o = run("EL-03", art({"texts": texts}))
    assert o.outcome == "passed" and o.value == 1.3
