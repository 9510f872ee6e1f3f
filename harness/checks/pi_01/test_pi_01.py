"""PI-01 on hand-made crawls: taps counted from the loaded page, the policy page itself, a truncated crawl,
script links and controls."""

from __future__ import annotations

from tests.checkrun import run
from tests.stage_artifacts import art, crawl


def test_pi01_taps_counted_from_the_loaded_page():
    c = crawl((0, None, None, "首页", "", [("p1.html", "我的")]), (1, 0, "我的", "我的", "", [("p2.html", "隐私协议")]),
              (2, 1, "隐私协议", "协议", "发布日期：2026年1月1日 生效日期：2026年1月2日", []))
    o = run("PI-01", art(crawl=c))
    assert o.outcome == "passed" and o.value == 2 and o.evidence[0]["text"] == "我的 → 隐私协议"
    assert run("PI-01", art(crawl=c), max_taps=1).outcome == "failed"
    assert run("PI-03", art(crawl=c)).value == {"published": "2026年1月1日", "effective": "2026年1月2日"}


def test_pi01_policy_page_itself_and_truncated_crawl():
    c = crawl((0, None, None, "办事", "", []))
    assert run("PI-01", art(crawl=c, target={"system_kind": "h5", "role": "privacy"})).value == 0
    assert run("PI-01", art(crawl=c)).outcome == "failed"
    c["truncated"] = True
    assert run("PI-01", art(crawl=c)).outcome == "cantTell"


def test_pi01_script_links_and_controls_are_canttell():
    c = crawl((0, None, None, "首页", "", []))
    a = art({"links": [{"selector": "#m", "raw_href": "#/mine", "href": "https://x.gov.cn/a/#/mine", "text": "我的"}]}, crawl=c)
    assert run("PI-01", a).outcome == "cantTell"
    a = art({"targets": [{"selector": "#b", "tag": "button", "name": "隐私政策", "box": [0, 0, 1, 1]}]}, crawl=c)
    o = run("PI-01", a)
    assert o.outcome == "cantTell" and o.evidence[0]["selector"] == "#b"
