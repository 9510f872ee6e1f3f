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
from . import journeys as journeys_mod
from . import platforms as platforms_mod
from . import sessions as sessions_mod
from . import scoring
from .browser import BrowserOptions, start as start_browser
from .checklist import Checklist
from .personal_data import redact
from .errors import OptionError
from .gather import STAGES, GatherOptions, gather, merge_params, options_for_target
from .gather import variants as variants_mod
from .registry import Registry, Target


def param_layers(registry: Registry | None, target: Target | None, platform: str | None = None) -> list[dict[str, dict]]:
    """The parameter blocks that apply to ``target``, from general to specific: the host platform profile's
    ``params`` (``platform``, else the target's system or department platform; e.g. its own masking rule for
    PI-06), then the registry's override blocks: registry, department, system, page."""
    name = platform if platform is not None else (target.system.platform or target.department.platform if target is not None else None)
    profile = platforms_mod.for_target({"platform": name})
    first = [profile.check_params] if profile is not None else []
    if target is None:
        return first + ([registry.params] if registry else [])
    return first + [registry.params if registry else {}, target.department.params, target.system.params, target.page.params]


def audit_artifacts(checklist: Checklist, artifacts: dict[str, Any], layers: list[dict] | None = None) -> tuple[list[dict], dict]:
    """Evaluate every check of ``checklist`` on ``artifacts`` and score the target.

    Returns (check results, score) where each check result is {"id", "outcome", "value", "threshold",
    "message", "message_zh", "evidence", "params", "weight", "veto", "deducted"} in checklist order and the
    score is :func:`harness.scoring.score_target`'s dict. Resident ID and mobile numbers in messages and
    evidence are masked (the raw artifacts keep them, for re-auditing). Pure: no I/O.

    A checkpoint of a journey that was not reached (a step failed, here or before) has no passed check: what would
    have passed is ``error``. A target that did not reach its registered page (:func:`harness.checks.reach.judge`) has its content checks in
    ``error`` (see :func:`harness.checks.evaluate`), so its score would rest on the few checks of the load alone:
    its verdict is then ``error`` with no score, unless a check of the load failed a veto (AV-01 on a download),
    which stands. The score dict carries ``reach`` (the judgement, or None) either way.
    """
    results = []
    journey = artifacts.get("journey") or {}
    unreached = bool(journey) and not journey.get("reached", True)
    for decl in checklist.checks:
        params = checklist.params_for(decl, *(layers or []))
        out = checks_mod.evaluate(decl, artifacts, params)
        d = {"id": decl.id, **_redacted(out.to_dict()), "params": params}
        if unreached and d["outcome"] in ("passed", "cantTell"):
            # A checkpoint its journey never reached: nothing of its state was seen, so nothing of it passes.
            why = str(journey.get("error") or "the journey did not reach this checkpoint")
            d.update(outcome="error", message=_redacted(f"checkpoint not reached: {why}"),
                     message_zh=_redacted(f"检查点未到达：{why}"))
        results.append(d)
    score = scoring.score_target(checklist, results, kind=(artifacts.get("target") or {}).get("system_kind"))
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
    trace: str = "off"  # --trace: off | on | retain-on-failure (TRACE_MODES)


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
                  screenshot: bool = True, allow_link_local: bool = False, trace: str = "off") -> AuditOptions:
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
    - ``allow_link_local``: requests made outside the browser may reach link-local addresses
      (``--allow-link-local``; see :mod:`harness.url_safety`).
    - ``trace``: Playwright traces of the primary loads (``--trace``): ``off``, ``on`` (kept for every target) or
      ``retain-on-failure`` (recorded for every target, kept for those with a failed check or that could not be
      measured fully: see :func:`keeps_trace`); the keeping is the caller's (:func:`harness.runner._target_result`).

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
    if trace not in TRACE_MODES:
        raise OptionError(f"--trace must be one of {', '.join(TRACE_MODES)}, not {trace!r}")

    b = checklist.budget
    gather_options = GatherOptions(device=device, navigation_ms=b["navigation_ms"], settle_ms=b["settle_ms"],
                                   settle_quiet_ms=b["settle_quiet_ms"], gatherer_ms=b["gatherer_ms"],
                                   screenshot=screenshot, allow_link_local=bool(allow_link_local), trace=trace != "off")
    browser = dataclasses.replace(browser, extra_args=[*browser.extra_args, *extra_browser_args])
    return AuditOptions(browser=browser, gather=gather_options, budget_ms=budget_ms or b["target_ms"],
                        concurrency=concurrency or default_concurrency(), platform=platform, trace=trace)


