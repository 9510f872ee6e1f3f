"""Accessibility (axe-core mapping), personal-information and security checks on hand-made artifacts: the edge
cases the fixture pages do not reach, without a browser."""

from __future__ import annotations

import json
import time

import pytest

from harness.checks.privacy import find_bank_cards, find_personal_data, luhn_ok, masked_numbers, redact
from harness.gather.probes import parse_page, same_site, scan_secrets, site_of

from checkrun import run


def art(dom=None, **kw):
    base = {"device": {"viewport": {"width": 375, "height": 667}, "name": "t"}, "target": {"system_kind": "h5"},
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "navigation": {"url": "https://x.gov.cn/a/index.html", "final_url": "https://x.gov.cn/a/index.html", "ok": True,
                           "status": 200, "load_ms": 100, "error": None, "committed": True, "headers": {}},
            "errors": {}, "network": [], "console": [], "page_errors": [], "page_state": {"opens": []}}
    base["dom"] = {"visible_text": "", "texts": [], "targets": [], "fields": [], "forms": [], "resources": [], "links": [],
                   "images": [], "iframes": [], "title": "首页", "font_histogram": [], "doc": {"visual_scale": 1}, **(dom or {})}
    base.update(kw)
    return base


# ---------------------------------------------------------------- axe-core mapping

def axe(violations=(), incomplete=(), passes=(), inapplicable=()):
    def rule(rid, n=1):
        return {"id": rid, "impact": "serious", "tags": ["wcag2a"], "help": f"help {rid}", "help_url": "", "node_count": n,
                "nodes": [{"target": [f"#{rid}-{i}"], "impact": "serious", "html": "<x>", "summary": "Fix it", "box": [0, 0, 10, 10]}
                          for i in range(n)]}
    return {"version": "4.12.1", "violations": [rule(r) for r in violations], "incomplete": [rule(r) for r in incomplete],
            "passes": [{"id": r, "node_count": 1} for r in passes], "inapplicable": list(inapplicable)}


def test_axe_violation_fails_with_boxes_and_rule_ids():
    o = run("AX-01", art(axe=axe(violations=["image-alt"], passes=["svg-img-alt"])))
    assert o.outcome == "failed" and o.value["rules_failed"] == ["image-alt"] and o.value["violations"] == 1
    assert o.evidence[0]["selector"] == "#image-alt-0" and o.evidence[0]["box"] == [0, 0, 10, 10] and o.evidence[0]["value"] == "image-alt"
    assert "图片缺少替代文本" in o.message_zh


def test_axe_incomplete_is_canttell_never_failed():
    o = run("EL-04", art(axe=axe(incomplete=["color-contrast"], passes=["color-contrast"])))
    assert o.outcome == "cantTell" and o.value["incomplete"] == 1


def test_axe_other_rules_do_not_count():
    a = art(axe=axe(violations=["color-contrast"], passes=["image-alt"]))
    assert run("AX-01", a).outcome == "passed"
    assert run("AX-02", a).outcome == "inapplicable"
    # AX-04 leaves out the rules other checks own, so one defect is not counted twice.
    assert run("AX-04", a).outcome == "inapplicable"
    assert run("AX-04", art(axe=axe(violations=["list"]))).outcome == "failed"
    assert run("AX-04", art(axe=axe(violations=["list"])), exclude=["list"]).outcome == "inapplicable"


def test_axe_missing_artifact_is_error():
    o = run("AX-01", art(errors={"axe": "Error: axe-core did not load in the page"}))
    assert o.outcome == "error" and "axe" in o.message


def test_alt_text_semi():
    img = lambda alt, vis=True: {"selector": "img", "alt": alt, "visible": vis, "box": [0, 0, 1, 1], "src": "x"}  # noqa: E731
    assert run("AX-07", art({"images": [img("社保卡样式")]})).outcome == "passed"
    o = run("AX-07", art({"images": [img("IMG_2031.JPG"), img("图片"), img("pic 3"), img("图片", vis=False)]}))
    assert o.outcome == "cantTell" and o.value == 3
    assert run("AX-07", art({"images": [img("")]})).outcome == "inapplicable"


# ---------------------------------------------------------------- PI-06: bank cards and masking rules

