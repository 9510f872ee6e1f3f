"""Bad input stops the run with a clear error naming the file and JSON path, before any browser starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from harness import checklist as checklist_mod
from harness import devices, specs
from harness.errors import OptionError, SpecError
from harness.paths import default_checklist

HARNESS = [sys.executable, "-m", "harness.cli"]


def _checklist_copy(tmp_path, mutate):
    data = json.loads(default_checklist().read_text(encoding="utf-8"))
    mutate(data)
    p = tmp_path / "checklist.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return p


def test_malformed_json(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text('{"id": "x",\n  "title": }', encoding="utf-8")
    with pytest.raises(SpecError) as e:
        specs.load(p, "registry")
    assert str(p) in str(e.value) and "line 2 column 12" in str(e.value)


def test_schema_violation_names_json_path(tmp_path):
    p = _checklist_copy(tmp_path, lambda d: d["checks"][3].__setitem__("weight", -1))
    with pytest.raises(SpecError) as e:
        checklist_mod.load(p)
    assert e.value.file == str(p)
    assert e.value.json_path == "$.checks[3].weight"
    assert "minimum" in e.value.message


def test_unknown_check(tmp_path):
    p = _checklist_copy(tmp_path, lambda d: d["checks"][0].__setitem__("id", "ZZ-99"))
    with pytest.raises(SpecError, match=r"\$\.checks\[0\]\.id: unknown check 'ZZ-99': no folder harness/checks/zz_99/"):
        checklist_mod.load(p)


def test_policy_params_validated_against_the_checks_definition(tmp_path):
    """A checklist's own parameter defaults are checked against the check's declaration, naming the JSON path."""
    i = next(i for i, c in enumerate(json.loads(default_checklist().read_text(encoding="utf-8"))["checks"]) if c["id"] == "EL-05")
    p = _checklist_copy(tmp_path, lambda d: d["checks"][i].__setitem__("params", {"min_size": 0}))
    with pytest.raises(SpecError, match=rf"\$\.checks\[{i}\]\.params\.min_size: EL-05\.min_size=0 is below the minimum"):
        checklist_mod.load(p)
    p = _checklist_copy(tmp_path, lambda d: d["checks"][i].__setitem__("params", {"min_size": 48}))
    cl = checklist_mod.load(p)
    assert cl.params_for(cl.by_id["EL-05"])["min_size"] == 48


def test_category_follows_the_id_prefix():
    cl = checklist_mod.load()
    prefixes = {k: v["prefix"] for k, v in cl.categories.items()}
    for c in cl.checks:
        assert prefixes[c.category] == c.id[:2], c.id


def test_duplicate_check_id(tmp_path):
    p = _checklist_copy(tmp_path, lambda d: d["checks"][1].__setitem__("id", d["checks"][0]["id"]))
    with pytest.raises(SpecError, match=r"\$\.checks\[1\]\.id: duplicate check id"):
        checklist_mod.load(p)


def test_set_overrides_validated():
    cl = checklist_mod.load()
    cl.set_overrides(["EL-05.min_size=48", "UI-01.widths=[360]"])
    assert cl.params_for(cl.by_id["EL-05"])["min_size"] == 48
    assert cl.params_for(cl.by_id["UI-01"])["widths"] == [360]
    for bad, msg in [("EL-05.min_size=big", "must be a JSON number"), ("EL-05.nope=1", "no parameter 'nope'"),
                     ("XX-99.a=1", "unknown check id"), ("EL-05=3", "expected CHECK.PARAM=VALUE"),
                     ("EL-05.min_size=0", "below the minimum")]:
        with pytest.raises(OptionError, match=msg):
            checklist_mod.load().set_overrides([bad])


def test_param_layers_order():
    cl = checklist_mod.load()
    decl = cl.by_id["EL-05"]
    assert cl.params_for(decl)["min_size"] == 44
    assert cl.params_for(decl, {"EL-05": {"min_size": 48}}, {"EL-05": {"min_size": 50}})["min_size"] == 50
    cl.set_overrides(["EL-05.min_size=60"])
    assert cl.params_for(decl, {"EL-05": {"min_size": 50}})["min_size"] == 60


def test_unknown_device():
    with pytest.raises(OptionError, match="did you mean 'iPhone 13'"):
        devices.get("iphone13")
    assert devices.get()["viewport"] == {"width": 375, "height": 667}
    assert devices.get()["device_scale_factor"] == 2 and devices.get()["is_mobile"] and devices.get()["has_touch"]


@pytest.mark.parametrize("content,expected", [
    ('{"id": "x", "title": "t", "departments": [{"name": "甲", "kind": "weird"}]}', "$.departments[0].kind"),
    ('{"id": "x", "title": "t", "departments": [{"name": "甲", "kind": "other", "systems": [{"name": "s", "pages": []}]}]}', "$.departments[0].systems[0].pages"),
    ('{"id": "x", "title": "t", "departments": [{"name": "甲", "kind": "other", "params": {"EL-05": {"min_size": "x"}}}]}', "$.departments[0].params['EL-05'].min_size"),
])
def test_cli_exits_2_before_any_browser(tmp_path, content, expected):
    p = tmp_path / "registry.json"
    p.write_text(content, encoding="utf-8")
    t = time.monotonic()
    env = {**os.environ, "HARNESS_CHROMIUM": "/nonexistent/chromium"}  # a browser start would fail differently
    r = subprocess.run(HARNESS + ["run", "--registry", str(p), "--out", str(tmp_path / "out")], capture_output=True, text=True, env=env)
    assert r.returncode == 2, r.stderr
    assert str(p) in r.stderr and expected in r.stderr, r.stderr
    assert "Chromium" not in r.stderr
    assert time.monotonic() - t < 20


def test_cli_bad_set_and_device(tmp_path):
    r = subprocess.run(HARNESS + ["run", "--set", "EL-05.min_size=abc", "--out", str(tmp_path / "o")], capture_output=True, text=True)
    assert r.returncode == 2 and "--set EL-05.min_size=abc" in r.stderr
    r = subprocess.run(HARNESS + ["run", "--device", "Nokia 3310", "--out", str(tmp_path / "o")], capture_output=True, text=True)
    assert r.returncode == 2 and "unknown device 'Nokia 3310'" in r.stderr
    r = subprocess.run(HARNESS + ["run", "--department", "不存在的部门", "--out", str(tmp_path / "o")], capture_output=True, text=True)
    assert r.returncode == 2 and "no department '不存在的部门'" in r.stderr


def test_missing_chromium_message(tmp_path):
    r = subprocess.run(HARNESS + ["audit", "http://127.0.0.1:9/", "--chromium", "/nonexistent/chromium"], capture_output=True, text=True)
    assert r.returncode == 2
    assert "apt-get install chromium-headless-shell fonts-wqy-zenhei" in r.stderr and "/nonexistent/chromium" in r.stderr


def test_checklist_table_is_generated_and_current():
    """specs/checklists/national-mobile.md is what ``harness checks --markdown`` writes: regenerate it after a change
    of policy or of a check's definition."""
    cl = checklist_mod.load()
    kept = default_checklist().with_suffix(".md").read_text(encoding="utf-8")
    assert kept == checklist_mod.table_markdown(cl), "run: harness checks --markdown specs/checklists/national-mobile.md"
    assert len([ln for ln in kept.splitlines() if ln.startswith("| ") and ln[2:7].count("-") == 1]) == len(cl.checks)
    r = subprocess.run(HARNESS + ["checks", "--markdown"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout == kept
