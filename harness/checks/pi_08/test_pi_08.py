"""PI-08 on hand-made policy pages: items without their keywords are cantTell."""

from __future__ import annotations

from tests.checkrun import run
from tests.stage_artifacts import art, crawl


def test_pi08_semi_missing_items_are_canttell():
    full = "收集您的姓名用于办理。不向第三方共享。存储于政务云，保存期限五年。加密传输。可更正、删除。联系电话 12345。"
    a = art(crawl=crawl((0, None, None, "隐私政策", full, [])))
    assert run("PI-08", a).outcome == "passed"
    a = art(crawl=crawl((0, None, None, "隐私政策", "我们收集您的姓名。", [])))
    o = run("PI-08", a)
    assert o.outcome == "cantTell" and "third_party" in o.value["missing"] and "collected" in o.value["found"]
