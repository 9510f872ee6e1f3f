"""AX-04: Other WCAG 2.0 A/AA requirements axe-core can test (其他可自动检测的 WCAG 2.0 A/AA 级无障碍要求). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome
from ..axe_results import axe_outcome


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """AX-04: every other WCAG 2.0 level A/AA rule axe-core tests (ARIA validity, lists, tables, zoom not
    disabled, duplicate ARIA ids, language codes …), minus the rules other checks own (``exclude``) and, where
    the host platform requires pages not to zoom (``platform_fixes_zoom``: 浙里办 审核用例 14 "不可缩放", set in
    its profile), axe-core's meta-viewport rules.

    Source: GB/T 37668-2019 (the requirements axe-core can test, WCAG 2.0 A/AA); WCAG 2.0 SC per rule (see
    each rule's tags in the artifact).
    """
    exclude = list(p["exclude"]) + (list(ZOOM_RULES) if p.get("platform_fixes_zoom") else [])
    return axe_outcome(a, None, exclude, "WCAG 2.0 A/AA rules fail", "其他 WCAG 2.0 A/AA 级规则未通过")


#: axe-core's rules on a viewport that disables zoom (WCAG 1.4.4), left out where the host platform requires it.
ZOOM_RULES = ("meta-viewport", "meta-viewport-large")
