"""IN-08: no re-entry of identity data after single sign-on (无二次填写)."""

from __future__ import annotations

import re
from typing import Any

from ...outcomes import Outcome, bi, failed, inapplicable, passed
from .. import ev

#: Field types that cannot hold a name, ID or phone number typed by the user.
_NOT_TEXT = {"checkbox", "radio", "file", "range", "color", "password"}
#: A field asking for a verification code: its form is a login or registration form (the unified-login check's
#: subject, IN-02), not a service form that could reuse the host's identity.
_CODE = re.compile(r"验证码|校验码|动态码|captcha|verif|sms|code", re.I)


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """IN-08: on a page opened in a host platform (the host's single sign-on gives the user's identity), no visible
    form field asking for identity data — label, placeholder or name matching ``identity_patterns`` (姓名,
    身份证, 证件号码, 手机号 …) — is left empty for the user to fill in; a field the page filled in (even
    read-only) passes. Login and registration forms (a password or verification-code field in the same form, or
    outside any form beside such fields) are the unified-login check's subject (IN-02) and are left out.

    Source: 浙里办 服务开发指引 §6.5.4 审核用例 9 “无二次填写” (platform rule, clause number not confirmed);
    青政公〔2019〕24号 三 (integration with 青松办's unified identity).
    Value: number of empty identity fields. Evidence: each field with its label.
    """
    if not (a.get("target") or {}).get("platform"):
        return inapplicable("not opened in a host platform: no single sign-on identity to reuse",
                            zh="未在宿主平台中打开：无统一身份认证信息可复用")
    pats = [re.compile(x, re.I) for x in p["identity_patterns"]]
    fields = a["dom"].get("fields", [])
    login_forms = {f.get("form") for f in fields
                   if f.get("type") == "password" or any(_CODE.search(n or "") for n in (f.get("label"), f.get("placeholder"), f.get("name")))}
    identity = []
    for f in fields:
        if f.get("form") in login_forms:  # a login or registration form (form None: fields outside any form)
            continue
        if not f.get("visible") or f.get("type") in _NOT_TEXT or f.get("tag") == "select":
            continue
        names = [f.get("label") or "", f.get("placeholder") or "", f.get("name") or ""]
        if any(pat.search(n) for pat in pats for n in names if n):
            identity.append(f)
    thr = bi("0 empty identity fields on a hosted page", "宿主平台内页面无待用户填写的身份信息字段")
    if not identity:
        return inapplicable("no identity field on the page", zh="页面无身份信息字段", threshold=thr)
    empty = [f for f in identity if not (f.get("value") or "").strip()]
    if empty:
        labels = [f.get("label") or f.get("placeholder") or f.get("name") or "?" for f in empty]
        return failed(f"{len(empty)} identity field(s) left for the user to fill in after single sign-on: {', '.join(labels[:6])}",
                      zh=f"单点登录后仍需用户填写 {len(empty)} 项身份信息：{'、'.join(labels[:6])}",
                      value=len(empty), threshold=thr,
                      evidence=[ev(f, text=f.get("label") or f.get("placeholder"), note="empty, editable") for f in empty[:20]])
    return passed(f"{len(identity)} identity field(s), all filled in from the host's identity",
                  zh=f"{len(identity)} 项身份信息均已自动带出", value=0, threshold=thr)
