"""The crawl and probes gather stages' pure helpers (harness.gather.site_fetches): the secret scan, sites and the
static page parser; and that neither stage runs again on a variant load."""

from __future__ import annotations

from harness.gather.site_fetches import parse_page, same_site, scan_secrets, site_of


def test_secret_scan_masks_and_skips_placeholders():
    js = 'var a={password:"password"}; var b={pwd:"${p}"}; var c={password:"S3cret!x"}; k="AKIAABCDEFGHIJKLMNOP";\n-----BEGIN PRIVATE KEY-----'
    found = scan_secrets(js, "https://x/a.js")
    kinds = sorted(f["kind"] for f in found)
    assert kinds == ["aws_access_key", "password_assignment", "private_key"]
    assert all("S3cret!x" not in f["snippet"] and "ABCDEFGHIJKLMNOP" not in f["snippet"] for f in found)
    assert next(f for f in found if f["kind"] == "private_key")["line"] == 2


def test_site_and_page_parser():
    assert site_of("https://www.qhzwfw.gov.cn/a") == "qhzwfw.gov.cn" and site_of("http://127.0.0.1:8080/") == "127.0.0.1"
    assert same_site("https://a.example.com/x", "http://b.example.com/y") and not same_site("https://a.com/", "mailto:x@a.com")
    p = parse_page('<html><head><title> 隐私 政策 </title><script>var x="<a href=no>";</script></head><body><a href="p.html">'
                   '<img alt="隐私政策"></a><p>正文</p><button>投诉建议</button><area href="m.html" alt="地图"></body></html>')
    assert p["title"] == "隐私 政策" and p["text"] == "正文 投诉建议"
    assert p["links"] == [{"href": "p.html", "text": "隐私政策"}, {"href": "m.html", "text": "地图"}] and p["controls"] == ["投诉建议"]


def test_crawl_and_probes_skip_variant_loads():
    import asyncio

    from harness.gather import GatherOptions, GatherRun
    from harness.gather.site_fetches import _crawl, _probes

    r = GatherRun(url="https://x/", options=GatherOptions(variant="elder"), artifacts={"errors": {}, "timings": {}})
    asyncio.run(_crawl(r))
    asyncio.run(_probes(r))
    assert "crawl" not in r.artifacts and "probes" not in r.artifacts
