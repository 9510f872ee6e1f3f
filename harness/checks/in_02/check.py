"""IN-02: Unified login: identity from the host's single sign-on; no password, registration or second login of the app's own (统一身份认证：通过宿主单点登录获取身份，无自建密码登录、注册或二次登录). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ...outcomes import Outcome, bi, cant_tell, error, failed, passed
from .. import ev
from ..dom_coverage import unseen_note, unseen_parts

REGISTRATION = re.compile(r"注册|register|sign\s*up|创建账[号户]", re.I)
CONFIRM_PASSWORD = re.compile(r"确认密码|重复密码|再次输入密码|confirm\s*password", re.I)
#: The submit text of a login form (a second login after the host's single sign-on).
LOGIN = re.compile(r"^\s*(立即|账号|帐号|短信|验证码|手机号?)?(登录|登陆)\s*$|^\s*(log\s*in|sign\s*in)\s*$", re.I)
#: The path of a login page of the app's own.
LOGIN_PATH = re.compile(r"/(login|signin|sign-in|logon)([./?#]|$)", re.I)


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


def second_login_evidence(a: dict[str, Any]) -> list[dict[str, Any]]:
    """Evidence of a second login after the host's single sign-on: a visible form whose button says 登录 / log in
    (an SMS-code or account login), or a document of the load whose path is a login page (/login, /signin …)
    that the harness's host did not serve (the platform's own SSO pages are not a second login)."""
    out = []
    for form in a["dom"].get("forms", []):
        if form.get("visible") and any(LOGIN.match(t) for t in form.get("submit_texts", [])):
            out.append(ev(form, value="login form", text=" ".join(form.get("submit_texts", []))[:80], note=(form.get("text") or "")[:80]))
    urls = [n.get("url") or "" for n in a.get("frame_navigations") or []] + [(a.get("navigation") or {}).get("final_url") or ""]
    platform_urls = {r.get("url") for r in (a.get("bridge") or {}).get("requests", [])}
    for u in dict.fromkeys(urls):
        if u in platform_urls:
            continue
        path = urlsplit(u).path if u.startswith(("http://", "https://")) else ""
        if path and LOGIN_PATH.search(path):
            out.append(ev(url=u, value="login page", note="a login page of the app's own"))
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
    registration form of its own and no second login (a login form or login page after the host's SSO); on a
    hosted page whose role is in ``identity_roles`` the user's identity is taken through the host's SSO (the
    ticket requested through the bridge, an SSO redirect, or the ticket read and sent to the app's server).

    Source: 国办函〔2021〕105号 统一身份认证; 青政公〔2019〕24号 三; 浙里办 统一单点登录接入指引 (ZWJSBridge.ssoTicket).
    Value: number of findings. Evidence: each password field, registration or login form, login page; the SSO
    steps observed.
    """
    found = own_login_evidence(a["dom"])
    target = a.get("target") or {}
    bridge = a.get("bridge") if target.get("platform") else None
    if target.get("platform") and bridge is None:
        return error("the host's call log was not gathered", zh="未采集到宿主平台调用记录")
    found += second_login_evidence(a)
    thr = bi("0 password fields; 0 registration or login forms",
             "密码输入框 0 个；注册或登录表单 0 个")
    profile = (bridge or {}).get("profile") or {}
    needs_sso = bool(bridge) and bool(profile.get("sso")) and target.get("role") in p["identity_roles"]
    if needs_sso:
        thr = bi(thr + "; identity through the host's SSO", thr.zh + "；身份经宿主单点登录获取")
    if found:
        kinds = sorted({f["value"] for f in found})
        names = {"password field": "密码输入框", "registration form": "注册表单", "login form": "登录表单", "login page": "登录页"}
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
