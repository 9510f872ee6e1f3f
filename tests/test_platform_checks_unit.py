"""The host integration checks (IN-01…IN-07, EL-01, NV-01, and IN-02's SSO part) as pure functions on hand-made
artifacts: the bridge call log, the outbound probe and the variant loads (no browser)."""

from __future__ import annotations

import copy

from harness import platforms
from harness.checks.platform_hooks import site

from checkrun import run

PROFILES = {n: platforms.load(n).summary() for n in ("qingsongban", "zheliban", "national")}


def call(seq, name, role, t, ready=True, sdk=True, doc=0, **kw):
    return {"seq": seq, "doc": doc, "t": t, "kind": "call", "name": name, "role": role, "args": kw.pop("args", []),
            "answer": kw.pop("answer", None), "ready": ready, "sdk": sdk, "analytics_sdk": True, **kw}


def rec(seq, kind, name, t, doc=0, **kw):
    return {"seq": seq, "doc": doc, "t": t, "kind": kind, "name": name, "args": kw.pop("args", []), "ready": True,
            "sdk": True, "analytics_sdk": True, **kw}


def good_log():
    """A well-integrated page: route, SDKs, ready, title, ui style, ticket, PV."""
    pv = {"miniAppId": "1", "miniAppName": "测试服务", "pageId": "home", "pageName": "首页", "t0": "0.1", "t2": "0.2",
          "log_status": "02", "Page_duration": "0"}
    return [rec(1, "route", "load", 5, args=["https://a.gov.cn/"], role="route", ready=False, sdk=False),
            rec(2, "sdk", "bridge", 20, provides="bridge", role="sdk", ready=False),
            rec(3, "sdk", "qslog", 22, provides="analytics", role="sdk", ready=False),
            call(4, "onReady", "ready", 23, ready=False),
            rec(5, "ready", "onReady", 40, role="ready_signal"),
            call(6, "setTitle", "set_title", 41, args=[{"title": "测试服务"}]),
            call(7, "getUiStyle", "ui_style", 42, answer={"uiStyle": "normal"}),
            call(8, "ssoTicket", "sso_ticket", 43),
            call(9, "new QSLog", "analytics_init", 44),
            rec(10, "pv", "QSLog.sendPV", 45, role="pv", params=pv)]


def art(platform="qingsongban", calls=None, dom=None, **kw):
    a = {"url": "https://a.gov.cn/", "device": {"viewport": {"width": 375, "height": 667}},
         "target": {"system_kind": "h5", "platform": platform, "service_name": "测试服务", "role": "home"},
         "navigation": {"url": "https://a.gov.cn/", "final_url": "https://a.gov.cn/", "ok": True, "status": 200, "committed": True},
         "errors": {}, "network": [], "page_state": {"opens": []}, "frame_navigations": [],
         "dom": {"visible_text": "测试服务\n正文", "texts": [], "targets": [], "fields": [], "forms": [], "doc": {"visual_scale": 1},
                 **(dom or {})},
         "bridge": {"platform": platform, "profile": PROFILES.get(platform), "calls": good_log() if calls is None else calls,
                    "requests": [], "documents": ["https://a.gov.cn/"]}}
    a.update(kw)
    return a


# ---- applicability

def test_platform_only_checks_inapplicable_without_platform_or_in_profile():
    a = art(platform=None)
    a["target"]["platform"] = None
    for cid in ("IN-01", "IN-03", "IN-04", "IN-05", "IN-06", "EL-01", "IN-07", "NV-01"):
        assert run(cid, a).outcome == "inapplicable", cid
    nat = art("national", calls=[])
    assert run("IN-01", nat).outcome == "inapplicable" and "does not define" in run("IN-01", nat).message
    nat["variants_skipped"] = {"platform_elder": "no elder mode known"}
    o = run("EL-01", nat)
    assert o.outcome == "inapplicable" and "platform_elder" in o.message


def test_missing_call_log_is_an_error():
    a = art()
    del a["bridge"]
    assert run("IN-01", a).outcome == "error"
    o = run("IN-02", a)
    assert o.outcome == "error" and "call log" in o.message


# ---- IN-01

def test_in01_passes_when_every_call_follows_ready():
    o = run("IN-01", art())
    assert o.outcome == "passed" and o.value == 0 and "ready at 40 ms" in o.message


