"""Reviewer decisions (harness/decisions.py), gates (``--fail-on``, exit statuses) and ``harness audit --out``, in
real Chromium on pages of our own (``tests/fixtures/decisions/``: an SPA shell whose list scrolls inside its
``<main>``, and one whose bundle never arrives: a white screen), served from a folder the test may change."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import server as server_mod

from harness import decisions as decisions_mod
from harness.cli import FAIL_ON, gate

ROOT = Path(__file__).resolve().parent.parent
PAGES = Path(__file__).resolve().parent / "fixtures" / "decisions"
AUDIT_FAST = ["--set", "PF-01.throttling=false", "--concurrency", "1"]
FAST = [*AUDIT_FAST, "--trace", "off"]


def harness(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "harness.cli", *args], capture_output=True, text=True, cwd=cwd or ROOT)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The fixture pages copied into a folder of this module's own, served over HTTP on 127.0.0.1."""
    root = tmp_path_factory.mktemp("site")
    for p in PAGES.glob("*.html"):
        shutil.copy(p, root / p.name)
    srv = server_mod.start(root)
    yield root, srv
    srv.stop()


def _registry(tmp: Path, url: str) -> Path:
    reg = {"id": "decisions-test", "title": "判定测试",
           "departments": [{"name": "测试：判定局", "kind": "other",
                            "systems": [{"id": "app", "name": "社保查询", "kind": "h5", "pages": [{"id": "home", "name": "首页", "url": url}]}]}]}
    path = tmp / "registry.json"
    path.write_text(json.dumps(reg, ensure_ascii=False), encoding="utf-8")
    return path


def _results(run: Path) -> dict:
    files = list((run / "results").glob("*.json"))
    assert len(files) == 1, files
    return json.loads(files[0].read_text(encoding="utf-8"))


def _checks(data: dict) -> dict:
    return {c["id"]: c for c in data["targets"][0]["checks"]}


@pytest.mark.browser
def test_decision_from_the_report_form_is_applied_then_goes_stale(tmp_path, site, report_browser, checklist):
    root, srv = site
    reg = _registry(tmp_path, f"{srv.http_base}/app.html")
    run1 = tmp_path / "run1"
    r = harness("run", "--registry", str(reg), "--out", str(run1), "--fail-on", "never", *FAST)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    assert "HARNESS " in r.stdout  # one line per department for CI logs
    before = _results(run1)
    folder = before["department"]["folder"]
    t0 = before["targets"][0]
    c0 = _checks(before)
    assert c0["AX-05"]["outcome"] == "untested" and c0["AX-05"]["deducted"] == 0
    assert c0["AV-04"]["outcome"] == "cantTell"  # no monitoring record: a person decides
    assert t0["verdict"] != "fail-veto" and t0["score"] is not None
    weight = checklist.by_id["AX-05"].weight
    assert weight > 0 and checklist.by_id["AV-04"].veto

    # The reviewer fills the form in the report page and downloads the decisions file.
    page = report_browser.new_page(accept_downloads=True)
    page.goto((run1 / "departments" / f"{folder}.html").as_uri())
    rows = page.locator("#decision-table tr.decision-row")
    assert rows.count() >= 2 and not rows.first.is_visible()  # folded under its one-line summary until opened
    page.click("#decision-form summary")
    page.fill("#decision-by", "王审核")
    ax = page.locator(f'tr.decision-row[data-target="{t0["id"]}"][data-check="AX-05"]')
    ax.locator("select.decision-outcome").select_option("fail")
    ax.locator("input.decision-note").fill("图片无替代文本")
    av = page.locator(f'tr.decision-row[data-target="{t0["id"]}"][data-check="AV-04"]')
    av.locator("select.decision-outcome").select_option("fail")
    with page.expect_download() as info:
        page.click("#decision-download")
    download = info.value
    assert download.suggested_filename == f"{folder}.json"
    where = decisions_mod.default_dir(reg)
    where.mkdir()
    download.save_as(where / f"{folder}.json")
    page.close()
    saved = decisions_mod.load_file(where / f"{folder}.json")  # valid against the schema
    assert {(d["check"], d["outcome"], d["by"]) for d in saved["decisions"]} == {("AX-05", "fail", "王审核"), ("AV-04", "fail", "王审核")}

    # harness report applies them (the folder beside the registry run.json names): AX-05 deducts, AV-04 fails the veto.
    r = harness("report", str(run1))
    assert r.returncode == 0, r.stderr
    after = _results(run1)
    ca = _checks(after)
    assert ca["AX-05"]["outcome"] == "failed" and ca["AX-05"]["measured_outcome"] == "untested"
    assert ca["AX-05"]["decided_by"] == "王审核" and ca["AX-05"]["deducted"] == weight
    assert ca["AV-04"]["outcome"] == "failed"
    t1 = after["targets"][0]
    assert t1["score"] == max(0, t0["score"] - weight)
    assert t1["verdict"] == "fail-veto" and "AV-04" in t1["vetoes"]
    assert after["summary"]["verdict"] == "fail-veto" and after["decisions"]["applied"] == 2
    html = (run1 / "departments" / f"{folder}.html").read_text(encoding="utf-8")
    assert "王审核" in html and "图片无替代文本" in html

    # A new run applies them too; the default gate (the verdicts decide) exits 1 on the decided veto.
    run2 = tmp_path / "run2"
    r = harness("run", "--registry", str(reg), "--out", str(run2), *FAST)
    assert r.returncode == 1, r.stdout[-2000:] + r.stderr[-2000:]
    assert "HARNESS fail-veto" in r.stdout
    assert _results(run2)["targets"][0]["verdict"] == "fail-veto"
    assert gate(["fail-veto"], "veto") == 1 and gate(["fail-veto"], "never") == 0

    # The page changes: the decisions were made on other evidence, so they are stale and not applied.
    app = root / "app.html"
    app.write_text(app.read_text(encoding="utf-8").replace("<title>社保查询 - 青松办事</title>", "<title>社保查询（新版） - 青松办事</title>"),
                   encoding="utf-8")
    run3 = tmp_path / "run3"
    r = harness("run", "--registry", str(reg), "--out", str(run3), "--fail-on", "never", *FAST)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    stale = _results(run3)
    cs = _checks(stale)
    assert cs["AX-05"]["outcome"] == "untested" and cs["AX-05"]["deducted"] == 0 and cs["AX-05"]["decision_stale"]["by"] == "王审核"
    assert cs["AV-04"]["outcome"] == "cantTell" and "decision_stale" in cs["AV-04"]
    assert stale["targets"][0]["verdict"] != "fail-veto" and stale["decisions"] == {"applied": 0, "stale": 2, "unmatched": []}
    html = (run3 / "departments" / f"{folder}.html").read_text(encoding="utf-8")
    assert html.count('class="decision-row decision-stale"') == 2


