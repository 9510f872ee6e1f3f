"""AX-02: Controls and links have names; form fields have labels (按钮、链接有可读名称，表单字段有标签). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome
from ..axe_results import axe_outcome


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """AX-02: buttons and links have accessible names; form fields have labels (axe-core rules in ``rules``:
    button-name, link-name, input-button-name, label, select-name, aria-*-name, summary-name, frame-title …).

    Source: GB/T 37668-2019 可操作性/兼容性 (名称、角色、值; 标签); WCAG 2.0 SC 1.3.1, 2.4.4, 3.3.2, 4.1.2.
    """
    return axe_outcome(a, p["rules"], None, "controls without a name or fields without a label", "控件缺少名称或表单字段缺少标签")
