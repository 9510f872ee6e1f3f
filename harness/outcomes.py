"""Outcomes of a check, in the W3C EARL vocabulary plus ``error``.

``passed``, ``failed``, ``cantTell`` (measured, but a person must decide), ``inapplicable``, ``untested`` (manual
items) — from EARL 1.0 (https://www.w3.org/TR/EARL10-Schema/#OutcomeValue) — and ``error``: the harness could
not measure (page unreachable, gatherer timeout, a check raised). ``error`` and ``cantTell`` never count as
passed or failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PASSED = "passed"
FAILED = "failed"
CANT_TELL = "cantTell"
INAPPLICABLE = "inapplicable"
UNTESTED = "untested"
ERROR = "error"

OUTCOMES = (PASSED, FAILED, CANT_TELL, INAPPLICABLE, UNTESTED, ERROR)


class Threshold(str):
    """A threshold text (English, the ``str`` value) that also carries its Chinese wording in ``zh``; see :func:`bi`."""

    zh: str

    def __new__(cls, en: str, zh: str) -> "Threshold":
        obj = super().__new__(cls, en)
        obj.zh = zh
        return obj


def bi(en: str, zh: str) -> Threshold:
    """A check's threshold in both report languages: ``bi("≤ 3 redirect hops", "重定向 ≤ 3 次")``. The result is
    the English string; :meth:`Outcome.to_dict` adds ``threshold_zh`` for the zh-CN report."""
    return Threshold(en, zh)


@dataclass
class Outcome:
    """What a check found on one target.

    Attributes:
        outcome: one of :data:`OUTCOMES`.
        value: the measured value (number, string, list …) in the unit of the check's parameters.
        threshold: the limit it was compared with (human-readable, with units; a :class:`Threshold` made by
            :func:`bi` also gives the Chinese wording, written as ``threshold_zh``).
        message: one sentence explaining the outcome, in English.
        message_zh: the same sentence in Chinese (reports are zh-CN by default).
        evidence: items with any of ``selector`` (CSS), ``box`` ([x, y, width, height] CSS px, document
            coordinates at the device width), ``width`` (viewport width in CSS px the box was measured at),
            ``text``, ``url``, ``value``, ``note``.
        warning: the check passed with a warning (e.g. LCP between the warn and fail limits).
    """

    outcome: str
    value: Any = None
    threshold: Any = None
    message: str = ""
    message_zh: str = ""
    evidence: list[dict[str, Any]] = field(default_factory=list)
    warning: bool = False

    def __post_init__(self):
        if self.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}")

    def to_dict(self) -> dict[str, Any]:
        d = {"outcome": self.outcome, "value": self.value, "threshold": self.threshold,
             "message": self.message, "message_zh": self.message_zh or self.message, "evidence": self.evidence}
        zh = getattr(self.threshold, "zh", None)
        if zh:
            d["threshold"], d["threshold_zh"] = str(self.threshold), zh
        if self.warning:
            d["warning"] = True
        return d


def passed(message: str = "", zh: str = "", **kw) -> Outcome:
    """A ``passed`` outcome with its English and Chinese message."""
    return Outcome(PASSED, message=message, message_zh=zh, **kw)


def failed(message: str = "", zh: str = "", **kw) -> Outcome:
    """A ``failed`` outcome with its English and Chinese message."""
    return Outcome(FAILED, message=message, message_zh=zh, **kw)


def cant_tell(message: str = "", zh: str = "", **kw) -> Outcome:
    """A ``cantTell`` outcome: measured, but a person must decide."""
    return Outcome(CANT_TELL, message=message, message_zh=zh, **kw)


def inapplicable(message: str = "", zh: str = "", **kw) -> Outcome:
    """An ``inapplicable`` outcome: nothing on the page the check applies to."""
    return Outcome(INAPPLICABLE, message=message, message_zh=zh, **kw)


def error(message: str = "", zh: str = "", **kw) -> Outcome:
    """An ``error`` outcome: the harness could not measure."""
    return Outcome(ERROR, message=message, message_zh=zh, **kw)