def test_in01_calls_before_ready_or_without_sdk():
    log = good_log()
    log[5]["ready"] = False  # setTitle before the ready signal
    o = run("IN-01", art(calls=log))
    assert o.outcome == "failed" and o.value == 1 and "setTitle" in o.evidence[0]["text"]
    no_sdk = [c for c in good_log() if c["kind"] != "sdk"]
    for c in no_sdk:
        c["sdk"] = False
    o = run("IN-01", art(calls=no_sdk))
    assert o.outcome == "failed" and "SDK script was not loaded" in o.message and "qsbridge.js" in o.evidence[0]["url"]


def test_in01_calls_after_ready_without_waiting_warn():
    log = [c for c in good_log() if c.get("role") != "ready"]
    o = run("IN-01", art(calls=log))
    assert o.outcome == "passed" and o.warning and "never registers" in o.message
    assert not run("IN-01", art()).warning


def test_in01_looks_at_the_last_document_only():
    first = [dict(c, doc=0, ready=False) for c in good_log()]  # a document left by a redirect
    last = [dict(c, doc=1, seq=c["seq"]) for c in good_log()]
    assert run("IN-01", art(calls=first + last)).outcome == "passed"


# ---- IN-02 (SSO part)

def test_in02_hosted_identity_roles_need_sso():
    log = [c for c in good_log() if c.get("role") != "sso_ticket"]
    o = run("IN-02", art(calls=log))
    assert o.outcome == "failed" and "single sign-on" in o.message
    a = art(calls=log)
    a["target"]["role"] = "guide"  # a guide page needs no identity
    assert run("IN-02", a).outcome == "passed"
    assert run("IN-02", art(calls=log), identity_roles=[]).outcome == "passed"
    o = run("IN-02", art())
    assert o.outcome == "passed" and "ticket requested" in o.message


def test_in02_ticket_read_or_sso_redirect_count_as_sso():
    log = [c for c in good_log() if c.get("role") != "sso_ticket"] + [rec(20, "ticket", "fetch", 60, role="ticket_used", args=["/api?ticket=T"])]
    assert "ticket read" in run("IN-02", art(calls=log)).message
    a = art(calls=[c for c in good_log() if c.get("role") != "sso_ticket"])
    a["bridge"]["requests"] = [{"url": "https://puser.zjzwfw.gov.cn/sso/mobile.do?redirectUrl=x", "served": "sso", "location": "https://a.gov.cn/?ticket=T"}]
    assert "SSO redirect" in run("IN-02", a).message


def test_in02_second_login_form_or_page():
    forms = [{"selector": "#f", "box": [0, 0, 300, 200], "visible": True, "submit_texts": ["短信登录"], "text": "手机号 验证码"}]
    o = run("IN-02", art(dom={"forms": forms}))
    assert o.outcome == "failed" and o.evidence[0]["selector"] == "#f" and "login form" in o.message
    a = art(frame_navigations=[{"url": "https://a.gov.cn/"}, {"url": "https://a.gov.cn/user/login.html"}])
    o = run("IN-02", a)
    assert o.outcome == "failed" and o.evidence[0]["url"].endswith("/user/login.html")
    # The platform's own SSO page is not a second login.
    a["bridge"]["requests"] = [{"url": "https://a.gov.cn/user/login.html", "served": "sso"}]
    assert run("IN-02", a).outcome == "passed"


# ---- IN-03

def test_in03_pv_fields_strings_and_routes():
    assert run("IN-03", art()).value == "1/1"
    log = good_log()
    log[-1]["params"] = {"miniAppId": 1, "pageName": "首页", "extra": {"a": 1}}
    o = run("IN-03", art(calls=log))
    assert o.outcome == "failed" and o.value == "0/1"
    problems = o.evidence[0]["value"]
    assert "missing miniAppName, pageId, t0, t2, log_status" in problems and "not strings: miniAppId (int)" in problems and "nested extra" in problems
    log = good_log() + [rec(11, "route", "pushState", 80, role="route", args=["https://a.gov.cn/#/list"])]
    o = run("IN-03", art(calls=log))
    assert o.outcome == "failed" and o.value == "1/2" and o.evidence[0]["url"].endswith("#/list")
    log.append(rec(12, "pv", "QSLog.sendPV", 81, role="pv", params=dict(good_log()[-1]["params"], pageId="list")))
    assert run("IN-03", art(calls=log)).outcome == "passed"


