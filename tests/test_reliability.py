"""Reliability and safety: hostile pages never stop, hang or corrupt a sweep; bad input is refused before a
browser starts; a run killed with SIGKILL resumes without re-auditing finished targets; targets are isolated."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness import checklist as checklist_mod
from harness.browser import BrowserOptions
from harness.engine import AuditOptions, Auditor
from harness.gather import GatherOptions
from harness.pytest_plugin import _EngineThread

from hostile.server import CASES

ROOT = Path(__file__).resolve().parent.parent
HARNESS = [sys.executable, "-m", "harness.cli"]


@pytest.fixture(scope="module")
def hostile_audits(hostile):
    """Every hostile case audited concurrently in one browser with short budgets (5 s navigation, 20 s per
    gatherer, 60 s per target; generous because CI machines may be busy) — the same code paths as the defaults, in less time."""
    cl = checklist_mod.load()
    cl.set_overrides(["PF-01.throttling=false"])  # a throttled reload of every hostile page would only add time
    engine = _EngineThread()
    opts = AuditOptions(browser=BrowserOptions(), gather=GatherOptions(navigation_ms=5000, gatherer_ms=20000, settle_ms=1500),
                        budget_ms=60000, concurrency=3)
    auditor = engine.call(Auditor(cl, opts).__aenter__())
    urls = {key: url for key, (url, _) in hostile.targets().items()}

    async def all_():
        import asyncio

        async def one(key, url):
            t = time.monotonic()
            a = await auditor.audit(None, url=url, target_info={"url": url, "system_kind": "h5"})
            return key, a, time.monotonic() - t
        return await asyncio.gather(*(one(k, u) for k, u in urls.items()))

    results = {k: (a, dt) for k, a, dt in engine.call(all_(), timeout=600)}
    # after the corpus (a renderer crash among it), the same browser still audits a normal page
    after = engine.call(auditor.audit(None, url=hostile.base + "/ok", target_info={"url": "x"}), timeout=60)
    yield results, after, auditor
    engine.call(auditor.__aexit__(None, None, None), timeout=60)
    engine.stop()


def _check(a, cid):
    return next(c for c in a.checks if c["id"] == cid)


def test_every_case_ends_with_a_recorded_outcome(hostile_audits):
    results, after, _ = hostile_audits
    assert set(results) == set(CASES) | {"tls", "expired", "dead"}
    for key, (a, _) in results.items():
        assert a.score["verdict"] in ("pass", "incomplete", "fail-score", "fail-veto", "error"), key
        assert {c["id"] for c in a.checks} >= {"AV-01", "AV-02"}, key
        json.dumps(a.artifacts)  # artifacts stay plain data
    assert after.score["verdict"] == "pass" and _check(after, "AV-01")["outcome"] == "passed"


@pytest.mark.parametrize("key,needle", [
    ("/status/404", "404"), ("/status/500", "500"), ("/never", "Timeout"), ("/redirect-loop", "ERR_TOO_MANY_REDIRECTS"),
    ("/download", "Download"), ("tls", "ERR_CERT"), ("expired", "ERR_CERT"), ("dead", "ERR_CONNECTION_REFUSED"), ("/block-main", "Timeout"),
])
def test_unreachable_pages_fail_availability_with_the_reason(hostile_audits, key, needle):
    a, _ = hostile_audits[0][key]
    av01 = _check(a, "AV-01")
    assert av01["outcome"] == "failed" and needle in av01["message"], av01["message"]
    assert a.score["verdict"] == "fail-veto"


def test_page_without_load_event_is_still_measured(hostile_audits):
    a, _ = hostile_audits[0]["/never-loads"]
    assert _check(a, "AV-01")["outcome"] == "failed"
    assert _check(a, "UI-02")["outcome"] == "passed"  # the DOM that was there got audited
    assert a.artifacts["dom"]["title"] == "永不加载完成"


def test_blocked_main_thread_is_cut_short(hostile_audits):
    a, _ = hostile_audits[0]["/block-main"]
    errs = a.artifacts["errors"]
    assert any("unresponsive" in v for v in errs.values()) and any(v.startswith("skipped") for v in errs.values()), errs
    assert _check(a, "UI-01")["outcome"] == "error"


def test_alert_storm_and_popup_spam(hostile_audits):
    a, _ = hostile_audits[0]["/alert-storm"]
    assert len(a.artifacts["dialogs"]) >= 1 and a.artifacts["dialogs"][0]["message"] == "恭喜中奖"
    assert len(a.artifacts["dialogs"]) <= 100
    p, _ = hostile_audits[0]["/popup-spam"]
    assert 1 <= len(p.artifacts["popups"]) <= 100 and p.artifacts["popup_count"] >= len(p.artifacts["popups"])


def test_huge_pages_are_bounded(hostile_audits):
    dom = hostile_audits[0]["/huge-dom"][0].artifacts["dom"]
    assert dom["node_count"] >= 100_000 and dom["texts_truncated"] and len(dom["texts"]) == 3000
    img = hostile_audits[0]["/huge-image"][0]
    assert any(r.get("bytes", 0) >= 30 * 1024 * 1024 for r in img.artifacts["network"])
    text = hostile_audits[0]["/huge-text"][0].artifacts
    if "dom" in text:  # laying out 5 MB of text may outlast the budget: then the reason is recorded
        assert len(text["dom"]["visible_text"]) <= 200_000 and text["dom"]["visible_text_chars"] > 1_000_000
    else:
        assert text["errors"]
    scroll = hostile_audits[0]["/infinite-scroll"][0].artifacts["screenshot"]
    assert scroll["css_height"] <= 4000
    # its feed prints Math.random(): 16-digit fractions that pass Luhn now and then are not bank card numbers
    assert _check(hostile_audits[0]["/infinite-scroll"][0], "PI-06")["outcome"] == "passed"


@pytest.mark.parametrize("key", ["/gbk-header", "/gbk-meta"])
def test_gbk_pages_decoded(hostile_audits, key):
    dom = hostile_audits[0][key][0].artifacts["dom"]
    assert dom["charset"].upper() == "GBK" and "政务服务页面" in dom["visible_text"] and dom["title"] == "国标编码页面"


def test_navigation_and_crash_cases(hostile_audits):
    r = hostile_audits[0]
    assert len(r["/navigate-away"][0].artifacts["frame_navigations"]) >= 2
    assert len(r["/meta-refresh-loop"][0].artifacts["frame_navigations"]) >= 1
    # a new timestamped address every 200 ms is a redirect loop (NV-03); a page reloading itself is a refresh (EL-10)
    nv03 = _check(r["/navigate-away"][0], "NV-03")
    assert nv03["outcome"] == "failed" and nv03["value"]["loops"] == 1, nv03["message"]
    assert _check(r["/meta-refresh-loop"][0], "EL-10")["outcome"] == "failed"
    assert _check(r["/meta-refresh-loop"][0], "NV-03")["outcome"] == "passed"
    crash = r["/crash"][0]
    assert "crash" in crash.artifacts["errors"] or any("crash" in v.lower() for v in crash.artifacts["errors"].values())
    for key in ("/beforeunload", "/close-self"):
        assert "close" not in r[key][0].artifacts["errors"], key  # the context closed in time


def test_budget_ends_a_stuck_target(hostile):
    cl = checklist_mod.load()
    engine = _EngineThread()
    try:
        opts = AuditOptions(gather=GatherOptions(navigation_ms=15000), budget_ms=2000, concurrency=1)
        auditor = engine.call(Auditor(cl, opts).__aenter__())
        a = engine.call(auditor.audit(None, url=hostile.base + "/never", target_info={"url": "x"}), timeout=60)
        assert "budget" in a.artifacts["errors"] and "2000 ms" in a.artifacts["errors"]["budget"]
        assert a.score["verdict"] in ("error", "fail-veto")
        engine.call(auditor.__aexit__(None, None, None), timeout=60)
    finally:
        engine.stop()


def _browser_pids():
    """PIDs of Chromium browser processes (not renderers) started by this test process's Playwright driver."""
    me = os.getpid()
    out = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            cmd = (d / "cmdline").read_bytes().split(b"\0")
            if not cmd or b"chromium" not in cmd[0] or any(c.startswith(b"--type=") for c in cmd):
                continue
            pid = int(d.name)
            p = pid
            while p > 1:  # an ancestor must be this process
                stat = Path(f"/proc/{p}/stat").read_text()
                p = int(stat.rsplit(")", 1)[1].split()[1])
                if p == me:
                    out.append(pid)
                    break
        except (OSError, ValueError, IndexError):
            continue
    return out


