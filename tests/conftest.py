"""Shared fixtures of the harness's own tests: a local fixture server and a live auditor in real Chromium.

``fixture_server`` serves ``tests/fixtures`` on 127.0.0.1 over HTTPS (a throw-away certificate trusted by the
tests' Chromium for that key only) and HTTP. ``audit(url)`` loads a page once in real Chromium and returns the
harness's :class:`~harness.engine.Audit` (artifacts, check results, score); results are cached per URL so that
every check of a page costs one load.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from harness import checklist as checklist_mod  # noqa: E402
from harness.engine import Auditor, audit_options  # noqa: E402
from harness.pytest_plugin import _EngineThread  # noqa: E402

import server as fixture_server_mod  # noqa: E402


@pytest.fixture(scope="session")
def fixture_server():
    srv = fixture_server_mod.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def checklist():
    return checklist_mod.load()


class LiveAuditor:
    """Audits URLs in one Chromium (engine thread); caches each URL's Audit for the session."""

    def __init__(self, checklist, server):
        self.checklist = checklist
        self.engine = _EngineThread()
        # The options `harness run` uses (the checklist's budget, default device), trusting the fixture server's
        # certificate; three loads at once so that prefetching many fixture pages finishes sooner.
        opts = audit_options(checklist, extra_browser_args=server.chromium_args(), concurrency=3)
        self.auditor = self.engine.call(Auditor(checklist, opts).__aenter__())
        self.cache = {}

    @staticmethod
    def _key(url, needs, info):
        return (url, None if needs is None else tuple(sorted(needs)), json.dumps(info, sort_keys=True, ensure_ascii=False))

    def _audit(self, url, needs, info):
        """The auditor's coroutine for ``url``: with ``needs`` (a set of optional stage and variant names) only those
        optional stages and variant loads are made; None makes all the checklist needs."""
        info = {"url": url, "system_kind": "h5", **info}
        return self.auditor.audit(None, url=url, target_info=info, variants=needs, stages=needs)

    def __call__(self, url: str, needs: set[str] | None = None, **info):
        """Audit ``url`` (cached). ``needs``: the optional stages and variant loads to make (None: all)."""
        key = self._key(url, needs, info)
        if key not in self.cache:
            self.cache[key] = self.engine.call(self._audit(url, needs, info), timeout=120)
        return self.cache[key]

    def prefetch(self, jobs: list[tuple[str, set[str] | None, dict]]) -> None:
        """Audit many (url, needs, info) at once (the auditor loads up to its concurrency in parallel) and cache
        the results, so that tests reading them one by one do not wait for each load in turn."""
        import asyncio

        todo, seen = [], set()
        for url, needs, info in jobs:
            key = self._key(url, needs, info)
            if key in self.cache or key in seen:
                continue
            seen.add(key)
            todo.append((key, url, needs, info))

        async def run_all():
            return await asyncio.gather(*(self._audit(u, n, i) for _, u, n, i in todo), return_exceptions=True)

        for (key, *_), res in zip(todo, self.engine.call(run_all(), timeout=60 + 30 * len(todo))):
            if not isinstance(res, BaseException):
                self.cache[key] = res

    def close(self):
        try:
            self.engine.call(self.auditor.__aexit__(None, None, None), timeout=30)
        finally:
            self.engine.stop()


@pytest.fixture(scope="session")
def audit(checklist, fixture_server):
    a = LiveAuditor(checklist, fixture_server)
    yield a
    a.close()


class GatherBrowser:
    """A Chromium of its own in an engine thread, for tests that drive :func:`harness.gather.gather` directly (one
    load, no checklist): ``gather(url, options, info) -> GatherRun``."""

    def __init__(self, server):
        from playwright.async_api import async_playwright

        from harness.browser import BrowserOptions, start

        self.engine = _EngineThread()
        self._state = {}

        async def up():
            self._state["pw"] = await async_playwright().start()
            self._state["browser"] = await start(self._state["pw"], BrowserOptions(extra_args=server.chromium_args()))

        self.engine.call(up())

    def gather(self, url: str, options, info: dict | None = None, timeout: float = 120):
        from harness.gather import gather

        return self.engine.call(gather(self._state["browser"], url, options, info or {}), timeout=timeout)

    def close(self) -> None:
        async def down():
            await self._state["browser"].close()
            await self._state["pw"].stop()

        try:
            self.engine.call(down(), timeout=30)
        finally:
            self.engine.stop()


@pytest.fixture(scope="module")
def report_browser():
    """A sync Chromium for this module only (closed at its end, so that later modules may start their own
    Playwright in this thread)."""
    from playwright.sync_api import sync_playwright

    from harness.browser import BrowserOptions

    opts = BrowserOptions()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=opts.executable(), args=opts.launch_args(), headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def gather_browser(fixture_server):
    """A :class:`GatherBrowser` for the module's tests (its own Chromium, trusting the fixture server)."""
    b = GatherBrowser(fixture_server)
    yield b
    b.close()


@pytest.fixture(scope="module")
def hostile():
    """The hostile corpus server (tests/hostile/server.py) on 127.0.0.1, for the module's tests."""
    from hostile.server import HostileServer

    srv = HostileServer().start()
    yield srv
    srv.stop()


#: Fixtures that start Chromium or serve pages for it: a test using one is marked ``browser`` (so that
#: ``./run-tests.sh -m "not browser"`` runs the unit tests alone, in seconds).
BROWSER_FIXTURES = {"fixture_server", "audit", "gather_browser", "report_browser", "hostile"}


def pytest_collection_modifyitems(config, items):
    """Mark ``browser`` every test whose fixtures include one of :data:`BROWSER_FIXTURES` (besides the tests
    marked by hand)."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())) and item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.browser)
