"""What the harness hands on and the input it takes are safe (issue "Safe inputs and outputs", first items): the
附件2 workbook carries no live formula from page or registry text; every file and folder the harness writes is
readable by another user (0644 / 0755); JSON numbers that are not finite are refused with the file or option named;
no file of a run nor the console repeats a URL's secrets or an unmasked personal number; a run folder is written by
one run at a time, reports never mix results made under different rules unless told to, and ``latest`` is only the
harness's own link in the default reports folder."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from harness import specs
from harness.errors import SpecError
from harness.report import annotate, attachment2
from harness.results import atomic_write, make_dirs

HOSTILE = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://127.0.0.1:9/x","点此提交材料")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def _system():
    item = {"n": 1, "name": HOSTILE[1], "type": "=1+1", "code": "", "page": "form", "url": "https://e.x/f",
            "target": "s/form", "fields": [], "labels": "、".join(HOSTILE), "shot": None, "capped": False, "problem": None}
    return {"id": "s", "name": HOSTILE[0], "address": "=WEBSERVICE(\"http://127.0.0.1:9/\")", "items": [item]}


def test_workbook_cells_are_text_never_formulas():
    from openpyxl import load_workbook

    data = attachment2.workbook(_system(), {})
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        assert sheets
        for n in sheets:
            xml = z.read(n).decode("utf-8")
            assert "<f>" not in xml and "<f " not in xml, n
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    strings = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert {c.value for c in strings} >= {HOSTILE[0], "=WEBSERVICE(\"http://127.0.0.1:9/\")", "=1+1"}
    assert all(c.data_type == "s" for c in strings)
    risky = [c for c in strings if c.value.startswith(attachment2.FORMULA_TRIGGERS)]
    assert len(risky) >= 4 and all(c.quotePrefix for c in risky)


def test_files_and_folders_are_written_0644_and_0755(tmp_path):
    old = os.umask(0o077)  # a strict umask must not make reports unreadable for the web server
    try:
        atomic_write(tmp_path / "run" / "results" / "a.json", "{}")
        annotate.save(tmp_path / "run" / "assets" / "d" / "x.jpg", b"\xff\xd8")
        make_dirs(tmp_path / "run" / "departments")
    finally:
        os.umask(old)
    for p in (tmp_path / "run").rglob("*"):
        mode = p.stat().st_mode & 0o777
        assert mode == (0o755 if p.is_dir() else 0o644), (p, oct(mode))


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_are_refused(tmp_path, number):
    p = tmp_path / "registry.json"
    p.write_text('{"id": "x", "title": "t", "departments": [], "n": %s}' % number, encoding="utf-8")
    with pytest.raises(SpecError) as e:
        specs.read_json(p)
    assert str(p) in str(e.value) and number.lstrip("-") in str(e.value)
    r = subprocess.run([sys.executable, "-m", "harness.cli", "audit", "http://127.0.0.1:9/", "--set", f"EL-05.min_size={number}"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and f"--set EL-05.min_size={number}" in r.stderr and "Traceback" not in r.stderr


# ---------------------------------------------------------------- secrets and personal data in what is written

ID_NUMBER, MOBILE_NUMBER = "63010219850612357X", "13912345678"
SECRETS = ("pw@", "TOKEN-VALUE-abc", "ACCESS-TOKEN-4242", "SIGN-VALUE-9191", ID_NUMBER, MOBILE_NUMBER)


def _leaks(folder, extra: str = "") -> dict[str, list[str]]:
    """Every secret of :data:`SECRETS` found in any file under ``folder`` (workbooks unzipped) or in ``extra``."""
    found: dict[str, list[str]] = {}

    def look(name: str, data: bytes) -> None:
        for s in SECRETS:
            if s.encode() in data:
                found.setdefault(s, []).append(name)

    for p in sorted(Path(folder).rglob("*")):
        if not p.is_file():
            continue
        data = p.read_bytes()
        if zipfile.is_zipfile(p):
            with zipfile.ZipFile(p) as z:
                for n in z.namelist():
                    look(f"{p}!{n}", z.read(n))
        look(str(p), data)
    look("(console)", extra.encode())
    return found


def _cli(*args, timeout=600):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.run([sys.executable, "-m", "harness.cli", *args], capture_output=True, text=True, env=env, timeout=timeout)


def test_secrets_and_personal_data_are_masked_in_every_file_of_a_run(tmp_path, fixture_server):
    """A registered page with a token in its URL that shows and sends a resident ID and a mobile number: no file
    of the run folder (results, artifacts, run.json, reports, 附件2) nor the console holds the token, the numbers
    or the signature of its request, while PI-07 (which reads the unmasked request URLs in memory) still fails."""
    url = f"{fixture_server.http_base}/safe/personal.html?token=TOKEN-VALUE-abc&lang=zh"
    reg = tmp_path / "r.json"
    reg.write_text(json.dumps({"id": "pd", "title": "t", "departments": [{"name": "测试厅", "kind": "provincial", "systems": [
        {"id": "s", "name": "系统", "pages": [{"id": "p", "url": url, "role": "form"}]}]}]}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "run"
    r = _cli("run", "--registry", str(reg), "--out", str(out), "--platform", "none")
    assert r.returncode in (0, 1), r.stderr[-2000:]
    results = json.loads((out / "results" / "测试厅.json").read_text(encoding="utf-8"))
    t = results["targets"][0]
    assert t["url"].startswith(f"{fixture_server.http_base}/safe/personal.html?token=***")
    assert {c["id"]: c["outcome"] for c in t["checks"]}["PI-07"] == "failed"
    artifacts = json.loads((out / t["artifacts"]).read_text(encoding="utf-8"))
    assert "6*************357X" in json.dumps(artifacts, ensure_ascii=False)  # masked, not dropped
    assert _leaks(out, r.stdout + r.stderr) == {}
    # Recheck reads the stored (masked) artifacts: the numbers the page showed and sent whole still fail, never pass.
    live = {c["id"]: c["outcome"] for c in t["checks"]}
    assert live["PI-06"] == "failed"
    r = _cli("recheck", str(out))
    assert r.returncode == 0, r.stderr[-2000:]
    again = json.loads((out / "results" / "测试厅.json").read_text(encoding="utf-8"))["targets"][0]
    rechecked = {c["id"]: c["outcome"] for c in again["checks"]}
    assert (rechecked["PI-06"], rechecked["PI-07"]) == ("failed", "failed")
    assert {k: v for k, v in rechecked.items() if v != live[k]} == {}
    assert _leaks(out, r.stdout + r.stderr) == {}


def test_userinfo_of_a_one_off_url_is_masked_in_output(tmp_path, fixture_server):
    host = fixture_server.http_base.replace("http://", "")
    url = f"http://user:pw@{host}/safe/ok.html?token=TOKEN-VALUE-abc"
    r = _cli("audit", url, "--fail-on", "never", "--json", str(tmp_path / "a.json"), "--platform", "none")
    assert r.returncode == 0, r.stderr[-2000:]
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert data["targets"][0]["url"] == f"http://***@{host}/safe/ok.html?token=***"
    assert _leaks(tmp_path, r.stdout + r.stderr) == {}


def test_url_secret_masking():
    from harness.personal_data import mask_url_secrets, scrub

    assert mask_url_secrets("http://u:p@h/x?token=1&keyword=k&api_key=2&Signature=3&ticket=QSB1-ticket#access_token=4") == \
        "http://***@h/x?token=***&keyword=k&api_key=***&Signature=***&ticket=***#access_token=***"
    assert mask_url_secrets("mailto:someone@example.cn") == "mailto:someone@example.cn"
    assert mask_url_secrets("r=http%3A%2F%2Fh%2F%3Fsession%3Dabc") == "r=http%3A%2F%2Fh%2F%3Fsession%3D***"
    assert scrub({"u": [f"?idcard={ID_NUMBER}"], "n": 1}) == {"u": ["?idcard=6*************357X"], "n": 1}


# ---------------------------------------------------------------- run folders are exclusive and not mixed

def test_a_second_run_into_a_locked_run_folder_is_refused(tmp_path):
    from harness.errors import RunDirError
    from harness.results import RunLock

    out = tmp_path / "run"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; sys.path.insert(0, sys.argv[2]);"
                               "from harness.results import RunLock; l = RunLock.acquire(sys.argv[1]); print('locked', flush=True);"
                               "sys.stdin.read()", str(out), str(Path(__file__).resolve().parent.parent)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(RunDirError) as e:
            RunLock.acquire(out)
        assert f"process {holder.pid}" in str(e.value) and "another harness run" in str(e.value)
        r = _cli("run", "--out", str(out), timeout=120)
        assert r.returncode == 2 and "another harness run" in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    RunLock.acquire(out).release()  # free again once the holder ended


def _results(folder, overrides, checklist_sha="a" * 64):
    counts = {"passed": 0, "failed": 0, "cantTell": 0, "inapplicable": 0, "untested": 0, "error": 0}
    return {"schema": "harness-results/1",
            "run": {"id": "run", "started": "2026-01-01T00:00:00+0000", "harness_version": "0",
                    "checklist": {"id": "national-mobile", "version": "1", "sha256": checklist_sha}, "registry": {"id": "r", "title": "t"},
                    "device": {"name": "mobile-375", "viewport": {"width": 375, "height": 667}}, "overrides": overrides},
            "department": {"key": folder, "display_name": folder, "kind": "provincial", "folder": folder, "systems": []},
            "targets": [], "summary": {"score": 100, "verdict": "pass", "targets": 0, "counts": counts}}


def test_report_refuses_results_made_under_different_parameters(tmp_path):
    run = tmp_path / "run"
    (run / "results").mkdir(parents=True)
    atomic_write(run / "results" / "甲.json", json.dumps(_results("甲", {"EL-05": {"min_size": 44}}), ensure_ascii=False))
    atomic_write(run / "results" / "乙.json", json.dumps(_results("乙", {"EL-05": {"min_size": 20}}), ensure_ascii=False))
    r = _cli("report", str(run), timeout=120)
    assert r.returncode == 2 and "different overrides" in r.stderr and "--allow-mixed" in r.stderr, r.stderr
    assert not (run / "index.html").exists()
    r = _cli("report", str(run), "--allow-mixed", timeout=120)
    assert r.returncode == 0, r.stderr
    assert "overrides" in (run / "index.html").read_text(encoding="utf-8") and "--allow-mixed" in r.stderr
    # the same parameters: no refusal
    atomic_write(run / "results" / "乙.json", json.dumps(_results("乙", {"EL-05": {"min_size": 44}}), ensure_ascii=False))
    assert _cli("report", str(run), timeout=120).returncode == 0


def test_latest_only_under_the_default_reports_folder_and_only_replacing_its_own_link(tmp_path, monkeypatch):
    from harness import runner

    reports = tmp_path / "reports"
    elsewhere = tmp_path / "elsewhere"
    for d in (reports / "run-1", reports / "run-2", elsewhere / "run-3"):
        d.mkdir(parents=True)
        (d / "run.json").write_text("{}")
    monkeypatch.setattr(runner, "default_reports_dir", lambda: reports)
    runner._link_latest(elsewhere / "run-3")
    assert not (elsewhere / "latest").exists() and not (elsewhere / "latest").is_symlink()
    runner._link_latest(reports / "run-1")
    assert os.readlink(reports / "latest") == "run-1"
    runner._link_latest(reports / "run-2")  # its own link: replaced
    assert os.readlink(reports / "latest") == "run-2"
    (reports / "latest").unlink()
    os.symlink("/etc", reports / "latest")  # somebody else's link: left alone
    runner._link_latest(reports / "run-1")
    assert os.readlink(reports / "latest") == "/etc"
    (reports / "latest").unlink()
    (reports / "latest").mkdir()  # a folder: left alone
    runner._link_latest(reports / "run-1")
    assert (reports / "latest").is_dir() and not (reports / "latest").is_symlink()


def test_the_history_database_lint_json_and_discovery_output_are_masked(tmp_path):
    """The outputs beyond the run folder: availability samples (SQLite), ``harness lint --json`` and a discovery
    fragment hold no URL secret or personal number; a sample is still found by the URL it was taken of."""
    import sqlite3

    from harness import discover as discover_mod
    from harness import history

    url = "https://a.gov.cn/app/?token=TOKEN-VALUE-abc&id=63010219850612357X"
    with history.open_history(tmp_path / "h") as h:
        h.add_samples([history.Sample(1000, url, True, 120, "http", 200, "mobile 13912345678", "s/p", "甲局")])
        assert [s.elapsed_ms for s in h.samples(url, 0, 2000)] == [120]
    raw = b"".join(p.read_bytes() for p in (tmp_path / "h").rglob("*") if p.is_file())
    assert b"TOKEN-VALUE-abc" not in raw and b"63010219850612357X" not in raw and b"13912345678" not in raw
    out = tmp_path / "fragment.json"
    discover_mod.write_json(str(out), {"pages": [{"id": "a", "url": url}]})
    text = out.read_text(encoding="utf-8")
    assert "TOKEN-VALUE-abc" not in text and "63010219850612357X" not in text and "token=***" in text
    reg = tmp_path / "r.json"
    reg.write_text(json.dumps({"id": "x", "title": "x", "departments": [{"name": "甲局", "kind": "provincial",
                                                                           "address": url}]}, ensure_ascii=False), encoding="utf-8")
    r = _cli("lint", "--registry", str(reg), "--json", str(tmp_path / "lint.json"))
    assert r.returncode in (0, 1), r.stderr[-2000:]
    lint_text = (tmp_path / "lint.json").read_text(encoding="utf-8") + r.stdout + r.stderr
    assert "TOKEN-VALUE-abc" not in lint_text and "63010219850612357X" not in lint_text
