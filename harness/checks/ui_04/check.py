"""UI-04: <title> equals the registered service name (页面标题与登记的服务名称一致). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, error, failed, inapplicable, passed
from .. import ev
from ..registered_names import normalize_name


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """UI-04: the page's ``<title>`` is the service name registered for its system (``target.service_name``), the
    name the host app shows in its title bar; whitespace is ignored. ``match`` = "exact" (default) or "contains".
    Inapplicable when no service name is registered.

    Source: 浙里办 H5 rules (platform rule: the page title is the application's name — described); 国办函〔2021〕105号
    (uniform naming of mobile services — described, clause number not confirmed).
    Value: the title.
    """
    want = (a.get("target") or {}).get("service_name")
    title = (a["dom"].get("title") or "").strip()
    if not want:
        return inapplicable("no service name registered for this system", zh="登记表未填写该系统的服务名称", value=title)
    thr = bi(f"<title> {'=' if p['match'] == 'exact' else '⊇'} {want!r}",
             f"<title> {'等于' if p['match'] == 'exact' else '包含'}“{want}”")
    if p["match"] not in ("exact", "contains"):
        return error(f"unknown match mode {p['match']!r} (exact or contains)", zh=f"未知的匹配方式 {p['match']!r}")
    ok = normalize_name(title) == normalize_name(want) if p["match"] == "exact" else normalize_name(want) in normalize_name(title)
    if ok:
        return passed(f"title {title!r} is the service name", zh=f"页面标题“{title}”与服务名称一致", value=title, threshold=thr)
    return failed(f"title {title!r} is not the service name {want!r}" if title else f"no <title>; the service name is {want!r}",
                  zh=f"页面标题“{title}”与服务名称“{want}”不一致" if title else f"页面没有标题，服务名称应为“{want}”",
                  value=title, threshold=thr, evidence=[ev(text=title or "(empty)", note=f"expected {want!r}")])
