"""IN-07 (semi) on hand-made artifacts: a 好差评 entry after a service is shown as done."""

from __future__ import annotations

from tests.checkrun import run
from tests.host_artifacts import art, target


def test_in07_evaluation_after_done():
    assert run("IN-07", art()).outcome == "inapplicable"
    done = art(dom={"visible_text": "您的申请已办结", "targets": [target("#e", 200, 52, name="好差评 · 去评价")]})
    o = run("IN-07", done)
    assert o.outcome == "cantTell" and o.value == 1 and o.evidence[1]["selector"] == "#e"
    o = run("IN-07", art(dom={"visible_text": "您的申请已办结"}))
    assert o.outcome == "failed"
    a = art(dom={"visible_text": "结果"})
    a["target"]["role"] = "result"
    assert run("IN-07", a).outcome == "failed"
