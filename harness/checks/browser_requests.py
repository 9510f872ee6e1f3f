"""Requests the browser makes of its own accord rather than because the page asked for them: its guess at
``/favicon.ico``. Used by AV-03 (a failing guess is not a broken resource of the page) and PF-02 (a guess is not
part of the page's weight)."""

from __future__ import annotations

from typing import Any


def browser_favicon_guess(r: dict[str, Any], a: dict[str, Any]) -> bool:
    """True for the browser's own request of ``/favicon.ico`` when the page references no such icon.

    Args:
        r: one entry of the CDP network log (``artifacts["network"][i]``: {"url", "type", "status", …}); a guess is
            of resource type ``Other`` with a path ending ``/favicon.ico`` (the query is ignored).
        a: the target's artifacts; the page references the icon when its URL is among ``dom.resources[].url``
            (an absent DOM walk references nothing).

    Never raises on artifacts of these shapes (missing keys count as empty).
    """
    url = r.get("url") or ""
    if r.get("type") != "Other" or not url.split("?")[0].endswith("/favicon.ico"):
        return False
    return url not in {x.get("url") for x in (a.get("dom") or {}).get("resources", [])}
