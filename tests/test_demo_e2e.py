"""The main job end to end on the embedded demo: reports exist, results are schema-valid, and each demo app
fails exactly the checks it should."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from PIL import Image

from harness import specs
from harness.paths import schema_path
from harness.runner import RunConfig, run

#: The defective app's pages fail every check it was built to fail, and nothing else.
DEFECTIVE_FAILS = {"UI-01", "UI-02", "TX-01", "EL-03", "EL-05", "AX-03", "PI-06", "IN-02", "SE-01"}


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "run"
    plan, results = run(RunConfig(out=str(out)), progress=None)
    return plan, {r["department"]["name"]: r for r in results}, out


def test_reports_and_results_written(demo_run):
    plan, results, out = demo_run
    assert (out / "index.html").is_file() and (out / "run.json").is_file()
    validator = Draft202012Validator(json.loads(schema_path("results").read_text(encoding="utf-8")))
    for r in results.values():
        folder = r["department"]["folder"]
        assert (out / "departments" / f"{folder}.html").is_file()
        data = json.loads((out / "results" / f"{folder}.json").read_text(encoding="utf-8"))
        assert not list(validator.iter_errors(data))
        for t in data["targets"]:
            with Image.open(out / t["screenshot"]) as shot:  # stored as JPEG sized for reading (not a PNG)
                assert shot.format == "JPEG" and shot.width >= plan.device["viewport"]["width"]
            assert (out / t["artifacts"]).is_file()
            assert {c["id"] for c in t["checks"]} == {c.id for c in plan.checklist.checks}


def test_conforming_app_passes_everything(demo_run):
    _, results, _ = demo_run
    r = results["演示：省便民服务中心"]
    assert r["summary"]["verdict"] == "pass" and r["summary"]["score"] == 100
    for t in r["targets"]:
        bad = [(c["id"], c["message"]) for c in t["checks"] if c["outcome"] not in ("passed", "inapplicable", "untested")]
        assert not bad, (t["id"], bad)


def test_defective_app_fails_exactly_what_it_should(demo_run):
    _, results, _ = demo_run
    r = results["演示：省社保示范局"]
    assert r["summary"]["verdict"] == "fail-veto"
    for t in r["targets"]:
        failed = {c["id"] for c in t["checks"] if c["outcome"] == "failed"}
        assert failed == DEFECTIVE_FAILS, (t["id"], failed ^ DEFECTIVE_FAILS)
    home = next(t for t in r["targets"] if t["id"] == "shebao/home")
    checks = {c["id"]: c for c in home["checks"]}
    assert checks["EL-05"]["value"] >= 5 and all("box" in e for e in checks["EL-05"]["evidence"])
    assert checks["UI-01"]["value"]["375"] > 100
    assert "630102198807151232" not in json.dumps(home, ensure_ascii=False)  # evidence masks the ID it found


def test_white_screen_app_fails_on_veto(demo_run):
    _, results, _ = demo_run
    r = results["演示：省公积金示范中心"]
    t = r["targets"][0]
    failed = {c["id"] for c in t["checks"] if c["outcome"] == "failed"}
    assert failed == {"AV-02"} and t["verdict"] == "fail-veto"
    av02 = next(c for c in t["checks"] if c["id"] == "AV-02")
    assert av02["value"]["text_chars"] == 0 and av02["value"]["page_errors"] >= 1


def test_rerender_reports_from_results(demo_run, tmp_path):
    _, _, out = demo_run
    r = subprocess.run([sys.executable, "-m", "harness.cli", "report", str(out), "--lang", "en"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "Government mobile service conformance" in html and "演示：省社保示范局" in html
