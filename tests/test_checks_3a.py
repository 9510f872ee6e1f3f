"""Half A of the full checklist (availability, navigation, performance, layout, 适老化, content) as pure functions on
hand-made artifacts: the edge cases the fixture pages cannot show cheaply."""

from __future__ import annotations

import pytest

from harness import checklist as checklist_mod
from harness.checks.elder_more import close_position
from harness.checks.navigation import automatic_navigations, parse_refresh
from harness.checks.page_layout import tel_matches
from harness.gather.links import same_site, select_links, site_of
from harness.gather.page_probes import recurring_timers
from harness.gather.perf import profile

from checkrun import CL, run


def art(dom=None, **kw):
    base = {"device": {"viewport": {"width": 375, "height": 667}, "name": "t"}, "target": {"system_kind": "h5"},
            "navigation": {"url": "https://a.gov.cn/x", "final_url": "https://a.gov.cn/x", "ok": True, "status": 200,
                           "load_ms": 100, "error": None, "committed": True, "redirects": [], "headers": {}},
            "errors": {}, "network": [], "console": [], "page_errors": [], "frame_navigations": []}
    if dom is not None:
        base["dom"] = {"visible_text": "x", "texts": [], "targets": [], "fields": [], "forms": [], "resources": [], "links": [],
                       "images": [], "iframes": [], "title": "", "meta_refresh": None, "font_histogram": [], "doc": {"visual_scale": 1}, **dom}
    base.update(kw)
    return base


def req(url, status=200, type_="Script", **kw):
    return {"url": url, "status": status, "type": type_, "bytes": kw.pop("bytes", 100), "t": kw.pop("t", 0), **kw}


# ---- AV-03

def test_av03_status_wins_over_cancel_and_skips_unanswered_and_favicon():
    a = art(dom={}, links={"checked": [], "unchecked": [], "limits": {"request_timeout_ms": 4000}},
            network=[req("https://a.gov.cn/x", type_="Document"), req("https://a.gov.cn/s.js", 404, failed="net::ERR_ABORTED", canceled=True),
                     req("https://a.gov.cn/slow", None, unfinished=True), req("https://a.gov.cn/gone", None, failed="net::ERR_ABORTED", canceled=True),
                     req("https://a.gov.cn/favicon.ico", 404, type_="Other"), req("data:image/png;base64,xx", None),
                     req("http://a.gov.cn/img.png", None, failed="net::ERR_BLOCKED_BY_CLIENT", blocked="mixed-content"),
                     req("https://cdn.x.cn/f.woff", None, failed="net::ERR_NAME_NOT_RESOLVED", type_="Font")])
    out = run("AV-03", a)
    assert out.outcome == "failed"
    assert {e["url"] for e in out.evidence} == {"https://a.gov.cn/s.js", "https://cdn.x.cn/f.woff"}
    assert out.value["subresources_failed"] == 2


def test_av03_referenced_favicon_counts_and_ignore_patterns():
    a = art(dom={"resources": [{"tag": "link:icon", "url": "https://a.gov.cn/favicon.ico"}]},
            links={"checked": [], "unchecked": []}, network=[req("https://a.gov.cn/favicon.ico", 404, type_="Other")])
    assert run("AV-03", a).outcome == "failed"
    assert run("AV-03", a, ignore_urls=["favicon"]).outcome == "passed"


def test_av03_timeouts_are_cant_tell_and_limits_reported():
    lk = {"checked": [{"url": "https://a.gov.cn/p", "status": None, "timed_out": True, "error": "Timeout 4000ms exceeded"}],
          "unchecked": ["https://a.gov.cn/q"], "limits": {"request_timeout_ms": 4000}}
    out = run("AV-03", art(dom={}, links=lk))
    assert out.outcome == "cantTell" and out.value["links_unchecked"] == 2
    assert "1 link(s) over the limit" in out.message
    lk["checked"].append({"url": "https://a.gov.cn/r", "status": None, "error": "net::ERR_CERT_AUTHORITY_INVALID"})
    assert run("AV-03", art(dom={}, links=lk)).outcome == "failed"


