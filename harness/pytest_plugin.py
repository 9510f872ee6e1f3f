"""pytest plugin (registered through the ``pytest11`` entry point): options, fixtures and the conformance items.

``pytest suites/ [--registry FILE] [--department NAME] [--device NAME] [--set CHECK.PARAM=VALUE]`` collects one
test item per (department, target, check) and one per (department, target) for the target's verdict. A department's pages are loaded once, when its first item runs, by
the same engine as ``harness run`` (running in a thread of its own with its own event loop, so that it never
meets another plugin's loop); its results JSON and HTML report are written as it finishes, and the index at the
end of the session. With pytest-xdist, ``-n N --dist loadgroup`` keeps each department on one worker; workers
write into the same run directory and the controller renders the index, so no result is lost.

Outcome mapping: ``passed`` → pass; ``failed`` → failure (message, evidence, and in pytest-html the annotated
screenshot); ``cantTell``, ``inapplicable``, ``untested`` (manual) → skipped with the reason; ``error`` (the
harness could not measure) → a pytest *error* raised in the fixture. A target's verdict item: ``pass`` (合格) →
pass; ``fail-score`` and ``fail-veto`` → failure; ``incomplete`` (待复核: a veto unmeasured, too few checks measured)
and ``error`` → a pytest *error*, never a pass; its message is :func:`harness.scoring.verdict_line`, the words
``harness run`` and ``harness audit`` print for the same page, and its JUnit properties carry the verdict, score
and counts. The terminal summary ends with one such line per department and per target that is not 合格.

Options are ``--harness-…`` (``--harness-registry``, ``--harness-department``, ``--harness-device``, ``--harness-set`` …;
the former ``--registry`` … still work for one release, with a deprecation notice), so the plugin loads beside
pytest-playwright, a dependency, whose options (``--device``, ``--browser-channel``, ``--headed``, ``--slowmo``,
``--tracing``, ``--video``, ``--screenshot``, ``--output``) and fixtures the suite builds on rather than twinning them.
Fixtures for users' own Playwright tests: pytest-playwright's ``browser_type_launch_args`` and ``browser_context_args``
with the harness's defaults under them (:mod:`harness.pytest_layer`: Debian's Chromium, the device descriptor, zh-CN,
Asia/Shanghai) → its ``browser`` (also ``harness_browser``) → ``harness_context`` (pytest-playwright's
``new_context``, so its traces, videos and screenshots apply) → ``harness_page`` (sync API, a fresh context per
test; ``@pytest.mark.harness_system("ID")`` puts it in the session the registry declares for that system, logged in
once per system with the conformance items); pytest-playwright's own ``page`` and ``context`` get the same defaults.
Journeys need nothing more: each checkpoint of a page with steps is a target of its own, with its items.
"""

from __future__ import annotations

import asyncio
import base64
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from .errors import HarnessError

_KEY = pytest.StashKey[dict]()


