"""``harness probe``: one availability sample per target, appended to the history database (:mod:`harness.history`)
for AV-04 (国办秘函〔2019〕19号 单项否决·站点无法访问: monitored for a week, 20+ visits a day, the share of visits
still not open after 15 s).

A sample is a timed load in Chromium (a fresh context, ``page.goto`` until the load event, at most ``timeout_ms``)
or, where the checklist's AV-04 ``probe`` parameter says ``http`` for a target, one HTTP GET of its URL (body
read). The sample records the outcome (ok: status < 400 and loaded within the timeout), the HTTP status, the time
to the load event (or to the body, or until it failed) and the reason of a failure. A sample slower than AV-04's
``slow_ms`` (15 s) counts as failing when AV-04 judges the week, so the probe's own timeout is longer (default
30 s) so that a slow load is timed rather than cut off.

The harness writes no scheduler: run ``harness probe`` from cron, a systemd timer or a CI schedule (README.md shows
each; every 30 minutes gives 48 samples a day).
"""

from __future__ import annotations

import asyncio
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Callable

from . import history as history_mod
from .errors import OptionError

#: The probe's own timeout (ms): longer than AV-04's slow_ms, so that a slow sample is timed.
DEFAULT_TIMEOUT_MS = 30000
USER_AGENT = "qh-mobile-harness-probe/1 (availability monitoring)"  # header values are Latin-1: ASCII only


@dataclass
class ProbeTarget:
    """What to sample: ``url``, ``method`` (``browser`` | ``http``), the registry ``target`` id and ``department``
    (None for a bare URL)."""

    url: str
    method: str = "browser"
    target: str | None = None
    department: str | None = None


def targets_from_registry(reg, departments: list[str] | None, checklist) -> list[ProbeTarget]:
    """Every page of the selected departments of registry ``reg``, each with the method its AV-04 ``probe``
    parameter gives (registry, department, system and page params layered). A URL is sampled once per
    (URL, method) however many targets share it (the checkpoints of a journey all start at their page's URL, and
    AV-04 reads the samples by URL): the first target names the sample. Raises OptionError for an unknown
    department name."""
    from .engine import param_layers

    decl = checklist.by_id.get("AV-04")
    out = []
    seen: set[tuple[str, str]] = set()
    for t in reg.targets(departments):
        method = "browser"
        if decl is not None:
            method = checklist.params_for(decl, *param_layers(reg, t)).get("probe", "browser")
        if (t.url, method) in seen:
            continue
        seen.add((t.url, method))
        out.append(ProbeTarget(t.url, method, t.id, t.department.display_name))
    return out


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects followed only where :func:`harness.url_safety.hop_refusal` lets a request outside the browser go
    (the target's site; never link-local; loopback or private only when the target's URL is): another hop ends
    the sample with the redirect's status and the refusal as its error."""

    def __init__(self, url: str):
        self.url = url

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        from .url_safety import hop_refusal

        why = hop_refusal(newurl, self.url)
        if why:
            raise urllib.error.HTTPError(req.full_url, code, f"redirect to {newurl} {why}", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def probe_http(t: ProbeTarget, timeout_ms: int = DEFAULT_TIMEOUT_MS, insecure: bool = False) -> history_mod.Sample:
    """One HTTP GET of ``t.url`` (redirects followed hop by hop where :func:`harness.url_safety.hop_refusal` allows:
    another site's or an internal address's redirect is not followed, the sample fails with it), body read: a
    :class:`~harness.history.Sample`. Never raises."""
    t0, start = time.monotonic(), history_mod.now_ms()
    ctx = ssl._create_unverified_context() if insecure else None
    status, error = None, None
    try:
        req = urllib.request.Request(t.url, headers={"User-Agent": USER_AGENT})
        handlers = [_CheckedRedirects(t.url)] + ([urllib.request.HTTPSHandler(context=ctx)] if ctx is not None else [])
        with urllib.request.build_opener(*handlers).open(req, timeout=timeout_ms / 1000) as resp:
            status = resp.status
            resp.read()
    except urllib.error.HTTPError as e:
        status, error = e.code, (e.msg if "not requested" in str(e.msg) else f"HTTP {e.code}")
    except Exception as e:  # timeouts, refused connections, TLS errors
        error = f"{type(e).__name__}: {str(e)[:200]}"
    elapsed = int((time.monotonic() - t0) * 1000)
    ok = error is None and status is not None and status < 400 and elapsed <= timeout_ms
    return history_mod.Sample(start, t.url, ok, elapsed, "http", status, None if ok else (error or "timeout"), t.target, t.department)


async def probe_browser(browser, t: ProbeTarget, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> history_mod.Sample:
    """One timed load of ``t.url`` in a fresh context of ``browser`` (until the load event): a Sample. Never raises."""
    start = history_mod.now_ms()
    t0 = time.monotonic()
    status, error = None, None
    ctx = None
    try:
        ctx = await browser.new_context(user_agent=None)
        page = await ctx.new_page()
        resp = await page.goto(t.url, wait_until="load", timeout=timeout_ms)
        status = resp.status if resp is not None else None
        if status is None:
            error = "no response"
        elif status >= 400:
            error = f"HTTP {status}"
    except Exception as e:
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
        error = "timeout" if "Timeout" in type(e).__name__ or "Timeout" in msg else msg[:200]
    elapsed = int((time.monotonic() - t0) * 1000)
    if ctx is not None:
        try:
            await asyncio.wait_for(ctx.close(), 10)
        except Exception:
            pass
    ok = error is None
    return history_mod.Sample(start, t.url, ok, elapsed, "browser", status, error, t.target, t.department)


async def probe_all(targets: list[ProbeTarget], browser_options=None, timeout_ms: int = DEFAULT_TIMEOUT_MS,
                    concurrency: int = 4, insecure: bool = False,
                    progress: Callable[[history_mod.Sample], Any] | None = None) -> list[history_mod.Sample]:
    """Sample every target, ``concurrency`` at once; Chromium is started only when a target uses the browser.
    Returns the samples in target order. Raises BrowserError when Chromium cannot be started."""
    from playwright.async_api import async_playwright

    from . import browser as browser_mod

    sem = asyncio.Semaphore(max(1, concurrency))
    out: list[history_mod.Sample | None] = [None] * len(targets)
    need_browser = any(t.method != "http" for t in targets)
    async with async_playwright() as pw:
        browser = await browser_mod.start(pw, browser_options or browser_mod.BrowserOptions()) if need_browser else None

        async def one(i: int, t: ProbeTarget) -> None:
            async with sem:
                if t.method == "http":
                    s = await asyncio.to_thread(probe_http, t, timeout_ms, insecure)
                else:
                    s = await probe_browser(browser, t, timeout_ms)
                out[i] = s
                if progress:
                    progress(s)

        try:
            await asyncio.gather(*(one(i, t) for i, t in enumerate(targets)))
        finally:
            if browser is not None:
                await browser.close()
    return [s for s in out if s is not None]


def run_probe(folder: str, targets: list[ProbeTarget], **kw) -> list[history_mod.Sample]:
    """Sample ``targets`` (see :func:`probe_all` for ``kw``) and append the samples to the history database in
    ``folder`` (created when missing). Raises OptionError when there is nothing to probe."""
    if not targets:
        raise OptionError("harness probe: nothing to probe (give --registry with systems, or --url)")
    samples = asyncio.run(probe_all(targets, **kw))
    with history_mod.open_history(folder) as h:
        h.add_samples(samples)
    return samples
