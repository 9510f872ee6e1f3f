"""Command line: ``harness run | audit | decide | discover | init | merge | report | recheck | diff | lint | probe | devices | checks``.

``harness run`` with no arguments audits the embedded demo and writes reports under ``reports/``.
Bad input (a spec that fails its schema, an unknown device or department, a bad ``--set``, a bad decisions file)
prints one line naming the file and JSON path (or the option) and exits with status 2 before any browser starts.

Exit statuses of ``run`` and ``audit`` (:data:`EXIT_STATUSES`): 0 every verdict passes the gate ``--fail-on``
chose, 1 a verdict failed it, 2 bad input, 3 the harness could not run (no browser, a harness error on a
target, outputs that cannot be written).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from . import __version__
from .errors import HarnessError
from .personal_data import scrub

#: ``--fail-on`` gates: the verdicts that make ``run`` / ``audit`` exit with status 1. ``fail`` (the default: the
#: verdicts decide) is any failed verdict; ``incomplete`` also what is not 合格 for want of measurement.
FAIL_ON = {"veto": {"fail-veto"}, "fail": {"fail-veto", "fail-score"},
           "incomplete": {"fail-veto", "fail-score", "incomplete", "error"}, "never": set()}
#: Exit statuses of ``harness run`` and ``harness audit``.
EXIT_STATUSES = {0: "every verdict passes the gate", 1: "a verdict failed the gate (--fail-on)", 2: "bad input",
                 3: "the harness could not run"}


def _gate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--fail-on", choices=list(FAIL_ON), default="fail",
                   help="exit status 1 when a department (run) or page (audit) has a verdict of: fail-veto (veto); fail-veto "
                        "or fail-score (fail, the default: the verdicts decide); also incomplete or error (incomplete); "
                        "never (always 0 unless bad input, 2, or the harness could not run, 3)")


def gate(verdicts, fail_on: str = "fail") -> int:
    """The exit status a list of verdicts (str, of :data:`harness.scoring.VERDICT_ORDER`, ``error`` or
    ``not-audited``) gives under ``--fail-on`` ``fail_on`` (a key of :data:`FAIL_ON`): 1 when one of them is in
    its set, else 0. Raises KeyError on an unknown gate."""
    bad = FAIL_ON[fail_on]
    return 1 if any(v in bad for v in verdicts) else 0


def ci_line(name: str, summary: dict) -> str:
    """One line a CI log shows per department (or page): ``HARNESS <verdict> score=<n|-> failed=<n>
    vetoes=<ids|-> decided=<n> <name>``; ``summary`` is a department summary or target result."""
    score = "-" if summary.get("score") is None else f"{summary['score']:g}"
    failed = (summary.get("counts") or {}).get("failed", 0)
    vetoes = ",".join(summary.get("vetoes") or []) if summary.get("verdict") == "fail-veto" else ""
    return f"HARNESS {summary['verdict']:10} score={score} failed={failed} vetoes={vetoes or '-'} {name}"


def _browser_args(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("browser")
    g.add_argument("--chromium", metavar="PATH", help="Chromium executable (default $HARNESS_CHROMIUM, else /usr/bin/chromium-headless-shell when installed, else /usr/bin/chromium)")
    g.add_argument("--browser-ws-endpoint", metavar="URL", dest="ws_endpoint", help="use a remote Playwright browser server (ws://host:port/)")
    g.add_argument("--cdp-endpoint", metavar="URL", help="use a running Chromium's DevTools endpoint (http://host:port)")
    g.add_argument("--concurrency", type=int, metavar="N", help="targets loaded at once in the one browser (default: from the cores)")


def _check_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--checklist", metavar="FILE", help="checklist JSON (default specs/checklists/national-mobile.json)")
    p.add_argument("--set", dest="sets", action="append", default=[], metavar="CHECK.PARAM=VALUE",
                   help="override a check parameter for this run, e.g. EL-05.min_size=48 (repeatable)")
    p.add_argument("--device", metavar="NAME", help="device descriptor (default mobile-375; see `harness devices`)")
    p.add_argument("--budget-ms", type=int, metavar="MS", help="time budget per target in ms (default from the checklist)")
    p.add_argument("--allow-link-local", action="store_true", help="audit link-local addresses (169.254.0.0/16, fe80::/10, e.g. "
                   "a cloud metadata service), refused otherwise in the registry, the URLs and every request made outside the browser")
    p.add_argument("--platform", metavar="NAME", help="host platform profile (specs/platforms/NAME.json: qingsongban, zheliban, "
                   "national …) the pages are opened in; overrides the registry's; 'none' for no host")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="harness", description="Conformance harness for government mobile service H5 apps (青政公〔2019〕24号).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    r = sub.add_parser("run", help="audit the departments of a registry (default: the embedded demo) and write reports")
    r.add_argument("--registry", metavar="FILE", help="registry JSON (default: the embedded demo)")
    r.add_argument("--department", dest="departments", action="append", default=[], metavar="NAME", help="only this department (repeatable)")
    r.add_argument("--out", metavar="DIR", help="run directory (default reports/run-YYYYMMDD-HHMMSS)")
    r.add_argument("--resume", metavar="DIR", help="finish an interrupted run in DIR without re-auditing finished targets")
    r.add_argument("--lang", choices=["zh", "en"], default="zh", help="report language (default zh)")
    r.add_argument("--history", metavar="DIR", help="history folder (harness probe --history): AV-04 reads its samples and each "
                   "department's score is recorded in it, so that reports draw the scores over runs")
    r.add_argument("--trace", choices=["off", "on", "retain-on-failure"], default="retain-on-failure",
                   help="Playwright traces of the loads, traces/<department>/<target>.zip (playwright show-trace FILE): kept for "
                        "every target (on), for failed and error targets (retain-on-failure, the default), or not recorded (off)")
    r.add_argument("--shard", metavar="I/N", help="audit only share I of N of the selected departments (deterministic, balanced "
                   "by the previous run's durations); `harness merge` puts the shards' run folders back together")
    r.add_argument("--discover", action="store_true", help="also explore each system from its entry (harness discover) and audit "
                   "the pages found that the registry does not list: reported in a coverage table per system, not scored")
    r.add_argument("--decisions", metavar="DIR", help="reviewer decisions folder (<folder>.json per department, harness decide or "
                   "the report's form); default <registry stem>.decisions/ beside the registry file")
    _gate_args(r)
    _check_args(r)
    _browser_args(r)

    a = sub.add_parser("audit", help="audit one-off URLs and print (or save) the results")
    a.add_argument("urls", nargs="+", metavar="URL")
    a.add_argument("--json", metavar="FILE", help="write the results as JSON")
    a.add_argument("--service-name", metavar="NAME", help="the service name the page title must show")
    a.add_argument("--storage-state", metavar="FILE", help="audit logged in: a Playwright storage-state file (cookies and "
                   "localStorage, e.g. from `playwright codegen --save-storage` or a login script); never copied into results")
    a.add_argument("--out", metavar="DIR", help="also write the department report (HTML, screenshots, results) of these pages "
                   "into DIR, as `harness run` does for a registry (DIR/audit-registry.json names them)")
    a.add_argument("--lang", choices=["zh", "en"], default="zh", help="report language with --out (default zh)")
    _gate_args(a)
    _check_args(a)
    _browser_args(a)

    dv = sub.add_parser("discover", help="explore a system from its entry URL and print a registry fragment of its pages")
    dv.add_argument("url", nargs="?", metavar="URL", help="the entry URL (or --registry FILE --system ID)")
    dv.add_argument("--registry", metavar="FILE", help="registry JSON holding --system (its entry, session and platform are used; default: the embedded demo)")
    dv.add_argument("--system", metavar="ID", help="the system's id (or name) in --registry, e.g. banshi of the embedded demo")
    dv.add_argument("--depth", type=int, metavar="N", help="links and clicks from the entry explored (default from the checklist: 3)")
    dv.add_argument("--max-routes", type=int, metavar="N", help="most pages listed (default 50)")
    dv.add_argument("--time-ms", type=int, metavar="MS", help="wall time of the discovery, ms (default 60000)")
    dv.add_argument("--samples", type=int, metavar="N", help="routes kept per URL pattern such as #/detail/:id (default 3)")
    dv.add_argument("--json", metavar="FILE", help='write the registry fragment {"pages": [...]} to FILE')
    dv.add_argument("--report", metavar="FILE", help="write the whole discovery report (not followed, patterns, bounds) as JSON")
    dv.add_argument("--storage-state", metavar="FILE", help="explore logged in: a Playwright storage-state file")
    dv.add_argument("--checklist", metavar="FILE", help="checklist JSON whose `discovery` block gives the bounds and deny list")
    dv.add_argument("--device", metavar="NAME", help="device descriptor (default mobile-375)")
    dv.add_argument("--platform", metavar="NAME", help="host platform profile the pages are opened in ('none' for no host)")
    _browser_args(dv)

    mg = sub.add_parser("merge", help="merge the run folders of shards (harness run --shard I/N) into one, with one index and 附件2")
    mg.add_argument("run_dirs", nargs="+", metavar="RUN_DIR", help="the run folders to merge (two or more)")
    mg.add_argument("--out", metavar="DIR", required=True, help="the merged run folder (new or empty)")
    mg.add_argument("--checklist", metavar="FILE", help="checklist JSON the reports describe (default: the one the runs used)")
    mg.add_argument("--lang", choices=["zh", "en"], default="zh", help="report language (default zh)")
    mg.add_argument("--allow-mixed", action="store_true", help="merge runs made with different registries, checklists or "
                    "parameters (the index then says so)")

    ini = sub.add_parser("init", help="write a starter registry for an app: one department, one system, the pages discovery finds")
    ini.add_argument("url", metavar="URL", help="the app's entry URL")
    ini.add_argument("--out", metavar="FILE", default="registry.json", help="registry file to write (default registry.json)")
    ini.add_argument("--force", action="store_true", help="replace --out if it exists")
    ini.add_argument("--department", default="（部门名称）", metavar="NAME", help="the department's name as 附件1 prints it")
    ini.add_argument("--kind", default="provincial", choices=["prefecture", "county", "park", "provincial", "demo", "other"],
                     help="the department's kind (default provincial)")
    ini.add_argument("--name", default="（系统名称）", metavar="NAME", help="the app's name")
    ini.add_argument("--service-name", metavar="NAME", help="the name its page titles must show (default --name)")
    ini.add_argument("--system-id", metavar="ID", help="the system's id (default from the URL's host)")
    ini.add_argument("--registry-id", metavar="ID", help="the registry's id (default the system's)")
    for flag, kw in (("--depth", dict(type=int, metavar="N", help="links and clicks from the entry explored")),
                     ("--max-routes", dict(type=int, metavar="N", help="most pages listed")),
                     ("--time-ms", dict(type=int, metavar="MS", help="wall time of the discovery, ms")),
                     ("--samples", dict(type=int, metavar="N", help="routes kept per URL pattern")),
                     ("--storage-state", dict(metavar="FILE", help="explore logged in: a Playwright storage-state file")),
                     ("--checklist", dict(metavar="FILE", help="checklist JSON whose discovery block gives the bounds")),
                     ("--device", dict(metavar="NAME", help="device descriptor (default mobile-375)")),
                     ("--platform", dict(metavar="NAME", help="host platform profile ('none' for no host)"))):
        ini.add_argument(flag, **kw)
    _browser_args(ini)

    rp = sub.add_parser("report", help="re-render the HTML reports of a run directory from its results")
    rp.add_argument("run_dir", metavar="DIR", help="a run directory (holds results/)")
    rp.add_argument("--lang", choices=["zh", "en"], default="zh", help="report language (default zh)")
    rp.add_argument("--checklist", metavar="FILE", help="checklist JSON the reports describe (default specs/checklists/national-mobile.json)")
    rp.add_argument("--registry", metavar="FILE", help="registry whose departments the index lists (default: the one run.json names "
                    "by an absolute path, with a notice)")
    rp.add_argument("--allow-mixed", action="store_true", help="render results made under different registries, checklists or "
                    "parameters together (the reports say so); refused otherwise")
    rp.add_argument("--decisions", metavar="DIR", help="apply the reviewer decisions of DIR (default: beside the registry run.json names)")

    rc = sub.add_parser("recheck", help="re-audit a run's saved artifacts with the current checklist (no page loads)")
    rc.add_argument("run_dir", metavar="DIR", help="a run directory (holds artifacts/ and results/); rewritten in place")
    rc.add_argument("--checklist", metavar="FILE", help="checklist JSON (default specs/checklists/national-mobile.json)")
    rc.add_argument("--set", dest="sets", action="append", default=[], metavar="CHECK.PARAM=VALUE",
                    help="override a check parameter, e.g. EL-05.min_size=48 (repeatable)")
    rc.add_argument("--lang", choices=["zh", "en"], default="zh", help="report language (default zh)")
    rc.add_argument("--registry", metavar="FILE", help="registry whose parameter blocks apply (default: the one run.json names "
                    "by an absolute path, with a notice)")
    rc.add_argument("--decisions", metavar="DIR", help="apply the reviewer decisions of DIR (default: beside the registry run.json names)")

    de = sub.add_parser("decide", help="record a reviewer's decision on a manual or semi item or a cantTell outcome")
    de.add_argument("--department", required=True, metavar="NAME", help="the department (its name, display name or folder)")
    de.add_argument("--target", required=True, metavar="ID", help="the target's id (as the report lists it, e.g. banshi/home)")
    de.add_argument("--check", required=True, metavar="ID", help="the check, e.g. AX-05")
    de.add_argument("--outcome", required=True, choices=["pass", "fail", "na"], help="pass, fail or na (not applicable)")
    de.add_argument("--note", default="", metavar="TEXT", help="why (shown in the report)")
    de.add_argument("--by", required=True, metavar="NAME", help="who decided")
    de.add_argument("--run", metavar="DIR", default=str(Path("reports") / "latest"),
                    help="the run whose evidence the decision is made on (default reports/latest)")
    de.add_argument("--decisions", metavar="DIR", help="decisions folder (default: beside the registry the run names)")
    li = sub.add_parser("lint", help="check every 网上办事 address of a registry (exit status 1 when an error is found)")
    li.add_argument("--registry", metavar="FILE", help="registry JSON (default specs/registries/qinghai-2019-24.json, 附件1)")
    li.add_argument("--json", metavar="FILE", help="write the findings as JSON (specs/schemas/lint.schema.json)")
    li.add_argument("--markdown", metavar="FILE", help="write the findings as a Markdown table")
    li.add_argument("--host", metavar="HOST", help="the platform's host (default www.qhzwfw.gov.cn)")
    li.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the printed findings (default zh)")
    pr = sub.add_parser("probe", help="one availability sample per target into a history database (run it from cron, a systemd timer or CI; AV-04 reads the last 7 days)")
    pr.add_argument("--history", required=True, metavar="DIR", help="folder of the history database (history.sqlite, created when missing)")
    pr.add_argument("--registry", metavar="FILE", help="registry JSON: sample every page of its systems")
    pr.add_argument("--department", dest="departments", action="append", default=[], metavar="NAME", help="only this department (repeatable)")
    pr.add_argument("--url", dest="urls", action="append", default=[], metavar="URL", help="sample this URL (repeatable)")
    pr.add_argument("--http", action="store_true", help="sample with an HTTP GET instead of a load in Chromium (for every target)")
    pr.add_argument("--timeout-ms", type=int, default=30000, metavar="MS", help="the probe's own timeout (default 30000; AV-04 counts a sample over its slow_ms, 15 s, as failing)")
    pr.add_argument("--insecure", action="store_true", help="HTTP GET: do not verify certificates")
    pr.add_argument("--checklist", metavar="FILE", help="checklist JSON (its AV-04 `probe` parameter chooses browser or http per target)")
    pr.add_argument("--chromium", metavar="PATH", help="Chromium executable")
    pr.add_argument("--concurrency", type=int, default=4, metavar="N", help="targets sampled at once (default 4)")
    df = sub.add_parser("diff", help="compare two run directories: per department, checks newly failed, fixed, score change")
    df.add_argument("old", metavar="OLD", help="the earlier run directory")
    df.add_argument("new", metavar="NEW", help="the later run directory")
    df.add_argument("--json", metavar="FILE", help="also write the comparison as JSON")
    df.add_argument("--lang", choices=["zh", "en"], default="zh")

    sub.add_parser("devices", help="list the device names --device accepts")
    c = sub.add_parser("checks", help="list the checks of the checklist")
    c.add_argument("--checklist", metavar="FILE")
    c.add_argument("--markdown", metavar="FILE", nargs="?", const="-",
                   help="write the whole checklist as a Markdown table (id, title, clause, mode, weight, veto, thresholds, "
                        "reasoning) to FILE, or to standard output; the repository keeps specs/checklists/<id>.md")
    return parser


def _cmd_run(ns) -> int:
    from .runner import RunConfig, run

    if ns.history:
        ns.history = str(Path(ns.history).resolve())
        if not any(s.startswith("AV-04.history=") for s in ns.sets):
            ns.sets = [*ns.sets, f"AV-04.history={json.dumps(ns.history)}"]
    cfg = RunConfig(registry=ns.registry, departments=ns.departments, device=ns.device, out=ns.out, checklist=ns.checklist,
                    sets=ns.sets, chromium=ns.chromium, ws_endpoint=ns.ws_endpoint, cdp_endpoint=ns.cdp_endpoint,
                    concurrency=ns.concurrency, lang=ns.lang, resume=ns.resume, budget_ms=ns.budget_ms, platform=ns.platform,
                    discover=ns.discover, allow_link_local=ns.allow_link_local, trace=ns.trace,
                    shard=ns.shard, decisions=ns.decisions)
    from . import decisions as decisions_mod

    # bad decisions files are bad input: said (status 2) before any browser starts
    decisions_mod.check_dir(ns.decisions or decisions_mod.default_dir(ns.registry))
    import time

    t0 = time.monotonic()
    plan, results = run(cfg, progress=lambda s: print(scrub(s), flush=True))
    wall = time.monotonic() - t0
    n = len(plan.targets)
    print()
    _print_summaries(results)
    if ns.history:
        from . import history as history_mod

        with history_mod.open_history(ns.history) as h:
            history_mod.record_run(h, plan.out_dir.name, results, registry=getattr(plan.registry, "id", None))
        print(f"scores recorded in {history_mod.path_of(ns.history)}")
    print(f"\n{n} target(s) in {wall:.1f} s. Reports: {plan.out_dir / 'index.html'}")
    # A target the harness failed on (driver, browser, protocol) or a department that failed as a whole is not a
    # finished run: exit status 1, and `--resume` audits those targets again.
    from .runner import harness_failed

    failed = sum(1 for r in results if r is None)
    redo = sum(1 for r in results if r for t in r["targets"] if harness_failed(t))
    for r in results:
        if r is not None:
            print(scrub(ci_line(r["department"]["display_name"], r["summary"])))
    if failed or redo:
        print(f"{redo} target(s) ended with an error of the harness and {failed} department(s) failed: "
              f"`harness run --resume {plan.out_dir}` audits them again", file=sys.stderr)
        return 3
    return gate([r["summary"]["verdict"] for r in results if r is not None], ns.fail_on)


def _print_summaries(results) -> None:
    """One line per department result (None entries, departments not run, skipped): verdict, score, how much was
    measured, counts (:func:`harness.scoring.verdict_line`, the words of the pytest suite and ``harness audit``),
    then one line per target that is not 合格 for a reason the department line does not name."""
    from .coverage import totals
    from .scoring import verdict_line

    for r in results:
        if r is None:
            continue
        sm = r["summary"]
        cov = totals(r.get("coverage") or [])
        found = f", {cov['discovered']} discovered page(s) not registered (not scored)" if cov["discovery_ran"] else ""
        gone = f", {cov['not_reached']} registered target(s) not reached" if cov["not_reached"] else ""
        print(scrub(f"  {r['department']['display_name']}: {verdict_line(sm)}, {sm['targets']} target(s){gone}{found}"))
        for t in r["targets"]:
            if t["verdict"] in ("incomplete", "error"):
                print(scrub(f"    {t['id']}: {verdict_line(t)}"))


def _cmd_audit(ns) -> int:
    from . import checklist as checklist_mod
    from .browser import BrowserOptions
    from .engine import Auditor, audit_options
    from urllib.parse import urlsplit

    from .url_safety import url_problem

    for u in ns.urls:
        if urlsplit(u).scheme not in ("http", "https"):
            raise HarnessError(f"{u}: only http and https URLs are audited")
        problem = url_problem(u, allow_link_local=ns.allow_link_local)
        if problem and "userinfo" not in problem:  # a one-off URL may carry a login (masked in every output)
            raise HarnessError(f"{u}: {problem}")
    if ns.out:
        return _audit_out(ns)
    cl = checklist_mod.load(ns.checklist)
    cl.set_overrides(ns.sets)
    # The same options as `harness run` (device, budget, widths, concurrency); --platform applies to every URL.
    opts = audit_options(cl, device=ns.device, budget_ms=ns.budget_ms, concurrency=ns.concurrency, platform=ns.platform,
                         browser=BrowserOptions(chromium=ns.chromium, ws_endpoint=ns.ws_endpoint, cdp_endpoint=ns.cdp_endpoint),
                         allow_link_local=ns.allow_link_local)
    device = opts.gather.device
    if ns.storage_state:
        from .sessions import read_storage_state

        opts.gather.storage_state = read_storage_state(ns.storage_state)

    async def go():
        async with Auditor(cl, opts) as auditor:
            # A bare URL has no host platform of its own (opts.platform, from --platform, sets one).
            info = lambda u: {"url": u, "service_name": ns.service_name, "system_kind": "h5", "platform": None}  # noqa: E731
            return await asyncio.gather(*(auditor.audit(None, url=u, target_info=info(u)) for u in ns.urls))

    from .scoring import target_fields, verdict_line

    audits = asyncio.run(go())
    out = {"checklist": {"id": cl.id, "version": cl.version}, "device": device, "targets": []}
    for a in audits:
        dom = a.artifacts.get("dom") or {}
        out["targets"].append({"url": a.url, "final_url": (a.artifacts.get("navigation") or {}).get("final_url"),
                               "title": dom.get("title"), **target_fields(a.score), "duration_ms": a.duration_ms, "error": a.error,
                               "checks": [{k: c[k] for k in ("id", "outcome", "value", "threshold", "message", "evidence")} for c in a.checks]})
        print(scrub(f"{a.url}: {verdict_line(a.score)} in {a.duration_ms / 1000:.1f} s"))
        for c in a.checks:
            if c["outcome"] in ("failed", "error", "cantTell"):
                print(scrub(f"  {c['id']:6} {c['outcome']:8} {c['message']}"))
    if ns.json:
        Path(ns.json).write_text(json.dumps(scrub(out), ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"results: {ns.json}")
    for t in out["targets"]:
        print(scrub(ci_line(t["url"], t)))
    if all(t["verdict"] == "error" for t in out["targets"]):
        return 3  # nothing could be measured on any page
    return gate([t["verdict"] for t in out["targets"]], ns.fail_on)


def _audit_out(ns) -> int:
    """``harness audit URL… --out DIR``: the pages as one ad-hoc department (registry ``DIR/audit-registry.json``)
    audited by ``harness run``, so that DIR holds the same department report, screenshots and results."""
    from urllib.parse import urlsplit

    from . import registry as registry_mod
    from .errors import OptionError
    from .results import atomic_write

    if ns.storage_state:
        raise OptionError("--storage-state with --out: give the login as a session in a registry and use `harness run`")
    out = Path(ns.out)
    if out.exists() and not out.is_dir():
        raise OptionError(f"--out {out}: exists and is not a directory")
    pages = [{"id": f"p{i + 1}", "name": urlsplit(u).path or u, "url": u} for i, u in enumerate(ns.urls)]
    reg = {"id": "audit", "title": "harness audit", "departments": [{"name": "临时检查 (harness audit)", "kind": "other", "systems": [
        {"id": "pages", "name": ns.service_name or "pages", "kind": "h5", "service_name": ns.service_name or "", "pages": pages}]}]}
    if not ns.service_name:
        del reg["departments"][0]["systems"][0]["service_name"]
    path = out / "audit-registry.json"
    text = json.dumps(reg, ensure_ascii=False, indent=1) + "\n"
    registry_mod.load(path, text=text, allow_link_local=ns.allow_link_local)  # validated before it is written
    atomic_write(path, text)
    run_ns = argparse.Namespace(**{**vars(ns), "registry": str(path), "departments": [], "resume": None, "history": None,
                                   "trace": "retain-on-failure", "shard": None, "discover": False, "decisions": None})
    return _cmd_run(run_ns)


def _cmd_discover(ns) -> int:
    from .sessions import LoginFailed

    try:
        found = _run_discovery(ns)
    except LoginFailed as e:
        print(f"harness: error: {e}", file=sys.stderr)
        return 1
    from .personal_data import scrub
    from . import discover as discover_mod

    print(json.dumps(scrub(found.fragment()), ensure_ascii=False, indent=1))
    for line in found.report_lines():
        print(scrub(line), file=sys.stderr)
    if ns.json:
        discover_mod.write_json(ns.json, found.fragment())
        print(f"fragment: {ns.json}", file=sys.stderr)
    if ns.report:
        discover_mod.write_json(ns.report, found.to_json())
        print(f"report: {ns.report}", file=sys.stderr)
    return 0


def _run_discovery(ns):
    """The discovery ``harness discover`` and ``harness init`` make from their options: a
    :class:`harness.discover.Discovery`. Raises OptionError / SpecError (bad input), LoginFailed."""
    from . import checklist as checklist_mod
    from . import discover as discover_mod
    from .browser import BrowserOptions
    from .engine import audit_options
    from .errors import OptionError
    from urllib.parse import urlsplit

    if ns.url and (ns.registry or ns.system):
        raise OptionError("discover: give an entry URL, or --system ID (of --registry FILE, default the embedded demo), not both")
    if not ns.url and not ns.system:
        raise OptionError("discover: give an entry URL or --system ID (with --registry FILE, or of the embedded demo)")
    session, platform = None, ns.platform
    url = ns.url
    demo = None
    if ns.system:
        from . import registry as registry_mod

        if ns.registry:
            reg = registry_mod.load(ns.registry)
        else:  # the embedded demo, served for the discovery (its certificate trusted by this run's Chromium only)
            from . import demo as demo_mod

            demo = demo_mod.DemoServer().start()
            reg = demo_mod.load_registry(demo)
            ns.registry = "(embedded demo)"
        found = [(d, s) for d in reg.departments for s in d.systems if ns.system in (s.id, s.name)]
        if not found:
            ids = sorted({s.id for d in reg.departments for s in d.systems})
            raise OptionError(f"--system {ns.system!r}: no such system in {ns.registry} (systems: {', '.join(ids) or 'none'})")
        dep, system = found[0]
        url = system.entry or (system.pages[0].url if system.pages else None)
        session = system.session
        if platform is None:
            platform = system.platform or dep.platform
    if not url or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise OptionError(f"{url}: discovery starts from an http or https URL")
    cl = checklist_mod.load(ns.checklist)
    policy = dict(cl.discovery)
    for key, value in (("depth", ns.depth), ("max_routes", ns.max_routes), ("time_ms", ns.time_ms), ("samples", ns.samples)):
        if value is not None:
            if value < (0 if key == "depth" else 1):
                raise OptionError(f"--{key.replace('_', '-')}: at least {0 if key == 'depth' else 1}, got {value}")
            policy[key] = value
    if ns.concurrency is not None and ns.concurrency < 1:
        raise OptionError(f"--concurrency: at least 1, got {ns.concurrency}")
    opts = audit_options(cl, device=ns.device, platform=platform if platform else None,
                         browser=BrowserOptions(chromium=ns.chromium, ws_endpoint=ns.ws_endpoint, cdp_endpoint=ns.cdp_endpoint),
                         extra_browser_args=demo.chromium_args() if demo else ())
    storage = None
    if ns.storage_state:
        from .sessions import read_storage_state

        storage = read_storage_state(ns.storage_state)
    plat = opts.platform if opts.platform not in (None, "none") else None
    try:
        return discover_mod.run_discover(url, opts.gather, browser_options=opts.browser, policy=policy, session=session,
                                         storage_state=storage, platform=plat,
                                         concurrency=ns.concurrency or int(policy.get("concurrency") or 2),
                                         progress=lambda s: print(s, file=sys.stderr, flush=True))
    finally:
        if demo is not None:
            demo.stop()


def _cmd_merge(ns) -> int:
    from . import shards

    path = shards.merge(ns.run_dirs, ns.out, checklist_path=ns.checklist, lang=ns.lang, allow_mixed=ns.allow_mixed,
                        notice=lambda s: print(f"merge: {s}", file=sys.stderr))
    print(f"Merged {len(ns.run_dirs)} run folder(s). Reports: {path}")
    return 0


def _cmd_init(ns) -> int:
    """``harness init URL``: a starter registry (one department, one system, the pages discovery finds)."""
    import re
    from urllib.parse import urlsplit

    from . import registry as registry_mod
    from .errors import OptionError
    from .personal_data import scrub
    from .sessions import LoginFailed
    from .specs import schema_path

    out = Path(ns.out)
    if out.exists() and not ns.force:
        raise OptionError(f"--out {out}: exists (give --force to replace it)")
    ns.registry = ns.system = None
    ns.json = ns.report = None
    try:
        found = _run_discovery(ns)
    except LoginFailed as e:
        print(f"harness: error: {e}", file=sys.stderr)
        return 1
    for line in found.report_lines():
        print(scrub(line), file=sys.stderr)
    pages = scrub(found.fragment())["pages"]
    if not pages:
        raise OptionError(f"{scrub(ns.url)}: discovery found no page there (see above): nothing written")
    system_id = ns.system_id or (re.sub(r"[^a-z0-9]+", "-", (urlsplit(ns.url).hostname or "app").lower()).strip("-") or "app")
    schema = schema_path("registry").resolve()  # editors validate and complete the file against it
    data = {
        "$schema": schema.as_uri(),
        "id": ns.registry_id or system_id,
        "title": f"{ns.department} · {ns.name}",
        "departments": [{"name": ns.department, "kind": ns.kind, "systems": [{
            "id": system_id, "name": ns.name, "kind": "h5", "service_name": ns.service_name or ns.name,
            "entry": scrub(ns.url), "pages": pages}]}],
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    registry_mod.load(out, text=text)  # what is written validates (a bad discovery never writes a file)
    from .results import atomic_write

    atomic_write(out, text)
    print(f"{out}: 1 department, 1 system, {len(pages)} page(s); edit the names, then: harness run --registry {out}")
    return 0


def _cmd_report(ns) -> int:
    from . import checklist as checklist_mod
    from . import report

    from . import registry as registry_mod

    cl = checklist_mod.load(ns.checklist)
    reg = registry_mod.load(ns.registry) if ns.registry else None
    _apply_decisions(ns.run_dir, cl, ns.decisions)
    path = report.render_run(ns.run_dir, cl, registry=reg, lang=ns.lang, allow_mixed=ns.allow_mixed,
                             notice=lambda s: print(f"report: {s}", file=sys.stderr))
    print(f"Reports: {path}")
    return 0


def _apply_decisions(run_dir, cl, decisions_dir) -> None:
    """Apply the decisions of ``decisions_dir`` (default: beside the run's registry) to every department's
    results of ``run_dir`` and write them back (``harness report``). Raises SpecError on a bad decisions file."""
    from . import decisions as decisions_mod
    from .results import ResultsStore

    store = ResultsStore(run_dir)
    where = decisions_dir or decisions_mod.dir_for_run(store)
    if not where or not store.is_run_dir():
        return
    decisions_mod.check_dir(where)
    for data in store.all():
        decisions_mod.apply_dir(cl, data, where)
        store.write_department(data)


def _cmd_decide(ns) -> int:
    """``harness decide``: one decision, fingerprinted on the run's current result of the check, added to the
    department's decisions file."""
    from . import checklist as checklist_mod
    from . import decisions as decisions_mod
    from .errors import OptionError
    from .results import ResultsStore

    store = ResultsStore(ns.run)
    if not store.is_run_dir():
        raise OptionError(f"--run {ns.run}: not a run directory (no results/)")
    deps = [d for d in store.all() if ns.department in (d["department"].get("name"), d["department"]["display_name"],
                                                         d["department"]["folder"], d["department"].get("key"))]
    if not deps:
        raise OptionError(f"--department {ns.department!r}: not in {ns.run}")
    data = deps[0]
    t = next((t for t in data["targets"] if t["id"] == ns.target), None)
    if t is None:
        raise OptionError(f"--target {ns.target!r}: no such target of {ns.department} (targets: {', '.join(x['id'] for x in data['targets'])})")
    c = next((c for c in t["checks"] if c["id"] == ns.check), None)
    cl = checklist_mod.load((data["run"].get("checklist") or {}).get("path"))
    decl = cl.by_id.get(ns.check)
    if c is None or decl is None:
        raise OptionError(f"--check {ns.check!r}: not a check of {ns.target}")
    if not decisions_mod.decidable(decl, c):
        raise OptionError(f"--check {ns.check}: an automatic check measured {c.get('measured_outcome') or c['outcome']} on "
                          f"{ns.target}; a person decides manual and semi items and cantTell outcomes only")
    where = ns.decisions or decisions_mod.dir_for_run(store)
    if not where:
        raise OptionError("--decisions DIR: the run names no registry file (the embedded demo) to keep decisions beside")
    path = decisions_mod.record(where, data["department"]["folder"], decisions_mod.make(t, c, ns.outcome, ns.by, ns.note))
    print(f"{path}: {ns.check} on {ns.target} decided {ns.outcome} by {ns.by}; `harness report {ns.run}` applies it")
    return 0


def _cmd_recheck(ns) -> int:
    from .recheck import recheck

    results = recheck(ns.run_dir, ns.checklist, ns.sets, ns.lang, registry_path=ns.registry, decisions_dir=ns.decisions)
    _print_summaries(results)
    print(f"Reports: {Path(ns.run_dir) / 'index.html'}")
    return 0


def _cmd_lint(ns) -> int:
    from . import addresses
    from . import lint as lint_mod
    from . import registry as registry_mod

    reg = registry_mod.load(ns.registry or registry_mod.default_path())
    report = lint_mod.lint(reg, host=ns.host or addresses.PLATFORM_HOST)
    print(lint_mod.format_text(report, ns.lang))
    if ns.json:
        lint_mod.write_json(report, ns.json)
        print(f"findings: {ns.json}")
    if ns.markdown:
        Path(ns.markdown).write_text(lint_mod.format_markdown(report) + "\n", encoding="utf-8")
        print(f"table: {ns.markdown}")
    return 1 if report.has_errors else 0


def _cmd_probe(ns) -> int:
    from . import browser as browser_mod
    from . import checklist as checklist_mod
    from . import probe as probe_mod
    from . import registry as registry_mod
    from .errors import OptionError

    if ns.timeout_ms is not None and ns.timeout_ms < 1000:
        raise OptionError("--timeout-ms: at least 1000 ms")
    targets = []
    if ns.registry:
        cl = checklist_mod.load(ns.checklist)
        targets += probe_mod.targets_from_registry(registry_mod.load(ns.registry), ns.departments, cl)
    elif ns.departments:
        raise OptionError("--department needs --registry")
    targets += [probe_mod.ProbeTarget(u) for u in ns.urls]
    if ns.http:
        for t in targets:
            t.method = "http"

    def show(s) -> None:
        what = "ok" if s.ok else f"FAILED ({s.error})"
        print(f"{s.method:7} {s.elapsed_ms:>6} ms  {s.status or '-':>3}  {what:24} {s.url}", flush=True)

    samples = probe_mod.run_probe(ns.history, targets, browser_options=browser_mod.BrowserOptions(chromium=ns.chromium),
                                  timeout_ms=ns.timeout_ms, concurrency=ns.concurrency, insecure=ns.insecure, progress=show)
    bad = sum(1 for s in samples if not s.ok)
    print(f"{len(samples)} sample(s), {bad} failed: {probe_mod.history_mod.path_of(ns.history)}")
    return 0


def _cmd_diff(ns) -> int:
    from .report import diff

    d = diff.diff_runs(ns.old, ns.new)
    print(diff.format_text(d, ns.lang))
    if ns.json:
        from .personal_data import scrub

        Path(ns.json).write_text(json.dumps(scrub(d), ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"comparison: {ns.json}")
    return 0


def _cmd_devices(ns) -> int:
    from . import devices

    for n in devices.names():
        d = devices.get(n)
        print(f"{n:32} {d['viewport']['width']}×{d['viewport']['height']} DPR {d['device_scale_factor']:g}{'  mobile' if d['is_mobile'] else ''}")
    return 0


def _cmd_checks(ns) -> int:
    from . import checklist as checklist_mod

    cl = checklist_mod.load(ns.checklist)
    if ns.markdown is not None:
        text = checklist_mod.table_markdown(cl)
        if ns.markdown == "-":
            sys.stdout.write(text)
        else:
            Path(ns.markdown).write_text(text, encoding="utf-8")
            print(f"wrote {ns.markdown}: {len(cl.checks)} checks")
        return 0
    for c in cl.checks:
        flag = "veto" if c.veto else f"-{c.weight:g}"
        print(f"{c.id:6} {c.mode:9} {flag:>5}  {c.title_zh} / {c.title_en}")
    return 0


COMMANDS = {"run": _cmd_run, "audit": _cmd_audit, "decide": _cmd_decide, "discover": _cmd_discover, "init": _cmd_init, "merge": _cmd_merge, "report": _cmd_report, "recheck": _cmd_recheck, "diff": _cmd_diff,
            "lint": _cmd_lint, "probe": _cmd_probe, "devices": _cmd_devices, "checks": _cmd_checks}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``harness`` console script. Returns the exit status (:data:`EXIT_STATUSES`: 0 ok, 1 a
    verdict failed the gate, 2 bad input, 3 the harness could not run)."""
    parser = build_parser()
    ns = parser.parse_args(argv)
    if not ns.command:
        ns = parser.parse_args(["run", *(argv or [])])
    try:
        return COMMANDS[ns.command](ns)
    except HarnessError as e:
        print(scrub(f"harness: error: {e}"), file=sys.stderr)
        return e.exit_status
    except KeyboardInterrupt:
        print("harness: interrupted; finished targets are saved (resume with `harness run --resume DIR`)", file=sys.stderr)
        return 130
    except OSError as e:  # an output that cannot be written (no room, no permission) outside a run's own handling
        print(scrub(f"harness: error: {e.filename or ''}: {e.strerror or e}"), file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