def test_site_and_link_selection():
    assert site_of("zwfw.qinghai.gov.cn") == "qinghai.gov.cn" and site_of("www.example.com") == "example.com"
    assert site_of("127.0.0.1") == "127.0.0.1"
    assert same_site("https://m.qinghai.gov.cn/a", "http://zwfw.qinghai.gov.cn/") and not same_site("https://x.gov.cn/", "https://y.gov.cn/")
    links = [{"href": "https://a.gov.cn/x#top", "visible": True}, {"href": "https://a.gov.cn/b", "visible": False},
             {"href": "https://a.gov.cn/c", "visible": True}, {"href": "https://a.gov.cn/c#2", "visible": True},
             {"href": "tel:12345"}, {"href": "javascript:void(0)"}, {"href": "https://other.cn/"}]
    todo, cross = select_links(links, "https://a.gov.cn/x")
    assert [l["url"] for l in todo] == ["https://a.gov.cn/c", "https://a.gov.cn/b"] and cross == 1


# ---- NV-03 / EL-10

def test_parse_refresh():
    assert parse_refresh("5; url=next.html", "https://a/b/c.html") == (5.0, "https://a/b/next.html")
    assert parse_refresh("0;URL='https://x/'", "https://a/") == (0.0, "https://x/")
    assert parse_refresh("30", "https://a/") == (30.0, None)
    assert parse_refresh("soon", "https://a/") is None and parse_refresh(None, "https://a/") is None


def test_meta_refresh_split_between_nv03_and_el10():
    reload_page = art(dom={"meta_refresh": "60"}, motion={})
    assert run("NV-03", reload_page).outcome == "passed"
    assert run("EL-10", reload_page).outcome == "failed"
    same_url = art(dom={"meta_refresh": "10;url=x#top"}, motion={})
    assert run("NV-03", same_url).outcome == "passed" and run("EL-10", same_url).outcome == "failed"
    elsewhere = art(dom={"meta_refresh": "3;url=/home"}, motion={})
    assert run("NV-03", elsewhere).outcome == "failed" and run("EL-10", elsewhere).outcome == "passed"
    instant = art(dom={"meta_refresh": "0;url=/home"}, motion={})
    assert run("NV-03", instant).outcome == "passed"
    assert run("NV-03", instant, max_redirects=0).outcome == "failed"


def test_declared_redirect_seen_happening_counts_once():
    """The DOM read on chain3 (its meta refresh to chain4) while the frame went on to chain4 and pass: 4 hops, not 5;
    a timed meta refresh back to the start page is still a timed redirect (the start page was not arrived at)."""
    base = "https://a.gov.cn/"
    docs = [req(base + n, type_="Document", t=t) for n, t in
            [("chain1.html", 0), ("chain2.html", 50), ("chain3.html", 100), ("chain4.html", 150), ("pass.html", 200)]]
    a = art(dom={"meta_refresh": "0;url=chain4.html"}, network=docs,
            frame_navigations=[{"url": d["url"], "t": d["t"]} for d in docs])
    a["navigation"].update(url=base + "chain1.html", final_url=base + "chain1.html")
    found = automatic_navigations(a, 1)
    assert [h["url"].rsplit("/", 1)[1] for h in found["hops"]] == ["chain2.html", "chain3.html", "chain4.html", "pass.html"]
    back = art(dom={"meta_refresh": "5;url=chain1.html"}, network=docs[:2],
               frame_navigations=[{"url": d["url"], "t": d["t"]} for d in docs[:2]])
    back["navigation"].update(url=base + "chain1.html", final_url=base + "chain2.html")
    assert len(automatic_navigations(back, 1)["timed_redirects"]) == 1


