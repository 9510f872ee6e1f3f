"""Gathering parameters come from the checks that apply: a ``--set`` of a check parameter that sets a gathering
parameter (UI-01's and UI-06's ``widths`` → ``layout.widths``) reaches the gatherer in ``harness audit``,
``harness run``, ``harness recheck`` and the pytest suite. Before, each of them ended UI-01 or UI-06 in
``error: not measured at 360 px``: the layout widths were a copy of the checklist's defaults."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


from harness import checklist as checklist_mod
from harness import checks
from harness.engine import gather_params
from harness.gather import PARAMS

ROOT = Path(__file__).resolve().parent.parent
HARNESS = [sys.executable, "-m", "harness.cli"]
# A 357 px box after 8 px of body padding: wider than a 360 px screen, not wider than the device's 375. Measured
# with plain Playwright in the same Chromium (fresh 360 px context, DPR 2): scrollWidth 366, clientWidth 360.
PAGE = "UI-01/fail-below-365.html"


def test_every_gather_key_of_a_definition_is_a_registered_gathering_parameter():
    keys = {k for d in checks.definitions().values() for k in d.gathers().values()}
    assert keys and keys <= set(PARAMS), keys - set(PARAMS)


def test_widths_are_the_union_of_the_checks_that_apply():
    cl = checklist_mod.load()
    cl.set_overrides(["UI-01.widths=[360]"])
    applicable = [cl.by_id["UI-01"], cl.by_id["UI-06"]]
    params = {c.id: cl.params_for(c) for c in applicable}
    assert gather_params(applicable, params)["layout.widths"] == [320, 360, 375, 414]
    assert gather_params([cl.by_id["UI-01"]], params)["layout.widths"] == [360]
    assert "layout.widths" not in gather_params([cl.by_id["EL-05"]], {"EL-05": {}})  # its default applies


def _ui(results: dict, cid: str) -> dict:
    return next(c for c in results["checks"] if c["id"] == cid)


def test_audit_set_widths(tmp_path, fixture_server):
    out = tmp_path / "a.json"
    r = subprocess.run(HARNESS + ["audit", f"{fixture_server.http_base}/{PAGE}", "--json", str(out), "--set", "UI-01.widths=[360]",
                                  "--set", "UI-06.widths=[360]", "--set", "PF-01.throttling=false"], capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stderr
    t = json.loads(out.read_text(encoding="utf-8"))["targets"][0]
    ui01 = _ui(t, "UI-01")
    assert ui01["outcome"] == "failed" and ui01["value"] == {"360": 6}, ui01
    assert sorted({e["width"] for e in ui01["evidence"]}) == [360]
    assert _ui(t, "UI-06")["outcome"] in ("passed", "failed"), _ui(t, "UI-06")


def _registry(tmp_path, url: str) -> Path:
    reg = {"id": "widths", "title": "widths", "departments": [{"name": "测试部门", "kind": "other", "systems": [
        {"name": "测试应用", "kind": "h5", "pages": [{"id": "p", "name": "页面", "url": url}]}]}]}
    p = tmp_path / "registry.json"
    p.write_text(json.dumps(reg, ensure_ascii=False), encoding="utf-8")
    return p


def test_run_and_recheck_set_widths(tmp_path, fixture_server):
    reg = _registry(tmp_path, f"{fixture_server.http_base}/{PAGE}")
    out = tmp_path / "run"
    r = subprocess.run(HARNESS + ["run", "--registry", str(reg), "--out", str(out), "--set", "UI-06.widths=[360]",
                                  "--set", "UI-01.widths=[360]", "--set", "PF-01.throttling=false"], capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stderr
    res = json.loads(next((out / "results").glob("*.json")).read_text(encoding="utf-8"))["targets"][0]
    assert _ui(res, "UI-01")["value"] == {"360": 6}, _ui(res, "UI-01")
    assert _ui(res, "UI-06")["outcome"] != "error", _ui(res, "UI-06")
    # recheck re-evaluates the saved artifacts: widths measured in that run (360, and the device's 375) work.
    r = subprocess.run(HARNESS + ["recheck", str(out), "--set", "UI-01.widths=[360]", "--set", "UI-06.widths=[360]"],
                       capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stderr
    res = json.loads(next((out / "results").glob("*.json")).read_text(encoding="utf-8"))["targets"][0]
    assert _ui(res, "UI-01")["outcome"] == "failed" and _ui(res, "UI-01")["value"] == {"360": 6}
    assert _ui(res, "UI-06")["outcome"] != "error", _ui(res, "UI-06")


def test_suite_set_widths(tmp_path, fixture_server):
    reg = _registry(tmp_path, f"{fixture_server.http_base}/{PAGE}")
    junit = tmp_path / "junit.xml"
    r = subprocess.run([sys.executable, "-m", "pytest", "suites/test_conformance.py", "-q", "-p", "no:cacheprovider",
                        "--harness-registry", str(reg), "--harness-out", str(tmp_path / "out"), "--harness-set", "UI-01.widths=[360]",
                        "--harness-set", "UI-06.widths=[360]", "--harness-set", "PF-01.throttling=false", "--junitxml", str(junit)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode in (0, 1), r.stdout[-2000:]
    cases = {tc.get("name"): tc for tc in ET.parse(junit).getroot().iter("testcase")}
    ui01 = next(tc for n, tc in cases.items() if n.endswith("/UI-01]"))
    ui06 = next(tc for n, tc in cases.items() if n.endswith("/UI-06]"))
    assert ui01.find("failure") is not None and "360" in ui01.find("failure").get("message", "") + (ui01.find("failure").text or "")
    assert ui06.find("error") is None and ui06.find("failure") is None, ET.tostring(ui06)[:500]


def test_every_gathering_parameter_follows_a_set_of_its_check_parameter():
    """Each check parameter marked ``gather`` reaches its gathering parameter when set with --set (run, audit and
    the suite all build their per-target gathering parameters with engine.gather_params)."""
    cl = checklist_mod.load()
    seen = 0
    for c in cl.checks:
        for name, key in (c.definition.gathers() if c.definition else {}).items():
            decl = c.params[name]
            value = decl["value"]
            if isinstance(value, bool):
                new = not value
            elif isinstance(value, list):
                new = [361]
            else:
                new = min(value * 2, decl.get("maximum", value * 2))
            cl2 = checklist_mod.load()
            cl2.set_overrides([f"{c.id}.{name}={json.dumps(new)}"])
            got = gather_params([cl2.by_id[c.id]], {c.id: cl2.params_for(cl2.by_id[c.id])})[key]
            assert got == new, (c.id, name, key, got)
            seen += 1
    assert seen >= 15, seen
