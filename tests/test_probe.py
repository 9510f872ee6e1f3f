"""Availability monitoring: the history database (schema versioned, a newer one refused), ``harness probe`` against
a local server that is sometimes slow (HTTP GET and a load in Chromium), AV-04 judged from the samples it stored,
and ``harness audit --set AV-04.history=DIR`` reading them through the monitoring hook.

The slow answers never come before the probe gives up: the server holds them until the test ends (an event, not a
sleep), so the outcome does not depend on the machine's load."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from harness import history
from harness.errors import SpecError
from harness.gather.monitoring import read_record

from tests.checkrun import run
from tests.page_artifacts import art

PAGE = "<!doctype html><html lang=zh-CN><head><meta charset=utf-8><title>监测</title></head><body><p>正常</p></body></html>"


class SometimesSlow:
    """An HTTP server on 127.0.0.1 answering ``/page`` at once, except every ``every``-th request of it, held
    until :meth:`stop` (past any probe timeout)."""

    def __init__(self, every: int = 3):
        self.hits, self.every, self.release = 0, every, threading.Event()
        lock, outer = threading.Lock(), self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                if self.path.split("?")[0] != "/page":
                    self.send_response(404)
                    self.end_headers()
                    return
                with lock:
                    outer.hits += 1
                    slow = outer.hits % outer.every == 0
                if slow:
                    outer.release.wait()
                body = PAGE.encode("utf-8")
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the probe gave up long ago
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/page"

    def stop(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def slow_server():
    s = SometimesSlow()
    yield s
    s.stop()


def _probe(folder, *args):
    return subprocess.run([sys.executable, "-m", "harness.cli", "probe", "--history", str(folder), *args],
                          capture_output=True, text=True, timeout=300)


def test_history_schema_is_versioned(tmp_path):
    with history.open_history(tmp_path) as h:
        h.add_samples([history.Sample(1000, "https://a/", True, 500), history.Sample(2000, "https://a/", False, 30000, error="timeout")])
        assert [(s.t, s.ok) for s in h.samples("https://a/", 0, 3000)] == [(1000, True), (2000, False)]
        assert h.samples("https://a/", 1001, 3000)[0].error == "timeout" and h.samples("https://b/", 0, 3000) == []
    conn = sqlite3.connect(tmp_path / "history.sqlite")
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(history.SCHEMA_VERSION),)
    with conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.close()
    with pytest.raises(SpecError, match="newer harness"):
        history.open_history(tmp_path)
    with pytest.raises(FileNotFoundError):
        history.open_history(tmp_path / "none", create=False)


def test_read_record_without_a_database_says_so(tmp_path):
    rec = read_record(str(tmp_path / "nothing"), "https://a/", 7, until_ms=10 * 86400000)
    assert rec["samples"] == [] and "FileNotFoundError" in rec["error"] and rec["since"] == 3 * 86400000
    assert run("AV-04", art(monitoring=rec)).outcome == "cantTell"


def test_probe_http_against_a_sometimes_slow_server(tmp_path, slow_server):
    """Six GETs of one URL, every third held: 4 ok, 2 failed (timeout). AV-04 over one day asking 6 samples a day
    fails (2 of 6); asking 20 a day, 14 are missing, but 2 of at most 20 is still 10 %: failed all the same."""
    r = _probe(tmp_path, "--http", "--timeout-ms", "2000", "--concurrency", "2", *(["--url", slow_server.url] * 6))
    assert r.returncode == 0, r.stderr
    assert "6 sample(s), 2 failed" in r.stdout
    with history.open_history(tmp_path) as h:
        ss = h.samples(slow_server.url, 0, history.now_ms() + 1)
    assert len(ss) == 6 and sorted(s.ok for s in ss) == [False, False, True, True, True, True]
    assert all(s.method == "http" for s in ss)
    assert all(s.status == 200 and s.error is None for s in ss if s.ok)
    assert all(s.status is None and "timeout" in s.error.lower() and s.elapsed_ms >= 2000 for s in ss if not s.ok)
    rec = read_record(str(tmp_path), slow_server.url, 1)
    out = run("AV-04", art(monitoring=rec), days=1, min_samples_per_day=6)
    assert out.outcome == "failed" and out.value["failed"] == 2 and out.value["samples"] == 6, out.message
    out = run("AV-04", art(monitoring=rec), days=1)
    assert out.outcome == "failed" and out.value["missing"] == 14, out.message


@pytest.mark.browser
def test_probe_in_chromium_and_av04_through_audit(tmp_path, slow_server):
    """Three loads in Chromium (the third held: a timeout), then ``harness audit --set AV-04.history=DIR`` reads
    them through the monitoring hook: 3 samples on the last day, far fewer than 20 a day, and 1 of them failed —
    1 / (3 + 137 missing) is under 5 %, so AV-04 cannot tell, and says how many samples are missing."""
    r = _probe(tmp_path, "--timeout-ms", "3000", "--concurrency", "1", *(["--url", slow_server.url] * 3))
    assert r.returncode == 0, r.stderr
    with history.open_history(tmp_path) as h:
        ss = h.samples(slow_server.url, 0, history.now_ms() + 1)
    assert [s.ok for s in ss] == [True, True, False] and all(s.method == "browser" for s in ss)
    assert ss[0].status == 200 and ss[2].error == "timeout" and ss[2].elapsed_ms >= 3000
    slow_server.every = 10 ** 9  # the audit's own load is answered at once
    out = tmp_path / "a.json"
    r = subprocess.run([sys.executable, "-m", "harness.cli", "audit", slow_server.url, "--json", str(out),
                        "--set", f"AV-04.history={json.dumps(str(tmp_path))}", "--fail-on", "never"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    av = {c["id"]: c for c in json.loads(out.read_text(encoding="utf-8"))["targets"][0]["checks"]}["AV-04"]
    assert av["outcome"] == "cantTell", av["message"]
    assert av["value"]["samples"] == 3 and av["value"]["failed"] == 1 and av["value"]["missing"] == 7 * 20 - 3
    assert [d["samples"] for d in av["value"]["days"]] == [0, 0, 0, 0, 0, 0, 3]


def test_probe_needs_something_to_probe(tmp_path):
    r = _probe(tmp_path)
    assert r.returncode == 2 and "nothing to probe" in r.stderr


def test_department_report_draws_the_week(tmp_path):
    """The department report's monitoring section: one bar per day, the failing samples in red, the short days'
    labels in red, and the counts as AV-04 found them."""
    from harness import checklist as checklist_mod
    from harness import report
    from harness.checks.av_04.test_av_04 import week

    from test_report_content import chk, department, target

    cl = checklist_mod.load()
    rec = week(48, bad_every=12, skip_days=(5,))
    out = run("AV-04", art(monitoring=rec))
    assert out.outcome == "failed" and out.value["bad"] == 24  # 24 of at most 308: failed despite the missing day
    c = chk("AV-04", out.outcome, veto=True, value=out.value, params={"min_samples_per_day": 20}, message_zh=out.message_zh, message=out.message)
    data = department([target("a/home", [c], None, "fail")], None, "fail")
    data["run"].update(checklist={"id": "c", "version": "1"}, device={"name": "mobile-375", "viewport": {"width": 375, "height": 667},
                                                                      "device_scale_factor": 2})
    html = report.render_department(tmp_path, data, cl).read_text(encoding="utf-8")
    assert '<section id="sec-monitoring">' in html and "一周可用性监测" in html
    assert html.count('<g class="day') == 7 and html.count('<g class="day short"') == 1
    assert html.count('fill="#d63031"/>') == 6  # six days with failures, the empty day has none
    assert 'data-samples="48" data-bad="4"' in html and 'data-samples="0" data-bad="0"' in html
    assert "共 288 次，失败或超时 24 次（8.3%）；缺少 20 次样本" in html


def test_one_history_scores_over_runs_beside_the_samples(tmp_path):
    """The run history lives in the same database as the samples: two earlier runs recorded with
    :func:`harness.history.record_run`, then the department report of a third run (its AV-04 params naming the
    folder) draws the three scores; without a folder, or with an empty database, there is no section."""
    from harness import checklist as checklist_mod
    from harness import report

    from test_report_content import chk, department, target

    cl = checklist_mod.load()
    hist = tmp_path / "hist"
    with history.open_history(hist) as h:
        h.add_samples([history.Sample(1, "https://x/a/home", True, 100)])
        for run_id, score, verdict in [("run-1", 40, "fail"), ("run-2", 75, "pass")]:
            history.record_run(h, run_id, [{"department": {"display_name": "部门"}, "summary": {"score": score, "verdict": verdict, "counts": {"failed": 1}}}, None])
        assert [r["score"] for r in h.runs("部门")] == [40, 75] and h.runs("别的部门") == []

    def render(folder, name):
        c = chk("AV-04", "cantTell", veto=True, params={"history": str(folder)} if folder else {})
        data = department([target("a/home", [c], 88, "pass")], 88, "pass")
        data["run"].update(checklist={"id": "c", "version": "1"}, device={"name": "mobile-375", "viewport": {"width": 375, "height": 667},
                                                                          "device_scale_factor": 2})
        out = tmp_path / name
        out.mkdir()
        return report.render_department(out, data, cl).read_text(encoding="utf-8")

    html = render(hist, "run-3")
    assert '<section id="sec-score_history">' in html and html.count('<circle class="run"') == 3
    assert [s for s in ('data-score="40"', 'data-score="75"', 'data-score="88"') if s in html] == ['data-score="40"', 'data-score="75"', 'data-score="88"']
    assert "run-3 (本次)" in html
    assert "sec-score_history" not in render(None, "run-4")
    assert "sec-score_history" not in render(tmp_path / "empty", "run-5")


@pytest.mark.browser
def test_run_with_history_reads_samples_and_records_scores(tmp_path, slow_server):
    """``harness probe`` then ``harness run --history DIR`` twice on a one-page registry: AV-04 reads the probe's
    samples (cantTell: far fewer than 20 a day), each run's score is recorded in the same database, and the second
    run's department report draws both the monitoring week and the scores of the two runs."""
    slow_server.every = 10 ** 9  # every answer at once
    reg = tmp_path / "reg.json"
    reg.write_text(json.dumps({"id": "t", "title": "t", "departments": [{"name": "演示：监测局", "kind": "demo", "systems": [
        {"name": "监测应用", "pages": [{"id": "home", "name": "首页", "role": "home", "url": slow_server.url}]}]}]}, ensure_ascii=False), encoding="utf-8")
    hist = tmp_path / "hist"
    r = _probe(hist, "--http", "--registry", str(reg))
    assert r.returncode == 0 and "1 sample(s), 0 failed" in r.stdout, r.stdout + r.stderr
    for name in ("run-a", "run-b"):
        r = subprocess.run([sys.executable, "-m", "harness.cli", "run", "--fail-on", "never", "--registry", str(reg), "--history", str(hist),
                            "--out", str(tmp_path / name), "--concurrency", "1"], capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        assert "scores recorded in" in r.stdout
    with history.open_history(hist, create=False) as h:
        runs = h.runs("演示：监测局")
        assert [x["run"] for x in runs] == ["run-a", "run-b"] and all(x["score"] is not None for x in runs)
        assert len(h.samples(slow_server.url, 0, history.now_ms() + 1)) == 1
    res = json.loads(next((tmp_path / "run-b" / "results").glob("*.json")).read_text(encoding="utf-8"))
    av = next(c for c in res["targets"][0]["checks"] if c["id"] == "AV-04")
    assert av["outcome"] == "cantTell" and av["value"]["samples"] == 1 and av["value"]["missing"] == 139
    html = next((tmp_path / "run-b" / "departments").glob("*.html")).read_text(encoding="utf-8")
    assert 'id="sec-monitoring"' in html and 'id="sec-score_history"' in html and "run-a" in html


def test_a_journey_is_sampled_once_not_once_per_checkpoint(tmp_path, checklist):
    """The four checkpoints of a journey start at one URL: ``harness probe`` samples it once (AV-04 reads by URL)."""
    from harness import probe, registry as registry_mod
    from test_journeys import _registry

    reg_file = tmp_path / "registry.json"
    reg_file.write_text(json.dumps(_registry("https://127.0.0.1:1/journey/index.html"), ensure_ascii=False), encoding="utf-8")
    reg = registry_mod.load(str(reg_file))
    assert len(reg.targets()) == 11
    targets = probe.targets_from_registry(reg, None, checklist)
    assert sorted(t.url for t in targets) == sorted({t.url for t in reg.targets()})
    assert [t.target for t in targets] == ["app/list", "app/mine", "app/apply/step1"]
