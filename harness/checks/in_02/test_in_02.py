"""IN-02 on hand-made artifacts: a form asking to confirm a password is a registration of the app's own; on a
hosted page, identity through the host's single sign-on and no second login."""

from __future__ import annotations

from tests import host_artifacts as host
from tests.checkrun import run
from tests.page_artifacts import art


def test_in02_confirm_password_form():
    forms = [{"selector": "form", "submit_texts": ["下一步"], "text": "设置密码 确认密码", "box": [0, 0, 1, 1]}]
    assert run("IN-02", art({"forms": forms})).outcome == "failed"
    forms[0]["text"] = "姓名 地址"
    assert run("IN-02", art({"forms": forms})).outcome == "passed"


def test_in02_hosted_identity_roles_need_sso():
    log = [c for c in host.good_log() if c.get("role") != "sso_ticket"]
    o = run("IN-02", host.art(calls=log))
    assert o.outcome == "failed" and "single sign-on" in o.message
    a = host.art(calls=log)
    a["target"]["role"] = "guide"  # a guide page needs no identity
    assert run("IN-02", a).outcome == "passed"
    assert run("IN-02", host.art(calls=log), identity_roles=[]).outcome == "passed"
    o = run("IN-02", host.art())
    assert o.outcome == "passed" and "ticket requested" in o.message


def test_in02_ticket_read_or_sso_redirect_count_as_sso():
    log = [c for c in host.good_log() if c.get("role") != "sso_ticket"] + [host.rec(20, "ticket", "fetch", 60, role="ticket_used", args=["/api?ticket=T"])]
    assert "ticket read" in run("IN-02", host.art(calls=log)).message
    a = host.art(calls=[c for c in host.good_log() if c.get("role") != "sso_ticket"])
    a["bridge"]["requests"] = [{"url": "https://puser.zjzwfw.gov.cn/sso/mobile.do?redirectUrl=x", "served": "sso", "location": "https://a.gov.cn/?ticket=T"}]
    assert "SSO redirect" in run("IN-02", a).message


def test_in02_second_login_form_or_page():
    forms = [{"selector": "#f", "box": [0, 0, 300, 200], "visible": True, "submit_texts": ["短信登录"], "text": "手机号 验证码"}]
    o = run("IN-02", host.art(dom={"forms": forms}))
    assert o.outcome == "failed" and o.evidence[0]["selector"] == "#f" and "login form" in o.message
    # A page is judged by its form, not its URL: a navigation through /user/login.html with no login form is none.
    a = host.art(frame_navigations=[{"url": "https://a.gov.cn/"}, {"url": "https://a.gov.cn/user/login.html"}])
    assert run("IN-02", a).outcome == "passed"


def test_in02_formless_sms_account_and_registration():
    """Single-page apps build the login of divs and inputs without <form>: judged by the fields and buttons."""
    f = lambda sel, label, type_="text": {"selector": sel, "type": type_, "label": label, "visible": True, "box": [0, 0, 300, 44]}  # noqa: E731
    t = lambda sel, name, tag="button": {"selector": sel, "tag": tag, "name": name, "box": [0, 0, 100, 44]}  # noqa: E731
    dom = {"fields": [f("#m", "手机号", "tel"), f("#c", "请输入短信验证码")], "texts": [{"selector": "#s", "text": "获取验证码", "box": [0, 0, 80, 20]}]}
    o = run("IN-02", art(dom))
    assert o.outcome == "failed" and o.evidence[0]["selector"] == "#c" and o.evidence[0]["value"] == "SMS-code login" and "#s" in o.evidence[0]["note"]
    assert run("IN-02", art({**dom, "texts": []})).outcome == "passed"  # a code field with no way to send a code
    assert run("IN-02", art({"fields": [f("#c", "图形验证码")], "texts": dom["texts"]})).outcome == "passed"
    o = run("IN-02", art({"fields": [f("#u", "账号")], "targets": [t("#l", "登录")]}))
    assert o.outcome == "failed" and o.evidence[0]["selector"] == "#l"
    assert run("IN-02", art({"fields": [], "targets": [t("#l", "登录")]})).outcome == "passed"  # an SSO button alone
    o = run("IN-02", art({"fields": [f("#n", "姓名"), f("#i", "证件号码")], "targets": [t("#r", "立即注册")]}))
    assert o.outcome == "failed" and o.evidence[0]["value"] == "registration form"
    assert run("IN-02", art({"fields": [f("#n", "姓名"), f("#i", "证件号码")], "targets": [t("#r", "注册", "a")]})).outcome == "passed"


def test_no_own_login_where_the_walk_could_not_look_is_cant_tell():
    from tests.checkrun import run

    dom = {"texts": [], "fields": [], "forms": [], "targets": [], "links": [], "visible_text": "首页", "title": "首页",
           "password_fields": 0, "frames": [{"url": "https://x.gov.cn/login-frame.html", "error": "Target closed"}]}
    o = run("IN-02", {"target": {"system_kind": "h5", "url": "https://x.gov.cn/"}, "url": "https://x.gov.cn/", "dom": dom})
    assert o.outcome == "cantTell" and "login-frame.html" in o.message