def test_killed_browser_is_relaunched(hostile):
    cl = checklist_mod.load()
    engine = _EngineThread()
    try:
        auditor = engine.call(Auditor(cl, AuditOptions(concurrency=1)).__aenter__())
        first = engine.call(auditor.audit(None, url=hostile.base + "/ok", target_info={"url": "x"}), timeout=60)
        assert first.score["verdict"] == "pass"
        pids = _browser_pids()
        assert pids, "no Chromium found"
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        time.sleep(1)
        again = engine.call(auditor.audit(None, url=hostile.base + "/other", target_info={"url": "x"}), timeout=60)
        assert auditor.relaunches == 1 and again.score["verdict"] == "pass"
        engine.call(auditor.__aexit__(None, None, None), timeout=60)
    finally:
        engine.stop()


def _normalised(out: Path) -> dict:
    """Per department and target: verdict, score and every check's outcome (times and ports differ by run)."""
    res = {}
    for f in sorted((out / "results").glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        res[d["department"]["folder"]] = {
            t["id"]: (t["verdict"], t["score"], [(c["id"], c["outcome"]) for c in t["checks"]])
            for t in d["targets"]}
    return res


#: The three original demo departments: 7 targets, enough for a kill to land mid-run.
#: Two demo departments (7 pages), unhosted and without throttled reloads: this test is about the run, not the checks.
THREE = ["--department", "演示：省社保示范局", "--department", "演示：省公积金示范中心",
         "--set", "PF-01.throttling=false", "--platform", "none"]


@pytest.mark.browser
def test_resume_after_sigkill_matches_uninterrupted_run(tmp_path):
    killed = tmp_path / "killed"
    proc = subprocess.Popen(HARNESS + ["run", "--out", str(killed), "--concurrency", "1", *THREE], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        files = list((killed / "results").glob("*.json")) if (killed / "results").exists() else []
        done = sum(len(json.loads(f.read_text(encoding="utf-8"))["targets"]) for f in files) if files else 0
        if done >= 2:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = _normalised(killed)
    n_before = sum(len(v) for v in before.values())
    from harness import demo

    total = len(demo.load_registry().targets(THREE[1:4:2]))
    assert 2 <= n_before < total, "the kill must land mid-run"
    started = {f: {t["id"]: t["started"] for t in json.loads(f.read_text(encoding="utf-8"))["targets"]}
               for f in (killed / "results").glob("*.json")}

    r = subprocess.run(HARNESS + ["run", "--fail-on", "never", "--resume", str(killed)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"{n_before} target(s) already measured" in r.stdout
    for f, ids in started.items():  # finished targets were not audited again
        now = {t["id"]: t["started"] for t in json.loads(f.read_text(encoding="utf-8"))["targets"]}
        assert all(now[i] == s for i, s in ids.items())

    full = tmp_path / "full"
    r = subprocess.run(HARNESS + ["run", "--fail-on", "never", "--out", str(full), *THREE], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0
    assert _normalised(killed) == _normalised(full)
    assert (killed / "index.html").is_file() and len(list((killed / "departments").glob("*.html"))) == 2


def test_isolation_between_targets(audit, fixture_server):
    first = audit(fixture_server.https_base + "/isolation/set.html")
    assert "已写入" in first.artifacts["dom"]["visible_text"]
    second = audit(fixture_server.https_base + "/isolation/get.html")
    assert "cookie=[] local=[] session=[] idb=[] sw=[0]" in second.artifacts["dom"]["visible_text"]


@pytest.mark.parametrize("content,where", [
    ("{not json", "malformed JSON"),
    ('{"id": "x", "title": "t", "departments": [{"name": "甲", "kind": "other", "systems": [{"name": "s", "pages": [{"url": "javascript:alert(1)"}]}]}]}',
     "$.departments[0].systems[0].pages[0].url"),
    ('{"id": "x", "title": "t", "departments": [{"name": "甲", "kind": "other", "systems": [{"name": "s", "pages": [{"url": "data:text/html,x"}]}]}]}',
     "$.departments[0].systems[0].pages[0].url"),
    ('{"id": "x", "title": "t", "departments": [{"name": "甲", "kind": "other"}, {"name": "甲", "kind": "other"}]}',
     "$.departments[1].name: duplicate department name"),
    ('{"id": "x", "title": "t", "params": {"ZZ-01": {"a": 1}}, "departments": []}', "unknown check id 'ZZ-01'"),
])
def test_bad_registry_exit_2(tmp_path, content, where):
    p = tmp_path / "reg.json"
    p.write_text(content, encoding="utf-8")
    r = subprocess.run(HARNESS + ["run", "--registry", str(p), "--out", str(tmp_path / "o")], capture_output=True, text=True,
                       env={**os.environ, "HARNESS_CHROMIUM": "/nonexistent"})
    assert r.returncode == 2 and str(p) in r.stderr and where in r.stderr, r.stderr
    assert not (tmp_path / "o" / "results").exists()


@pytest.mark.browser
def test_unsafe_department_names_stay_inside_the_output(tmp_path):
    deps = [{"name": n, "kind": "other"} for n in ["../../escape", "a/b", "a_b", "CON", "nul\u0000byte", "..", ".hidden", "a\\b"]]
    p = tmp_path / "reg.json"
    p.write_text(json.dumps({"id": "x", "title": "t", "departments": deps}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    r = subprocess.run(HARNESS + ["run", "--fail-on", "never", "--registry", str(p), "--out", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    files = sorted(x.relative_to(out).as_posix() for x in out.rglob("*") if x.is_file())
    results = [f for f in files if f.startswith("results/")]
    reports = [f for f in files if f.startswith("departments/")]
    assert len(results) == len(deps) == len(set(results)) and len(reports) == len(deps)
    assert all(".." not in f.split("/") and "\x00" not in f for f in files)
    assert not any(p.name == "escape" for p in tmp_path.rglob("*") if not str(p).startswith(str(out)))
