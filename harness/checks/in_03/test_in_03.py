"""IN-03 on hand-made call logs: PV fields, strings and routes; the analytics SDK; the 浙里办 profile's fields."""

from __future__ import annotations

from tests.checkrun import run
from tests.host_artifacts import art, good_log, rec


def test_in03_pv_fields_strings_and_routes():
    assert run("IN-03", art()).value == "1/1"
    log = good_log()
    log[-1]["params"] = {"miniAppId": 1, "pageName": "首页", "extra": {"a": 1}}
    o = run("IN-03", art(calls=log))
    assert o.outcome == "failed" and o.value == "0/1"
    problems = o.evidence[0]["value"]
    assert "missing miniAppName, pageId, t0, t2, log_status" in problems and "not strings: miniAppId (int)" in problems and "nested extra" in problems
    log = good_log() + [rec(11, "route", "pushState", 80, role="route", args=["https://a.gov.cn/#/list"])]
    o = run("IN-03", art(calls=log))
    assert o.outcome == "failed" and o.value == "1/2" and o.evidence[0]["url"].endswith("#/list")
    log.append(rec(12, "pv", "QSLog.sendPV", 81, role="pv", params=dict(good_log()[-1]["params"], pageId="list")))
    assert run("IN-03", art(calls=log)).outcome == "passed"


def test_in03_pv_without_the_analytics_sdk():
    log = [c for c in good_log() if c.get("provides") != "analytics"]
    log[-1]["analytics_sdk"] = False
    o = run("IN-03", art(calls=log))
    assert o.outcome == "failed" and "analytics SDK not loaded" in o.evidence[0]["value"]


def test_in03_zheliban_requires_name_and_page_fields_and_reports_recommended():
    """浙里办 服务开发指引 §7.2.3: miniAppName, pageId and pageName are required, not only recommended."""
    log = good_log()
    log[-1]["params"] = {"miniAppId": "1", "t0": "0.1", "t2": "0.2", "log_status": "02"}
    o = run("IN-03", art("zheliban", calls=log))
    assert o.outcome == "failed" and "missing miniAppName, pageId, pageName" in o.evidence[0]["value"]
    log[-1]["params"].update(miniAppName="测试服务", pageId="home", pageName="首页")
    o = run("IN-03", art("zheliban", calls=log))
    assert o.outcome == "passed" and "recommended fields not sent: Page_duration" in o.message