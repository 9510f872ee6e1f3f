"""AX-01 on hand-made axe-core results: a violation's nodes and rule ids; a missing axe artifact."""

from __future__ import annotations

from tests.checkrun import run
from tests.stage_artifacts import art, axe


def test_axe_violation_fails_with_boxes_and_rule_ids():
    o = run("AX-01", art(axe=axe(violations=["image-alt"], passes=["svg-img-alt"])))
    assert o.outcome == "failed" and o.value["rules_failed"] == ["image-alt"] and o.value["violations"] == 1
    assert o.evidence[0]["selector"] == "#image-alt-0" and o.evidence[0]["box"] == [0, 0, 10, 10] and o.evidence[0]["value"] == "image-alt"
    assert "图片缺少替代文本" in o.message_zh


def test_axe_missing_artifact_is_error():
    o = run("AX-01", art(errors={"axe": "Error: axe-core did not load in the page"}))
    assert o.outcome == "error" and "axe" in o.message
