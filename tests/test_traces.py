"""Playwright traces as evidence (``harness run --trace``): ``retain-on-failure`` (the default) keeps a trace for a
target with a failed check or that could not be measured fully, and none for one that passes; ``on`` keeps every one, ``off`` records
none. A kept trace is the zip ``playwright show-trace`` opens (its ``trace.trace`` actions and ``trace.network`` log),
linked from the department report, and masked like every output (tests/test_safe_outputs.py looks inside it)."""

from __future__ import annotations

import json
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest

from harness import runner
from harness.results import RunDir

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo():
    from harness.demo import DemoServer

    with DemoServer() as d:
        yield d


def _run(fixture_server, demo, tmp_path, monkeypatch, trace: str, name: str):
    base = fixture_server.https_base
    reg = tmp_path / f"{name}.json"
    reg.write_text(json.dumps({"id": "tr", "title": "tr", "departments": [{"name": "跟踪局", "kind": "demo", "systems": [
        {"id": "app", "name": "青松便民", "service_name": "青松便民", "provider": "青海省便民服务中心", "hotline": "0971-12345",
         "platform": "qingsongban", "pages": [
            {"id": "bad", "name": "小按钮", "url": f"{base}/EL-05/fail.html"},
            {"id": "good", "name": "首页", "url": f"{demo.https_base}/bianmin/index.html"}]}]}]}, ensure_ascii=False), encoding="utf-8")
    # Both servers' certificates trusted (one flag, the two keys).
    extra = [f"--ignore-certificate-errors-spki-list={fixture_server.spki},{demo.spki}"]
    monkeypatch.setattr(runner, "audit_options", lambda plan: runner.audit_options_of(plan.config, plan.checklist, plan.device, extra))
    cfg = runner.RunConfig(registry=str(reg), out=str(tmp_path / name), concurrency=2, trace=trace, sets=["PF-01.throttling=false"])
    with ThreadPoolExecutor(1) as pool:  # a thread of its own: no other event loop in its way
        _, results = pool.submit(runner.run, cfg, progress=None).result()
    return {t["id"]: t for t in results[0]["targets"]}, RunDir(tmp_path / name)


def test_retain_on_failure_keeps_the_failed_targets_trace_only(fixture_server, demo, tmp_path, monkeypatch):
    targets, rd = _run(fixture_server, demo, tmp_path, monkeypatch, "retain-on-failure", "default")
    bad, good = targets["app/bad"], targets["app/good"]
    assert bad["counts"]["failed"] > 0 and good["counts"]["failed"] == 0 and good["verdict"] == "pass", (bad["verdict"], good["counts"])
    assert bad["trace"] == "traces/跟踪局/app__bad.zip" and good["trace"] is None
    names = zipfile.ZipFile(rd.dir / bad["trace"]).namelist()
    assert "trace.trace" in names and "trace.network" in names
    events = [json.loads(line) for line in zipfile.ZipFile(rd.dir / bad["trace"]).read("trace.trace").decode().splitlines() if line]
    assert events[0]["type"] == "context-options" and any(e.get("type") == "before" for e in events)  # the actions made
    assert sorted(p.name for p in (rd.dir / "traces").rglob("*.zip")) == ["app__bad.zip"]
    html = (rd.dir / "departments" / "跟踪局.html").read_text(encoding="utf-8")
    assert 'href="../traces/跟踪局/app__bad.zip"' in html and "playwright show-trace" in html


def test_on_keeps_every_trace_and_off_records_none(fixture_server, demo, tmp_path, monkeypatch):
    on, rd_on = _run(fixture_server, demo, tmp_path, monkeypatch, "on", "on")
    assert all(t["trace"] for t in on.values()) and len(list((rd_on.dir / "traces").rglob("*.zip"))) == 2
    off, rd_off = _run(fixture_server, demo, tmp_path, monkeypatch, "off", "off")
    assert all(t["trace"] is None for t in off.values()) and not (rd_off.dir / "traces").exists()
    assert "trace" not in rd_off.artifacts(off["app/bad"])
