"""PI-04: No geolocation, camera or form data collected before consent (用户同意前不申请定位、相机等权限，不发送表单数据). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from urllib.parse import unquote

from ...outcomes import Outcome, bi, failed, passed
from ...personal_data import find_personal_data
from .. import ev


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """PI-04: before any user interaction (the harness never interacts, so: during the whole load) the page
    requests no permission-gated personal data (``apis``: geolocation, camera/microphone …) and sends no form
    data: no form submitted by script, no request body that is FormData/URLSearchParams, carries the names of
    the page's form fields (``min_field_keys`` or more) or their values, or holds a resident ID/mobile/bank card
    number; no POST of a document (auto-submitted form).

    Source: 认定方法 三.1 (征得用户同意前就开始收集个人信息或打开可收集个人信息的权限); GB/T 35273-2020 5.4
    收集个人信息时的授权同意.
    Value: number of events. Evidence: API calls and requests with their time (ms after navigation start).
    """
    st, dom = a["pi_state"], a["dom"]
    apis = p["apis"]
    first = st.get("t_first_input")
    before = lambda t: first is None or t < first  # noqa: E731
    names = {f.get("name") for f in dom.get("fields", []) if f.get("name")} | {f.get("id") for f in dom.get("fields", []) if f.get("id")}
    found = []
    for c in st.get("calls", []):
        if before(c["t"]) and any(c["api"].startswith(x) for x in apis):
            found.append(ev(value=c["api"], note=f"t = {c['t']} ms" + (f"; {c['detail']}" if c.get("detail") else "")))
    for s in st.get("sends", []):
        if not before(s["t"]):
            continue
        keys = [k for k in s.get("keys", []) if k in names]
        pd = [k for k, _, _ in find_personal_data(unquote(s.get("snippet") or ""), ["resident_id", "mobile", "bank_card"])]
        why = []
        if s["api"].startswith("form."):
            why.append("form submitted by script")
        if s.get("body_kind") in ("FormData", "URLSearchParams"):
            why.append(f"{s['body_kind']} body")
        if len(keys) >= p["min_field_keys"]:
            why.append("form field names: " + ", ".join(keys[:8]))
        if s.get("field_values"):
            why.append(f"{s['field_values']} form field value(s)")
        if pd:
            why.append("personal data: " + ", ".join(sorted(set(pd))))
        if why:
            found.append(ev(url=s.get("url"), value=s["api"], note=f"t = {s['t']} ms; " + "; ".join(why)))
    for r in a.get("network", []):
        if r.get("type") == "Document" and r.get("method") == "POST":
            found.append(ev(url=r.get("url"), value="document POST", note=f"t = {r.get('t')} ms; a form was submitted without interaction"))
    thr = bi("0 permission requests or form data sent before interaction",
             "交互之前无权限申请、无表单数据发送")
    if found:
        return failed(f"{len(found)} collection(s) before any user interaction: " + ", ".join(sorted({e['value'] for e in found})),
                      zh=f"用户未操作前即收集个人信息或申请权限 {len(found)} 次", value=len(found), threshold=thr, evidence=found[:30])
    return passed("no permission request and no form data sent before interaction", zh="用户操作前未申请权限、未发送表单数据",
                  value=0, threshold=thr)
