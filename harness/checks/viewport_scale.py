"""What the user sees of CSS sizes: the page's initial visual scale (a page without a viewport meta is laid out wide
and shrunk onto the screen). Shared by the text-size, tap-target and elder-mode checks."""

from __future__ import annotations

from typing import Any


def effective_scale(a: dict[str, Any]) -> float:
    """The page's initial visual scale (``visualViewport.scale``): below 1 when a page without a viewport meta is
    shrunk to fit the phone, so that 16 CSS px text shows as about 6 px. 1 when unknown."""
    return float(((a.get("dom") or {}).get("doc") or {}).get("visual_scale") or 1) or 1.0