def test_in03_pv_without_the_analytics_sdk():
    log = [c for c in good_log() if c.get("provides") != "analytics"]
    log[-1]["analytics_sdk"] = False
    o = run("IN-03", art(calls=log))
    assert o.outcome == "failed" and "analytics SDK not loaded" in o.evidence[0]["value"]


def test_in03_zheliban_requires_fewer_fields_and_reports_recommended():
    log = good_log()
    log[-1]["params"] = {"miniAppId": "1", "t0": "0.1", "t2": "0.2", "log_status": "02"}
    o = run("IN-03", art("zheliban", calls=log))
    assert o.outcome == "passed" and "recommended fields not sent: Page_duration, miniAppName, pageId, pageName" in o.message


# ---- IN-04

def cand(i, kinds, text, effects=None, href=None):
    return {"i": i, "selector": f"#c{i}", "tag": "button", "text": text, "href": href, "kinds": kinds, "box": [0, 0, 100, 48],
            "effects": effects or {"bridge": [], "opens": [], "navigations": [], "popups": []}}


def eff(**kw):
    return {"bridge": [], "opens": [], "navigations": [], "popups": [], **kw}


def test_in04_outcomes():
    tel = cand(0, ["tel"], "0971-12345", href="tel:0971-12345")
    pay = cand(1, ["payment"], "在线缴费", eff(bridge=[{"name": "pay", "role": "pay", "args": []}]))
    o = run("IN-04", art(outbound={"candidates": [tel, pay]}))
    assert o.outcome == "passed" and {e["selector"] for e in o.evidence} == {"#c0", "#c1"}
    bad = cand(2, ["payment"], "去缴费", eff(opens=["https://pay.bank.com.cn/x"]))
    link = cand(3, ["link"], "外部网站", eff(navigations=["https://www.other.org/"]), href="https://www.other.org/")
    same = cand(4, ["link"], "本站", eff(navigations=["https://www.a.gov.cn/x"]), href="https://www.a.gov.cn/x")
    o = run("IN-04", art(outbound={"candidates": [tel, bad, link, same]}))
    assert o.outcome == "failed" and o.value == 2 and {e.get("url") for e in o.evidence if e["selector"] in ("#c2", "#c3")} == \
        {"https://pay.bank.com.cn/x", "https://www.other.org/"}
    pdf = cand(5, ["download"], "下载", eff(navigations=["https://a.gov.cn/guide.pdf"]))
    assert run("IN-04", art(outbound={"candidates": [pdf]})).evidence[0]["value"] == "download not through the host"
    quiet = cand(6, ["phone"], "拨打电话")
    assert run("IN-04", art(outbound={"candidates": [quiet]})).outcome == "cantTell"
    assert run("IN-04", art(outbound={"candidates": []})).outcome == "inapplicable"
    a = art(outbound={"candidates": []}, page_state={"opens": [{"t": 300, "url": "https://ad.example.com/"}]})
    assert run("IN-04", a).outcome == "failed"


def test_site_heuristic():
    assert site("https://www.qhzwfw.gov.cn/x") == site("https://assets.qhzwfw.gov.cn/") == "qhzwfw.gov.cn"
    assert site("https://a.example.com/") == "example.com" and site("http://127.0.0.1:8080/") == "127.0.0.1"
    assert site("tel:12345") is None


# ---- IN-05

def test_in05_title_through_the_host():
    assert run("IN-05", art()).outcome == "passed"
    log = good_log()
    log[5]["args"] = [{"title": "别的"}]
    o = run("IN-05", art(calls=log))
    assert o.outcome == "failed" and o.value == "别的"
    o = run("IN-05", art(calls=[c for c in good_log() if c.get("role") != "set_title"]))
    assert o.outcome == "failed" and "not set through the host" in o.message
    a = art()
    a["target"]["service_name"] = None
    assert run("IN-05", a).outcome == "inapplicable"


# ---- IN-06

def variant(text="测试服务\n正文", dom=None):
    return {"dom": {"visible_text": text, "texts": [], "targets": [], "doc": {"visual_scale": 1}, **(dom or {})}, "errors": {}}


