"""PI-09 on hand-made pages and crawls: an entry on the page, behind links, and a truncated crawl."""

from __future__ import annotations

from tests.checkrun import run
from tests.stage_artifacts import art, crawl


def test_pi09_on_page_linked_and_truncated():
    c = crawl((0, None, None, "首页", "", [("p1.html", "我的")]), (1, 0, "我的", "我的", "", [("p2.html", "留言板")]))
    assert run("PI-09", art(crawl=c)).value == 2
    assert run("PI-09", art(crawl=c), max_taps=1).outcome == "failed"
    a = art({"targets": [{"selector": "#fb", "tag": "a", "name": "投诉建议", "box": [0, 0, 1, 1]}]}, crawl=crawl((0, None, None, "首页", "", [])))
    assert run("PI-09", a).value == 0
    assert run("PI-09", art(crawl=crawl((0, None, None, "首页", "", []), truncated=True))).outcome == "cantTell"
