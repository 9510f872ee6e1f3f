"""pytest-playwright's launch and context arguments with the harness's defaults under them.

Registered by the harness's pytest plugin (:mod:`harness.pytest_plugin`) in ``pytest_configure``, after
pytest-playwright, so that these fixtures wrap pytest-playwright's of the same name (a conftest's own overrides
still come last): its ``browser`` launches Debian's Chromium (``--harness-chromium``, ``$HARNESS_CHROMIUM``) with the
harness's flags unless ``--browser-channel`` names another; its contexts get the harness's device descriptor
(``--harness-device``; pytest-playwright's ``--device`` wins when given), locale zh-CN and timezone Asia/Shanghai.
pytest-playwright's own options (``--headed``, ``--slowmo``, ``--tracing``, ``--video``, ``--screenshot``,
``--output``) work as they do without the harness.
"""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any], pytestconfig: pytest.Config) -> dict[str, Any]:
    """pytest-playwright's launch arguments plus ``executable_path`` (Debian's Chromium) and the harness's Chromium
    flags, unless a channel or an executable is given already."""
    from .browser import BrowserOptions

    args = dict(browser_type_launch_args)
    if not args.get("channel") and not args.get("executable_path"):
        b = BrowserOptions(chromium=pytestconfig.option.harness_chromium)
        args["executable_path"] = b.executable()
        args["args"] = [*b.launch_args(), *(args.get("args") or [])]
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any], pytestconfig: pytest.Config) -> dict[str, Any]:
    """The harness's device descriptor (``--harness-device``, default mobile-375: viewport in CSS px, device scale
    factor, touch, user agent), locale zh-CN, timezone Asia/Shanghai, under pytest-playwright's context arguments
    (its ``--device`` and ``--video`` win)."""
    from . import devices

    own = devices.context_args(devices.get(pytestconfig.option.harness_device))
    return {**own, "locale": "zh-CN", "timezone_id": "Asia/Shanghai", **browser_context_args}
