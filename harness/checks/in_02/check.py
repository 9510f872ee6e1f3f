"""IN-02: Unified login: identity from the host's single sign-on; no password, registration or second login of the app's own (统一身份认证：通过宿主单点登录获取身份，无自建密码登录、注册或二次登录). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any

from ...outcomes import Outcome, bi, cant_tell, error, failed, passed
from .. import ev
from ..dom_coverage import unseen_note, unseen_parts

REGISTRATION = re.compile(r"注册|register|sign\s*up|创建账[号户]", re.I)
CONFIRM_PASSWORD = re.compile(r"确认密码|重复密码|再次输入密码|confirm\s*password", re.I)
#: The submit text of a login form (a second login after the host's single sign-on).
LOGIN = re.compile(r"^\s*(立即|账号|帐号|短信|验证码|手机号?)?(登录|登陆)\s*$|^\s*(log\s*in|sign\s*in)\s*$", re.I)
#: An SMS or dynamic code field (its label, placeholder or the text before it).
CODE_FIELD = re.compile(r"(短信|手机|动态)?(验证码|校验码|动态码|动态密码)|sms\s*code|verification\s*code", re.I)
#: The button or text that sends an SMS code ("获取验证码", "发送验证码", "重新发送").
SEND_CODE = re.compile(r"^\s*((免费)?获取|发送|重新(获取|发送)|重发)(短信)?(验证码|动态码|校验码)?\s*$|^\s*get\s*(sms\s*)?code\s*$", re.I)
#: The button of a registration ("注册", "立即注册", "注册账号").
REGISTER_BUTTON = re.compile(r"^\s*(立即|免费|快速|新用户)?注册(新?账[号户]|帐[号户])?\s*$|^\s*(register|sign\s*up)\s*$", re.I)
#: The account field of a login (手机号, 账号, 用户名 …).
ACCOUNT_FIELD = re.compile(r"手机号|账号|帐号|用户名|登录名|身份证号|phone|account|user\s*name", re.I)
#: Field types a person types an account, code or name into.
TYPED = {"text", "tel", "number", "email", "password", "search"}


def own_login_evidence(dom: dict[str, Any]) -> list[dict[str, Any]]:
    """Evidence of a login or registration of the app's own: password fields (visible or hidden) and forms
    whose buttons say 注册/register or that ask to confirm a password."""
    out = []
    for f in dom.get("fields", []):
        if f.get("type") == "password":
            out.append(ev(f, value="password field", text=f.get("label") or f.get("placeholder"),
                          note=None if f.get("visible") else "present in the page but not visible"))
    if not out and dom.get("password_fields"):
        out.append(ev(value="password field", note=f"{dom['password_fields']} password field(s) in the page"))
    for form in dom.get("forms", []):
        texts = " ".join(form.get("submit_texts", []))
        if REGISTRATION.search(texts) or CONFIRM_PASSWORD.search(form.get("text", "")):
            out.append(ev(form, value="registration form", text=(texts or form.get("text", ""))[:80]))
    return out


def _field_words(f: dict[str, Any]) -> str:
    return " ".join(str(f.get(k) or "") for k in ("label", "placeholder", "near_text", "name", "id"))


def formless_login_evidence(dom: dict[str, Any]) -> list[dict[str, Any]]:
    """Evidence of a login or registration built without a ``<form>`` (the fields and buttons of a
    single-page app): a visible SMS-code field with a send button or text beside it ("获取验证码"); a visible
    account field (手机号, 账号 …) with a button saying 登录; a button saying 注册 with two or more visible typed
    fields. Judged by the page's controls, never by its URL or title."""
    dom_fields = [f for f in dom.get("fields", []) if f.get("visible") and f.get("type") in TYPED]
    controls = [t for t in dom.get("targets", [])] + [t for t in dom.get("texts", []) if len(t.get("text") or "") <= 12]
    label = lambda t: (t.get("name") if "name" in t else t.get("text")) or ""  # noqa: E731
    out = []
    codes = [f for f in dom_fields if CODE_FIELD.search(_field_words(f)) and "图形" not in _field_words(f)]
    send = next((t for t in controls if SEND_CODE.match(label(t))), None)
    if codes and send:
        out.append(ev(codes[0], value="SMS-code login", text=(codes[0].get("label") or codes[0].get("placeholder") or "")[:80],
                      note=f"with “{label(send)[:20]}” at {send.get('selector')}"))
    accounts = [f for f in dom_fields if ACCOUNT_FIELD.search(_field_words(f))]
    login = next((t for t in dom.get("targets", []) if LOGIN.match(t.get("name") or "")), None)
    if accounts and login and not out:
        out.append(ev(login, value="login form", text=(login.get("name") or "")[:80],
                      note=f"account field {accounts[0].get('selector')}"))
    reg = next((t for t in dom.get("targets", []) if t.get("tag") != "a" and REGISTER_BUTTON.match(t.get("name") or "")), None)
    if reg and len(dom_fields) >= 2:
        out.append(ev(reg, value="registration form", text=(reg.get("name") or "")[:80], note=f"{len(dom_fields)} typed fields"))
    return out


