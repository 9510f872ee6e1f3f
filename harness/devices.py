"""Device descriptors: the harness's own (``specs/devices/devices.json``) and Playwright's built-in ones.

A descriptor is a dict of Playwright ``new_context`` arguments: ``viewport`` ({width, height} in CSS px),
``device_scale_factor``, ``is_mobile``, ``has_touch``, ``user_agent``; plus ``name``.
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from typing import Any

from . import specs
from .errors import OptionError
from .paths import specs_dir


@lru_cache(maxsize=None)
def _own() -> dict[str, Any]:
    path = specs_dir() / "devices" / "devices.json"
    return specs.load(path, "devices")


@lru_cache(maxsize=None)
def _playwright_devices() -> dict[str, dict]:
    """Playwright's built-in descriptors (read from its driver; starts no browser). Chromium emulates them all."""
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            data = dict(p.devices)
    except Exception:  # pragma: no cover - driver unavailable, or called inside a running event loop
        return {}
    out = {}
    for name, d in data.items():
        out[name] = {k: d[k] for k in ("viewport", "device_scale_factor", "is_mobile", "has_touch", "user_agent")}
    return out


def default_name() -> str:
    """Name of the default device (``mobile-375``: 375 × 667 CSS px, DPR 2, touch, mobile)."""
    return _own()["default"]


def names() -> list[str]:
    """All device names accepted by ``--device``: the harness's own first, then Playwright's."""
    return list(_own()["devices"]) + sorted(_playwright_devices())


def get(name: str | None = None) -> dict[str, Any]:
    """Return the descriptor for ``name`` (default device when None), with a ``name`` key.

    Raises:
        OptionError: unknown device name; the message suggests the closest names.
    """
    name = name or default_name()
    own = _own()["devices"]
    pw = {} if name in own else _playwright_devices()
    folded = {n.casefold(): n for n in pw}
    if name not in own and name not in pw and name.casefold() in folded:
        name = folded[name.casefold()]
    if name in own:
        d = dict(own[name])
    else:
        if name not in pw:
            by_fold = {n.casefold(): n for n in names()}
            close = [by_fold[c] for c in difflib.get_close_matches(name.casefold(), list(by_fold), n=3, cutoff=0.5)]
            hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise OptionError(f"--device: unknown device {name!r}{hint} (see `harness devices`)")
        d = dict(pw[name])
    d.pop("description", None)
    d["name"] = name
    return d


def context_args(device: dict[str, Any]) -> dict[str, Any]:
    """Playwright ``new_context`` keyword arguments of a descriptor (drops ``name``)."""
    return {k: v for k, v in device.items() if k in ("viewport", "device_scale_factor", "is_mobile", "has_touch", "user_agent")}
