"""The white-screen reading AV-02 and AV-05 share: a load is blank when it shows fewer than ``min_text_chars``
visible characters and its first screen is uniform (per-channel standard deviation ≤ ``uniform_stddev``)."""

from __future__ import annotations

from typing import Any


def reading(a: dict[str, Any], min_text_chars: int, uniform_stddev: float) -> tuple[bool | None, dict[str, Any]]:
    """(blank?, measures) of one load's artifacts (the primary load's or a variant's, same shape).

    ``measures`` is {"text_chars": visible non-space characters of ``dom.visible_text``, "screenshot_stddev": the
    largest per-channel standard deviation of the first screen (0–255) or None without a screenshot,
    "page_errors": uncaught script errors}. blank? is False when the text reaches ``min_text_chars`` or the first
    screen is not uniform, True when neither, None when there is too little text and no screenshot to tell.
    Source: the reading of 国办秘函〔2019〕19号 服务不实用 as a white screen (AV-02's definition).
    """
    chars = len("".join(((a.get("dom") or {}).get("visible_text") or "").split()))
    shot = (a.get("screenshot") or {}).get("first_screen") or {}
    stddev = max(shot.get("stddev") or [0]) if a.get("screenshot") else None
    m = {"text_chars": chars, "screenshot_stddev": stddev, "page_errors": len(a.get("page_errors") or [])}
    if chars >= min_text_chars:
        return False, m
    if stddev is None:
        return None, m
    return stddev <= uniform_stddev, m
