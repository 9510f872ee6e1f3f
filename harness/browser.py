"""Starting or reaching the one Chromium a run uses.

Locally: Debian's Chromium, in its headless build when installed (``/usr/bin/chromium-headless-shell``, package
``chromium-headless-shell``: the same source and version as ``chromium`` without the browser UI; about half the
CPU per target, see the README's Performance section), else ``/usr/bin/chromium``; ``$HARNESS_CHROMIUM`` or
``--chromium PATH`` for another. Launched by Playwright with ``executable_path`` and the flags these machines need
(DESIGN.md → Browser).
``playwright install`` is never needed. Remotely: a Playwright browser server (``--browser-ws-endpoint``,
``chromium.connect``; launched with our executable and flags through the ``x-playwright-launch-options``
header, which needs the server started with ``--unsafe``... see the README) or a Chromium DevTools endpoint
(``--cdp-endpoint``, ``chromium.connect_over_cdp``).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from typing import Any

from .errors import BrowserError, BrowserUnavailable

#: Flags Debian's Chromium needs as root on these machines, and to keep it off the (closed) network.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--font-render-hinting=none",
]

#: Debian's Chromium builds, in order of preference: the headless shell (no browser window, so no per-context
#: window UI, omnibox WebUI renderer and spare renderer: ~1.0 instead of ~2.0 CPU-s per target here), then the
#: full browser that DESIGN.md names.
DEFAULT_CHROMIUMS = ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")
DEFAULT_CHROMIUM = DEFAULT_CHROMIUMS[-1]


def default_chromium() -> str:
    """The Chromium used when neither ``--chromium`` nor ``$HARNESS_CHROMIUM`` names one: the first of
    DEFAULT_CHROMIUMS that exists (``/usr/bin/chromium`` when none does, so that the error names it)."""
    return next((p for p in DEFAULT_CHROMIUMS if os.path.exists(p)), DEFAULT_CHROMIUM)


@dataclass
class BrowserOptions:
    """How to get a browser.

    Attributes:
        chromium: path of the Chromium executable (default ``$HARNESS_CHROMIUM``, else
            /usr/bin/chromium-headless-shell when installed, else /usr/bin/chromium).
        ws_endpoint: Playwright browser-server URL (``ws://host:port/``); the remote side launches Chromium.
        cdp_endpoint: Chromium DevTools URL (``http://host:port``) of an already running Chromium.
        extra_args: more Chromium flags (e.g. ``--ignore-certificate-errors-spki-list=…`` for the demo's cert).
        headless: run headless (always, on these machines).
    """

    chromium: str | None = None
    ws_endpoint: str | None = None
    cdp_endpoint: str | None = None
    extra_args: list[str] = field(default_factory=list)
    headless: bool = True

    def path(self) -> str:
        """The Chromium asked for, unresolved: ``chromium``, else ``$HARNESS_CHROMIUM``, else default_chromium()."""
        return self.chromium or os.environ.get("HARNESS_CHROMIUM") or default_chromium()

    def executable(self) -> str:
        """Resolve the Chromium executable path. Raises BrowserError with the apt command when missing."""
        path = self.path()
        resolved = shutil.which(path) if not os.path.isabs(path) else path
        if not resolved or not os.path.exists(resolved):
            raise BrowserError(
                f"Chromium not found at {path!r}. Install Debian's Chromium (apt-get install chromium-headless-shell "
                "fonts-wqy-zenhei), "
                "or point HARNESS_CHROMIUM / --chromium at another Chromium. (`playwright install` is not used.)")
        return resolved

    def launch_args(self) -> list[str]:
        return CHROMIUM_FLAGS + list(self.extra_args)

    def describe(self) -> dict[str, Any]:
        """Plain-data description for the run record."""
        if self.ws_endpoint:
            return {"kind": "playwright-server", "endpoint": self.ws_endpoint}
        if self.cdp_endpoint:
            return {"kind": "cdp", "endpoint": self.cdp_endpoint}
        return {"kind": "local", "executable": self.executable()}


async def start(playwright, options: BrowserOptions):
    """Launch or connect to Chromium with ``playwright`` (an async Playwright instance); return the Browser.

    Raises:
        BrowserError: executable missing, launch failed, or the endpoint unreachable (message says which).
    """
    try:
        if options.ws_endpoint:
            launch = {"executablePath": options.path(),
                      "args": options.launch_args(), "headless": options.headless}
            return await playwright.chromium.connect(
                options.ws_endpoint, headers={"x-playwright-launch-options": json.dumps(launch)}, timeout=30000)
        if options.cdp_endpoint:
            return await playwright.chromium.connect_over_cdp(options.cdp_endpoint, timeout=30000)
        return await playwright.chromium.launch(
            executable_path=options.executable(), args=options.launch_args(), headless=options.headless,
            timeout=60000)
    except BrowserError:
        raise
    except Exception as e:
        where = options.ws_endpoint or options.cdp_endpoint or options.path()
        raise BrowserUnavailable(f"cannot start or reach Chromium ({where}): {str(e).splitlines()[0]}") from None