#: The suite's options: (name, former name or None, argparse keywords). Every option is ``--harness-…``, so that
#: none can collide with another plugin's (pytest-playwright owns ``--device``, ``--browser``, ``--output`` …); the
#: former names still work for one release, with a deprecation notice.
OPTIONS: list[tuple[str, str | None, dict[str, Any]]] = [
    ("--harness-registry", "--registry", dict(dest="registry", metavar="FILE", help="registry JSON (default: the embedded demo)")),
    ("--harness-department", "--department", dict(dest="harness_departments", action="append", default=[], metavar="NAME",
                                                  help="only this department (repeatable)")),
    ("--harness-device", None, dict(dest="harness_device", metavar="NAME",
                                    help="device descriptor of the audits and of harness_page (default mobile-375; see `harness devices`); "
                                         "without it, pytest-playwright's --device is used when given")),
    ("--harness-checklist", "--checklist", dict(dest="harness_checklist", metavar="FILE", help="checklist JSON")),
    ("--harness-set", "--set", dict(dest="harness_sets", action="append", default=[], metavar="CHECK.PARAM=VALUE",
                                    help="override a check parameter, e.g. EL-05.min_size=48")),
    ("--harness-chromium", "--chromium", dict(dest="harness_chromium", metavar="PATH",
                                              help="Chromium executable (default $HARNESS_CHROMIUM, else /usr/bin/chromium-headless-shell when "
                                                   "installed, else /usr/bin/chromium); also what pytest-playwright's browser launches unless "
                                                   "--browser-channel is given")),
    ("--harness-browser-ws-endpoint", "--browser-ws-endpoint", dict(dest="harness_ws", metavar="URL", help="remote Playwright browser server")),
    ("--harness-cdp-endpoint", "--cdp-endpoint", dict(dest="harness_cdp", metavar="URL", help="running Chromium's DevTools endpoint")),
    ("--harness-concurrency", "--concurrency", dict(dest="harness_concurrency", type=int, metavar="N", help="targets loaded at once")),
    ("--harness-budget-ms", "--budget-ms", dict(dest="harness_budget_ms", type=int, metavar="MS",
                                                help="time budget per target in ms (default from the checklist)")),
    ("--harness-out", None, dict(dest="harness_out", metavar="DIR", help="run directory for results and reports (default reports/pytest-TIMESTAMP)")),
    ("--harness-lang", "--lang", dict(dest="harness_lang", choices=["zh", "en"], default="zh", help="report language")),
    ("--harness-platform", "--platform", dict(dest="harness_platform", metavar="NAME",
                                              help="host platform profile (specs/platforms/NAME.json) of every target, overriding the "
                                                   "registry's; 'none' for no host")),
]


def pytest_addoption(parser: pytest.Parser) -> None:
    g = parser.getgroup("harness", "government mobile service conformance harness")
    for name, old, kw in OPTIONS:
        g.addoption(*([name, old] if old else [name]), **kw)


def _deprecated_spellings(config: pytest.Config) -> list[tuple[str, str]]:
    """(former name, new name) of each deprecated option spelling on the command line."""
    args = [str(a) for a in config.invocation_params.args]
    used = []
    for name, old, _ in OPTIONS:
        if old and any(a == old or a.startswith(old + "=") for a in args):
            used.append((old, name))
    return used


def device_name(config: pytest.Config) -> str | None:
    """The device of the audits and of ``harness_page``: ``--harness-device``, else pytest-playwright's
    ``--device`` (a Playwright device name, which :func:`harness.devices.get` accepts), else None (the default)."""
    return config.option.harness_device or getattr(config.option, "device", None)


def _config(config: pytest.Config):
    from .runner import RunConfig

    o = config.option
    out = None
    if hasattr(config, "workerinput"):
        out = config.workerinput.get("harness_out")
    out = out or config.stash[_KEY].get("out")
    args = [str(a) for a in config.invocation_params.args]
    # pytest-playwright's --tracing, when given, for the audited loads too; else the harness's default.
    trace = getattr(o, "tracing", None) if any(a == "--tracing" or a.startswith("--tracing=") for a in args) else "retain-on-failure"
    return RunConfig(registry=o.registry, departments=o.harness_departments, device=device_name(config), out=out, trace=trace,
                     shared=hasattr(config, "workerinput"),
                     checklist=o.harness_checklist, sets=o.harness_sets, chromium=o.harness_chromium,
                     ws_endpoint=o.harness_ws, cdp_endpoint=o.harness_cdp, concurrency=o.harness_concurrency,
                     budget_ms=o.harness_budget_ms, lang=o.harness_lang, platform=o.harness_platform)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "harness_case: a conformance item (department, target, check)")
    config.addinivalue_line("markers", "harness_system(system): harness_page opens in the session (login, storage state, "
                                       "headers) the registry declares for this system (its id, 'department/system' or name)")
    for old, new in _deprecated_spellings(config):
        config.issue_config_time_warning(pytest.PytestDeprecationWarning(
            f"harness: {old} is deprecated and will be removed in the next release: use {new}"), stacklevel=2)
    # pytest-playwright's fixtures, layered: its browser launches Debian's Chromium, its contexts get the device.
    if config.pluginmanager.hasplugin("playwright") and not config.pluginmanager.hasplugin("harness-playwright"):
        from . import pytest_layer

        config.pluginmanager.register(pytest_layer, "harness-playwright")
    out = config.option.harness_out
    if not out and not hasattr(config, "workerinput"):
        out = str(Path("reports") / f"pytest-{time.strftime('%Y%m%d-%H%M%S')}")
    config.stash[_KEY] = {"out": out, "plan": None}
    o = config.option
    if o.registry or o.harness_departments or o.harness_checklist:
        # Told to audit: bad input is one line now (exit 4), not a traceback per suite at collection; and the
        # header can say what will be audited.
        _collect_cases(config)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """pytest-xdist: every worker writes into the controller's run directory, which the controller locks for the
    session (a second run into it is refused, as ``harness run`` refuses one)."""
    st = node.config.stash[_KEY]
    node.workerinput["harness_out"] = st["out"]
    if st.get("out") and "lock" not in st:
        from .results import RunLock, make_dirs

        try:
            make_dirs(Path(st["out"]))
            st["lock"] = RunLock.acquire(st["out"])
        except HarnessError as e:
            raise pytest.UsageError(f"harness: {e}") from None


