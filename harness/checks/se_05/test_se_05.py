"""SE-05 on hand-made links and window.open calls: app schemes and commercial domains."""

from __future__ import annotations

from tests.checkrun import run
from tests.stage_artifacts import art


def test_se05_schemes_domains_and_window_open():
    link = lambda href: {"selector": "#l", "href": href, "raw_href": href, "text": "x", "box": [0, 0, 1, 1]}  # noqa: E731
    assert run("SE-05", art({"links": [link("tel:12345"), link("javascript:void(0)"), link("/a.html")]})).outcome == "passed"
    assert run("SE-05", art({"links": [link("taobao://item")]})).value == {"app_links": 1, "commercial": 0, "allowed": 0}
    assert run("SE-05", art({"links": [link("https://m.jd.com/x")]})).value == {"app_links": 0, "commercial": 1, "allowed": 0}
    assert run("SE-05", art({"links": [link("https://notjd.com/x")]})).outcome == "passed"
    a = art(page_state={"opens": [{"url": "alipays://platformapi/startapp", "t": 5}]})
    assert run("SE-05", a).value["app_links"] == 1


def test_se05_leaving_for_payment_and_navigation_is_allowed_but_other_alipay_links_are_not():
    """浙里办 §6.5.4 审核用例 7: payment (支付宝, 云闪付) and navigation may leave the service."""
    link = lambda href: {"selector": "#l", "href": href, "raw_href": href, "text": "x", "box": [0, 0, 1, 1]}  # noqa: E731
    pay = link("alipays://platformapi/startapp?appId=20000067&url=https%3A%2F%2Fmclient.alipay.com%2Fcashier%2Fx.htm")
    o = run("SE-05", art({"links": [pay, link("upwallet://pay?tn=1"), link("baidumap://map/direction?destination=1,2")]}))
    assert o.outcome == "passed" and o.value == {"app_links": 0, "commercial": 0, "allowed": 3}
    o = run("SE-05", art({"links": [link("alipays://platformapi/startapp?appId=1")]}))
    assert o.outcome == "failed" and o.value["app_links"] == 1
    assert run("SE-05", art({"links": [pay]}), allowed_app_links=[]).outcome == "failed"
