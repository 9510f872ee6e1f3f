"""The input the harness takes is safe (issue "Safe inputs and outputs"): requests made outside the browser never
leave the page's site through a redirect, registry URLs are parsed by the WHATWG rules and link-local ones refused,
resource limits on spec files end in one line with exit status 2, and a run folder is data, never configuration
(``--resume`` never runs what run.json names as Chromium; paths read from results stay inside the run folder)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from harness import registry as registry_mod
from harness.errors import RunDirError, SpecError
from harness.results import RunDir
from harness.url_safety import address_kind, hop_refusal, url_problem

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args, cwd=None, timeout=180):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "harness.cli", *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=timeout)


def _registry(tmp_path, url, name="r.json"):
    p = tmp_path / name
    p.write_text(json.dumps({"id": "safe", "title": "t", "departments": [
        {"name": "测试厅", "kind": "provincial", "systems": [{"id": "s", "name": "系统", "pages": [{"id": "p", "url": url}]}]}]},
        ensure_ascii=False), encoding="utf-8")
    return p


# ---------------------------------------------------------------- redirects of requests outside the browser

def test_hop_policy():
    page = "https://zwfw.qinghai.gov.cn/app/"
    assert hop_refusal("https://m.qinghai.gov.cn/x", page) is None  # same registrable site
    assert "another site" in hop_refusal("https://evil.example/x", page)
    assert hop_refusal("https://sso.qhzwfw.gov.cn/login", page, platform_hosts=["sso.qhzwfw.gov.cn"]) is None
    for meta in ("http://169.254.169.254/", "http://2852039166/", "http://0xA9FEA9FE/", "http://0251.0376.0251.0376/",
                 "http://[fe80::1]/", "http://[::ffff:169.254.169.254]/"):
        assert "link-local" in hop_refusal(meta, page), meta
        assert address_kind(__import__("harness.url_safety", fromlist=["parse"]).parse(meta).hostname) == "link-local"
    # loopback and private only when the registered URL is one: a public page may not send us to 127.0.0.1
    assert "loopback" in hop_refusal("http://127.0.0.1:8080/", page)
    assert "private" in hop_refusal("http://10.0.0.5/", page)
    # a loopback page: another port of the machine is another service, not the page's site
    assert "another site" in hop_refusal("http://127.0.0.1:9001/admin", "http://127.0.0.1:9000/p")
    assert hop_refusal("http://127.0.0.1:9000/q", "http://127.0.0.1:9000/p") is None
    assert hop_refusal("file:///etc/passwd", page).startswith("not requested: scheme")


def test_redirect_to_another_port_is_not_followed_and_nothing_of_it_is_stored(gather_browser, fixture_server):
    """A same-site link answering 302 to another service on loopback (an internal admin page serving SECRET=…)
    is not requested by the link checker, the crawl or the probes; a same-site redirect still is."""
    from harness.gather import GatherOptions
    from server import SecretHost

    other = SecretHost().start()
    try:
        url = f"{fixture_server.http_base}/safe/redirects.html?other={other.port}"
        run = gather_browser.gather(url, GatherOptions(optional_stages={"links", "crawl", "probes"}, settle_ms=1500))
        text = json.dumps(run.artifacts, ensure_ascii=False)
        assert sum(other.hits.values()) == 0, dict(other.hits)
        assert SecretHost.TOKEN not in text and "internal-admin" not in text
        checked = {c["text"]: c for c in run.artifacts["links"]["checked"]}
        assert checked["站内跳转"]["status"] == 200 and checked["站内跳转"]["final_url"].endswith("/safe/ok.html")
        assert checked["隐私政策"]["status"] == 302 and "another site" in checked["隐私政策"]["refused"]
        assert checked["元数据"]["status"] == 302 and "link-local" in checked["元数据"]["refused"]
        crawled = {p["via"]: p for p in run.artifacts["crawl"]["pages"] if p["depth"] == 1}
        assert "SAME-SITE-OK" in crawled["站内跳转"]["text"]
        assert "another site" in (crawled["隐私政策"]["error"] or "") and SecretHost.TOKEN not in crawled["隐私政策"]["text"]
    finally:
        other.stop()


def test_http_probe_follows_only_safe_redirects(fixture_server):
    from urllib.parse import quote

    from harness.probe import ProbeTarget, probe_http
    from server import SecretHost

    other = SecretHost().start()
    try:
        base = fixture_server.http_base
        s = probe_http(ProbeTarget(f"{base}/safe/ok.html?redirect={quote(other.base + '/admin', safe='')}", "http"), timeout_ms=5000)
        assert not s.ok and s.status == 302 and "another site" in s.error and sum(other.hits.values()) == 0
        s = probe_http(ProbeTarget(f"{base}/safe/ok.html?redirect={quote('/safe/ok.html', safe='')}", "http"), timeout_ms=5000)
        assert s.ok and s.status == 200
    finally:
        other.stop()


# ---------------------------------------------------------------- registry URLs

@pytest.mark.parametrize("url,why", [
    ("http://169.254.169.254/latest/meta-data/", "link-local"), ("http://2852039166/", "link-local"),
    ("http://0xA9FEA9FE/", "link-local"), ("http://[fe80::1]/", "link-local"),
    ("http://127.0.0.1:99999/", "not a valid URL"), ("http://[::1/", "not a valid URL"),
    ("http://127.0.0.1/\x00x", "control character"), ("http://127.0.0.1/a\x7fb", "control character"),
    ("http://user:pw@127.0.0.1/", "userinfo"),
])
def test_registry_urls_are_parsed_by_whatwg_rules(tmp_path, url, why):
    p = _registry(tmp_path, url)
    with pytest.raises(SpecError) as e:
        registry_mod.load(p)
    assert e.value.json_path == "$.departments[0].systems[0].pages[0].url" and why in e.value.message
    assert "pw@" not in str(e.value) or why != "userinfo"


def test_link_local_only_with_the_option(tmp_path):
    p = _registry(tmp_path, "http://169.254.169.254/")
    assert registry_mod.load(p, allow_link_local=True).targets()[0].url == "http://169.254.169.254/"
    assert url_problem("http://127.0.0.1:8080/x?a=1") is None and url_problem("https://www.qhzwfw.gov.cn/") is None
    r = _cli("run", "--registry", str(p), "--out", str(tmp_path / "run"))
    assert r.returncode == 2 and "link-local" in r.stderr and "$.departments[0].systems[0].pages[0].url" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and not (tmp_path / "run").exists()


# ---------------------------------------------------------------- resource limits and numbers

def test_resource_limits_end_in_one_line_with_status_2(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100000 + "]" * 100000, encoding="utf-8")
    cases = [(["run", "--registry", "/dev/zero"], "not a regular file"),
             (["run", "--registry", str(deep)], "nested too deeply"),
             (["run", "--registry", str(tmp_path)], "is a folder"),
             (["run", "--budget-ms", "0"], "--budget-ms"), (["run", "--budget-ms", "-1"], "--budget-ms"),
             (["run", "--out", "/proc/harness-run"], "cannot create the run folder")]
    for args, words in cases:
        r = _cli(*args, *([] if "--out" in args else ["--out", str(tmp_path / "never")]), timeout=60)
        assert r.returncode == 2 and words in r.stderr and "Traceback" not in r.stderr, (args, r.stderr[-500:])
        assert len(r.stderr.strip().splitlines()) == 1, (args, r.stderr)
    assert not (tmp_path / "never").exists()


def test_spec_files_over_the_size_cap_are_refused(tmp_path, monkeypatch):
    from harness import specs

    p = tmp_path / "big.json"
    p.write_text(json.dumps({"id": "x", "pad": "x" * 5000}), encoding="utf-8")
    monkeypatch.setattr(specs, "MAX_SPEC_BYTES", 4096)
    with pytest.raises(SpecError) as e:
        specs.read_json(p)
    assert "larger than" in e.value.message


def test_catalog_path_error_names_the_registry_field(tmp_path):
    p = tmp_path / "r.json"
    p.write_text(json.dumps({"id": "c", "title": "t", "departments": [{"name": "厅", "kind": "provincial", "systems": [
        {"name": "s", "items": {"catalog": "no-such-catalog.json"}, "pages": [{"url": "https://127.0.0.1/x"}]}]}]}), encoding="utf-8")
    with pytest.raises(SpecError) as e:
        registry_mod.load(p)
    assert "$.departments[0].systems[0].items.catalog" in str(e.value)


# ---------------------------------------------------------------- a run folder is data

def _run_folder(tmp_path, config: dict, folder="测试厅", targets=None):
    run = tmp_path / "run"
    (run / "results").mkdir(parents=True)
    (run / "run.json").write_text(json.dumps({"id": "run", "started": "2026-01-01T00:00:00+0000", "config": config}), encoding="utf-8")
    return run


def test_resume_never_runs_what_run_json_names_as_chromium(tmp_path):
    marker = tmp_path / "ran-as-chromium"
    script = tmp_path / "chromium.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\nexit 1\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    reg = _registry(tmp_path, "http://127.0.0.1:9/unreachable")
    run = _run_folder(tmp_path, {"registry": str(reg), "chromium": str(script), "ws_endpoint": "ws://127.0.0.1:9/",
                                 "budget_ms": 8000, "platform": "none"})
    r = _cli("run", "--resume", str(run), timeout=300)
    assert not marker.exists(), r.stdout + r.stderr
    assert "run.json names chromium" in r.stderr and "not used" in r.stderr and "ws_endpoint" in r.stderr
    assert (run / "results" / "测试厅.json").is_file()  # the run went on with the default Chromium


def test_resume_refuses_a_relative_registry_path(tmp_path):
    run = _run_folder(tmp_path, {"registry": "specs/registries/x.json"})
    r = _cli("run", "--resume", str(run))
    assert r.returncode == 2 and "not an absolute path" in r.stderr and "--registry" in r.stderr


COUNTS = {"passed": 0, "failed": 0, "cantTell": 0, "inapplicable": 0, "untested": 0, "error": 0}


def _target(tid: str, artifacts: str | None) -> dict:
    """A schema-valid target result that measured nothing, with ``artifacts`` as given."""
    return {"id": tid, "system": tid.split("/")[0], "page": tid, "url": "http://127.0.0.1:9/", "status": "done", "checks": [],
            "score": 100, "verdict": "pass", "counts": dict(COUNTS), "artifacts": artifacts}


def _results(folder: str, targets=()):
    """A schema-valid department results file of department ``folder``."""
    return {"schema": "harness-results/1",
            "run": {"id": "run", "started": "2026-01-01T00:00:00+0000", "harness_version": "0", "checklist": {"id": "c", "version": "1"},
                    "registry": {"id": "r", "title": "t"}, "device": {"name": "mobile-375", "viewport": {"width": 375, "height": 667}}},
            "department": {"key": "k", "display_name": "厅", "kind": "provincial", "folder": folder, "systems": []},
            "targets": list(targets), "summary": {"score": 100, "verdict": "pass", "targets": len(targets), "counts": dict(COUNTS)}}


def test_report_with_folder_outside_the_run_writes_nothing_outside(tmp_path):
    run = tmp_path / "a" / "b" / "run"
    (run / "results").mkdir(parents=True)
    (run / "results" / "x.json").write_text(json.dumps(_results("../../x")), encoding="utf-8")
    victim = tmp_path / "a" / "x"
    victim.mkdir()
    (victim / "keep.jpg").write_bytes(b"keep")
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    r = _cli("report", str(run))
    assert r.returncode == 2 and "folder" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before and (victim / "keep.jpg").read_bytes() == b"keep"
    with pytest.raises(RunDirError):
        RunDir(run).asset_dir("../../x")
    with pytest.raises(RunDirError):
        RunDir(run).results_path("..")


def test_paths_from_results_stay_inside_the_run_folder(tmp_path):
    rd = RunDir(tmp_path / "run")
    (tmp_path / "run" / "assets").mkdir(parents=True)
    (tmp_path / "outside.txt").write_text("x")
    os.symlink(tmp_path, tmp_path / "run" / "assets" / "escape")
    for rel in ("../outside.txt", "/etc/passwd", "assets/../../outside.txt", "assets/escape/outside.txt"):
        with pytest.raises(RunDirError):
            rd.read_asset(rel)
    with pytest.raises(RunDirError):
        rd.read_artifacts({"artifacts": "../outside.txt"})
    assert rd.path("assets/a.jpg") == tmp_path / "run" / "assets" / "a.jpg"


def test_recheck_refuses_an_artifact_path_outside_and_a_truncated_artifacts_file(tmp_path):
    run = tmp_path / "run"
    (run / "results").mkdir(parents=True)
    secret = tmp_path / "secret.json"
    secret.write_text('{"dom": {}}', encoding="utf-8")
    target = _target("s/p", "../secret.json")
    (run / "results" / "d.json").write_text(json.dumps(_results("d", [target])), encoding="utf-8")
    (run / "run.json").write_text(json.dumps({"id": "run", "config": {}}), encoding="utf-8")
    r = _cli("recheck", str(run))
    assert r.returncode == 2 and "outside the run folder" in r.stderr and "Traceback" not in r.stderr, r.stderr
    (run / "artifacts" / "d").mkdir(parents=True)
    (run / "artifacts" / "d" / "s__p.json").write_text('{"dom": {"title": "cut', encoding="utf-8")
    target["artifacts"] = "artifacts/d/s__p.json"
    (run / "results" / "d.json").write_text(json.dumps(_results("d", [target])), encoding="utf-8")
    r = _cli("recheck", str(run))
    assert r.returncode == 2 and "artifacts of s/p" in r.stderr and "unreadable" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


@pytest.mark.browser
def test_a_full_disk_ends_in_one_line_and_resume_finishes_the_run(tmp_path, fixture_server):
    """A run folder on a 60 KiB file system: the run ends with one line (exit 3) naming what could not be written;
    once there is room (the file system grown in place), ``--resume`` finishes it."""
    import shutil
    import subprocess

    mnt = tmp_path / "small"
    mnt.mkdir()
    if not shutil.which("mount") or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=60k", "tmpfs", str(mnt)],
                                                   capture_output=True).returncode != 0:
        pytest.skip("needs to mount a small tmpfs (root)")
    try:
        reg = tmp_path / "r.json"
        reg.write_text(json.dumps({"id": "full", "title": "t", "departments": [{"name": "满盘局", "kind": "provincial", "systems": [
            {"id": "s", "name": "系统", "pages": [{"id": "p", "url": f"{fixture_server.http_base}/UI-02/pass.html"}]}]}]},
            ensure_ascii=False), encoding="utf-8")
        out = mnt / "run"
        r = _cli("run", "--registry", str(reg), "--out", str(out), "--trace", "off", "--set", "PF-01.throttling=false")
        assert r.returncode == 3, (r.returncode, r.stderr[-2000:])
        assert "Traceback" not in r.stderr and "No space left on device" in r.stderr and "--resume" in r.stderr
        assert subprocess.run(["mount", "-o", "remount,size=20m", str(mnt)], capture_output=True).returncode == 0
        r = _cli("run", "--fail-on", "never", "--resume", str(out))
        assert r.returncode == 0, r.stderr[-2000:]
        data = json.loads((out / "results" / "满盘局.json").read_text(encoding="utf-8"))
        assert [t["id"] for t in data["targets"]] == ["s/p"] and (out / "index.html").is_file()
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)