@dataclass
class Case:
    """One conformance item: department folder, target id, check id (and labels for the test id)."""

    department: str
    department_name: str
    target: str
    check: str

    @property
    def id(self) -> str:
        return f"{self.department_name}/{self.target}/{self.check}"


@dataclass
class TargetCase:
    """One verdict item: department folder, target id (and the department's name for the test id)."""

    department: str
    department_name: str
    target: str

    @property
    def id(self) -> str:
        return f"{self.department_name}/{self.target}"


def selected_registry(config: pytest.Config):
    """The registry of the session (``--harness-registry``, else the embedded demo with placeholder URLs: no server
    is needed to list its cases), loaded once. Raises pytest.UsageError (one line naming the file and JSON path)
    when it is bad: used by the conformance and the registry-lint suites alike."""
    from . import registry as registry_mod

    st = config.stash[_KEY]
    if "registry" not in st:
        try:
            if config.option.registry:
                st["registry"] = registry_mod.load(config.option.registry)
            else:
                from . import demo

                st["registry"] = demo.load_registry()
        except HarnessError as e:
            raise pytest.UsageError(f"harness: {e}") from None
    return st["registry"]


def _collect_cases(config: pytest.Config) -> list[Case]:
    """Cases from the registry and checklist alone (no browser, no server): ids do not depend on URLs."""
    from . import checklist as checklist_mod

    st = config.stash[_KEY]
    if "cases" in st:
        return st["cases"]
    o = config.option
    reg = selected_registry(config)
    try:
        cl = checklist_mod.load(o.harness_checklist)
        deps = reg.select(o.harness_departments)
    except HarnessError as e:
        raise pytest.UsageError(f"harness: {e}") from None
    st["cases"] = [Case(d.folder, d.display_name, t.id, c.id) for d in deps for t in d.targets() for c in cl.checks]
    st["target_cases"] = [TargetCase(d.folder, d.display_name, t.id) for d in deps for t in d.targets()]
    st["summary"] = (reg.path if o.registry else "(embedded demo)", len(reg.departments), len(deps),
                     sum(1 for d in deps if d.systems), len(cl.checks))
    return st["cases"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "harness_case" in metafunc.fixturenames:
        cases = _collect_cases(metafunc.config)
        metafunc.parametrize("harness_case", cases, ids=[c.id for c in cases])
    if "harness_target_case" in metafunc.fixturenames:
        _collect_cases(metafunc.config)
        tcases = metafunc.config.stash[_KEY]["target_cases"]
        metafunc.parametrize("harness_target_case", tcases, ids=[c.id for c in tcases])


def _case_of(item: pytest.Item) -> "Case | TargetCase | None":
    """The conformance or verdict case an item is parametrised with, or None (any other test)."""
    callspec = getattr(item, "callspec", None)
    case = (callspec.params.get("harness_case") or callspec.params.get("harness_target_case")) if callspec else None
    return case if isinstance(case, (Case, TargetCase)) else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        case = _case_of(item)
        if case is not None:
            item.add_marker(pytest.mark.harness_case)
            item.add_marker(pytest.mark.xdist_group(case.department))


def _header(config: pytest.Config) -> list[str] | None:
    st = config.stash.get(_KEY, {})
    if "summary" not in st:
        return None
    st["header_shown"] = True
    path, n_all, n_sel, n_sys, n_checks = st["summary"]
    lines = [f"harness: registry {path}: {n_sel} of {n_all} department(s) selected, {n_sys} with registered systems; "
             f"{n_checks} checks; run directory {st.get('out')}"]
    if n_sys == 0:
        lines.append("harness: no selected department registers a system (add `systems` to audit its pages)")
    return lines


def pytest_report_header(config: pytest.Config) -> list[str] | None:
    """What the suite audits (registry, departments, checks, run directory), when the options name it."""
    return _header(config)


def pytest_collection_finish(session: pytest.Session) -> None:
    """The same line after collection when the header could not say it yet (the embedded demo, collected lazily)."""
    st = session.config.stash.get(_KEY, {})
    # What is selected (-k, -m, node ids): only those targets are loaded (and the journeys they belong to).
    selected: dict[str, set[str]] = {}
    checks: set[str] | None = set()
    for item in session.items:
        case = _case_of(item)
        if case is not None:
            selected.setdefault(case.department, set()).add(case.target)
            if isinstance(case, TargetCase):  # a verdict needs every check
                checks = None
            elif checks is not None:
                checks.add(case.check)
    st["selected"] = selected
    st["selected_checks"] = checks if selected else None
    tr = session.config.pluginmanager.get_plugin("terminalreporter")
    if tr is not None and not st.get("header_shown"):
        for line in _header(session.config) or []:
            tr.write_line(line)


class _EngineThread:
    """An asyncio event loop in a daemon thread, running the harness's :class:`~harness.runner.Sweep`."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="harness-engine", daemon=True)
        self.thread.start()

    def call(self, coro, timeout: float | None = None):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


class HarnessSession:
    """The session's engine: the validated plan, the sweep and the department results audited so far."""

    def __init__(self, config: pytest.Config):
        from .runner import Sweep, prepare

        self.plan = prepare(_config(config))
        self.selected: dict[str, set[str]] | None = config.stash[_KEY].get("selected")
        self.engine = _EngineThread()
        self.sweep = self.engine.call(Sweep(self.plan, progress=None).__aenter__())
        if self.sweep.auditor is not None:  # -k on checks: gather only what they need
            self.sweep.auditor.only_checks = config.stash[_KEY].get("selected_checks")
        self._audits: dict[str, Any] = {}  # department folder -> concurrent.futures.Future of Sweep.department
        self._shown: dict[str, tuple] = {}  # department folder -> (audit state, its masked results): _shown_results
        self._lock = threading.Lock()

    def target(self, folder: str, target_id: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """(the department's results so far, the target's result) once the target is measured. The first item of
        a department starts the audit of the department's selected targets (concurrently, in the engine's
        thread); each item waits for its own target only, so the load is charged to the first item of each
        target. The department results are None when the department failed as a whole."""
        dep = next(d for d in self.plan.departments if d.folder == folder)
        with self._lock:
            fut = self._audits.get(folder)
            if fut is None:
                only = None if self.selected is None else self.selected.get(folder, set())
                fut = self._audits[folder] = asyncio.run_coroutine_threadsafe(self.sweep.department(dep, only), self.engine.loop)
        self.engine.call(self.sweep.target_done(dep, target_id))
        data = self._shown_results(dep, fut)
        return data, None if data is None else next((t for t in data["targets"] if t["id"] == target_id), None)

    def _shown_results(self, dep, fut) -> dict[str, Any] | None:
        """The department's results as the items show them (messages, JUnit properties, pytest-html): masked as the
        results files are, made once per state of the audit (finished, or how many targets are done so far), not
        once per item."""
        from .personal_data import scrub
        from .runner import department_results

        key = (fut.done(), len(self.sweep.done[dep.folder]))
        with self._lock:
            shown = self._shown.get(dep.folder)
            if shown is None or shown[0] != key:
                data = fut.result() if fut.done() else department_results(self.plan, dep, dict(self.sweep.done[dep.folder]))
                shown = self._shown[dep.folder] = (key, None if data is None else scrub(data))
            return shown[1]

    def system(self, ref: str):
        """(department, system) of the plan's registry named by ``ref``: a system id, ``department/system`` (folder
        or key, then id) or a system name. Raises LookupError naming ``ref`` and the systems there are."""
        systems = [(d, s) for d in self.plan.registry.departments for s in d.systems]
        for d, s in systems:
            if ref in (s.id, s.name, f"{d.folder}/{s.id}", f"{d.key}/{s.id}"):
                return d, s
        raise LookupError(f"harness_system({ref!r}): no such system in {self.plan.registry.path} "
                          f"(systems: {', '.join(f'{d.folder}/{s.id}' for d, s in systems) or 'none'})")

    def session_args(self, ref: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """(``new_context`` keyword arguments, cookies to add) that put a context in the session of system
        ``ref`` (:mod:`harness.sessions`): its storage state (a login runs once per system per session, in the
        engine's browser with the system's host platform, shared with the conformance items) and its headers.

        Raises:
            LookupError: no such system. harness.sessions.LoginFailed: the login did not complete.
        """
        from .gather import options_for_target
        from .registry import Target

        dep, system = self.system(ref)
        if system.session is None:
            return {}, []
        auditor = self.sweep.auditor
        if auditor is None:  # every target already measured (a resumed run): start the engine for the login
            from .engine import Auditor
            from .runner import audit_options

            auditor = self.sweep.auditor = self.engine.call(Auditor(self.plan.checklist, audit_options(self.plan), self.plan.registry).__aenter__())
        info = Target(dep, system, system.pages[0]).info()
        opts = options_for_target(auditor.options.gather, info)

        async def fields():
            browser, _ = await auditor._browser()
            return await auditor.sessions.options(system.session, browser, opts, info)

        f = self.engine.call(fields(), timeout=120)
        kw = {k: v for k, v in (("storage_state", f.get("storage_state")), ("extra_http_headers", f.get("extra_http_headers"))) if v}
        return kw, list(f.get("cookies") or [])

    def close(self) -> None:
        for fut in list(self._audits.values()):  # every started department finishes its results and report
            try:
                fut.result(timeout=900)
            except Exception:
                pass
        try:
            self.engine.call(self.sweep.__aexit__(None, None, None), timeout=60)
        finally:
            self.engine.stop()
            if self.plan.demo:
                self.plan.demo.stop()


@pytest.fixture(scope="session")
def harness_session(request: pytest.FixtureRequest):
    """The session's :class:`HarnessSession` (plan validated before any browser starts)."""
    try:
        s = HarnessSession(request.config)
    except HarnessError as e:
        pytest.exit(f"harness: {e}", returncode=2)
    request.config.stash[_KEY]["plan"] = s.plan
    yield s
    s.close()


class TargetNotMeasured(Exception):
    """The harness could not measure this target or check (reported by pytest as an error, not a failure)."""


@pytest.fixture
def harness_result(harness_case: Case, harness_session: HarnessSession, request: pytest.FixtureRequest) -> dict[str, Any]:
    """The result of this item's check on this item's target: {"id", "outcome", "value", "threshold",
    "message", "evidence", …}; raises :class:`TargetNotMeasured` (a pytest error) when it could not be measured."""
    data, target = harness_session.target(harness_case.department, harness_case.target)
    if data is None:  # the department failed as a whole (its results fail the schema …): the others go on
        why = harness_session.sweep.failed_departments.get(harness_case.department, "its results could not be written")
        raise TargetNotMeasured(f"department {harness_case.department}: {why}")
    if target is None:
        raise TargetNotMeasured(f"target {harness_case.target} has no result")
    request.node.stash[_RESULT_KEY] = (harness_session.plan, data, target)
    check = next((c for c in target["checks"] if c["id"] == harness_case.check), None)
    if target["status"] == "error" or check is None:
        raise TargetNotMeasured(f"{target['url']}: {target.get('error') or 'not measured'}")
    if check["outcome"] == "error":
        raise TargetNotMeasured(f"{harness_case.check} could not be measured on {target['url']}: {check['message']}")
    return check


_RESULT_KEY = pytest.StashKey[tuple]()


@pytest.fixture
def harness_verdict(harness_target_case: TargetCase, harness_session: HarnessSession, request: pytest.FixtureRequest) -> dict[str, Any]:
    """The result of this item's target: {"id", "url", "verdict", "score", "counts", "measured", "unmeasured_vetoes",
    "checks", …}; raises :class:`TargetNotMeasured` (a pytest error) when its verdict is ``incomplete`` (待复核) or
    ``error``, with :func:`harness.scoring.verdict_line` and, for an incomplete one, why its vetoes are unmeasured."""
    from .scoring import verdict_line

    data, target = harness_session.target(harness_target_case.department, harness_target_case.target)
    if data is None:
        why = harness_session.sweep.failed_departments.get(harness_target_case.department, "its results could not be written")
        raise TargetNotMeasured(f"department {harness_target_case.department}: {why}")
    if target is None:
        raise TargetNotMeasured(f"target {harness_target_case.target} has no result")
    request.node.stash[_RESULT_KEY] = (harness_session.plan, data, target)
    if target["verdict"] in ("incomplete", "error"):
        why = [f"  {c['id']} {c['outcome']}: {c.get('message') or ''}" for c in target["checks"]
               if c["id"] in target.get("unmeasured_vetoes", [])]
        raise TargetNotMeasured("\n".join([f"{target['url']}: {verdict_line(target)}"] + why
                                          + ([f"  {target['error']}"] if target.get("error") else [])))
    return target


def assert_verdict(target: dict[str, Any]) -> None:
    """Turn a target's verdict into a pytest outcome: ``pass`` passes, ``fail-score``/``fail-veto`` fail with
    :func:`harness.scoring.verdict_line` (``incomplete`` and ``error`` never get here: :func:`harness_verdict`
    raises a pytest error for them)."""
    from .scoring import verdict_line

    if target["verdict"] == "pass":
        return
    if target["verdict"] in ("fail-score", "fail-veto"):
        pytest.fail(f"{target['url']}: {verdict_line(target)}", pytrace=False)
    raise TargetNotMeasured(f"{target['url']}: {verdict_line(target)}")


def assert_conformant(result: dict[str, Any]) -> None:
    """Turn a check result into a pytest outcome (see the module docstring)."""
    o = result["outcome"]
    msg = result.get("message") or ""
    if o == "passed":
        return
    if o == "failed":
        lines = [f"{result['id']} failed: {msg}", f"  measured: {result.get('value')!r}", f"  required: {result.get('threshold')!r}"]
        for e in result.get("evidence", [])[:10]:
            lines.append("  - " + ", ".join(f"{k}={v}" for k, v in e.items() if k != "marker"))
        pytest.fail("\n".join(lines), pytrace=False)
    labels = {"cantTell": "cantTell (a person must decide)", "inapplicable": "inapplicable", "untested": "manual check"}
    label = labels.get(o, o)
    pytest.skip(msg if msg.lower().startswith(label.split(" (")[0].lower()) else f"{label}: {msg}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    outcome = yield
    report = outcome.get_result()
    if _RESULT_KEY in item.stash and (report.when == "call" or (report.when == "setup" and report.failed)):
        # Machine-readable context for JUnit XML (<properties>) and other report consumers (also of an item whose
        # fixture raised TargetNotMeasured: a page not measured enough says its verdict and counts too).
        _, data, target = item.stash[_RESULT_KEY]
        case = item.callspec.params.get("harness_case") or item.callspec.params["harness_target_case"]
        props = [("department", data["department"]["display_name"]), ("target", target["id"]), ("url", target["url"])]
        check = None
        if isinstance(case, TargetCase):
            props += [("verdict", target["verdict"]), ("score", _prop(target.get("score"))), ("counts", _prop(target.get("counts"))),
                      ("measured", _prop(target.get("measured"))), ("unmeasured_vetoes", _prop(target.get("unmeasured_vetoes", [])))]
        else:
            props.append(("check", case.check))
            check = next((c for c in target["checks"] if c["id"] == case.check), None)
        if check is not None:
            props += [("outcome", check["outcome"]), ("value", _prop(check.get("value"))),
                      ("threshold", _prop(check.get("threshold"))), ("deducted", _prop(check.get("deducted"))),
                      ("veto", _prop(check.get("veto")))]
        item.user_properties.extend(props)  # JUnit XML writes them from the teardown report
        report.user_properties = list(report.user_properties) + props
    if report.when != "call" or not report.failed or _RESULT_KEY not in item.stash:
        return
    plan, data, target = item.stash[_RESULT_KEY]
    case = item.callspec.params.get("harness_case")
    if case is None:  # a verdict item: its failures are the check items' pictures
        return
    images = [_check_image(plan.out_dir, data, target, case.check, thumbnail=True),
              _check_image(plan.out_dir, data, target, case.check)]
    images = [i for i in images if i is not None]
    if not images:
        return
    try:
        from pytest_html import extras
    except ImportError:
        return
    report.extras = getattr(report, "extras", []) + [extras.image(_html_asset(item, i, data), mime_type="image/jpeg", extension="jpg")
                                                     for i, data in enumerate(images)]
    if target.get("trace"):  # the target's Playwright trace, kept for a failed target (--tracing, default retain-on-failure)
        report.extras.append(extras.url((Path(plan.out_dir) / target["trace"]).resolve().as_uri(), name="trace.zip"))


def _html_asset(item: pytest.Item, index: int, data: bytes) -> str:
    """An image for pytest-html: base64 for a self-contained report (or when no ``--html`` is given), else a file
    ``assets/harness-<sha256 of the node id>-<index>.jpg`` beside the report, written here, and its relative path.
    pytest-html would name the file after a form of the test id that garbles Chinese (so two departments' items
    could share one file); the node id's hash is distinct per item and the same in every run."""
    import hashlib

    html = getattr(item.config.option, "htmlpath", None)
    if not html or getattr(item.config.option, "self_contained_html", False):
        return base64.b64encode(data).decode()
    name = f"harness-{hashlib.sha256(item.nodeid.encode('utf-8')).hexdigest()[:20]}-{index}.jpg"
    assets = Path(html).resolve().parent / "assets"
    try:
        assets.mkdir(parents=True, exist_ok=True)
        (assets / name).write_bytes(data)
    except OSError:
        return base64.b64encode(data).decode()
    return f"assets/{name}"


def _prop(value: Any) -> str:
    """A JUnit property value: JSON for structured values, text otherwise."""
    import json

    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


#: Width / height of pytest-html's thumbnail box (320 × 200 CSS px less its arrows): a thumbnail cut to it shows
#: the evidence instead of the middle of a tall screenshot (pytest-html scales images with ``object-fit: cover``).
THUMBNAIL_ASPECT = 1.35


def _check_image(out_dir: Path, data: dict, target: dict, check_id: str, thumbnail: bool = False) -> bytes | None:
    """The target's screenshot with only this check's evidence boxed, small enough to embed: a screenful around
    the first box, or with ``thumbnail`` a strip of :data:`THUMBNAIL_ASPECT` around it (what pytest-html's preview
    shows). None without a screenshot."""
    from .report import annotate, _shot_meta

    if not target.get("screenshot"):
        return None
    try:
        jpeg = (out_dir / target["screenshot"]).read_bytes()
    except OSError:
        return None
    import copy

    checks = [copy.deepcopy(c) for c in target["checks"] if c["id"] == check_id]
    boxes = annotate.boxes_for(checks, data["run"]["device"]["viewport"]["width"])
    meta = _shot_meta(out_dir, target)
    vp = data["run"]["device"]["viewport"]
    wide = max(1.0, (meta.get("layout_width") or vp["width"]) / vp["width"])
    window = (vp["width"] / THUMBNAIL_ASPECT if thumbnail else vp["height"]) * wide
    return annotate.annotate(jpeg, boxes, float(meta.get("scale") or 2.0), max_width=375, quality=60,
                             edge=meta.get("layout_width"), window=window)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Render the index once, on the controller (or a run without xdist), from every department's results."""
    if hasattr(session.config, "workerinput"):
        return
    st = session.config.stash.get(_KEY, {})
    out = st.get("out")
    if not out or not (Path(out) / "results").is_dir():
        return
    from . import checklist as checklist_mod
    from . import report
    from .results import ResultsStore

    try:
        results = ResultsStore(out).all()
        if results:
            cl = checklist_mod.load(session.config.option.harness_checklist)
            # Every department of the registry is listed, those without items (no registered system) too.
            path = report.render_index(out, results, cl, report.registry_of_run(out), lang=session.config.option.harness_lang)
            st["index"] = str(path)
    except Exception as e:  # the reports never hide the test outcome
        st["index_error"] = f"{type(e).__name__}: {e}"


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    st = config.stash.get(_KEY, {})
    if st.get("out") and (Path(st["out"]) / "results").is_dir():
        from .results import ResultsStore
        from .scoring import verdict_line

        try:
            results = ResultsStore(st["out"]).all()
        except Exception:
            results = []
        for r in results:  # the words `harness run` prints: department verdicts, and targets not measured enough
            terminalreporter.write_line(f"harness: {r['department']['display_name']}: {verdict_line(r['summary'])}, {r['summary']['targets']} target(s)")
            for t in r["targets"]:
                if t["verdict"] in ("incomplete", "error"):
                    terminalreporter.write_line(f"harness:   {t['id']}: {verdict_line(t)}")
    if st.get("index"):
        terminalreporter.write_line(f"harness reports: {st['index']}")
    if st.get("index_error"):
        terminalreporter.write_line(f"harness: index not rendered: {st['index_error']}")


# ---------------------------------------------------------------- fixtures for users' own Playwright tests

@pytest.fixture(scope="session")
def harness_browser(browser):
    """pytest-playwright's ``browser`` (Debian's Chromium, see :mod:`harness.pytest_layer`)."""
    return browser


@pytest.fixture
def harness_context(new_context, request: pytest.FixtureRequest):
    """A fresh browser context per test, made by pytest-playwright's ``new_context`` (so its ``--tracing``,
    ``--video`` and ``--screenshot`` apply); with ``@pytest.mark.harness_system("SYSTEM")`` it is in that system's
    session as the registry declares it (``HarnessSession.session_args``: the login runs once per system)."""
    marker = request.node.get_closest_marker("harness_system")
    extra: dict[str, Any] = {}
    cookies: list[dict[str, Any]] = []
    if marker is not None:
        if not marker.args:
            raise pytest.UsageError("harness_system needs the system: @pytest.mark.harness_system(\"banshi\")")
        extra, cookies = request.getfixturevalue("harness_session").session_args(marker.args[0])
    ctx = new_context(**extra)
    if cookies:
        ctx.add_cookies(cookies)
    return ctx


@pytest.fixture
def harness_page(harness_context):
    """A page in a fresh context (in a system's session with ``@pytest.mark.harness_system``)."""
    return harness_context.new_page()


def pytest_unconfigure(config: pytest.Config) -> None:
    """Release the run folder's lock the xdist controller took (:func:`pytest_configure_node`)."""
    lock = (config.stash.get(_KEY, {}) or {}).pop("lock", None)
    if lock is not None:
        lock.release()
