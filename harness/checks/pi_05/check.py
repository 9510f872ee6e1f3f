"""PI-05: No consent checkbox ticked in advance (同意勾选框不得默认勾选). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, failed, inapplicable, passed
from .. import ev
from ..pattern_params import compile_any


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """PI-05: no consent checkbox (a checkbox whose label, or the text just before or after it outside any
    label, matches ``patterns``: 同意, 已阅读,
    授权 …) is ticked when the page loads; an ARIA checkbox (``role=checkbox`` with ``aria-checked="true"``, as
    Vant draws them) counts as an input would. Inapplicable when the page has no consent checkbox.

    Source: GB/T 35273-2020 5.4 收集个人信息时的授权同意; 认定方法 三 (未经用户同意
    收集使用个人信息) 4 (以默认选择同意隐私政策等非明示方式征求用户同意).
    Value: number of pre-ticked consent boxes.
    """
    rx = compile_any(p["patterns"])
    # The wording may be the box's label, or stand beside it outside the label: the text just before it
    # (``near_text``) or just after it (``after_text``, "<label><input type=checkbox></label>我已阅读并同意…").
    # Checkboxes drawn without <input> (role=checkbox, aria-checked: Vant, WeUI-like custom elements) count too.
    fields = a["dom"].get("fields", []) + a["dom"].get("aria_checkboxes", [])
    boxes = [f for f in fields if f.get("type") == "checkbox"
             and any(rx.search(f.get(k) or "") for k in ("label", "after_text", "near_text"))]
    thr = bi("0 consent boxes ticked by default",
             "默认勾选的同意框 0 个")
    if not boxes:
        return inapplicable("no consent checkbox on the page", zh="页面没有同意勾选框", threshold=thr, value=0)
    ticked = [f for f in boxes if f.get("checked") or f.get("default_checked")]
    if ticked:
        return failed(f"{len(ticked)} consent checkbox(es) ticked in advance", zh=f"{len(ticked)} 个同意勾选框被默认勾选",
                      value=len(ticked), threshold=thr, evidence=[ev(f, text=f.get("label") or f.get("after_text") or f.get("near_text")) for f in ticked[:10]])
    return passed(f"{len(boxes)} consent checkbox(es), none ticked in advance", zh=f"{len(boxes)} 个同意勾选框均未默认勾选",
                  value=0, threshold=thr)
