"""AX-01: Images and other non-text content have text alternatives (图片等非文本内容有替代文本). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome
from ..axe_results import axe_outcome


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """AX-01: images and other non-text content have text alternatives (axe-core rules in ``rules``: image-alt,
    input-image-alt, role-img-alt, svg-img-alt, area-alt, object-alt).

    Source: GB/T 37668-2019 可感知性·替代文本; WCAG 2.0 SC 1.1.1 Non-text Content.
    """
    return axe_outcome(a, p["rules"], None, "images without a text alternative", "图片等非文本内容缺少替代文本")
