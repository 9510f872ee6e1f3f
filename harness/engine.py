"""The engine: gather a target's artifacts in the browser, evaluate the checklist over them, score the result.

:func:`audit_artifacts` is the pure half (artifacts → check results → score) used both after a live load and
by ``harness recheck`` on saved artifacts. :class:`Auditor` is the live half: it owns the Playwright driver
and the one browser of a run (relaunched if it crashes) and audits targets, several at once when asked.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from dataclasses import dataclass, field
from typing import Any, Sequence

from . import checks as checks_mod
from . import scoring
from .browser import BrowserOptions, start as start_browser
from .checklist import Checklist
from .personal_data import redact
from .errors import OptionError
from .gather import STAGES, GatherOptions, gather, merge_params, options_for_target
from .gather import variants as variants_mod
from .registry import Registry, Target


def param_layers(registry: Registry | None, target: Target | None) -> list[dict[str, dict]]:
    """The registry's parameter override blocks that apply to ``target``, from general to specific:
    registry, department, system, page."""
    if target is None:
        return [registry.params] if registry else []
    return [registry.params if registry else {}, target.department.params, target.system.params, target.page.params]


def audit_artifacts(checklist: Checklist, artifacts: dict[str, Any], layers: list[dict] | None = None) -> tuple[list[dict], dict]:
    """Evaluate every check of ``checklist`` on ``artifacts`` and score the target.

    Returns (check results, score) where each check result is {"id", "outcome", "value", "threshold",
    "message", "message_zh", "evidence", "params", "weight", "veto", "deducted"} in checklist order and the
    score is :func:`harness.scoring.score_target`'s dict. Resident ID and mobile numbers in messages and
    evidence are masked (the raw artifacts keep them, for re-auditing). Pure: no I/O.

    A target that did not reach its registered page (:func:`harness.checks.reach.judge`) has its content checks in
    ``error`` (see :func:`harness.checks.evaluate`), so its score would rest on the few checks of the load alone:
    its verdict is then ``error`` with no score, unless a check of the load failed a veto (AV-01 on a download),
    which stands. The score dict carries ``reach`` (the judgement, or None) either way.
    """
    results = []
    for decl in checklist.checks:
        params = checklist.params_for(decl, *(layers or []))
        out = checks_mod.evaluate(decl, artifacts, params)
        d = {"id": decl.id, **_redacted(out.to_dict()), "params": params}
        results.append(d)
    score = scoring.score_target(checklist, results)
    reach = checks_mod.reach_mod.judge(artifacts)
    score["reach"] = _redacted(reach)
    if reach is not None and not reach["reached"] and score["verdict"] != "fail-veto":
        score.update(score=None, verdict="error")  # never a pass (or a score) for a page that was not seen
    return results, score


def _redacted(value: Any) -> Any:
    """``value`` with personal data masked in every string (messages, evidence text, notes, values)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _redacted(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redacted(v) for v in value]
    return value