def test_refresh_header_and_timers():
    a = art(dom={}, motion={}, page_state={"timers": [
        {"kind": "setTimeout", "delay": 5000, "source": "() => { window.location.href = '/login'; }"},
        {"kind": "setInterval", "delay": 60000, "source": "function(){location.reload()}"},
        {"kind": "setTimeout", "delay": 0, "source": "() => location.replace('/sso')"},
        {"kind": "setTimeout", "delay": 3000, "source": "() => { if (location.href === x) go(); }"}]})
    a["navigation"]["headers"] = {"refresh": "120"}
    found = automatic_navigations(a, 1)
    assert len(found["timed_redirects"]) == 1 and len(found["refreshes"]) == 2
    assert run("NV-03", a).outcome == "failed" and run("EL-10", a).outcome == "failed"


def test_observed_navigations_loops_and_reloads():
    docs = [req("https://a.gov.cn/x", 302, "Document", t=0, redirected_to="https://a.gov.cn/y"),
            req("https://a.gov.cn/y", 200, "Document", t=10), req("https://a.gov.cn/z", 200, "Document", t=5000),
            req("https://a.gov.cn/y", 200, "Document", t=5100)]
    a = art(dom={}, motion={}, network=docs, frame_navigations=[{"url": u} for u in ("https://a.gov.cn/y", "https://a.gov.cn/z", "https://a.gov.cn/y")])
    a["navigation"].update(redirects=["https://a.gov.cn/x"], final_url="https://a.gov.cn/y")
    found = automatic_navigations(a, 1)
    assert len(found["timed_redirects"]) == 1 and found["timed_redirects"][0]["url"] == "https://a.gov.cn/z"
    assert len(found["loops"]) == 1 and len(found["hops"]) == 2
    out = run("NV-03", a)
    assert out.outcome == "failed" and "loop" in out.message
    reload_ = art(dom={}, motion={}, network=[req("https://a.gov.cn/x", 200, "Document", t=0), req("https://a.gov.cn/x", 200, "Document", t=4000)],
                  frame_navigations=[{"url": "https://a.gov.cn/x"}, {"url": "https://a.gov.cn/x"}])
    assert run("NV-03", reload_).outcome == "passed" and run("EL-10", reload_).outcome == "failed"
    # A timer that sends the page to itself with a new timestamp every 200 ms: a loop, though no URL repeats.
    urls = ["https://a.gov.cn/n", "https://a.gov.cn/n?1", "https://a.gov.cn/n?2"]
    busting = art(dom={}, motion={}, network=[req(u, 200, "Document", t=200 * i) for i, u in enumerate(urls)],
                  frame_navigations=[{"url": u} for u in urls])
    out = run("NV-03", busting)
    assert out.outcome == "failed" and out.value["loops"] == 1 and out.evidence[0]["url"] == "https://a.gov.cn/n"
    two = art(dom={}, motion={}, network=[req(u, 200, "Document", t=200 * i) for i, u in enumerate(urls[:2])],
              frame_navigations=[{"url": u} for u in urls[:2]])
    assert run("NV-03", two).outcome == "passed"  # one redirect adding a query is no loop


def test_el10_motion_needs_pause_and_ignores_non_carousels():
    moving = {"changed": [{"selector": "#clock", "box": [0, 0, 9, 9], "carousel": False, "changes": 3, "what": ["children"]},
                          {"selector": "#ban", "box": [0, 0, 9, 9], "carousel": True, "changes": 2, "what": ["class"]}],
              "scrolled": [], "animations": [], "marquees": [], "pause_controls": []}
    out = run("EL-10", art(dom={}, motion=moving))
    assert out.outcome == "failed" and [e["selector"] for e in out.evidence] == ["#ban"]
    moving["pause_controls"] = [{"selector": "#p", "box": [0, 0, 44, 44], "text": "暂停"}]
    assert run("EL-10", art(dom={}, motion=moving)).outcome == "passed"
    assert run("EL-10", art(dom={}, motion={**moving, "changed": [moving["changed"][0]], "pause_controls": []})).outcome == "passed"


def test_recurring_timers():
    ts = [{"kind": "setInterval", "delay": 3000, "source": "a"}, {"kind": "setInterval", "delay": 16, "source": "tick"},
          {"kind": "setTimeout", "delay": 2000, "source": "next"}, {"kind": "setTimeout", "delay": 2000, "source": "next"},
          {"kind": "setTimeout", "delay": 5000, "source": "once"}]
    rec = recurring_timers(ts, 500)
    assert sorted((r["kind"], r["delay"]) for r in rec) == [("setInterval", 3000), ("setTimeout", 2000)]


