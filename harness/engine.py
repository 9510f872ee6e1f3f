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
from typing import Any

from . import checks as checks_mod
from . import scoring
from .browser import BrowserOptions, start as start_browser
from .checklist import Checklist
from .checks.privacy import redact
from .gather import STAGES, GatherOptions, gather, options_for_target
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
    """
    results = []
    for decl in checklist.checks:
        params = checklist.params_for(decl, *(layers or []))
        out = checks_mod.evaluate(decl, artifacts, params)
        d = {"id": decl.id, **_redacted(out.to_dict()), "params": params}
        results.append(d)
    score = scoring.score_target(checklist, results)
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


@dataclass
class AuditOptions:
    """Options of a live audit: the browser, the gather options, the time budget and concurrency."""

    browser: BrowserOptions = field(default_factory=BrowserOptions)
    gather: GatherOptions = field(default_factory=GatherOptions)
    budget_ms: int = 60000
    concurrency: int = 2
    platform: str | None = None  # --platform: the host platform of every target ("none": no host); None: the registry's


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
        active = [c.method for c in checklist.checks if c.mode != "manual" and c.method]
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
        check_params = {c.id: self.checklist.params_for(c, *layers) for c in self.checklist.checks if c.mode != "manual"}
        # Only the optional stages and variant loads that some check applying to this target needs (a website
        # needs no axe-core run, an unhosted page no elder-mode load).
        applicable = [c.method for c in self.checklist.checks if c.method and checks_mod.applicability(c, info) is None]
        need_stages, need_variants = checks_mod.needs(applicable)
        wanted = self.optional_stages & need_stages
        if stages is not None:
            wanted &= set(stages)
        variant_names = self.variants & need_variants
        if variants is not None:
            variant_names &= set(variants)
        opts = dataclasses.replace(base, optional_stages=set(base.optional_stages) | wanted,
                                   check_params={**check_params, **base.check_params})
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
