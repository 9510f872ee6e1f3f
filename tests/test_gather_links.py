"""The links gather stage's pure helpers (harness.gather.links, AV-03's same-site links): sites and the
choice of links to request."""

from __future__ import annotations

from harness.gather.links import same_site, select_links, site_of


def test_site_and_link_selection():
    assert site_of("zwfw.qinghai.gov.cn") == "qinghai.gov.cn" and site_of("www.example.com") == "example.com"
    assert site_of("127.0.0.1") == "127.0.0.1"
    assert same_site("https://m.qinghai.gov.cn/a", "http://zwfw.qinghai.gov.cn/") and not same_site("https://x.gov.cn/", "https://y.gov.cn/")
    links = [{"href": "https://a.gov.cn/x#top", "visible": True}, {"href": "https://a.gov.cn/b", "visible": False},
             {"href": "https://a.gov.cn/c", "visible": True}, {"href": "https://a.gov.cn/c#2", "visible": True},
             {"href": "tel:12345"}, {"href": "javascript:void(0)"}, {"href": "https://other.cn/"}]
    todo, cross = select_links(links, "https://a.gov.cn/x")
    assert [l["url"] for l in todo] == ["https://a.gov.cn/c", "https://a.gov.cn/b"] and cross == 1
