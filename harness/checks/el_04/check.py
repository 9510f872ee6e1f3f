"""EL-04: Text contrast at least 4.5:1 (3:1 for large text) (文字与背景对比度不小于4.5:1（大字3:1）). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome
from ..axe_results import axe_outcome


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-04: text contrast at least 4.5:1 (3:1 for large text: 18 pt, or 14 pt bold), from axe-core's
    ``color-contrast`` rule (its ``incomplete``, e.g. text over an image or gradient, gives cantTell).

    Source: MIIT 适老化通用设计规范 (文字与背景对比度); GB/T 37668-2019 可感知性·对比度; WCAG 2.0 SC 1.4.3
    Contrast (Minimum).
    """
    return axe_outcome(a, p["rules"], None, "text with too little contrast", "文字与背景对比度不足")
