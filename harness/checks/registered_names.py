"""Comparing the names registered for a system (its service name, its providing unit) with the text a page
shows. Used by UI-04 (``<title>`` = service name) and UI-05 (the footer names the provider)."""

from __future__ import annotations

import re


def normalize_name(s: str | None) -> str:
    """``s`` with all white space removed (None → ``""``), so that "青松 便民" and "青松便民" compare equal: Chinese
    names are written without spaces, and pages and registries insert them for layout only. Never raises."""
    return re.sub(r"\s+", "", s or "")