# ---- PF-01 / PF-02

def _throttled(perf):
    return {"variants": {"throttled": {"perf": perf, "navigation": {}, "errors": {}}}}


def test_pf01_bands_and_missing_lcp():
    prof = {"request_latency_ms": 562.5, "download_kbps": 1474.56, "upload_kbps": 675, "cpu_slowdown": 4}
    base = {"profile": prof, "network_idle": True, "lcp": {"selector": "#h", "box": [0, 0, 1, 1], "tag": "p"}}
    assert run("PF-01", art(**_throttled({**base, "lcp_ms": 3000}))).outcome == "passed"
    warn = run("PF-01", art(**_throttled({**base, "lcp_ms": 3001})))
    assert warn.outcome == "passed" and warn.warning and warn.to_dict()["warning"] is True
    assert run("PF-01", art(**_throttled({**base, "lcp_ms": 5001}))).outcome == "failed"
    none = run("PF-01", art(**_throttled({"profile": prof, "lcp_ms": None, "lcp": None, "fcp_ms": None})))
    assert none.outcome == "cantTell"
    missing = run("PF-01", art(variants={"throttled": {"errors": {"perf_wait": "timeout"}, "navigation": {}}}))
    assert missing.outcome == "error" and "timeout" in missing.message
    assert run("PF-01", art()).outcome == "error"  # the variant was never loaded


def test_network_profile_units():
    p = profile({"request_latency_ms": 562.5, "download_kbps": 1474.56, "upload_kbps": 675})
    assert p["latency"] == 562.5 and p["downloadThroughput"] == pytest.approx(1474.56 * 128) and p["uploadThroughput"] == 675 * 128


def test_pf02_counts_network_requests_only():
    net = [req("https://a.gov.cn/x", type_="Document", bytes=5000), req("data:image/png;base64,x", None, bytes=0),
           req("https://a.gov.cn/favicon.ico", 404, "Other", bytes=300)] + [req(f"https://a.gov.cn/i{i}", bytes=10) for i in range(3)]
    out = run("PF-02", art(network=net))
    assert out.value == {"bytes": 5030, "requests": 4} and out.outcome == "passed"
    assert run("PF-02", art(network=net), max_requests=3).outcome == "failed"
    assert run("PF-02", art(network=net), max_bytes=5000).outcome == "failed"


# ---- UI-03 .. UI-06

def test_ui03_edges_and_tolerance():
    sa = {"cover": True, "insets": {"top": 47, "bottom": 34}, "emulated": True,
          "bars": [{"selector": "h", "edge": "top", "content": [0, 46.5, 375, 20]}, {"selector": "n", "edge": "bottom", "content": [0, 610, 375, 34]}]}
    out = run("UI-03", art(safe_area=sa))
    assert out.outcome == "failed" and [e["selector"] for e in out.evidence] == ["n"]
    assert run("UI-03", art(safe_area=sa), tolerance_px=34).outcome == "passed"
    assert run("UI-03", art(safe_area={**sa, "cover": False})).outcome == "inapplicable"
    assert run("UI-03", art(safe_area={**sa, "bars": []})).outcome == "inapplicable"


def test_ui04_whitespace_and_modes():
    a = art(dom={"title": " 青松 便民 "}, target={"service_name": "青松便民"})
    assert run("UI-04", a).outcome == "passed"
    assert run("UI-04", art(dom={"title": "青松便民-首页"}, target={"service_name": "青松便民"})).outcome == "failed"
    assert run("UI-04", art(dom={"title": "青松便民-首页"}, target={"service_name": "青松便民"}), match="contains").outcome == "passed"
    assert run("UI-04", a, match="fuzzy").outcome == "error"
    assert run("UI-04", art(dom={"title": ""}, target={"service_name": "x"})).message.startswith("no <title>")