#: ``--trace`` values (Playwright's and pytest-playwright's words): ``retain-on-failure`` keeps the trace of a target
#: with a failed check or whose verdict is in :data:`TRACE_KEPT_VERDICTS` (it could not be measured fully).
TRACE_MODES = ("off", "on", "retain-on-failure")
TRACE_KEPT_VERDICTS = ("fail-score", "fail-veto", "error", "incomplete")


def keeps_trace(mode: str, score: dict[str, Any]) -> bool:
    """Whether a target's trace is kept under ``mode`` (:data:`TRACE_MODES`) given its score dict
    (:func:`harness.scoring.score_target`: ``verdict`` and ``counts``)."""
    if mode == "on":
        return True
    failed = ((score or {}).get("counts") or {}).get("failed", 0)
    return mode == "retain-on-failure" and (failed > 0 or (score or {}).get("verdict") in TRACE_KEPT_VERDICTS)


#: Seconds past its budget a target may take to end (after the budget, a context still closing gets at most
#: :data:`harness.gather.CLOSE_WAIT_MS`, then checks are evaluated): a target ends within ``budget_ms`` + this.
TARGET_GRACE_MS = 5000
#: A variant load starts only with at least this much of the target's budget left (ms); otherwise it is recorded as
#: not made ("target budget exhausted before the <name> load") and the checks needing it give ``error``.
VARIANT_MIN_MS = 3000
#: How long the driver and the browser get to answer the health probe after a load with errors (ms).
HEALTH_MS = 5000
#: Messages of Playwright errors that come from the driver or its connection, never from a page.
#: ("Target page, context or browser has been closed" is not among them: a page that closes itself or crashes gives
#: it too; whether the browser is still there is asked of the browser, see :meth:`Auditor.healthy`.)
HARNESS_ERRORS = ("Cannot find object", "Connection closed", "Playwright connection")


@dataclass
class Audit:
    """One audited target: its artifacts, screenshot (JPEG bytes or None), check results and score.

    ``error_cause`` says whose fault a target that could not be measured is: ``"page"`` (its own load timed out,
    its renderer crashed, its navigation failed) or ``"harness"`` (the Playwright driver, its connection or the
    browser failed: ``harness run --resume`` audits such a target again); None when nothing went wrong.
    ``retried`` is set when the first attempt failed through the harness and the target was audited again in a
    fresh driver and browser: {"reason": why, "first_duration_ms": ms the first attempt took}.
    """

    target: Target | None
    url: str
    artifacts: dict[str, Any]
    screenshot: bytes | None
    checks: list[dict[str, Any]]
    score: dict[str, Any]
    started: str
    duration_ms: int
    variant_screenshots: dict[str, bytes] = field(default_factory=dict)
    error_cause: str | None = None
    retried: dict[str, Any] | None = None
    trace: str | None = None  # the load's Playwright trace, a temporary .zip (shared by a journey's checkpoints)

    @property
    def error(self) -> str | None:
        """Why the target could not be measured at all (None when it was)."""
        if self.score["verdict"] != "error":
            return None
        if self.error_cause == "harness" and self.artifacts.get("errors", {}).get("harness"):
            return self.artifacts["errors"]["harness"]
        reach = self.score.get("reach")
        if reach and not reach.get("reached"):
            return reach.get("reason") or "page not reached"
        nav = self.artifacts.get("navigation") or {}
        errs = self.artifacts.get("errors") or {}
        return nav.get("error") or "; ".join(f"{k}: {v}" for k, v in errs.items()) or "not measured"


def discard_trace(audits: list[Audit]) -> None:
    """Delete the temporary trace file of a load's audits (once kept where it belongs, or not wanted)."""
    import os

    for path in {a.trace for a in audits if a.trace}:
        try:
            os.unlink(path)
        except OSError:
            pass
    for a in audits:
        a.trace = None


class HarnessFailure(Exception):
    """The harness, not the page, failed during a load: the Playwright driver or its connection broke or hung, or
    the browser crashed or disconnected. The message says what was seen."""


