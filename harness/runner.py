"""The sweep: every selected department's targets audited, results written as each target finishes, reports
rendered per department as soon as its last target is done, and the index at the end.

:func:`prepare` validates all input (checklist, ``--set`` values, registry and its parameter blocks, device,
department names, output directory) before any browser starts, raising :class:`~harness.errors.HarnessError`
(exit status 2). :func:`execute` runs the sweep; one failing target or department never stops it.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import __version__
from . import checklist as checklist_mod
from . import devices as devices_mod
from . import platforms as platforms_mod
from . import registry as registry_mod
from . import scoring
from .browser import BrowserOptions
from . import engine as engine_mod
from .engine import Audit, AuditOptions, Auditor, default_concurrency  # noqa: F401 (default_concurrency: re-exported)
from .errors import OptionError, OutputError
from .paths import default_reports_dir
from .registry import Department, Registry, Target
from .results import ResultsStore, RunLock, department_record, file_digest, make_dirs, mixed, target_file, write_json


@dataclass
class RunConfig:
    """Everything a run is told. ``registry`` None means the embedded demo."""

    registry: str | None = None
    departments: list[str] = field(default_factory=list)
    device: str | None = None
    out: str | None = None
    checklist: str | None = None
    sets: list[str] = field(default_factory=list)
    chromium: str | None = None
    ws_endpoint: str | None = None
    cdp_endpoint: str | None = None
    concurrency: int | None = None
    lang: str = "zh"
    resume: str | None = None
    budget_ms: int | None = None
    save_artifacts: bool = True
    reports: bool = True
    platform: str | None = None  # host platform profile for every target (overrides the registry's); "none": no host
    discover: bool = False  # also audit what discovery finds in each system (harness.coverage): reported, not scored
    allow_link_local: bool = False  # registry URLs and outside-the-browser requests may be link-local (169.254/16, fe80::/10)
    trace: str = "retain-on-failure"  # Playwright traces: off | on | retain-on-failure (kept for failed and error targets)
    shard: str | None = None  # "I/N": only this deterministic share of the selected departments (harness.shards)
    shared: bool = False  # the run folder is shared by pytest-xdist workers of one session: their controller locks it
    decisions: str | None = None  # reviewer decisions folder (harness.decisions); None: <registry stem>.decisions beside the registry


@dataclass
class Plan:
    """A validated run: what will be audited, where results go, how the browser is reached."""

    config: RunConfig
    checklist: checklist_mod.Checklist
    registry: Registry
    departments: list[Department]
    device: dict[str, Any]
    out_dir: Path
    store: ResultsStore
    run_record: dict[str, Any]
    demo: Any = None
    lock: Any = None  # harness.results.RunLock held on the run folder while this plan writes it

    @property
    def targets(self) -> list[Target]:
        return [t for d in self.departments for t in d.targets()]


def _validate_registry_params(checklist, registry: Registry) -> None:
    path = registry.path
    checklist.validate_entry_params(registry.params, path, "$")
    for d in registry.departments:
        where = f"$.departments[{d.index}]"
        checklist.validate_entry_params(d.params, path, where)
        for j, s in enumerate(d.systems):
            checklist.validate_entry_params(s.params, path, f"{where}.systems[{j}]")
            for k, p in enumerate(s.pages):
                checklist.validate_entry_params(p.params, path, f"{where}.systems[{j}].pages[{k}]")


def prepare(config: RunConfig) -> Plan:
    """Validate ``config`` and everything it names; start the demo server when the registry is the demo.

    Raises:
        SpecError / OptionError: bad checklist, registry, ``--set``, device, department or output directory.
    """
    if config.resume:
        config = _resumed_config(config)
    cl = checklist_mod.load(config.checklist)
    cl.set_overrides(config.sets)
    device = devices_mod.get(config.device)
    # Every audit option (budget, concurrency, platform …) validated now, before any server or browser starts.
    audit_options_of(config, cl, device)
    if config.lang not in ("zh", "en"):
        raise OptionError(f"--lang must be zh or en, not {config.lang!r}")
    demo = None
    if config.registry:
        reg = registry_mod.load(config.registry, allow_link_local=config.allow_link_local)
    else:
        from . import demo as demo_mod

        demo_mod.load_registry()  # validate the demo registry (placeholder URLs) before starting its server
        demo = demo_mod.DemoServer().start()
        reg = demo_mod.load_registry(demo)
    try:
        _validate_registry_params(cl, reg)
        platforms_mod.validate_registry(reg)
        deps = reg.select(config.departments)
        run_id = time.strftime("%Y%m%d-%H%M%S")
        out = Path(config.resume or config.out or default_reports_dir() / f"run-{run_id}")
        if config.shard:
            from . import shards

            # Balanced by the previous run of this registry beside the run folder (its departments' durations).
            deps = shards.share(deps, config.shard, out.resolve().parent, reg.id)
        if out.exists() and not out.is_dir():
            raise OptionError(f"--out {out}: exists and is not a directory")
        try:
            make_dirs(out)
        except OSError as e:
            raise OptionError(f"--out {out}: cannot create the run folder ({e.strerror or e})") from None
        # A second run into the same folder is refused (exit status 2); xdist workers write into their controller's.
        lock = None if config.shared else RunLock.acquire(out)
    except Exception:
        if demo:
            demo.stop()
        raise
    record = {
        "id": out.name,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "harness_version": __version__,
        "checklist": {"id": cl.id, "version": cl.version, "path": cl.path, "sha256": file_digest(cl.path)},
        "registry": {"id": reg.id, "title": reg.title, "path": "(embedded demo)" if demo else str(Path(reg.path).resolve()),
                     "sha256": None if demo else file_digest(reg.path)},
        "device": device,
        "lang": config.lang,
        "overrides": cl.overrides,
        # Paths as absolute ones: `--resume` reads them back from anywhere (and never relative ones).
        "config": {**asdict(config), **{k: str(Path(v).resolve()) for k in ("registry", "checklist", "history")
                                        if isinstance(v := getattr(config, k, None), str)}},
    }
    if config.resume and (out / "run.json").exists():
        old = json.loads((out / "run.json").read_text(encoding="utf-8"))
        record["started"] = old.get("started", record["started"])
        record["id"] = old.get("id", record["id"])
        record["resumed"] = old.get("resumed", 0) + 1
        differ = mixed([old, record])
        if differ:  # finished targets were measured under the old rules: resuming under others would mix them
            lock.release()
            if demo:
                demo.stop()
            raise OptionError(f"--resume {out}: this run was made with another {', '.join(differ)}; resume it with the "
                              "same options, or start a new run (--out)")
    return Plan(config=config, checklist=cl, registry=reg, departments=deps, device=device, out_dir=out,
                store=ResultsStore(out), run_record=record, demo=demo, lock=lock)


def _resumed_config(config: RunConfig) -> RunConfig:
    """The configuration of the run being resumed (from its run.json); options given now take precedence."""
    path = Path(config.resume) / "run.json"
    if not path.exists():
        raise OptionError(f"--resume {config.resume}: no run.json there (not a run directory)")
    try:
        old = json.loads(path.read_text(encoding="utf-8"))["config"]
    except Exception as e:
        raise OptionError(f"--resume {config.resume}: unreadable run.json ({e})") from None
    if not isinstance(old, dict):
        raise OptionError(f"--resume {config.resume}: run.json has no config object")
    merged = RunConfig(**{k: v for k, v in old.items() if k in RunConfig.__dataclass_fields__})
    # A run folder is data, never configuration: what it names as the browser (an executable, endpoints) is never
    # used; the registry and checklist it names are used only from absolute paths, and said.
    for k in ("chromium", "ws_endpoint", "cdp_endpoint"):
        if getattr(merged, k):
            print(f"resume: run.json names {k} {getattr(merged, k)!r}: not used (give --{k.replace('_', '-')} to use one)",
                  file=sys.stderr)
            setattr(merged, k, None)
    for k in ("registry", "checklist"):
        v = getattr(merged, k)
        if v is not None and getattr(config, k) is None:
            if not isinstance(v, str) or not Path(v).is_absolute():
                raise OptionError(f"--resume {config.resume}: run.json names {k} {v!r}, not an absolute path: give --{k}")
            print(f"resume: {k} {v} (named by {path})", file=sys.stderr)
    for k, v in asdict(config).items():
        if v not in (None, [], "zh", True, False) and k != "resume":
            setattr(merged, k, v)
    merged.resume = config.resume
    return merged


def _target_result(store: ResultsStore, dep: Department, a: Audit, trace_mode: str = "off") -> dict[str, Any]:
    t = a.target
    shot_rel = art_rel = trace_rel = None
    if a.trace and engine_mod.keeps_trace(trace_mode, a.score):
        try:
            trace_rel = store.rel(store.save_trace(dep.folder, target_file(t.id), a.trace))
        except OSError:
            pass
    if a.screenshot:
        shot = a.screenshot
        meta = (a.artifacts or {}).get("screenshot")
        if meta:  # sized for reading, personal data found on screen pixelated (as the results mask it)
            from .report.annotate import FORM_STORE_SCALE, STORE_SCALE, prepare_screenshot

            vp = ((a.artifacts or {}).get("device") or {}).get("viewport") or {}
            at_most = FORM_STORE_SCALE if ((a.artifacts or {}).get("target") or {}).get("role") == "form" else STORE_SCALE
            try:
                shot, a.artifacts["screenshot"] = prepare_screenshot(shot, meta, a.checks, int(vp.get("width") or 0), at_most=at_most)
            except Exception:  # never lose the screenshot over its preparation
                pass
        shot_rel = store.rel(store.save_asset(dep.folder, f"{target_file(t.id)}.jpg", shot))
    variant_shots = {}
    for name, data in (a.variant_screenshots or {}).items():
        vart = ((a.artifacts or {}).get("variants") or {}).get(name) or {}
        if vart.get("screenshot"):  # sized for reading like the primary screenshot
            from .report.annotate import prepare_screenshot

            try:
                vvp = (vart.get("device") or {}).get("viewport") or {}
                data, vart["screenshot"] = prepare_screenshot(data, vart["screenshot"], [], int(vvp.get("width") or 0))
            except Exception:
                pass
        variant_shots[name] = store.rel(store.save_asset(dep.folder, f"{target_file(t.id)}--{name}.jpg", data))
    art = a.artifacts
    if art is not None:
        art_rel = store.rel(store.save_artifacts(dep.folder, t.id, art))
    nav = art.get("navigation") or {}
    dom = art.get("dom") or {}
    timings = {k: int(v) for k, v in (art.get("timings") or {}).items()}
    return {
        "id": t.id, "system": t.system.id, "system_name": t.system.name, "page": t.page.name or t.page.id,
        **_checkpoint(t),
        "url": t.url, "final_url": (art.get("journey") or {}).get("url") or nav.get("final_url"), "title": dom.get("title"),
        "status": "error" if a.score["verdict"] == "error" else "done", "error": a.error, "error_cause": a.error_cause,
        "retried": a.retried,
        "started": a.started, "duration_ms": a.duration_ms, "timings": timings,
        "errors": {k: str(v) for k, v in (art.get("errors") or {}).items()},
        "screenshot": shot_rel, "artifacts": art_rel, "variant_screenshots": variant_shots, "trace": trace_rel,
        **scoring.target_fields(a.score), "platform": (art.get("target") or {}).get("platform"), "checks": a.checks,
        "reach": a.score.get("reach"),
    }


def department_results(plan: Plan, dep: Department, targets: dict[str, dict],
                       discovered: dict[str, dict] | None = None, discoveries: dict[str, dict] | None = None) -> dict[str, Any]:
    """Assemble a department's results file from its finished targets (kept in registry order).

    ``discovered`` (results of pages discovery found that the registry does not list, by target id) and
    ``discoveries`` (each system's discovery in JSON form, or {"error"}, by system id) come from
    ``harness run --discover``: the first are written as ``discovered`` apart from ``targets`` and never
    scored; ``coverage`` (:mod:`harness.coverage`) is written either way, per system."""
    ordered = [targets[t.id] for t in dep.targets() if t.id in targets]
    found = list((discovered or {}).values())
    run = {k: plan.run_record[k] for k in ("id", "started", "harness_version", "checklist", "registry", "device", "lang", "overrides",
                                           "browser") if k in plan.run_record}
    from . import lint as lint_mod

    data = {
        "schema": "harness-results/1",
        "run": run,
        "department": {**department_record(dep), "lint": lint_mod.for_department(plan.registry, dep)},
        "targets": ordered,
        "summary": scoring.score_department(plan.checklist, ordered, expected=len(dep.targets())),
        "coverage": _coverage(dep, targets, found, discoveries),
        **({"discovered": found} if discoveries is not None else {}),
    }
    from . import decisions as decisions_mod  # reviewers' decisions turn outcomes before scoring (checked by the CLI)

    if decisions_mod.apply_dir(plan.checklist, data, plan.config.decisions or decisions_mod.default_dir(plan.config.registry)):
        from . import coverage as coverage_mod

        coverage_mod.refresh(data["coverage"], data["targets"], found)  # the verdicts the decisions made
    return data


def _coverage(dep: Department, targets: dict[str, dict], found: list[dict], discoveries: dict[str, dict] | None) -> list[dict]:
    from . import coverage as coverage_mod

    out = []
    all_targets = dep.targets()
    for s in dep.systems:
        registered = [{"id": t.id, "label": t.label} for t in all_targets if t.system is s]
        out.append(coverage_mod.system_coverage({"id": s.id, "name": s.name}, registered, targets,
                                                (discoveries or {}).get(s.id) if discoveries is not None else None,
                                                [r for r in found if r.get("system") == s.id]))
    return out


def audit_options_of(config: RunConfig, checklist: checklist_mod.Checklist, device: dict[str, Any],
                     extra_browser_args: list[str] | tuple[str, ...] = ()) -> AuditOptions:
    """:func:`harness.engine.audit_options` for a :class:`RunConfig` (its Chromium or endpoint, ``--budget-ms``,
    ``--concurrency``, ``--platform``) with ``checklist`` and the resolved ``device`` descriptor.

    Raises:
        OptionError / SpecError: as :func:`harness.engine.audit_options`.
    """
    browser = BrowserOptions(chromium=config.chromium, ws_endpoint=config.ws_endpoint, cdp_endpoint=config.cdp_endpoint)
    return engine_mod.audit_options(checklist, device=device, browser=browser, extra_browser_args=extra_browser_args,
                                    budget_ms=config.budget_ms, concurrency=config.concurrency, platform=config.platform,
                                    allow_link_local=config.allow_link_local, trace=config.trace)


def audit_options(plan: Plan) -> AuditOptions:
    """Browser, gather and budget options of a plan: :func:`audit_options_of` its config, checklist and device,
    with the demo server's certificate trusted when the registry is the demo. (Validated already by
    :func:`prepare`; used by :class:`Sweep`, hence by ``harness run`` and the pytest plugin.)"""
    extra = plan.demo.chromium_args() if plan.demo else ()
    return audit_options_of(plan.config, plan.checklist, plan.device, extra)


class Sweep:
    """Audits the departments of a plan with one :class:`Auditor`, writing results as each target finishes and
    each department's report as soon as its last target is done. Used by :func:`execute` (all departments at
    once) and by the pytest plugin (one department at a time, on demand)."""

    def __init__(self, plan: Plan, progress: Callable[[str], None] | None = None):
        self.plan = plan
        self.say = progress or (lambda s: None)
        self.store = plan.store
        self.auditor: Auditor | None = None
        resume = bool(plan.config.resume)
        self.done: dict[str, dict[str, dict]] = {}
        self.redo = 0  # targets of the resumed run whose error was the harness's: audited again
        for d in plan.departments:
            kept = self.store.finished_targets(d.folder) if resume else {}
            self.done[d.folder] = {i: t for i, t in kept.items() if not harness_failed(t)}
            self.redo += len(kept) - len(self.done[d.folder])
        self.total = sum(len(g) for d in plan.departments
                         for g in load_groups(d, [t for t in d.targets() if t.id not in self.done[d.folder]]))
        self.finished = 0
        self.failed_departments: dict[str, str] = {}  # folder -> why its results or report could not be completed
        discover = bool(plan.config.discover)
        #: ``--discover``: per department folder, each system's discovery (JSON form or {"error"}) by system id,
        #: and the results of the discovered pages audited, by target id. None without ``--discover``.
        self.discoveries: dict[str, dict[str, dict]] | None = {d.folder: {} for d in plan.departments} if discover else None
        self.discovered: dict[str, dict[str, dict]] = {d.folder: {} for d in plan.departments}
        self._dep_tasks: dict[str, asyncio.Task] = {}
        self._target_events: dict[tuple[str, str], asyncio.Event] = {}  # set as each target finishes (target_done)
        self.unwritten: list[str] = []  # outputs that could not be written (a full disk …): "path: why"

    async def __aenter__(self) -> "Sweep":
        write_json(self.plan.out_dir / "run.json", {**self.plan.run_record, "departments": [d.folder for d in self.plan.departments]})
        skipped = sum(len(v) for v in self.done.values())
        if skipped or self.redo:
            again = f" ({self.redo} again: their error was the harness's)" if self.redo else ""
            self.say(f"resuming: {skipped} target(s) already measured, {self.total} to go{again}")
        if self.total or self.discoveries is not None:
            opts = audit_options(self.plan)
            self.auditor = await Auditor(self.plan.checklist, opts, self.plan.registry).__aenter__()
            # Which Chromium measured this run (the default depends on what is installed): in the run record.
            browser = self.auditor.browser
            self.plan.run_record["browser"] = {**opts.browser.describe(), "version": browser.version if browser else None}
            write_json(self.plan.out_dir / "run.json", {**self.plan.run_record, "departments": [d.folder for d in self.plan.departments]})
        return self

    async def __aexit__(self, *exc) -> None:
        if self.auditor is not None:
            await self.auditor.__aexit__(*exc)
            self.auditor = None

    def _write(self, dep: Department, validate: bool = False) -> dict[str, Any]:
        data = department_results(self.plan, dep, self.done[dep.folder], self.discovered[dep.folder],
                                  None if self.discoveries is None else self.discoveries[dep.folder])
        self.store.write_department(data, validate=validate)
        return data

    def _render(self, dep: Department, data: dict[str, Any]) -> None:
        from . import report

        if self.plan.config.reports:
            try:
                report.render_department(self.plan.out_dir, data, self.plan.checklist, lang=self.plan.config.lang)
            except OSError as e:  # no room, no permission: said at the end, the results stay
                self.unwritten.append(_os_error(e))
                self.say(f"  report of {dep.display_name} could not be written: {_os_error(e)}")
            except Exception as e:  # a report failure never loses results
                self.say(f"  report of {dep.display_name} failed: {type(e).__name__}: {e}")

    async def _one(self, dep: Department, targets: list[Target], found: dict[str, Any] | None = None) -> None:
        """Audit one load's targets: a page, or the checkpoints of a journey (one load for all of them). ``found``:
        how discovery found the page (a discovered target, kept apart: :meth:`_finish`)."""
        try:
            gather = None
            if targets[0].system.device:  # the system's own device (a PC 网上办事系统: pc-1366) for its loads
                from dataclasses import replace

                gather = replace(self.auditor.options.gather, device=devices_mod.get(targets[0].system.device))
            if targets[0].page.journey is not None:
                audits = await self.auditor.audit_journey(targets, gather_options=gather)
            else:
                audits = [await self.auditor.audit(targets[0], gather_options=gather)]
        except Exception as e:  # the harness itself failed on these targets: record it, go on
            audits = None
            for t in targets:
                self._finish(dep, t, _error_result(t, f"{type(e).__name__}: {e}"), found)
        for t, a in zip(targets, audits or []):
            try:
                # Saving artifacts and screenshots is CPU work: off the event loop, so other pages keep loading.
                result = await asyncio.to_thread(_target_result, self.store, dep, a, self.plan.config.trace)
            except Exception as e:
                result = _error_result(t, f"{type(e).__name__}: {e}")
            self._finish(dep, t, result, found)
        engine_mod.discard_trace(audits or [])  # the temporary trace of the load, kept where wanted by now

    def _finish(self, dep: Department, t: Target, result: dict[str, Any], found: dict[str, Any] | None = None) -> None:
        if found is not None:  # a discovered page: kept apart, never scored (harness.coverage)
            result = {**result, "origin": "discovered", "found": found}
            self.discovered[dep.folder][t.id] = result
        else:
            self.done[dep.folder][t.id] = result
            ev = self._target_events.get((dep.folder, t.id))
            if ev is not None:
                ev.set()
        try:
            self._write(dep)
        except Exception as e:  # the department's results could not be written: said at its end, the run goes on
            if isinstance(e, OSError):
                self.unwritten.append(_os_error(e))
            self.say(f"  results of {dep.display_name} could not be written: {type(e).__name__}: {e}")
        self.finished += 1
        why = ""
        if result.get("error_cause") == "harness":
            why = " [harness error: audited again by --resume]"
        elif result.get("retried"):
            why = f" [retried in a fresh browser: {result['retried']['reason'][:120]}]"
        tag = " [discovered, not scored]" if found is not None else ""
        self.say(f"[{self.finished}/{self.total}] {dep.display_name} · {t.label}{tag}: {scoring.verdict_line(result)} "
                 f"({result['duration_ms'] / 1000:.1f} s){why}")

    async def department(self, dep: Department, only: set[str] | None = None) -> dict[str, Any] | None:
        """Audit the department's unfinished targets (concurrently, bounded by the auditor), write its results
        and report; return its results, or None when the department failed as a whole (reported, see
        :meth:`_department`). Awaiting the same department twice audits it once. ``only`` (target ids) limits
        the audit to those targets and the journeys they belong to (the pytest suite's selection); the others
        stay unmeasured, so the department's verdict says it is incomplete."""
        task = self._dep_tasks.get(dep.folder)
        if task is None:
            task = self._dep_tasks[dep.folder] = asyncio.ensure_future(self._department(dep, only))
        return await task

    async def target_done(self, dep: Department, target_id: str) -> dict[str, Any] | None:
        """Wait until target ``target_id`` of ``dep`` has its result (or the department's audit has ended) and
        return the result, or None. Starts nothing: the department's audit must be under way
        (:meth:`department`)."""
        task = self._dep_tasks.get(dep.folder)
        while target_id not in self.done[dep.folder] and task is not None and not task.done():
            ev = self._target_events.setdefault((dep.folder, target_id), asyncio.Event())
            waiter = asyncio.ensure_future(ev.wait())
            await asyncio.wait({waiter, task}, return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
        return self.done[dep.folder].get(target_id)

    async def _department(self, dep: Department, only: set[str] | None = None) -> dict[str, Any] | None:
        """The department's audit; never raises for a fault of the department's own (an entry of the registry
        found bad late, results that fail the results schema): it is reported (progress line, ``run.json``'s
        ``failed_departments``), its results are still written unvalidated when they can be, and None is
        returned, so that the other departments go on."""
        try:
            pending = [t for t in dep.targets() if t.id not in self.done[dep.folder] and (only is None or t.id in only)]
            if pending:
                await asyncio.gather(*(self._one(dep, group) for group in load_groups(dep, pending)))
            if self.discoveries is not None:
                await self._discover(dep)
            data = self._write(dep, validate=True)
        except Exception as e:
            msg = f"{type(e).__name__}: {e}"[:1000]
            if isinstance(e, OSError):
                self.unwritten.append(_os_error(e))
            self.failed_departments[dep.folder] = msg
            self.say(f"  {dep.display_name} failed: {msg}")
            try:  # keep what was measured, even if it does not validate
                self._write(dep, validate=False)
            except Exception:
                pass
            return None
        await asyncio.to_thread(self._render, dep, data)
        return data

    async def _discover(self, dep: Department) -> None:
        """``--discover``: explore each of the department's systems from its entry (in its session), after its
        registered pages are audited, and audit the pages found that no registered page names (:mod:`harness.coverage`).
        A system whose discovery fails is recorded with its error; the others go on. Websites (the department's
        portal) are not explored: discovery is for the mobile service's own pages."""
        from . import coverage as coverage_mod
        from . import discover as discover_mod
        from . import journeys as journeys_mod

        found_targets: list[tuple[Target, dict[str, Any]]] = []
        for s in dep.systems:
            entry = s.entry or next((p.url for p in s.pages), None)
            if s.kind == "website" or not entry:
                continue
            self.say(f"  discovering {dep.display_name} · {s.name} from {entry}")
            try:
                disc = await self._discover_system(dep, s, entry, discover_mod)
            except Exception as e:  # a discovery that fails is reported; the run goes on
                self.discoveries[dep.folder][s.id] = {"error": f"{type(e).__name__}: {e}"[:500], "entry": entry, "pages": []}
                self.say(f"  discovery of {s.name} failed: {type(e).__name__}: {e}"[:300])
                continue
            self.discoveries[dep.folder][s.id] = disc
            known = coverage_mod.registered_places(s.id, [p.url for p in s.pages],
                                                   [r for r in self.done[dep.folder].values()])
            taken = {p.id for p in s.pages}
            for i, page in enumerate(coverage_mod.unregistered(disc.get("pages") or [], known)):
                pid = coverage_mod.found_id(page.get("id") or f"p{i + 1}", taken)
                journey = None
                if page.get("steps"):
                    try:
                        journey = journeys_mod.parse(page["steps"], f"discovery of {s.id}", f"$.pages[{i}].steps")
                    except Exception as e:
                        disc.setdefault("not_followed", []).append({"url": page.get("url"), "reason": f"steps unusable: {e}"[:300]})
                        continue
                pg = registry_mod.Page(id=pid, url=page["url"], name=page.get("name") or pid, role=page.get("role") or "other",
                                       journey=journey, origin="discovered")
                found = {k: page.get(k) for k in ("id", "name", "how", "depth", "from_url", "steps", "role")}
                found_targets.append((Target(dep, s, pg), found))
        self.total += len(found_targets)
        await asyncio.gather(*(self._one(dep, [t], f) for t, f in found_targets))

    async def _discover_system(self, dep: Department, s, entry: str, discover_mod) -> dict[str, Any]:
        """One system's discovery, in its session (logged in once for the run, shared with its targets)."""
        browser, _ = await self.auditor._browser()
        base = self.auditor.options.gather
        info = {"url": entry, "system": s.name, "platform": s.platform or dep.platform}
        session_fields: dict[str, Any] = {}
        if s.session is not None:
            session_fields = await self.auditor.sessions.options(s.session, browser, base, info)
        platform = self.plan.config.platform or s.platform or dep.platform or self.plan.registry.platform
        disc = await discover_mod.discover(browser, entry, base, policy=self.plan.checklist.discovery,
                                           platform=None if platform == "none" else platform, **session_fields)
        return disc.to_json()

    async def all(self) -> list[dict[str, Any]]:
        """Audit every department of the plan; render the index; return the results in plan order (None for a
        department that failed as a whole: see :attr:`failed_departments`)."""
        from . import report

        results = await asyncio.gather(*(self.department(d) for d in self.plan.departments))
        record = {**self.plan.run_record, "departments": [d.folder for d in self.plan.departments],
                  "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        if self.failed_departments:
            record["failed_departments"] = dict(self.failed_departments)
        if self.auditor is not None and (self.auditor.restarts or self.auditor.relaunches):
            record["browser_restarts"] = {"restarts": self.auditor.restarts, "relaunches": self.auditor.relaunches,
                                          "reasons": self.auditor.restart_reasons[-20:]}
        try:
            write_json(self.plan.out_dir / "run.json", record)
            if self.plan.config.reports:
                report.render_index(self.plan.out_dir, list(results), self.plan.checklist, self.plan.registry, lang=self.plan.config.lang)
        except OSError as e:
            self.unwritten.append(_os_error(e))
        if self.unwritten:
            raise OutputError(f"{len(self.unwritten)} output(s) could not be written (first: {self.unwritten[0]}); what was "
                              f"measured is kept: make room, then `harness run --resume {self.plan.out_dir}` finishes the run")
        return list(results)


async def execute(plan: Plan, progress: Callable[[str], None] | None = None) -> list[dict[str, Any]]:
    """Run the sweep of ``plan``; return the department results (as written). Writes run.json, results,
    artifacts, screenshots and (unless disabled) HTML reports under ``plan.out_dir``."""
    async with Sweep(plan, progress) as sweep:
        return await sweep.all()


def _os_error(e: OSError) -> str:
    """``path: reason`` of an OSError (one line)."""
    return f"{e.filename or '?'}: {e.strerror or e}"


def load_groups(dep: Department, pending: list[Target]) -> list[list[Target]]:
    """The loads that audit ``pending`` targets of ``dep``: one per page without steps; one per journey, with all
    of its checkpoints (in order) when any of them is pending (a journey is never resumed half-way)."""
    groups: dict[str, list[Target]] = {}
    order: list[str] = []
    wanted = {t.id for t in pending}
    for t in dep.targets():
        key = t.journey_id if t.page.journey is not None else t.id
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(t)
    return [groups[k] for k in order if any(t.id in wanted for t in groups[k])]


def harness_failed(result: dict[str, Any]) -> bool:
    """Whether a saved target result is an error of the harness's own (driver, browser, protocol, the harness's
    code), not of the page: ``--resume`` audits such a target again. Results written before ``error_cause``
    existed count when their ``errors`` name the harness."""
    if result.get("status") != "error":
        return False
    cause = result.get("error_cause")
    return cause == "harness" or (cause is None and "harness" in (result.get("errors") or {}))


def _checkpoint(t: Target) -> dict[str, Any]:
    """The ``checkpoint`` field of a journey checkpoint's result ({"id", "name"}); nothing for another target."""
    cp = getattr(t, "checkpoint", None)
    return {"checkpoint": {"id": cp.id, "name": cp.name or cp.id}} if cp is not None else {}


def _error_result(t: Target, message: str) -> dict[str, Any]:
    return {"id": t.id, "system": t.system.id, "system_name": t.system.name, "page": t.page.name or t.page.id, **_checkpoint(t),
            "url": t.url, "final_url": None, "title": None, "status": "error", "error": message[:500],
            "error_cause": "harness", "retried": None,
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "duration_ms": 0, "timings": {}, "errors": {"harness": message[:500]},
            "screenshot": None, "artifacts": None, **scoring.target_fields(scoring.unmeasured_score()), "checks": []}


def run(config: RunConfig, progress: Callable[[str], None] | None = print) -> tuple[Plan, list[dict[str, Any]]]:
    """Prepare and execute a run synchronously; stops the demo server afterwards. Returns (plan, results)."""
    plan = prepare(config)
    try:
        results = asyncio.run(execute(plan, progress))
    finally:
        if plan.demo:
            plan.demo.stop()
        if plan.lock is not None:
            plan.lock.release()
    _link_latest(plan.out_dir)
    return plan, results


def _link_latest(out: Path) -> None:
    """Point ``<reports>/latest`` at the run directory when it lives directly in the default reports folder
    (:func:`harness.paths.default_reports_dir`), replacing only a link the harness made (a relative link to a
    run folder beside it, one name with a ``run.json``): nothing is created beside any other ``--out``, and a
    ``latest`` file, folder or other link is left alone."""
    try:
        parent = out.resolve().parent
        if parent != Path(default_reports_dir()).resolve():
            return
        link = parent / "latest"
        if link.is_symlink():
            target = os.readlink(link)
            if "/" in target or os.sep in target or not (parent / target / "run.json").is_file():
                return  # not a link the harness made
            link.unlink()
        elif link.exists():
            return
        link.symlink_to(out.resolve().name, target_is_directory=True)
    except OSError:
        pass