def test_in06_same_content_in_channels():
    a = art(variants={"ua_wechat": variant(), "ua_alipay": variant("测试服务\n正文")})
    o = run("IN-06", a)
    assert o.outcome == "passed" and o.value == {"wechat": 1.0, "alipay": 1.0}
    a = art(dom={"visible_text": "测试服务\n第1条 正文\n办理须知"},
            variants={"ua_wechat": variant("测试服务\n第2条 正文\n办理须知"), "ua_alipay": variant("请在青松办中打开")})
    o = run("IN-06", a)
    assert o.outcome == "failed" and o.value["wechat"] == 1.0 and o.value["alipay"] == 0.0  # digits are ignored
    assert {"missing in Alipay", "only in Alipay"} <= {e["value"] for e in o.evidence}
    a = art(variants={"ua_wechat": {"navigation": {"error": "net::ERR_TIMED_OUT"}, "errors": {}}, "ua_alipay": variant()})
    o = run("IN-06", a)
    assert o.outcome == "error" and "ERR_TIMED_OUT" in o.message


# ---- EL-01

def text(t, fs, sel="p"):
    return {"selector": sel, "tag": "p", "text": t, "chars": len(t), "font_size": fs, "line_height": fs * 1.6, "heading": False,
            "in_control": False, "box": [0, 0, 200, 30]}


def target(sel, w, h, **kw):
    return {"selector": sel, "tag": "a", "name": "链接", "box": [0, 0, w, h], "inline": False, **kw}


def elder(texts, targets, asked=True):
    calls = [call(1, "getUiStyle", "ui_style", 30, answer={"uiStyle": "elder"})] if asked else []
    return {"platform_elder": {"dom": {"texts": texts, "targets": targets, "doc": {"visual_scale": 1}}, "errors": {},
                               "bridge": {"calls": calls}}}


def test_el01_elder_mode_sizes_page_and_footer():
    ok = art(variants=elder([text("正文内容", 20), text("热线", 18, "body > footer > p")], [target("#a", 60, 60)]))
    assert run("EL-01", ok).outcome == "passed"
    bad = art(variants=elder([text("正文内容", 20), text("服务热线", 14, "body > footer > p")],
                             [target("#a", 60, 60), target("body > footer > a", 44, 44)], asked=False))
    o = run("EL-01", bad)
    assert o.outcome == "failed" and o.value == {"text_below": 4, "targets_below": 1} and "never asks the host" in o.message
    assert all(e.get("note") == "footer" for e in o.evidence)
    inline = art(variants=elder([text("正文内容", 20)], [target("#i", 40, 20, inline=True)]))
    assert run("EL-01", inline).outcome == "passed"
    assert run("EL-01", inline, exempt_inline=False).outcome == "failed"
    assert run("EL-01", art(variants=elder([], []))).outcome == "inapplicable"


# ---- IN-07, NV-01 (semi)

def test_in07_evaluation_after_done():
    assert run("IN-07", art()).outcome == "inapplicable"
    done = art(dom={"visible_text": "您的申请已办结", "targets": [target("#e", 200, 52, name="好差评 · 去评价")]})
    o = run("IN-07", done)
    assert o.outcome == "cantTell" and o.value == 1 and o.evidence[1]["selector"] == "#e"
    o = run("IN-07", art(dom={"visible_text": "您的申请已办结"}))
    assert o.outcome == "failed"
    a = art(dom={"visible_text": "结果"})
    a["target"]["role"] = "result"
    assert run("IN-07", a).outcome == "failed"


def test_nv01_own_back_button():
    own = art(dom={"targets": [target("header > button", 48, 48, name="返回")]})
    o = run("NV-01", own)
    assert o.outcome == "failed" and o.evidence[0]["selector"] == "header > button"
    low = art(dom={"targets": [dict(target("footer > a", 48, 48, name="返回"), box=[0, 900, 48, 48])]})
    assert run("NV-01", low).outcome == "cantTell"  # a 返回 link in the footer is not a title-bar back button
    log = good_log() + [rec(11, "route", "pushState", 80, role="route", args=["https://a.gov.cn/#/b"])]
    o = run("NV-01", art(calls=log))
    assert o.outcome == "cantTell" and "1 in-page route change" in o.message


def test_checks_do_not_mutate_artifacts():
    a = art(variants={"ua_wechat": variant(), "ua_alipay": variant(), **elder([text("正文", 20)], [])}, outbound={"candidates": []})
    before = copy.deepcopy(a)
    for cid in ("IN-01", "IN-02", "IN-03", "IN-04", "IN-05", "IN-06", "EL-01", "IN-07", "NV-01"):
        run(cid, a)
    assert a == before
