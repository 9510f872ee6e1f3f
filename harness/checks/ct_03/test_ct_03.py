"""CT-03 on hand-made artifacts: the date formats read (full dates, 发布时间 labels, month-day dates with the year
inferred, ``<time datetime>``), date widgets and future dates ignored, the thresholds per kind of list, columns
the crawl did not reach, and an app's list page."""

from __future__ import annotations

import datetime as dt

from harness.checks.ct_03.check import dates_in
from tests.checkrun import run
from tests.page_artifacts import art

TODAY = dt.date(2026, 12, 2)
STARTED = "2026-12-02T10:00:00+0800"


def test_date_formats():
    text = "发布时间：2026-11-20 10:00 · 发布日期:2026-11-19 · 2026/10/01 · 2026.09.15 · 2025年3月8日 · [11-28] · 10月30日 · 13-45 · 2026-02-30"
    got = sorted(dates_in(text, ["2026-11-30T08:00:00+08:00", "bad"], TODAY))
    assert got == [dt.date(2025, 3, 8), dt.date(2026, 9, 15), dt.date(2026, 10, 1), dt.date(2026, 10, 30), dt.date(2026, 11, 19), dt.date(2026, 11, 20),
                   dt.date(2026, 11, 28), dt.date(2026, 11, 30)]


def test_widget_and_future_dates_are_no_entries():
    assert dates_in("今天是2026年12月2日 星期三", [], TODAY) == []
    assert dates_in("当前日期：2026-12-02", [], TODAY) == []
    assert dates_in("2027-01-05 开始报名", [], TODAY) == []
    assert dates_in("12-25", [], TODAY) == [dt.date(2025, 12, 25)]  # a month-day after today is last year's


def _site(home_text, columns):
    pages = [{"url": "https://a.gov.cn/", "final_url": "https://a.gov.cn/", "depth": 0, "status": 200, "title": "门户",
              "text": home_text, "links": [{"href": f"https://a.gov.cn/{i}.html", "text": via} for i, (via, _, _) in enumerate(columns)]}]
    for i, (via, text, reached) in enumerate(columns):
        if reached:
            pages.append({"url": f"https://a.gov.cn/{i}.html", "final_url": f"https://a.gov.cn/{i}.html", "depth": 1, "status": 200,
                          "content_type": "text/html", "via": via, "title": via, "text": text,
                          "links": [{"href": f"https://a.gov.cn/{i}/x.html", "text": "条目"}], "times": []})
    return art(dom={"visible_text": home_text, "title": "门户", "links": pages[0]["links"]}, crawl={"pages": pages},
               target={"system_kind": "website"}, started=STARTED)


def test_fresh_site_passes_and_limits_per_kind():
    a = _site("要闻 2026-11-28", [("工作动态", "2026-11-25 会议", True), ("通知公告", "2026-07-01 通知", True), ("关于我们", "本局职能介绍……" * 5, True)])
    out = run("CT-03", a)
    assert out.outcome == "passed", out.message
    kinds = {r["kind"]: (r["newest"], r["age_days"], r["limit_days"]) for r in out.value["lists"]}
    assert kinds == {"home": ("2026-11-28", 4, 14), "news": ("2026-11-25", 7, 14), "notice": ("2026-07-01", 154, 183), "column": (None, None, None)}


def test_stale_news_and_notices_fail():
    out = run("CT-03", _site("2026-11-28", [("工作动态", "2026-11-10", True), ("政策文件", "2026-05-01", True)]))
    assert out.outcome == "failed" and out.value["stale"] == 2
    assert "工作动态 last updated 2026-11-10 (22 days > 14)" in out.message


def test_stale_home_page_fails():
    out = run("CT-03", _site("2026-11-01 要闻", []))
    assert out.outcome == "failed" and out.value["lists"][0]["age_days"] == 31


def test_a_column_not_reached_leaves_it_cant_tell():
    out = run("CT-03", _site("2026-11-28", [("工作动态", "2026-11-27", True), ("通知公告", "", False)]))
    assert out.outcome == "cantTell" and out.value["unvisited"] == 1 and "not reached" in out.message


def test_app_list_page_and_other_pages():
    list_page = art(dom={"visible_text": "政务动态 2026-11-01 …", "title": "资讯", "links": [{"href": "x"}]},
                    crawl={"pages": []}, target={"system_kind": "h5", "role": "list", "page": "资讯"}, started=STARTED)
    out = run("CT-03", list_page)
    assert out.outcome == "failed" and out.value["lists"][0]["limit_days"] == 14
    other = art(dom={"visible_text": "2019-01-01"}, crawl={"pages": []}, started=STARTED)
    assert run("CT-03", other).outcome == "inapplicable"
    items = art(dom={"visible_text": "2019-01-01", "title": "事项列表"}, crawl={"pages": []},
                target={"system_kind": "h5", "role": "list", "page": "事项列表"}, started=STARTED)
    assert run("CT-03", items).outcome == "inapplicable"