def test_bad_decisions_file_is_bad_input(tmp_path):
    reg = _registry(tmp_path, "http://127.0.0.1:9/app.html")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.json").write_text(json.dumps({"schema": "harness-decisions/1", "department": "x", "decisions": [
        {"target": "app/home", "check": "AX-05", "outcome": "maybe", "by": "王", "at": "2026-01-01T00:00:00Z",
         "fingerprint": "sha256:" + "0" * 64}]}), encoding="utf-8")
    r = harness("run", "--registry", str(reg), "--out", str(tmp_path / "run"), "--decisions", str(bad))
    assert r.returncode == 2
    assert str(bad / "x.json") in r.stderr and "$.decisions[0].outcome" in r.stderr


def test_gates():
    verdicts = {"pass": 0, "incomplete": 0, "fail-score": 0, "fail-veto": 0}
    for fail_on, bad in FAIL_ON.items():
        for v in (*verdicts, "error"):
            assert gate(["pass", v], fail_on) == (1 if v in bad else 0), (fail_on, v)
    assert gate([], "incomplete") == 0


@pytest.mark.browser
def test_audit_out_writes_the_report_and_gates(tmp_path, site):
    root, srv = site
    out = tmp_path / "audit"
    urls = [f"{srv.http_base}/white.html", f"{srv.http_base}/app.html"]
    r = harness("audit", *urls, "--out", str(out), "--fail-on", "veto", *AUDIT_FAST)
    assert r.returncode == 1, r.stdout[-2000:] + r.stderr[-2000:]  # the white screen: AV-02 deducts 41 and, showing nothing, it offers no 投诉建议 entry (PI-09, a veto)
    data = _results(out)
    assert [t["url"] for t in data["targets"]] == urls
    assert data["targets"][0]["verdict"] == "fail-veto" and data["targets"][0]["vetoes"] == ["PI-09"]
    assert _checks(data)["AV-02"]["outcome"] == "failed"
    report = out / "departments" / f"{data['department']['folder']}.html"
    html = report.read_text(encoding="utf-8")
    assert "AV-02" in html and 'id="must-fix"' in html
    shots = [t["screenshot"] for t in data["targets"]]
    assert all(shots) and all((out / s).is_file() and (out / s).stat().st_size > 1000 for s in shots)
    assert (out / "index.html").is_file()
    r = harness("audit", urls[0], "--fail-on", "never", *AUDIT_FAST)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "HARNESS fail-veto" in r.stdout