def test_luhn_and_bank_cards():
    assert luhn_ok("6222021234567890128") and not luhn_ok("6222021234567890127")
    assert list(find_bank_cards("6217 0012 3456 7890 122")) == ["6217 0012 3456 7890 122"]
    assert list(find_bank_cards("订单 6217001234567890123")) == []  # fails the Luhn check
    assert list(find_bank_cards("9217001234567890122")) == []  # prefix not in the list
    # The fraction of a random number (Math.random() prints 16–17 digits) is not a card; a card after a full stop is.
    assert list(find_bank_cards("信息条目 0.4111111111111111 与 4111111111111111.5")) == []
    assert list(find_bank_cards("卡号.4111111111111111。")) == ["4111111111111111"]
    # A Gansu resident ID (62…) that happens to pass Luhn is an ID, not a card.
    gansu = next(f"62010219880715{n:03d}{c}" for n in range(1000) for c in "0123456789X"
                 if c != "X" and luhn_ok(f"62010219880715{n:03d}{c}"))
    assert list(find_bank_cards(gansu)) == []
    assert [k for k, _, _ in find_personal_data(gansu, ["resident_id", "bank_card"])] == ["resident_id"]


def test_masked_numbers_and_limits():
    got = {(k, r) for k, _, r in masked_numbers("6****************2 138****5678 621700******0122 ****0122")}
    assert got == {("resident_id", 2), ("mobile", 7), ("bank_card", 10)}
    a = art({"visible_text": "手机 138****5678", "texts": [{"selector": "#t", "text": "手机 138****5678", "box": [0, 0, 1, 1]}]})
    assert run("PI-06", a).outcome == "passed"
    o = run("PI-06", a, max_revealed={"resident_id": 2, "mobile": 5, "bank_card": 4})
    assert o.outcome == "failed" and o.evidence[0]["value"] == "masked_mobile" and o.evidence[0]["selector"] == "#t"
    # A kind not looked for is not judged.
    assert run("PI-06", a, patterns=["resident_id"], max_revealed={"mobile": 0}).outcome == "passed"


def test_pi06_bank_card_in_field_and_redaction():
    a = art({"fields": [{"selector": "#c", "value": "6222021234567890128", "box": [0, 0, 1, 1]}]})
    o = run("PI-06", a)
    assert o.outcome == "failed" and o.evidence[0]["text"] == "***************0128" and "form field" in o.evidence[0]["note"]
    assert run("PI-06", a, patterns=["resident_id", "mobile"]).outcome == "passed"
    assert "6222021234567890128" not in redact("卡号 6222021234567890128") and "0128" in redact("卡号 6222021234567890128")
    assert redact("编号 11630000MB1234567X4000117001") == "编号 11630000MB1234567X4000117001"


# ---------------------------------------------------------------- PI-01, PI-03, PI-08, PI-09: crawl-based

def crawl(*pages, truncated=False):
    out = []
    for i, (depth, parent, via, title, text, links) in enumerate(pages):
        out.append({"url": f"https://x.gov.cn/a/p{i}.html", "final_url": f"https://x.gov.cn/a/p{i}.html", "depth": depth,
                    "parent": parent, "via": via, "status": 200, "title": title, "text": text,
                    "links": [{"href": f"https://x.gov.cn/a/{h}", "text": t} for h, t in links], "controls": []})
    return {"start": out[0]["url"], "pages": out, "truncated": truncated, "fetches": len(out) - 1}


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


def test_pi03_labels_and_formats():
    def pol(text):
        return art(crawl=crawl((0, None, None, "隐私政策", text, [])))
    assert run("PI-03", pol("发布时间：2025/6/1；施行日期：2025.7.1")).outcome == "passed"
    assert run("PI-03", pol("更新日期：2025年6月1日")).outcome == "failed"
    assert run("PI-03", pol("生效日期：2025年6月1日")).value == {"published": None, "effective": "2025年6月1日"}
    assert run("PI-03", art(crawl=crawl((0, None, None, "首页", "", [])))).outcome == "inapplicable"


def test_pi08_semi_missing_items_are_canttell():
    full = "收集您的姓名用于办理。不向第三方共享。存储于政务云，保存期限五年。加密传输。可更正、删除。联系电话 12345。"
    a = art(crawl=crawl((0, None, None, "隐私政策", full, [])))
    assert run("PI-08", a).outcome == "passed"
    a = art(crawl=crawl((0, None, None, "隐私政策", "我们收集您的姓名。", [])))
    o = run("PI-08", a)
    assert o.outcome == "cantTell" and "third_party" in o.value["missing"] and "collected" in o.value["found"]


