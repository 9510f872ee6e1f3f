"""UI-02: Viewport meta with width=device-width (设置视口：viewport 含 width=device-width). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any

from ...outcomes import Outcome, bi, failed, passed


def parse_viewport(content: str | None) -> dict[str, str]:
    """Parse a viewport meta ``content`` ("width=device-width, initial-scale=1") into {key: value}, lower-cased."""
    out: dict[str, str] = {}
    for part in re.split(r"[,;]", content or ""):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k.strip().lower()] = v.strip().lower()
        elif part.strip():
            out[part.strip().lower()] = ""
    return out


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """UI-02: ``<meta name="viewport">`` sets ``width=device-width``.

    Source: 国办函〔2021〕105号 (screen adaptation); 浙里办 H5 rules. Value: the meta content (None if absent).
    """
    content = a["dom"].get("viewport_meta")
    thr = bi("width=device-width",
             "viewport 设为 width=device-width")
    if content is None:
        return failed("no viewport meta: the page is laid out 980 px wide and shrunk to fit the phone",
                      zh="未设置 viewport：页面按 980 px 宽排版后缩小显示在手机上", value=None, threshold=thr)
    if parse_viewport(content).get("width") != "device-width":
        return failed(f"viewport meta does not set width=device-width: {content!r}",
                      zh=f"viewport 未设置 width=device-width：{content!r}", value=content, threshold=thr)
    return passed(f"viewport meta {content!r}", zh=f"viewport：{content!r}", value=content, threshold=thr)
