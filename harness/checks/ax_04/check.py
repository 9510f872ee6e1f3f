"""AX-04: Other WCAG 2.0 A/AA requirements axe-core can test (其他可自动检测的 WCAG 2.0 A/AA 级无障碍要求). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome
from ..axe_results import axe_outcome


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """AX-04: every other WCAG 2.0 level A/AA rule axe-core tests (ARIA validity, lists, tables, zoom not
    disabled, duplicate ARIA ids, language codes …), minus the rules other checks own (``exclude``).

    Source: GB/T 37668-2019 (the requirements axe-core can test, WCAG 2.0 A/AA); WCAG 2.0 SC per rule (see
    each rule's tags in the artifact).
    """
    return axe_outcome(a, None, p["exclude"], "WCAG 2.0 A/AA rules fail", "其他 WCAG 2.0 A/AA 级规则未通过")
