"""What a reader of a report sees in the browser, measured on an open Playwright (sync) page."""

from __future__ import annotations

#: The report's blocks that must fit the window: checks tables, page sections, and every child of <main>.
_CUT_OFF_JS = """() => [...document.querySelectorAll('table.checks, .target, main > *')]
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map(e => e.className || e.tagName)"""


def cut_off(page) -> tuple[list[str], int]:
    """(class names of the report blocks that reach past the window's right edge, document scroll width in CSS px)."""
    return page.evaluate(_CUT_OFF_JS), page.evaluate("document.documentElement.scrollWidth")