def test_tel_matches():
    assert tel_matches("tel:0971-12345", "0971-12345") and tel_matches("tel:+8609711234567", "0971-1234567")
    assert tel_matches("tel:12345", "0971-12345") and not tel_matches("tel:110", "110") and not tel_matches("tel:0971-99999", "0971-12345")


def test_ui05_without_registry_and_white_screen():
    facts = {"footer": {"selector": "footer", "box": [0, 0, 1, 1], "text": "主办：青海省某某局", "tel_links": [{"href": "tel:0971-1"}]}, "bottom": {}}
    assert run("UI-05", art(dom={}, page_facts=facts)).outcome == "passed"
    facts["footer"]["text"] = "版权所有 技术支持：某某科技"
    assert run("UI-05", art(dom={}, page_facts=facts)).outcome == "failed"
    assert run("UI-05", art(dom={"visible_text": "  "}, page_facts=facts)).outcome == "inapplicable"


def test_ui06_missing_width_is_error_and_ellipsis_switch():
    layout = {"320": {"targets": {"overlaps": [], "clipped": [{"selector": "p", "box": [0, 0, 1, 1], "kind": "ellipsis", "axis": "x", "hidden_px": 9}]}},
              "375": {"targets": {"overlaps": [], "clipped": []}}, "414": {"targets": {"error": "timeout"}}}
    assert run("UI-06", art(layout=layout)).outcome == "error"
    assert run("UI-06", art(layout=layout), widths=[320, 375]).outcome == "passed"
    assert run("UI-06", art(layout=layout), widths=[320, 375], count_ellipsis=True).outcome == "failed"


# ---- EL-02, EL-06 .. EL-09, EL-14

def test_el02_tolerance_and_no_text():
    z = {"factor": 2.0, "width": 375, "elements": 9, "scroll_width": 376, "client_width": 375, "offenders": [], "clipped": [], "text_elements": 4}
    assert run("EL-02", art(text_zoom=z)).outcome == "passed"
    assert run("EL-02", art(text_zoom={**z, "scroll_width": 380})).outcome == "failed"
    assert run("EL-02", art(text_zoom={**z, "clipped": [{"selector": "b", "box": [0, 0, 1, 1], "kind": "ellipsis", "axis": "x", "hidden_px": 3}]})).outcome == "passed"
    assert run("EL-02", art(text_zoom={**z, "text_elements": 0})).outcome == "inapplicable"


@pytest.mark.parametrize("ctl,expected", [
    ([300, 100, 44, 44], "top-right"), ([20, 60, 44, 44], "top-left"), ([165, 400, 44, 44], "bottom-centre"),
    ([165, 200, 44, 44], None), ([20, 300, 44, 44], None), ([165, 560, 44, 44], None)])
def test_close_position(ctl, expected):
    assert close_position(ctl, [16, 100, 343, 300], 0.25, 80) == expected


def test_el06_popup_without_closes_and_floating_ignored():
    pop = {"selector": "#m", "kind": "dialog", "viewport_box": [0, 0, 375, 667], "panel_selector": "#p", "panel_box": [16, 100, 343, 300],
           "panel_viewport_box": [16, 100, 343, 300], "closes": [], "text": "x"}
    out = run("EL-06", art(page_facts={"popups": [pop]}))
    assert out.outcome == "failed" and out.evidence[0]["selector"] == "#p"
    pop["closes"] = [{"selector": "#c", "box": [311, 100, 48, 48], "viewport_box": [311, 100, 48, 48], "name": "关闭"}]
    assert run("EL-06", art(page_facts={"popups": [pop]})).outcome == "passed"
    assert run("EL-06", art(page_facts={"popups": [{**pop, "kind": "floating"}]})).outcome == "inapplicable"