def gather_params(checks, params: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The gathering parameters a target is loaded with: for every check of ``checks`` (checklist
    :class:`~harness.checklist.Check` objects that apply to the target), each of its parameters whose definition
    says ``gather`` gives its resolved value (``params[check id][name]``) to that gathering parameter; values of
    several checks merge by the parameter's rule (:func:`harness.gather.merge_params`: layout widths are the union
    of UI-01's and UI-06's). Returns {gathering parameter: value}; parameters no check sets keep their defaults.
    """
    values: dict[str, list[Any]] = {}
    for c in checks:
        for name, key in (c.definition.gathers() if c.definition else {}).items():
            values.setdefault(key, []).append(params[c.id][name])
    return merge_params(values)


@dataclass
class AuditOptions:
    """Options of a live audit: the browser, the gather options, the time budget and concurrency."""

    browser: BrowserOptions = field(default_factory=BrowserOptions)
    gather: GatherOptions = field(default_factory=GatherOptions)
    budget_ms: int = 60000
    concurrency: int = 2
    platform: str | None = None  # --platform: the host platform of every target ("none": no host); None: the registry's


def default_concurrency() -> int:
    """Targets loaded at once in the one browser: one per core, at least 2, at most 6. Measured on 2 cores
    (bench/sweep.py): 2, 3 and 4 at once give the same throughput (the renderers are CPU-bound), while each more
    context costs about 400 MB of browser memory."""
    import os

    return max(2, min(6, os.cpu_count() or 1))


def _positive_int(value: Any, option: str, unit: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise OptionError(f"{option} must be a whole number of {unit}, at least 1, not {value!r}")
    return value


def audit_options(checklist: Checklist, *, device: str | dict[str, Any] | None = None,
                  browser: BrowserOptions | None = None, extra_browser_args: Sequence[str] = (),
                  budget_ms: int | None = None, concurrency: int | None = None, platform: str | None = None,
                  screenshot: bool = True) -> AuditOptions:
    """The options of a live audit, built the one way ``harness run``, ``harness audit``, the pytest plugin
    (through :func:`harness.runner.audit_options`) and the harness's own tests use.

    Derived from ``checklist`` (a loaded :class:`~harness.checklist.Checklist`, its ``--set`` overrides applied):

    - gather timings from ``checklist.budget`` (ms): ``navigation_ms`` (load-event timeout), ``settle_ms``
      (longest settle wait), ``settle_quiet_ms`` (quiet period that counts as settled), ``gatherer_ms`` (each
      in-page gatherer); the per-target budget ``budget_ms`` defaults to ``budget["target_ms"]``.
    Gathering parameters (layout widths, link limits, the throttled profile …) are not options: the
    :class:`Auditor` derives them per target from the parameters of the checks that apply (see
    :func:`gather_params`), so every ``--set`` of a check parameter reaches the gatherer that serves it.

    Arguments (all keyword-only; None means the default):

    - ``device``: a device name (``harness devices``; default ``mobile-375``, 375 × 667 CSS px, DPR 2) or an
      already resolved descriptor dict (from :func:`harness.devices.get`).
    - ``browser``: how to get Chromium (:class:`~harness.browser.BrowserOptions`: executable, ``ws_endpoint``,
      ``cdp_endpoint``); default a local Chromium. Not modified: the result holds a copy.
    - ``extra_browser_args``: more Chromium flags appended to ``browser.extra_args`` (e.g. a test server's
      ``--ignore-certificate-errors-spki-list=…``).
    - ``budget_ms``: time budget per target, ms (``--budget-ms``), at least 1.
    - ``concurrency``: targets loaded at once (``--concurrency``), at least 1; default :func:`default_concurrency`.
    - ``platform``: host platform profile of every target (``--platform``: a name under ``specs/platforms/``,
      or ``none`` for no host); None keeps each target's own (the registry's; none for a bare URL).
    - ``screenshot``: take the full-page screenshot (False: none is taken or stored).

    Returns an :class:`AuditOptions` (browser, gather, budget_ms, concurrency, platform); fresh objects on every
    call, so callers may adjust them.

    Raises:
        OptionError: an unknown device, a ``budget_ms`` or ``concurrency`` that is not a whole number ≥ 1,
            ``browser`` not a BrowserOptions, ``extra_browser_args`` not a sequence of strings, ``screenshot``
            not a bool, an unknown platform; the message names the option (``--concurrency`` …).
        SpecError: the named platform profile is invalid.
    """
    from . import devices as devices_mod
    from . import platforms as platforms_mod

    if device is None or isinstance(device, str):
        device = devices_mod.get(device)
    elif not isinstance(device, dict) or not isinstance(device.get("viewport"), dict):
        raise OptionError(f"--device: a device name or descriptor (with a viewport) is needed, not {device!r}")
    if browser is None:
        browser = BrowserOptions()
    elif not isinstance(browser, BrowserOptions):
        raise OptionError(f"browser options must be a BrowserOptions, not {type(browser).__name__}")
    if isinstance(extra_browser_args, str) or not all(isinstance(a, str) for a in extra_browser_args):
        raise OptionError(f"extra browser arguments must be a list of Chromium flags, not {extra_browser_args!r}")
    if budget_ms is not None:
        _positive_int(budget_ms, "--budget-ms", "ms")
    if concurrency is not None:
        _positive_int(concurrency, "--concurrency", "targets")
    if not isinstance(screenshot, bool):
        raise OptionError(f"screenshot must be true or false, not {screenshot!r}")
    platform = platforms_mod.check_option(platform)

    b = checklist.budget
    gather_options = GatherOptions(device=device, navigation_ms=b["navigation_ms"], settle_ms=b["settle_ms"],
                                   settle_quiet_ms=b["settle_quiet_ms"], gatherer_ms=b["gatherer_ms"],
                                   screenshot=screenshot)
    browser = dataclasses.replace(browser, extra_args=[*browser.extra_args, *extra_browser_args])
    return AuditOptions(browser=browser, gather=gather_options, budget_ms=budget_ms or b["target_ms"],
                        concurrency=concurrency or default_concurrency(), platform=platform)


@dataclass
class Audit:
    """One audited target: its artifacts, screenshot (JPEG bytes or None), check results and score."""

    target: Target | None
    url: str
    artifacts: dict[str, Any]
    screenshot: bytes | None
    checks: list[dict[str, Any]]
    score: dict[str, Any]
    started: str
    duration_ms: int
    variant_screenshots: dict[str, bytes] = field(default_factory=dict)

    @property
    def error(self) -> str | None:
        """Why the target could not be measured at all (None when it was)."""
        if self.score["verdict"] != "error":
            return None
        reach = self.score.get("reach")
        if reach and not reach.get("reached"):
            return reach.get("reason") or "page not reached"
        nav = self.artifacts.get("navigation") or {}
        errs = self.artifacts.get("errors") or {}
        return nav.get("error") or "; ".join(f"{k}: {v}" for k, v in errs.items()) or "not measured"


class Auditor:
    """Owns the Playwright driver and one browser; audits targets in fresh contexts.

    Use ``async with Auditor(checklist, options, registry) as a: await a.audit(target)``. At most
    ``options.concurrency`` targets are loaded at once (contexts in the one browser). A browser that crashed or
    disconnected is relaunched before the next target.
    """

    def __init__(self, checklist: Checklist, options: AuditOptions, registry: Registry | None = None):
        self.checklist = checklist
        self.options = options
        self.registry = registry
        self._pw = None
        self._pw_cm = None
        self.browser = None
        self._lock = asyncio.Lock()
        self._sem = asyncio.Semaphore(max(1, options.concurrency))
        self._exclusive = asyncio.Lock()  # exclusive variant loads (timing measurements) run one at a time
        self.relaunches = 0
        active = [c for c in checklist.checks if c.mode != "manual"]
        stages, self.variants = checks_mod.needs(active)
        self.optional_stages = {s for s in stages if s in STAGES and STAGES[s].optional}
        unknown = self.variants - set(variants_mod.VARIANTS)
        if unknown:
            raise ValueError(f"checks need unknown variant load(s): {', '.join(sorted(unknown))}")

    async def __aenter__(self) -> "Auditor":
        from playwright.async_api import async_playwright

        self._pw_cm = async_playwright()
        self._pw = await self._pw_cm.__aenter__()
        self.browser = await start_browser(self._pw, self.options.browser)
        return self

    async def __aexit__(self, *exc) -> None:
        try:
            if self.browser is not None:
                await asyncio.wait_for(self.browser.close(), 15)
        except Exception:
            pass
        if self._pw_cm is not None:
            try:
                await self._pw_cm.__aexit__(None, None, None)
            except Exception:
                pass

    async def _browser(self):
        async with self._lock:
            if self.browser is None or not self.browser.is_connected():
                self.relaunches += 1
                self.browser = await start_browser(self._pw, self.options.browser)
            return self.browser

    async def audit(self, target: Target | None, url: str | None = None, target_info: dict | None = None,
                    gather_options: GatherOptions | None = None, variants: set[str] | None = None,
                    stages: set[str] | None = None) -> Audit:
        """Gather and check one target (a registry :class:`Target`, or a bare ``url`` with ``target_info``).

        ``variants`` restricts the variant loads made to those named (None: every variant an active check needs);
        checks needing a variant not made give ``error``. ``stages`` likewise restricts the optional gather stages
        run (None: every one an active check needs).

        Never raises for page problems: a failed load gives ``error``/``failed`` outcomes with reasons.
        """
        url = url or target.url
        info = target.info() if target is not None else (target_info or {"url": url})
        if self.options.platform is not None:
            info = {**info, "platform": None if self.options.platform == "none" else self.options.platform}
        base = gather_options or self.options.gather
        layers = param_layers(self.registry, target)
        # Only the optional stages and variant loads that some check applying to this target needs (a website
        # needs no axe-core run, an unhosted page no elder-mode load), gathered with the parameters they set.
        applicable = [c for c in self.checklist.checks if c.mode != "manual" and checks_mod.applicability(c, info) is None]
        check_params = {c.id: self.checklist.params_for(c, *layers) for c in applicable}
        need_stages, need_variants = checks_mod.needs(applicable)
        wanted = self.optional_stages & need_stages
        if stages is not None:
            wanted &= set(stages)
        variant_names = self.variants & need_variants
        if variants is not None:
            variant_names &= set(variants)
        opts = dataclasses.replace(base, optional_stages=set(base.optional_stages) | wanted,
                                   params={**gather_params(applicable, check_params), **base.params})
        opts = options_for_target(opts, info)  # per-target options, e.g. the host platform's recording bridge
        shots: dict[str, bytes] = {}
        async with self._sem:
            started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
            t0 = time.monotonic()
            browser = await self._browser()
            run = await gather(browser, url, opts, info, budget_ms=self.options.budget_ms)
            if not browser.is_connected():
                run.artifacts["errors"].setdefault("browser", "the browser disconnected during the load")
            if (run.artifacts.get("navigation") or {}).get("committed"):
                for name in sorted(variant_names):
                    v = variants_mod.VARIANTS[name]
                    if not v.when(info):
                        run.artifacts.setdefault("variants_skipped", {})[name] = v.description or "does not apply to this target"
                        continue
                    if not v.enabled(opts):
                        run.artifacts.setdefault("variants_skipped", {})[name] = "turned off by this run's check parameters"
                        continue
                    try:
                        async with (self._exclusive if v.exclusive else contextlib.nullcontext()):
                            vrun = await gather(await self._browser(), url, variants_mod.options_for(v, opts, info), info,
                                                budget_ms=self.options.budget_ms)
                        run.artifacts.setdefault("variants", {})[name] = vrun.artifacts
                        if vrun.screenshot:
                            shots[name] = vrun.screenshot
                    except Exception as e:  # a variant's failure never loses the primary load
                        run.artifacts.setdefault("variant_errors", {})[name] = f"{type(e).__name__}: {e}"
            t_check = time.monotonic()
            results, score = audit_artifacts(self.checklist, run.artifacts, layers)
            run.artifacts["timings"]["check"] = int((time.monotonic() - t_check) * 1000)
            return Audit(target=target, url=url, artifacts=run.artifacts, screenshot=run.screenshot, checks=results,
                         score=score, started=started, duration_ms=int((time.monotonic() - t0) * 1000),
                         variant_screenshots=shots)