def test_pi09_on_page_linked_and_truncated():
    c = crawl((0, None, None, "首页", "", [("p1.html", "我的")]), (1, 0, "我的", "我的", "", [("p2.html", "留言板")]))
    assert run("PI-09", art(crawl=c)).value == 2
    assert run("PI-09", art(crawl=c), max_taps=1).outcome == "failed"
    a = art({"targets": [{"selector": "#fb", "tag": "a", "name": "投诉建议", "box": [0, 0, 1, 1]}]}, crawl=crawl((0, None, None, "首页", "", [])))
    assert run("PI-09", a).value == 0
    assert run("PI-09", art(crawl=crawl((0, None, None, "首页", "", []), truncated=True))).outcome == "cantTell"


# ---------------------------------------------------------------- PI-04, PI-05, PI-07

def test_pi04_interaction_time_and_kinds():
    st = {"t_first_input": 500, "calls": [{"t": 100, "api": "geolocation.getCurrentPosition", "detail": None},
                                          {"t": 900, "api": "mediaDevices.getUserMedia", "detail": "{}"},
                                          {"t": 50, "api": "Notification.requestPermission", "detail": None}], "sends": []}
    o = run("PI-04", art(pi_state=st))
    assert o.outcome == "failed" and o.value == 1  # the camera came after the first tap; notifications are not in `apis`
    st = {"t_first_input": None, "calls": [], "sends": [
        {"t": 10, "api": "xhr", "url": "https://x/log", "body_kind": "json", "keys": ["event"], "field_values": 0, "snippet": '{"event":"pv"}'},
        {"t": 20, "api": "fetch", "url": "https://x/save", "body_kind": "json", "keys": ["mobile"], "field_values": 0, "snippet": '{"mobile":""}'},
        {"t": 30, "api": "sendBeacon", "url": "https://x/b", "body_kind": "text", "keys": [], "field_values": 0, "snippet": "id=630102198807151232"}]}
    a = art({"fields": [{"name": "mobile", "id": "m", "selector": "#m", "box": [0, 0, 1, 1]}]}, pi_state=st)
    o = run("PI-04", a)
    assert o.outcome == "failed" and o.value == 2 and {e["value"] for e in o.evidence} == {"fetch", "sendBeacon"}
    a["network"] = [{"type": "Document", "method": "POST", "url": "https://x/submit", "t": 40}]
    assert run("PI-04", a).value == 3
    assert run("PI-04", art(pi_state={"t_first_input": None, "calls": [], "sends": []})).outcome == "passed"


def test_pi05_label_patterns_and_default_checked():
    f = lambda label, checked=False, default=False: {"type": "checkbox", "label": label, "checked": checked,  # noqa: E731
                                                     "default_checked": default, "selector": "#c", "box": [0, 0, 1, 1]}
    assert run("PI-05", art({"fields": [f("我已阅读并同意", default=True)]})).outcome == "failed"
    assert run("PI-05", art({"fields": [f("I agree to the terms", checked=True)]})).outcome == "failed"
    assert run("PI-05", art({"fields": [f("记住密码", checked=True)]})).outcome == "inapplicable"
    assert run("PI-05", art({"fields": [f("授权使用位置")]})).outcome == "passed"


def test_pi07_urls():
    net = lambda *urls: [{"url": u, "type": "XHR"} for u in urls]  # noqa: E731
    o = run("PI-07", art(network=net("https://x/api?name=%E5%BC%A0%E4%B8%89", "https://x/api?name=", "https://x/u/13897001234/info")))
    assert o.outcome == "failed" and o.value == 2
    assert "13897001234" not in json.dumps(o.evidence) and "张三" not in json.dumps(o.evidence, ensure_ascii=False)
    assert run("PI-07", art(network=net("https://x/api?page=2&ts=1735689600000"))).outcome == "passed"
    a = art()
    a["navigation"]["redirects"] = ["https://x/sso?sfzh=630102198807151232"]
    assert run("PI-07", a).outcome == "failed"


