"""SE-05 on hand-made links and window.open calls: app schemes and commercial domains."""

from __future__ import annotations

from tests.checkrun import run
from tests.stage_artifacts import art


def test_se05_schemes_domains_and_window_open():
    link = lambda href: {"selector": "#l", "href": href, "raw_href": href, "text": "x", "box": [0, 0, 1, 1]}  # noqa: E731
    assert run("SE-05", art({"links": [link("tel:12345"), link("javascript:void(0)"), link("/a.html")]})).outcome == "passed"
    assert run("SE-05", art({"links": [link("taobao://item")]})).value == {"app_links": 1, "commercial": 0}
    assert run("SE-05", art({"links": [link("https://m.jd.com/x")]})).value == {"app_links": 0, "commercial": 1}
    assert run("SE-05", art({"links": [link("https://notjd.com/x")]})).outcome == "passed"
    a = art(page_state={"opens": [{"url": "alipays://platformapi/startapp", "t": 5}]})
    assert run("SE-05", a).value["app_links"] == 1
