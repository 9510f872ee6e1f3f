"""TX-01 on hand-made artifacts: the share boundary, the page's initial scale, no text."""

from __future__ import annotations

from tests.checkrun import run
from tests.page_artifacts import art, text


def test_tx01_share_threshold_boundary():
    a = art({"font_histogram": [[11, 40], [12, 60]]})
    o = run("TX-01", a)
    assert o.outcome == "passed" and o.value == 0.6
    assert run("TX-01", a, min_share=0.61).outcome == "failed"


def test_tx01_scale_applies():
    a = art({"font_histogram": [[16, 100]], "doc": {"visual_scale": 0.5}, "texts": [text("正文文字正文文字", fs=16)]})
    o = run("TX-01", a)
    assert o.outcome == "failed" and o.evidence[0]["value"] == 8.0


def test_tx01_no_text_inapplicable():
    assert run("TX-01", art({})).outcome == "inapplicable"