# ---------------------------------------------------------------- security

def test_se01_certificate_days_left():
    a = art()
    started = time.time()
    a["navigation"]["tls"] = {"valid_to": started + 10 * 86400, "subject": "x.gov.cn", "issuer": "CA"}
    o = run("SE-01", a)
    assert o.outcome == "failed" and 9 < o.value["cert_days_left"] <= 10 and "expires in" in o.message
    assert run("SE-01", a, min_cert_days=5).outcome == "passed"
    a["navigation"]["tls"]["valid_to"] = started - 86400
    assert "expired" in run("SE-01", a).message
    a["navigation"]["tls"] = None
    assert run("SE-01", a).value["cert_days_left"] is None and run("SE-01", a).outcome == "passed"


def probes(**kw):
    base = {"git": [], "source_maps": [], "secrets": [], "scripts": [], "inline_scripts": 0,
            "not_found": {"url": "https://x/a/missing.html", "status": 404, "headers": {}, "body": "Not Found"}}
    base.update(kw)
    return base


def test_se02_kinds_and_switches():
    pr = probes(secrets=[{"kind": "password_assignment", "url": "https://x/a.js", "line": 3, "snippet": 'pwd: "admi…(8 chars)"'}],
                source_maps=[{"script": "https://x/a.js", "url": "https://x/a.js.map", "how": "guess", "status": 200, "exposed": True}])
    o = run("SE-02", art(probes=pr))
    assert o.outcome == "failed" and o.value == {"git": 0, "source_maps": 1, "secrets": 1}
    assert run("SE-02", art(probes=pr), source_maps=False, secret_kinds=["private_key"]).outcome == "passed"


def test_se03_headers_and_error_pages():
    assert run("SE-03", art(probes=probes())).outcome == "passed"
    a = art(probes=probes())
    a["navigation"]["headers"] = {"server": "nginx"}
    assert run("SE-03", a).outcome == "passed"
    a["navigation"]["headers"] = {"server": "nginx/1.18.0"}
    assert run("SE-03", a).value == {"headers": 1, "error_page": 0}
    pr = probes(not_found={"url": "u", "status": 404, "headers": {"x-aspnet-version": "4"}, "body": "<b>Fatal error</b>: in x on line <b>3</b>"})
    assert run("SE-03", art(probes=pr)).value == {"headers": 1, "error_page": 1}
    # Other hosts' headers (a CDN) are not the site's.
    a = art(probes=probes(), network=[{"url": "https://cdn.other.com/x.js", "headers": {"server": "AliyunOSS/2.1"}}])
    assert run("SE-03", a).outcome == "passed"


def test_se05_schemes_domains_and_window_open():
    link = lambda href: {"selector": "#l", "href": href, "raw_href": href, "text": "x", "box": [0, 0, 1, 1]}  # noqa: E731
    assert run("SE-05", art({"links": [link("tel:12345"), link("javascript:void(0)"), link("/a.html")]})).outcome == "passed"
    assert run("SE-05", art({"links": [link("taobao://item")]})).value == {"app_links": 1, "commercial": 0}
    assert run("SE-05", art({"links": [link("https://m.jd.com/x")]})).value == {"app_links": 0, "commercial": 1}
    assert run("SE-05", art({"links": [link("https://notjd.com/x")]})).outcome == "passed"
    a = art(page_state={"opens": [{"url": "alipays://platformapi/startapp", "t": 5}]})
    assert run("SE-05", a).value["app_links"] == 1


# ---------------------------------------------------------------- gatherer helpers

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


@pytest.mark.parametrize("cid", ["AX-05", "AX-06", "PI-02", "PI-10", "PI-11", "PI-12", "PI-13", "SE-04", "SE-06"])
def test_manual_checks_are_untested(cid):
    assert run(cid, art()).outcome == "untested"


def test_crawl_and_probes_skip_variant_loads():
    import asyncio

    from harness.gather import GatherOptions, GatherRun
    from harness.gather.probes import _crawl, _probes

    r = GatherRun(url="https://x/", options=GatherOptions(variant="elder"), artifacts={"errors": {}, "timings": {}})
    asyncio.run(_crawl(r))
    asyncio.run(_probes(r))
    assert "crawl" not in r.artifacts and "probes" not in r.artifacts
