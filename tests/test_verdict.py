"""The verdict model on real pages in real Chromium: a page whose vetoes cannot be measured is 待复核
(``incomplete``), never 合格; a system with no host platform is not assessed for 青松办 readiness, never ready;
``harness run``, ``harness audit`` and the pytest suite say the same thing about the same page.

Pages: ``tests/fixtures/verdict/`` (see its README): ``plain.html`` (answers, everything measured) and
``hang-after-load.html`` (opens, then blocks its main thread for good: the DOM walk PI-06 and AV-02 read never runs).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from harness import scoring
from harness.paths import schema_path

ROOT = Path(__file__).resolve().parent.parent
HARNESS = [sys.executable, "-m", "harness.cli"]
SERVICE = "青松便民服务"
DEPARTMENT = "测试：待复核部门"
#: PF-01's throttled reload would only add time; the same --set goes to all three front ends.
SETS = ["--set", "PF-01.throttling=false"]


def _check(checks, cid):
    return next(c for c in checks if c["id"] == cid)


def test_page_whose_vetoes_cannot_be_measured_is_incomplete_not_pass(audit, fixture_server, checklist):
    """hang-after-load opens (AV-01 passes) and then answers nothing: PI-06 and AV-02 are errors, and so is the
    veto PI-09 (未提供有效互动功能), so the page is 待复核 with the reason, not the 'pass 90' it used to get."""
    a = audit(f"{fixture_server.http_base}/verdict/hang-after-load.html", service_name=SERVICE)
    assert _check(a.checks, "AV-01")["outcome"] == "passed"
    pi06 = _check(a.checks, "PI-06")
    assert pi06["outcome"] == "error" and "dom" in pi06["message"], pi06["message"]
    s = a.score
    assert s["verdict"] == "incomplete" and s["score"] is not None and s["score"] >= checklist.scoring["pass_mark"]
    assert _check(a.checks, "AV-02")["outcome"] == "error"
    assert "PI-09" in s["unmeasured_vetoes"] and not s["vetoes"]
    m = s["measured"]
    assert m["unmeasured"] == s["counts"]["error"] > 30 and m["automatic"] == m["measured"] + m["unmeasured"]
    assert m["measured"] < m["automatic"] / 2 and s["incomplete_reasons"] == ["veto-unmeasured", "coverage"]
    assert scoring.verdict_line(s).startswith(f"incomplete (score {s['score']:g}; measured {m['measured']} of {m['automatic']} automatic checks")
    # The same page measured: its vetoes pass, nothing is missing, and it is 合格.
    ok = audit(f"{fixture_server.http_base}/verdict/plain.html", service_name=SERVICE)
    assert ok.score["verdict"] == "pass" and ok.score["unmeasured_vetoes"] == [] and ok.score["incomplete_reasons"] == []
    assert ok.score["measured"]["unmeasured"] == 0 and ok.score["measured"]["measured"] == ok.score["measured"]["automatic"] > 20


def _registry(tmp_path: Path, base: str) -> Path:
    """One department, one system with no host platform (no ``platform`` anywhere), the two verdict pages."""
    reg = {"id": "verdict", "title": "verdict", "departments": [{"name": DEPARTMENT, "kind": "other", "systems": [
        {"id": "app", "name": "便民应用", "kind": "h5", "service_name": SERVICE, "pages": [
            {"id": "plain", "name": "首页", "url": f"{base}/verdict/plain.html"},
            {"id": "hang", "name": "卡死页", "url": f"{base}/verdict/hang-after-load.html"}]}]}]}
    p = tmp_path / "registry.json"
    p.write_text(json.dumps(reg, ensure_ascii=False), encoding="utf-8")
    return p


def _same(t: dict) -> dict:
    """What every front end must agree on for a target."""
    return {k: t[k] for k in ("verdict", "score", "counts", "measured", "unmeasured_vetoes", "incomplete_reasons", "vetoes")}


@pytest.fixture(scope="module")
def three_ways(tmp_path_factory, fixture_server):
    """The two pages through ``harness run``, ``harness audit`` and ``pytest suites/``, one after the other."""
    tmp = tmp_path_factory.mktemp("verdict")
    reg = _registry(tmp, fixture_server.http_base)
    urls = {tid: f"{fixture_server.http_base}/verdict/{name}.html" for tid, name in (("app/plain", "plain"), ("app/hang", "hang-after-load"))}
    run = subprocess.run(HARNESS + ["run", "--registry", str(reg), "--out", str(tmp / "run"), *SETS],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    aud = subprocess.run(HARNESS + ["audit", *urls.values(), "--service-name", SERVICE, "--json", str(tmp / "audit.json"), *SETS],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert aud.returncode == 0, aud.stderr[-3000:]
    suite = subprocess.run([sys.executable, "-m", "pytest", "suites/", "-q", "-p", "no:cacheprovider", "--harness-registry", str(reg),
                            "--harness-out", str(tmp / "suite"), "--junitxml", str(tmp / "junit.xml"), "--harness-set", SETS[1]],
                           capture_output=True, text=True, cwd=ROOT, timeout=600)
    return {"tmp": tmp, "urls": urls, "run": run, "audit": aud, "suite": suite}


def _results(out: Path) -> dict:
    (f,) = (out / "results").glob("*.json")
    return json.loads(f.read_text(encoding="utf-8"))


def test_run_audit_and_suite_say_the_same_about_the_same_page(three_ways):
    tw = three_ways
    ran = {t["id"]: t for t in _results(tw["tmp"] / "run")["targets"]}
    suite_run = {t["id"]: t for t in _results(tw["tmp"] / "suite")["targets"]}
    audited = {t["url"]: t for t in json.loads((tw["tmp"] / "audit.json").read_text(encoding="utf-8"))["targets"]}
    assert ran["app/hang"]["verdict"] == "incomplete" and ran["app/plain"]["verdict"] == "pass"
    for tid, url in tw["urls"].items():
        assert _same(ran[tid]) == _same(audited[url]) == _same(suite_run[tid]), tid
        line = scoring.verdict_line(ran[tid])
        assert f"{DEPARTMENT} · " in tw["run"].stdout and line in tw["run"].stdout, (line, tw["run"].stdout[-2000:])
        assert f"{url}: {line}" in tw["audit"].stdout, (line, tw["audit"].stdout[-2000:])
    # The pytest suite: the verdict item of each page, with the same words and the same numbers as properties.
    assert tw["suite"].returncode == 1, tw["suite"].stdout[-3000:]  # the hang page's errors (and the plain page's failed checks)
    cases = {tc.get("name"): tc for tc in ET.parse(tw["tmp"] / "junit.xml").getroot().iter("testcase")}
    plain, hang = cases[f"test_verdict[{DEPARTMENT}/app/plain]"], cases[f"test_verdict[{DEPARTMENT}/app/hang]"]
    assert plain.find("failure") is None and plain.find("error") is None and plain.find("skipped") is None
    err = hang.find("error")
    assert err is not None and hang.find("failure") is None  # never a pass, not a failure: it could not be measured
    assert scoring.verdict_line(ran["app/hang"]) in (err.get("message", "") + (err.text or ""))
    assert re.search(r"PI-09 (error|cantTell)", err.text or ""), err.text  # the veto left unmeasured
    for tc, tid in ((plain, "app/plain"), (hang, "app/hang")):
        props = {p.get("name"): p.get("value") for p in tc.iter("property")}
        assert props["verdict"] == ran[tid]["verdict"] and json.loads(props["measured"]) == ran[tid]["measured"], props
        assert json.loads(props["counts"]) == ran[tid]["counts"] and json.loads(props["score"]) == ran[tid]["score"]
    summary = scoring.verdict_line(_results(tw["tmp"] / "run")["summary"])
    assert f"harness: {DEPARTMENT}: {summary}" in tw["suite"].stdout and f"  {DEPARTMENT}: {summary}" in tw["run"].stdout


def test_incomplete_department_in_results_report_and_index(three_ways):
    tw = three_ways
    out = tw["tmp"] / "run"
    data = _results(out)
    assert not list(Draft202012Validator(json.loads(schema_path("results").read_text(encoding="utf-8"))).iter_errors(data))
    sm = data["summary"]
    assert sm["verdict"] == "incomplete" and sm["targets_incomplete"] == 1 and "PI-09" in set(sm["unmeasured_vetoes"])
    assert sm["measured"]["automatic"] == sum(t["measured"]["automatic"] for t in data["targets"])
    html = (out / "departments" / f"{data['department']['folder']}.html").read_text(encoding="utf-8")
    assert re.search(r'id="verdict">待复核（检测不完整）<', html)
    reason = re.search(r'id="reason">(.*?)</div>', html, re.S).group(1)
    assert "待复核，不能判定合格" in reason and "PI-09" in reason and "卡死页" in reason
    m = sm["measured"]
    assert f"检测了 {m['measured']}/{m['automatic']} 项自动检查" in html
    block = re.search(r'id="unmeasured-vetoes">(.*?)</div>\s*(?:<div class="warn-box">|\n)', html, re.S).group(1)
    assert "PI-09" in block and "无法检测" in block
    # No host platform: readiness is not assessed, never "ready" (IN-02 passed on the plain page).
    plain = next(t for t in data["targets"] if t["id"] == "app/plain")
    assert _check(plain["checks"], "IN-02")["outcome"] == "passed" and plain["platform"] is None
    readiness = re.search(r'id="readiness">(.*?)</div>\s*</div>', html, re.S).group(1)
    assert "未评估：未登记宿主平台" in readiness and "已就绪" not in html and "便民应用" in readiness
    index = (out / "index.html").read_text(encoding="utf-8")
    row = re.search(r'<tr data-verdict="incomplete"[^>]*data-readiness="not-assessed"[^>]*>(.*?)</tr>', index, re.S)
    assert row and "待复核" in row.group(1) and f'data-measured="{m["measured"]}/{m["automatic"]}"' in row.group(1)
    card = re.search(r'id="count-incomplete"><div class="muted">([^<]+)</div><div class="score">(\d+)<', index)
    assert card and card.groups() == ("待复核（检测不完整）", "1")
    assert '<option value="incomplete">待复核（检测不完整）</option>' in index
    assert re.search(r'id="count-pass"><div class="muted">[^<]+</div><div class="score">0<', index)