def test_el07_sources():
    dom = {"targets": [{"selector": "#a", "name": "下载 App 领红包", "box": [0, 0, 1, 1]}],
           "links": [{"selector": "#l", "href": "itms-apps://itunes.apple.com/app/id1", "text": "苹果"}],
           "iframes": [{"selector": "iframe", "src": "https://pos.baidu.com/s?x"}]}
    out = run("EL-07", art(dom=dom, page_facts={"popups": [], "ads": []}, network=[req("https://googleads.g.doubleclick.net/x")]))
    assert out.outcome == "failed" and out.value == 4
    clean = art(dom={"targets": [{"selector": "#b", "name": "下载办事表格", "box": [0, 0, 1, 1]}]}, page_facts={"popups": [], "ads": []})
    assert run("EL-07", clean).outcome == "passed"


def test_el08_el09_el14():
    cap = {"captchas": [{"selector": "#c", "box": [0, 0, 1, 1], "why": "attributes"}], "captcha_alternatives": [], "popups": []}
    assert run("EL-08", art(page_facts=cap)).outcome == "failed"
    assert run("EL-09", art(page_facts=cap)).outcome == "cantTell"
    cap["captcha_alternatives"] = [{"selector": "audio", "text": "<audio>", "box": [0, 0, 0, 0]}]
    assert run("EL-08", art(page_facts=cap)).outcome == "passed"
    assert run("EL-14", art(page_facts=cap)).outcome == "passed"
    cap["popups"] = [{"selector": "#f", "kind": "floating", "box": [0, 0, 1, 1], "text": "活动"}]
    assert run("EL-14", art(page_facts=cap)).outcome == "cantTell"


# ---- CT-01

@pytest.mark.parametrize("text,bad", [
    ("测试", True), ("test 2", True), ("测试数据请勿删除", True), ("功能建设中", True), ("敬请期待", True), ("lorem ipsum", True),
    ("关于XXX的通知", True), ("Demo 版", True), ("体能测试报名", False), ("核酸检测点", False), ("项目建设进展顺利", False),
    ("测试成绩查询", False), ("Latest news", False), ("demolition", False)])
def test_ct01_patterns(text, bad):
    out = run("CT-01", art(dom={"texts": [{"selector": "p", "text": text, "box": [0, 0, 1, 1]}], "title": "青松便民"}))
    assert (out.outcome == "failed") is bad, out.message


def test_ct01_title_alt_and_placeholder():
    dom = {"title": "青松便民", "texts": [], "images": [{"selector": "img", "alt": "示例图片占位图", "visible": True, "box": [0, 0, 1, 1]}],
           "fields": [{"selector": "input", "placeholder": "请输入", "value": "test data", "visible": True, "box": [0, 0, 1, 1]}]}
    out = run("CT-01", art(dom=dom))
    assert out.outcome == "failed" and out.value == 2


# ---- the checklist itself

def test_half_a_checks_declared_completely():
    ids = {"AV-03", "NV-03", "PF-01", "PF-02", "UI-03", "UI-04", "UI-05", "UI-06", "EL-02", "EL-06", "EL-07", "EL-08", "EL-10", "CT-01"}
    by = CL.by_id
    assert ids <= set(by)
    for cid in ids:
        c = by[cid]
        assert c.mode == "automatic" and c.method and c.fix_zh and c.fix_en and c.sources and c.title_zh and c.title_en
        for name, p in c.params.items():
            assert "description" in p, (cid, name)
            if isinstance(p["value"], (int, float)) and not isinstance(p["value"], bool):
                assert p.get("unit"), (cid, name)
    modes = {c.id: c.mode for c in CL.checks}
    assert modes["EL-09"] == modes["EL-14"] == "semi"
    assert {"AV-04", "NV-02", "EL-11", "EL-12", "EL-13", "CT-02", "CT-03"} <= {k for k, v in modes.items() if v == "manual"}


def test_param_override_validation():
    from harness.errors import OptionError

    cl = checklist_mod.load()
    cl.set_overrides(["PF-01.cpu_slowdown=1", "AV-03.max_links=5", "UI-04.match=contains"])
    assert cl.params_for(cl.by_id["PF-01"])["cpu_slowdown"] == 1
    for bad in ("PF-01.cpu_slowdown=0", "AV-03.max_links=\"many\"", "EL-06.min_size=-1"):
        with pytest.raises(OptionError):
            cl.set_overrides([bad])