def test_harness_that_cannot_run_exits_3(tmp_path):
    r = harness("audit", "http://127.0.0.1:9/", "--cdp-endpoint", "http://127.0.0.1:9")  # nothing listens there
    assert r.returncode == 3 and "cannot start or reach Chromium" in r.stderr, r.stderr
    r = harness("audit", "http://127.0.0.1:9/", "--chromium", str(tmp_path / "no-such-chromium"))
    assert r.returncode == 2, r.stderr  # a Chromium the options name that is not there: bad input


@pytest.mark.browser
def test_decide_from_the_command_line_then_recheck_applies_it(tmp_path, site, checklist):
    root, srv = site
    reg = _registry(tmp_path, f"{srv.http_base}/app.html")
    run = tmp_path / "run"
    r = harness("run", "--registry", str(reg), "--out", str(run), "--fail-on", "never", *FAST)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    data = _results(run)
    t = data["targets"][0]
    name = data["department"]["name"]
    r = harness("decide", "--run", str(run), "--department", name, "--target", t["id"], "--check", "SE-04", "--outcome", "fail",
                "--note", "未见备案材料", "--by", "李复核")
    assert r.returncode == 0, r.stderr
    saved = decisions_mod.load_file(decisions_mod.file_of(decisions_mod.default_dir(reg), data["department"]["folder"]))
    assert [(d["check"], d["outcome"], d["by"], d["note"]) for d in saved["decisions"]] == [("SE-04", "fail", "李复核", "未见备案材料")]
    # an automatic check the harness decided is not a person's to overrule
    measured = next(c for c in t["checks"] if checklist.by_id[c["id"]].mode == "automatic" and c["outcome"] in ("passed", "failed"))
    r = harness("decide", "--run", str(run), "--department", name, "--target", t["id"], "--check", measured["id"], "--outcome", "pass",
                "--by", "李复核")
    assert r.returncode == 2 and "manual and semi items and cantTell outcomes only" in r.stderr
    r = harness("recheck", str(run))
    assert r.returncode == 0, r.stderr
    after = _results(run)
    se = _checks(after)["SE-04"]
    assert se["outcome"] == "failed" and se["decided_by"] == "李复核" and se["deducted"] == checklist.by_id["SE-04"].weight
    assert after["targets"][0]["score"] == max(0, t["score"] - checklist.by_id["SE-04"].weight)
    assert after["decisions"]["applied"] == 1
    # what the harness measured is unchanged by a person's decision (coverage is of automatic checks)
    assert after["targets"][0]["measured"] == t["measured"]


def test_decisions_file_of_another_department_is_refused(tmp_path):
    (tmp_path / "甲.json").write_text(json.dumps({"schema": "harness-decisions/1", "department": "乙", "decisions": []}), encoding="utf-8")
    with pytest.raises(decisions_mod.SpecError) as e:
        decisions_mod.for_department(tmp_path, "甲")
    assert e.value.file == str(tmp_path / "甲.json") and e.value.json_path == "$.department"
    (tmp_path / "丙.json").write_text(json.dumps({"schema": "harness-decisions/1", "department": "丙", "decisions": [
        {"target": "a/b", "check": "AX-05", "outcome": "pass", "by": "王", "at": "yesterday", "fingerprint": "sha256:" + "a" * 64}]}),
        encoding="utf-8")
    with pytest.raises(decisions_mod.SpecError) as e:
        decisions_mod.for_department(tmp_path, "丙")
    assert e.value.json_path == "$.decisions[0].at"


@pytest.mark.browser
@pytest.mark.parametrize("fail_on,status", [("veto", 1), ("fail", 1), ("incomplete", 1), ("never", 0), (None, 1)])
def test_each_fail_on_gives_its_exit_status(site, fail_on, status):
    _, srv = site
    gate_args = ["--fail-on", fail_on] if fail_on else []  # None: the default, the verdicts decide
    r = harness("audit", f"{srv.http_base}/white.html", f"{srv.http_base}/app.html", *gate_args, *AUDIT_FAST)
    assert r.returncode == status, r.stdout[-2000:] + r.stderr[-2000:]
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith("HARNESS ")]
    assert len(lines) == 2 and lines[0].startswith("HARNESS fail-veto") and "vetoes=PI-09" in lines[0]
    if fail_on == "incomplete":  # the conforming page alone passes even the strictest gate
        r = harness("audit", f"{srv.http_base}/app.html", "--fail-on", "incomplete", *AUDIT_FAST)
        assert r.returncode == 0 and r.stdout.count("HARNESS pass") == 1, r.stdout[-2000:] + r.stderr[-2000:]
