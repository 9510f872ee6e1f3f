"""EL-07 on hand-made artifacts: lure controls, app-store links, advertising iframes and requests."""

from __future__ import annotations

from tests.checkrun import run
from tests.load_artifacts import art, req


def test_el07_sources():
    dom = {"targets": [{"selector": "#a", "name": "下载 App 领红包", "box": [0, 0, 1, 1]}],
           "links": [{"selector": "#l", "href": "itms-apps://itunes.apple.com/app/id1", "text": "苹果"}],
           "iframes": [{"selector": "iframe", "src": "https://pos.baidu.com/s?x"}]}
    out = run("EL-07", art(dom=dom, page_facts={"popups": [], "ads": []}, network=[req("https://googleads.g.doubleclick.net/x")]))
    assert out.outcome == "failed" and out.value == 4
    clean = art(dom={"targets": [{"selector": "#b", "name": "下载办事表格", "box": [0, 0, 1, 1]}]}, page_facts={"popups": [], "ads": []})
    assert run("EL-07", clean).outcome == "passed"