def harness_fault(artifacts: dict[str, Any]) -> str | None:
    """What in a load's ``artifacts`` shows a failure of the driver or its connection (a Playwright error whose
    message is one of :data:`HARNESS_ERRORS`, or a failed set-up of the context: no page was involved yet), or
    None. A renderer crash, a timeout or a navigation error is the page's."""
    errs = dict(artifacts.get("errors") or {})
    nav = (artifacts.get("navigation") or {}).get("error")
    if nav:
        errs["navigate"] = nav
    for stage, msg in errs.items():
        if any(h in str(msg) for h in HARNESS_ERRORS):
            return f"{stage}: {msg}"
    if "setup" in errs:
        return f"setup: {errs['setup']}"
    if "browser" in errs:
        return str(errs["browser"])
    return None


class Auditor:
    """Owns the Playwright driver (``async_playwright()``) and one browser; audits targets in fresh contexts.

    Use ``async with Auditor(checklist, options, registry) as a: await a.audit(target)``. At most
    ``options.concurrency`` targets are loaded at once (contexts in the one browser). A browser that crashed or
    disconnected between targets is relaunched before the next target (``relaunches``). When a load fails
    through the harness (a Playwright protocol error, a broken or hung driver connection, the browser lost
    mid-target: see :func:`harness_fault` and the health probe), the driver and the browser are both restarted
    (``restarts``, ``restart_reasons``) and the target is audited once more in the fresh browser.

    Each target has one time budget, ``options.budget_ms``, shared by its primary load, every variant load (in
    turn) and closing their contexts; it ends within budget + :data:`TARGET_GRACE_MS` (a retried target: per
    attempt).
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
        self.restarts = 0
        self.restart_reasons: list[str] = []
        self.generation = 0  # incremented by each restart of the driver and browser
        self._closing: set[asyncio.Future] = set()  # contexts still closing in the background
        self.sessions = sessions_mod.Sessions()  # the run's logins, once per system
        #: Check ids whose artifacts are gathered (None: every applicable check's): the pytest suite's selection.
        self.only_checks: set[str] | None = None
        active = [c for c in checklist.checks if c.mode != "manual"]
        stages, self.variants = checks_mod.needs(active)
        self.optional_stages = {s for s in stages if s in STAGES and STAGES[s].optional}
        unknown = self.variants - set(variants_mod.VARIANTS)
        if unknown:
            raise ValueError(f"checks need unknown variant load(s): {', '.join(sorted(unknown))}")

    async def __aenter__(self) -> "Auditor":
        await self._start()
        return self

    async def _start(self) -> None:
        from playwright.async_api import async_playwright

        self._pw_cm = async_playwright()
        self._pw = await self._pw_cm.__aenter__()
        self.browser = await start_browser(self._pw, self.options.browser)

    async def _stop(self, timeout: float = 15) -> None:
        """Close the browser and stop the driver, each within ``timeout`` s; a driver that does not stop (hung)
        is killed."""
        browser, cm, self.browser, self._pw, self._pw_cm = self.browser, self._pw_cm, None, None, None
        closing, self._closing = self._closing, set()
        if closing:
            await asyncio.wait(closing, timeout=min(timeout, 2))
            for task in closing:
                task.cancel()
        if browser is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(browser.close(), timeout)
        if cm is not None:
            try:
                await asyncio.wait_for(cm.__aexit__(None, None, None), timeout)
            except Exception:
                _kill_driver(cm)

    async def __aexit__(self, *exc) -> None:
        await self._stop()

    async def _browser(self):
        """(browser, generation): the browser, relaunched first when it crashed or disconnected; when the driver
        cannot relaunch it (its connection is gone too), the driver and the browser are both restarted."""
        async with self._lock:
            if self.browser is None or not self.browser.is_connected():
                self.relaunches += 1
                try:
                    self.browser = await start_browser(self._pw, self.options.browser)
                except Exception as e:
                    self.generation += 1
                    self.restarts += 1
                    self.restart_reasons.append(f"the browser could not be relaunched: {e}")
                    await self._stop(timeout=5)
                    await self._start()
            return self.browser, self.generation

    async def restart(self, generation: int, reason: str) -> None:
        """Stop the driver and the browser and start both afresh, unless that was done already since
        ``generation`` (several targets of the broken browser ask at once: one restart serves them all).

        Raises:
            BrowserError: the fresh browser cannot be started.
        """
        async with self._lock:
            if generation != self.generation:
                return
            self.generation += 1
            self.restarts += 1
            self.restart_reasons.append(reason)
            await self._stop(timeout=5)
            await self._start()

    async def healthy(self, browser=None) -> str | None:
        """None when the driver and ``browser`` (default: the current one) answer a protocol round trip within
        :data:`HEALTH_MS`; else what went wrong. A page cannot fail it: the browser process answers
        (``Browser.getVersion``), not a renderer."""
        browser = browser or self.browser
        if browser is None or not browser.is_connected():
            return "the browser disconnected"

        async def probe():
            session = await browser.new_browser_cdp_session()
            try:
                await session.send("Browser.getVersion")
            finally:
                with contextlib.suppress(Exception):
                    await session.detach()

        try:
            await asyncio.wait_for(probe(), HEALTH_MS / 1000)
        except asyncio.TimeoutError:
            return f"the Playwright driver or the browser did not answer within {HEALTH_MS} ms"
        except Exception as e:
            return f"the Playwright driver or the browser failed: {type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}"
        return None

    async def _load(self, browser, url: str, opts: GatherOptions, info: dict, deadline: float, budget_ms: int | None = None):
        """One load (primary or variant) within ``deadline``; its context, if still closing, is tracked."""
        run = await gather(browser, url, opts, info, budget_ms=budget_ms or self.options.budget_ms, deadline=deadline)
        if run.closing is not None:
            self._closing.add(run.closing)
            run.closing.add_done_callback(self._closing.discard)
        return run

    async def audit(self, target: Target | None, url: str | None = None, target_info: dict | None = None,
                    gather_options: GatherOptions | None = None, variants: set[str] | None = None,
                    stages: set[str] | None = None) -> Audit:
        """Gather and check one target (a registry :class:`Target`, or a bare ``url`` with ``target_info``).

        ``variants`` restricts the variant loads made to those named (None: every variant an active check needs);
        checks needing a variant not made give ``error``. ``stages`` likewise restricts the optional gather stages
        run (None: every one an active check needs).

        Never raises for page problems: a failed load gives ``error``/``failed`` outcomes with reasons and
        ``error_cause`` "page". A failure of the harness (see the class) restarts the driver and the browser and
        audits the target once more; when that attempt fails through the harness too, the result is ``error``
        with no check results and ``error_cause`` "harness".

        A target of a journey (a checkpoint, or a page with steps) is audited with its whole journey
        (:meth:`audit_journey`) and its own state is returned.

        Raises:
            BrowserError: the browser cannot be (re)started.
        """
        if target is not None and target.page.journey is not None:
            journey = [t for t in target.department.targets() if t.journey_id == target.journey_id]
            audits = await self.audit_journey(journey, gather_options=gather_options, variants=variants, stages=stages)
            return next(a for a in audits if a.target.id == target.id)
        return (await self._audit_states([target], url, target_info, gather_options, variants, stages))[0]

    async def audit_journey(self, targets: list[Target], gather_options: GatherOptions | None = None,
                            variants: set[str] | None = None, stages: set[str] | None = None) -> list[Audit]:
        """Audit the checkpoints of one journey (``targets``: the targets of one page with steps, as
        :meth:`harness.registry.Department.targets` gives them, in journey order) in one load: the steps run once,
        the state checks run on the DOM at each checkpoint, the checks over what happened read what was recorded
        since the checkpoint before (:mod:`harness.gather.journey`). Returns one :class:`Audit` per target, in
        order. A step that fails gives its checkpoint ``error`` naming the step and its index; later checkpoints
        are ``error`` "not reached"; what was measured before stays. Variant loads replay the journey once each.
        The journey's budget is ``budget_ms`` per checkpoint.

        Raises:
            ValueError: ``targets`` are not the targets of one journey.
            BrowserError: the browser cannot be (re)started.
        """
        if not targets or len({t.journey_id for t in targets}) != 1 or targets[0].page.journey is None:
            raise ValueError("audit_journey: the targets of one page with steps are needed")
        return await self._audit_states(targets, None, None, gather_options, variants, stages)

    async def _audit_states(self, targets: list[Target | None], url, target_info, gather_options, variants, stages) -> list[Audit]:
        """:meth:`audit` of one load: one target (or a bare URL), or the checkpoints of one journey."""
        target = targets[0]
        url = url or target.url
        info = target.info() if target is not None else (target_info or {"url": url})
        journey = target.page.journey if target is not None else None
        if journey is not None:
            info = {k: v for k, v in info.items() if k not in ("checkpoint", "checkpoint_name", "journey")}
            info.update(role=target.page.role, item=target.page.item, expect=target.page.expect)
        if self.options.platform is not None:
            info = {**info, "platform": None if self.options.platform == "none" else self.options.platform}
        base = gather_options or self.options.gather
        layers = param_layers(self.registry, target, info.get("platform") or "none")
        # Only the optional stages and variant loads that some check applying to this target needs (a website
        # needs no axe-core run, an unhosted page no elder-mode load), gathered with the parameters they set.
        applicable = [c for c in self.checklist.checks if c.mode != "manual" and checks_mod.applicability(c, info) is None]
        check_params = {c.id: self.checklist.params_for(c, *layers) for c in applicable}
        # Only what the selected checks need (the pytest suite's -k): the others find their artifacts not gathered
        # and give error, so a partly gathered target is never 合格.
        selected = applicable if self.only_checks is None else [c for c in applicable if c.id in self.only_checks]
        need_stages, need_variants = checks_mod.needs(selected)
        wanted = self.optional_stages & need_stages
        if stages is not None:
            wanted &= set(stages)
        variant_names = self.variants & need_variants
        if variants is not None:
            variant_names &= set(variants)
        opts = dataclasses.replace(base, optional_stages=set(base.optional_stages) | wanted,
                                   params={**gather_params(applicable, check_params), **base.params})
        opts = options_for_target(opts, info)  # per-target options, e.g. the host platform's recording bridge
        if journey is not None:
            opts = dataclasses.replace(opts, journey=journey)
        session = target.system.session if target is not None else None
        async with self._sem:
            if session is not None:
                try:
                    browser, _ = await self._browser()
                    opts = dataclasses.replace(opts, **await self.sessions.options(session, browser, opts, info))
                except (sessions_mod.LoginFailed, OptionError) as e:
                    return [self._unmeasured(t, url, info, str(e), session) for t in targets]
            first, generation = await self._attempt(targets, url, info, opts, variant_names, layers)
            if first[0].error_cause != "harness":
                return first
            reason = first[0].artifacts["errors"]["harness"]
            discard_trace(first)
            await self.restart(generation, reason)
            again, _ = await self._attempt(targets, url, info, opts, variant_names, layers)
            for a, f in zip(again, first):
                a.retried = {"reason": reason, "first_duration_ms": f.duration_ms}
                a.artifacts["retried"] = a.retried
            return again

    def _unmeasured(self, target, url, info, why: str, session) -> Audit:
        """An ``error`` Audit of a target that was not loaded (its session could not be had): nothing measured."""
        artifacts = {"url": url, "target": target.info() if target is not None else info, "timings": {},
                     "errors": {"session": why[:500]}, "session": session.describe() if session else None}
        return Audit(target=target, url=url, artifacts=artifacts, screenshot=None, checks=[], score=scoring.unmeasured_score(),
                     started=time.strftime("%Y-%m-%dT%H:%M:%S%z"), duration_ms=0, error_cause="page")

    def _states(self, targets, run, artifacts) -> list[tuple[dict[str, Any], bytes | None, list]]:
        """(artifacts, screenshot, captures) per target: the load's own for a target without steps; for a journey
        each checkpoint's (:mod:`harness.gather.journey`), with its target's description, the values taken from
        the environment scrubbed; a checkpoint the load never came to (the page did not load, the budget ran out)
        gets the load's artifacts marked not reached."""
        cps = (run.checkpoints if run is not None else None) or []
        secrets = run.secrets if run is not None else {}
        out = []
        for i, t in enumerate(targets):
            if t is None or t.page.journey is None:
                shot = run.screenshot if run is not None else None
                out.append((journeys_mod.scrub(artifacts, secrets), shot, list(run.captures) if run is not None else []))
                continue
            if i < len(cps):
                a, shot, caps = cps[i]["artifacts"], cps[i]["screenshot"], cps[i].get("captures") or []
            else:
                a = {k: v for k, v in artifacts.items() if k != "journey"}
                a["journey"] = {"steps": t.page.journey.describe(), "checkpoint": t.checkpoint.id if t.checkpoint else None,
                                "index": i, "of": len(targets), "done": [], "reached": False,
                                "error": "not reached: " + (artifacts["errors"].get("budget") or
                                                            (artifacts.get("navigation") or {}).get("error") or
                                                            "the journey's page did not load")}
                shot, caps = None, []
            if "trace" in artifacts:  # the load's trace record as it ended (the snapshot was taken while recording)
                a["trace"] = dict(artifacts["trace"])
            a = journeys_mod.scrub(a, secrets)
            info = t.info()  # the checkpoint's own description, with the platform the load was made in
            a["target"] = {**info, "platform": (a.get("target") or {}).get("platform", info.get("platform"))}
            out.append((a, shot, caps))
        return out

    async def _attempt(self, targets, url, info, opts, variant_names, layers) -> tuple[list[Audit], int]:
        """One attempt at a load: the primary load (with a journey's steps and checkpoints) and its variant loads
        within one budget, then the checks of each target (one, or each checkpoint). Returns (audits, the
        generation of the browser used). A failure of the harness gives ``error`` Audits with ``error_cause``
        "harness" and no check results (what was gathered is kept in their artifacts)."""
        started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        t0 = time.monotonic()
        browser, generation = await self._browser()
        budget_ms = self.options.budget_ms * max(1, len(targets))
        deadline = t0 + budget_ms / 1000
        artifacts: dict[str, Any] = {"url": url, "target": info, "timings": {}, "errors": {}}
        session = targets[0].system.session if targets[0] is not None else None
        fault = None
        run = None
        states: list = []
        shots: list[dict[str, bytes]] = [{} for _ in targets]
        try:
            run = await self._load(browser, url, opts, info, deadline, budget_ms)
            artifacts = run.artifacts
            fault = harness_fault(artifacts)
            if not browser.is_connected():
                artifacts["errors"].setdefault("browser", "the browser disconnected during the load")
                fault = fault or "the browser disconnected during the load"
            states = self._states(targets, run, artifacts)
            if fault is None and (run.artifacts.get("navigation") or {}).get("committed"):
                fault = await self._variants(browser, url, info, opts, variant_names, deadline, [s[0] for s in states],
                                             shots, budget_ms)
            elif "budget" in artifacts["errors"]:  # the budget ran out before the page even committed
                for a, _, _ in states:
                    for name in sorted(variant_names):
                        a.setdefault("variants_not_made", {})[name] = f"target budget exhausted before the {name} load"
            if fault is None and (artifacts["errors"] or (artifacts.get("navigation") or {}).get("error")):
                fault = await self.healthy(browser)  # a page's error, or a driver that stopped answering?
                if fault is None and generation != self.generation:  # another target's failure restarted them
                    fault = "the driver and the browser were restarted during the load"
        except Exception as e:  # the harness's own code or the driver raised
            fault = f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}"[:500]
        duration = int((time.monotonic() - t0) * 1000)
        if not states:
            states = [(artifacts if i == 0 else {**artifacts, "target": t.info() if t else info}, None, []) for i, t in enumerate(targets)]
        if session is not None:
            for a, _, _ in states:
                a["session"] = session.describe()
        if fault is not None:
            out = []
            for (a, _, _), t in zip(states, targets):
                a.setdefault("errors", {})["harness"] = fault
                out.append(Audit(target=t, url=url, artifacts=a, screenshot=None, checks=[], score=scoring.unmeasured_score(),
                                 started=started, duration_ms=duration, error_cause="harness",
                                 trace=run.trace_path if run is not None else None))
            return out, generation
        out = []
        for (a, shot, caps), t, vshots in zip(states, targets, shots):
            if self.only_checks is not None:  # what this load gathered for (checks' messages say so)
                a["gathered_for"] = sorted(self.only_checks)
            t_check = time.monotonic()
            results, score = audit_artifacts(self.checklist, a, layers)  # one page: its checkpoints share its layers
            a.setdefault("timings", {})["check"] = int((time.monotonic() - t_check) * 1000)
            for c in caps:  # a journey's "screen capture" steps, stored beside the target's screenshot
                vshots[f"capture-{c['name']}"] = c["data"]
            out.append(Audit(target=t, url=url, artifacts=a, screenshot=shot, checks=results,
                             score=score, started=started, duration_ms=int((time.monotonic() - t0) * 1000),
                             variant_screenshots=vshots, error_cause="page" if score["verdict"] == "error" else None,
                             trace=run.trace_path if run is not None else None))
        return out, generation

    async def _variants(self, browser, url, info, opts, variant_names, deadline, states, shots, budget_ms) -> str | None:
        """The variant loads of a target in turn, within what is left of its budget (``deadline``); returns a
        harness fault seen in one of them, or None. A variant started too late to finish (less than
        VARIANT_MIN_MS left) is recorded under ``variants_not_made``; one the budget cut short under
        ``variant_errors`` (its artifacts, incomplete, under ``variants_incomplete``: no check judges them)."""
        for name in sorted(variant_names):
            v = variants_mod.VARIANTS[name]
            if not v.when(info):
                for artifacts in states:
                    artifacts.setdefault("variants_skipped", {})[name] = v.description or "does not apply to this target"
                continue
            if not v.enabled(opts):
                for artifacts in states:
                    artifacts.setdefault("variants_skipped", {})[name] = "turned off by this run's check parameters"
                continue
            if (deadline - time.monotonic()) * 1000 < VARIANT_MIN_MS:
                for artifacts in states:
                    artifacts.setdefault("variants_not_made", {})[name] = f"target budget exhausted before the {name} load"
                continue
            vopts = variants_mod.options_for(v, opts, info)
            limit = len(states)
            if vopts.journey is not None:
                # A replay never sends the application (payment, deletion) again: it stops before the first step
                # that submits; the checkpoints after it have no variant load.
                short, kept = journeys_mod.before_submitting(vopts.journey)
                if kept is not None:
                    step = next(st for st in vopts.journey.steps if journeys_mod.submits(st))
                    why = (f"not replayed past {step.describe()}: it submits, and the {name} load would send it again "
                           "(one submission per run, by the primary load)")
                    for artifacts in states[kept:]:
                        artifacts.setdefault("variants_not_made", {})[name] = why
                    limit = kept
                    if short is None:
                        continue
                    vopts = dataclasses.replace(vopts, journey=short)
            try:
                async with contextlib.AsyncExitStack() as stack:
                    if v.exclusive:  # waiting for the exclusive lock is part of the budget too
                        await asyncio.wait_for(self._exclusive.acquire(), max(0.0, deadline - time.monotonic()))
                        stack.callback(self._exclusive.release)
                    vrun = await self._load(browser, url, vopts, info, deadline, budget_ms)
            except asyncio.TimeoutError:
                for artifacts in states:
                    artifacts.setdefault("variants_not_made", {})[name] = f"target budget exhausted before the {name} load"
                continue
            except Exception as e:  # a variant's failure never loses the primary load
                for artifacts in states:
                    artifacts.setdefault("variant_errors", {})[name] = f"{type(e).__name__}: {e}"
                continue
            fault = harness_fault(vrun.artifacts)
            if fault is not None or not browser.is_connected():
                return f"variant {name}: {fault or 'the browser disconnected during the load'}"
            # A journey's variant load replays its steps: checkpoint i of the variant serves checkpoint i.
            per_state = ([(c["artifacts"], c["screenshot"]) for c in vrun.checkpoints] if vrun.checkpoints is not None
                         else [(vrun.artifacts, vrun.screenshot)])
            for i, artifacts in enumerate(states[:limit]):
                va, vshot = per_state[i] if i < len(per_state) else (None, None)
                if va is not None:
                    va = journeys_mod.scrub(va, vrun.secrets)
                if "budget" in vrun.artifacts["errors"] and (va is None or i == len(per_state) - 1):
                    artifacts.setdefault("variant_errors", {})[name] = f"target budget exhausted during the {name} load"
                    if va is not None:
                        artifacts.setdefault("variants_incomplete", {})[name] = va
                    continue
                if va is None or not (va.get("journey") or {"reached": True}).get("reached", True):
                    why = (va or {}).get("journey", {}).get("error") or "the checkpoint was not reached"
                    artifacts.setdefault("variant_errors", {})[name] = f"the {name} load did not reach this state: {why}"
                    continue
                artifacts.setdefault("variants", {})[name] = va
                if vshot:
                    shots[i][name] = vshot
        return None


def _kill_driver(cm) -> None:
    """Kill the Playwright driver process of the ``async_playwright()`` context manager ``cm`` (a driver that hung
    and does not stop). Uses Playwright's private attributes; does nothing when they are not there."""
    proc = getattr(getattr(getattr(cm, "_client", None), "_transport", None), "_proc", None)
    if proc is not None and proc.returncode is None:
        with contextlib.suppress(Exception):
            proc.kill()
