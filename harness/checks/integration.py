"""青松办 integration checks: unified identity (no login of the app's own)."""

from __future__ import annotations

import re
from typing import Any

from ..outcomes import Outcome, failed, passed
from . import check, ev

REGISTRATION = re.compile(r"注册|register|sign\s*up|创建账[号户]", re.I)
CONFIRM_PASSWORD = re.compile(r"确认密码|重复密码|再次输入密码|confirm\s*password", re.I)


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


@check("dom")
def unified_login(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """IN-02: the app has no password field or registration form of its own: identity comes from the host
    platform's single sign-on (青松办).

    Source: 国办函〔2021〕105号 统一身份认证; 青政公〔2019〕24号 三; 浙里办 SSO rules.
    Value: number of findings. Evidence: each password field or registration form.
    """
    found = own_login_evidence(a["dom"])
    thr = "0 password fields; 0 registration forms"
    if found:
        kinds = sorted({f["value"] for f in found})
        zh = "、".join({"password field": "密码输入框", "registration form": "注册表单"}[k] for k in kinds)
        return failed(f"the app has its own login: {', '.join(kinds)}", zh=f"应用自建登录：{zh}", value=len(found), threshold=thr, evidence=found)
    return passed("no password field or registration form of the app's own", zh="无自建密码登录或注册表单", value=0, threshold=thr)