def second_login_evidence(a: dict[str, Any]) -> list[dict[str, Any]]:
    """Evidence of a second login after the host's single sign-on: a visible form whose button says 登录 / log in
    (an SMS-code or account login). A URL or title saying "login" is not evidence: a page is judged by its form
    (a page at /login.html that only describes the host's login, or a redirect through one, has no login form)."""
    out = []
    for form in a["dom"].get("forms", []):
        if form.get("visible") and any(LOGIN.match(t) for t in form.get("submit_texts", [])):
            out.append(ev(form, value="login form", text=" ".join(form.get("submit_texts", []))[:80], note=(form.get("text") or "")[:80]))
    return out


def sso_evidence(bridge: dict[str, Any]) -> list[dict[str, Any]]:
    """How the page took the user's identity from the host: the ticket requested through the bridge, the SSO
    redirect made, or the ticket read (its value sent to the app's server or present in the page's URL)."""
    out = []
    for c in bridge.get("calls", []):
        if c.get("kind") == "call" and c.get("role") == "sso_ticket":
            out.append(ev(text=f"{c['name']}()", value="ticket requested", note=f"{c.get('t')} ms"))
        elif c.get("kind") == "ticket" and c.get("role") == "ticket_used":
            out.append(ev(text=f"{c['name']}", value="ticket read", url=(c.get("args") or [None])[0], note="sent to the app's server"))
    for r in bridge.get("requests", []):
        if r.get("served") == "sso":
            out.append(ev(url=r["url"], value="SSO redirect", note="returned with a ticket" if r.get("location") else "no return URL"))
    return out


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """IN-02: identity comes from the host platform's single sign-on (青松办): the app has no password field or
    registration form of its own and no second login after the host's SSO (a login form, with or without a
    ``<form>`` element: an SMS-code field with a send button, an account field with a 登录 button; judged by the
    form, never by the page's URL or title); on a
    hosted page whose role is in ``identity_roles`` the user's identity is taken through the host's SSO (the
    ticket requested through the bridge, an SSO redirect, or the ticket read and sent to the app's server).

    Source: 国办函〔2021〕105号 统一身份认证; 青政公〔2019〕24号 三; 浙里办 统一单点登录接入指引 (ZWJSBridge.ssoTicket).
    Value: number of findings. Evidence: each password field, registration or login form (with or without <form>); the SSO
    steps observed.
    """
    found = own_login_evidence(a["dom"])
    target = a.get("target") or {}
    bridge = a.get("bridge") if target.get("platform") else None
    if target.get("platform") and bridge is None:
        return error("the host's call log was not gathered", zh="未采集到宿主平台调用记录")
    found += second_login_evidence(a)
    if not found:
        found += formless_login_evidence(a["dom"])
    thr = bi("0 password fields; 0 registration or login forms",
             "密码输入框 0 个；注册或登录表单 0 个")
    profile = (bridge or {}).get("profile") or {}
    needs_sso = bool(bridge) and bool(profile.get("sso")) and target.get("role") in p["identity_roles"]
    if needs_sso:
        thr = bi(thr + "; identity through the host's SSO", thr.zh + "；身份经宿主单点登录获取")
    if found:
        kinds = sorted({f["value"] for f in found})
        names = {"password field": "密码输入框", "registration form": "注册表单", "login form": "登录表单", "SMS-code login": "短信验证码登录"}
        zh = "、".join(names[k] for k in kinds)
        return failed(f"the app has its own login: {', '.join(kinds)}", zh=f"应用自建登录：{zh}", value=len(found), threshold=thr, evidence=found)
    if bridge:
        sso = sso_evidence(bridge)
        name = profile.get("name_zh") or profile.get("id")
        if needs_sso and not sso:
            return failed(f"the page does not take the user's identity from {profile.get('name_en') or name}'s single sign-on "
                          "(no ticket requested through the bridge, no SSO redirect, no ticket read)",
                          zh=f"页面未通过{name}单点登录获取用户身份（未通过桥接请求票据、未跳转单点登录、未读取票据）",
                          value=0, threshold=thr)
        if sso:
            how = sorted({e["value"] for e in sso})
            return passed(f"no login of the app's own; identity through the host's SSO: {', '.join(how)}",
                          zh=f"无自建登录；通过{name}单点登录获取身份（{'、'.join(how)}）", value=0, threshold=thr, evidence=sso)
    unseen = unseen_parts(a["dom"])
    if unseen:  # no own login where the walk looked, but it could not look everywhere
        en, zh = unseen_note(unseen)
        return cant_tell(f"no login form of the app's own where the page could be read; not seen: {en}",
                         zh=f"可检测部分无自建登录表单；未能检测：{zh}", value=0, threshold=thr)
    return passed("no password field, registration or login form of the app's own", zh="无自建密码登录、注册或登录表单", value=0, threshold=thr)
