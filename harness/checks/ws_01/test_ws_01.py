"""WS-01 on hand-made home pages: prominent on both viewports, the reasons per viewport, image alt and keywords, the best candidate."""

from __future__ import annotations

from tests.checkrun import run
from tests.website_artifacts import home_page, link


def test_ws01_prominent_on_both():
    out = run("WS-01", home_page([link()], [link(box=(400, 60, 80, 40))]))
    assert out.outcome == "passed"
    assert out.value["mobile-375"]["prominent"] and out.value["desktop-1366"]["y"] == 60
    assert {e["width"] for e in out.evidence} == {375, 1366}


def test_ws01_fails_per_viewport_with_reason():
    out = run("WS-01", home_page([link(rendered=False)], [link(box=(10, 900, 64, 24), first=0.0)]))
    assert out.outcome == "failed"
    assert "mobile-375: present in the page but not rendered" in out.message and "desktop-1366: below the first screen: its top is at y=900" in out.message
    out = run("WS-01", home_page([link(covered="#popup")], [link()]))
    assert out.outcome == "failed" and "covered by #popup" in out.message
    out = run("WS-01", home_page([link(first=0.4)], [link()]))  # less than half inside the first screen
    assert out.outcome == "failed"
    out = run("WS-01", home_page([link(first=0.4)], [link()]), min_visible_ratio=0.3)
    assert out.outcome == "passed"


def test_ws01_image_alt_and_keywords():
    img = link(text="", alt="政务服务")
    out = run("WS-01", home_page([img], [img]))
    assert out.outcome == "passed" and out.value["mobile-375"]["matched_by"] == "alt"
    other = link(text="网上办事")  # the name 附件1 gives the department's column counts by default
    out = run("WS-01", home_page([other], [other]))
    assert out.outcome == "passed" and "网上办事" in out.message and out.value["service_entry"] is True
    out = run("WS-01", home_page([other], [other]), keywords=["政务服务"])
    assert out.outcome == "failed" and "'网上办事'" in out.message and out.value["service_entry"] is True


def test_ws01_no_service_entry_at_all():
    """未提供办事服务 (国办秘函〔2019〕19号 服务不实用 1.): no keyword link, no 办事 link, nothing to the platform."""
    out = run("WS-01", home_page([], []))
    assert out.outcome == "failed" and out.value["service_entry"] is False
    assert "no service entry at all" in out.message and "未提供办事服务" in out.message_zh
    offsite = {**link(text="办事大厅"), "to_platform": False}  # a 办事 link, even off the platform, is an entry
    out = run("WS-01", home_page([offsite], []))
    assert out.outcome == "failed" and out.value["service_entry"] is True and "not prominent" in out.message
    platform_only = {**link(text="更多"), "to_platform": True}  # unnamed, but it leads to the platform
    out = run("WS-01", home_page([platform_only], [platform_only]))
    assert out.value["service_entry"] is True and "no service entry" not in out.message


def test_ws01_prefers_the_prominent_exact_link():
    hotline = link(text="政务服务热线12345", box=(10, 10, 200, 20))
    low = link(box=(10, 2000, 64, 24), first=0.0)
    nav = link(box=(300, 90, 64, 24))
    out = run("WS-01", home_page([low, hotline, nav], [low, nav]))
    assert out.outcome == "passed" and out.value["mobile-375"]["found"] == 3
    assert out.evidence[0]["text"] == "政务服务"
