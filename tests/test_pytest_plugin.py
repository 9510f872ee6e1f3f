"""The pytest plugin at home beside pytest-playwright (a dependency, installed in the same venv): both load, the
harness's options are ``--harness-…`` (the former names still work, with a deprecation notice), and
pytest-playwright's fixtures, options and artifacts work with the harness's defaults under them."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

pytestmark = pytest.mark.browser

USER_TESTS = """
def test_unrelated():
    assert 1 + 1 == 2


def test_their_page_is_debian_chromium_at_the_harness_device(page, browser):
    page.goto({url!r})
    assert page.viewport_size["width"] == {width}
    assert page.evaluate("navigator.language") == "zh-CN"
    assert "HeadlessChrome" in page.evaluate("navigator.userAgent") or browser.version


def test_harness_page_too(harness_page):
    harness_page.goto({url!r})
    assert harness_page.viewport_size["width"] == {width}


def test_fails_and_leaves_a_trace(page):
    page.goto({url!r})
    assert page.title() == "not this title"
"""


def _pytest(tmp_path, *args):
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA", *args],
                          capture_output=True, text=True, cwd=tmp_path, timeout=600)


def test_both_plugins_load_and_share_fixtures_options_and_traces(fixture_server, tmp_path):
    url = f"{fixture_server.http_base}/UI-02/pass.html"
    (tmp_path / "test_user.py").write_text(USER_TESTS.format(url=url, width=375), encoding="utf-8")
    r = _pytest(tmp_path, "test_user.py", "--tracing", "retain-on-failure", "--output", str(tmp_path / "out"))
    assert "conflicting option" not in r.stderr, r.stderr[-2000:]
    assert r.returncode == 1, r.stdout[-3000:] + r.stderr[-2000:]
    assert "1 failed, 3 passed" in r.stdout, r.stdout[-3000:]
    assert "harness" not in "".join(l for l in r.stdout.splitlines() if "Warning" in l), r.stdout[-3000:]  # no warning of ours
    # pytest-playwright's retain-on-failure trace of the failed test: a trace Playwright's viewer opens.
    (trace,) = (tmp_path / "out").rglob("trace.zip")
    assert "fails-and-leaves-a-trace" in str(trace)
    names = zipfile.ZipFile(trace).namelist()
    assert "trace.trace" in names and "trace.network" in names
    # pytest-playwright's --device (a Playwright device name) sets the device of both fixtures.
    (tmp_path / "test_user.py").write_text(USER_TESTS.format(url=url, width=390), encoding="utf-8")
    r = _pytest(tmp_path, "test_user.py", "--device", "iPhone 13", "-k", "not fails")
    assert r.returncode == 0 and "3 passed" in r.stdout, r.stdout[-3000:] + r.stderr[-2000:]


def test_former_option_names_work_with_a_deprecation_notice(tmp_path):
    reg = tmp_path / "registry.json"
    reg.write_text(json.dumps({"id": "x", "title": "x", "departments": [{"name": "甲局", "kind": "demo"}]}, ensure_ascii=False),
                   encoding="utf-8")
    (tmp_path / "test_one.py").write_text("def test_one():\n    pass\n", encoding="utf-8")
    old = _pytest(tmp_path, "test_one.py", "--registry", str(reg), "--lang", "en")
    assert old.returncode == 0, old.stdout[-2000:] + old.stderr[-2000:]
    assert "--registry is deprecated" in old.stdout and "use --harness-registry" in old.stdout
    assert "--lang is deprecated" in old.stdout
    new = _pytest(tmp_path, "test_one.py", "--harness-registry", str(reg), "--harness-lang", "en")
    assert new.returncode == 0 and "deprecated" not in new.stdout, new.stdout[-2000:]


ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def test_a_bad_registry_is_one_line_and_the_header_says_what_is_audited(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"id": "x", "title": "x", "departments": [{"name": "甲", "kind": "weird"}]}), encoding="utf-8")
    r = _pytest(tmp_path, str(ROOT / "suites"), "--harness-registry", str(bad))
    out = r.stdout + r.stderr
    assert r.returncode == 4, out[-2000:]
    assert f"ERROR: harness: {bad}: $.departments[0].kind:" in out
    assert "Traceback" not in out and len(out.strip().splitlines()) <= 3, out
    r = _pytest(tmp_path, str(ROOT / "suites"), "--co", "--harness-department", "演示：省公积金示范中心")
    assert r.stdout.count("harness: registry (embedded demo): 1 of ") == 1, r.stdout[-2000:]


def test_the_lint_suite_keeps_its_junit_properties_under_xunit2(tmp_path):
    import xml.etree.ElementTree as ET

    junit = tmp_path / "junit.xml"
    r = _pytest(tmp_path, str(ROOT / "suites" / "test_registry_lint.py"), "-o", "junit_family=xunit2", "--junitxml", str(junit),
                "-W", "error::pytest.PytestWarning")
    assert r.returncode in (0, 1) and "PytestWarning" not in r.stdout, r.stdout[-3000:]
    cases = list(ET.parse(junit).getroot().iter("testcase"))
    assert cases and all(tc.find("properties") is not None for tc in cases)
    row = next(tc for tc in cases if "演示：省社保示范局" in tc.get("name"))
    names = [p.get("name") for p in row.find("properties")]
    assert names[0] == "department" and any(n.startswith("error:") for n in names), names


def test_selection_loads_only_the_selected_targets(fixture_server, tmp_path):
    """``-k`` decides which targets are loaded: the page of the other target is never requested; the selected
    target's load is charged to its own item."""
    import xml.etree.ElementTree as ET

    import server as fixture_server_mod

    base = fixture_server.http_base
    reg = tmp_path / "registry.json"
    reg.write_text(json.dumps({"id": "sel", "title": "sel", "departments": [{"name": "选择局", "kind": "demo", "systems": [
        {"id": "app", "name": "选择", "service_name": "选择", "pages": [
            {"id": "alpha", "name": "甲页", "url": f"{base}/UI-02/pass.html?count=sel-alpha"},
            {"id": "beta", "name": "乙页", "url": f"{base}/UI-02/pass.html?count=sel-beta"}]}]}]}, ensure_ascii=False),
        encoding="utf-8")
    fixture_server_mod.COUNTS.clear()
    junit = tmp_path / "junit.xml"
    r = _pytest(tmp_path, str(ROOT / "suites" / "test_conformance.py"), "--harness-registry", str(reg), "-k", "alpha and (UI-02 or UI-03)",
                "--harness-out", str(tmp_path / "run"), "--harness-set", "PF-01.throttling=false", "--junitxml", str(junit))
    assert r.returncode in (0, 1), r.stdout[-3000:]
    assert fixture_server_mod.COUNTS["sel-alpha"] >= 1 and fixture_server_mod.COUNTS["sel-beta"] == 0, dict(fixture_server_mod.COUNTS)
    (res,) = (tmp_path / "run" / "results").glob("*.json")
    data = json.loads(res.read_text(encoding="utf-8"))
    assert [t["id"] for t in data["targets"]] == ["app/alpha"]
    assert data["summary"]["targets"] == 2 and data["summary"]["incomplete"] is True  # beta unmeasured: never 合格
    # Only the selected checks' artifacts were gathered (no axe-core run, no variant load): the others say so and
    # the target is not 合格 on so little.
    (alpha,) = data["targets"]
    others = [c for c in alpha["checks"] if c["id"] not in ("UI-02", "UI-03") and c["outcome"] == "error"]
    assert others and all("measured only the selected checks (UI-02, UI-03)" in c["message"] for c in others), others[:3]
    assert alpha["verdict"] != "pass" and "axe" not in json.loads((tmp_path / "run" / alpha["artifacts"]).read_text(encoding="utf-8"))
    cases = {tc.get("name"): float(tc.get("time")) for tc in ET.parse(junit).getroot().iter("testcase")}
    assert len(cases) == 2, cases


def test_asset_names_are_distinct_where_pytest_htmls_names_are_not(tmp_path):
    """市局 and 县局 garble alike in pytest-html's own asset names (its UTF-8-as-Latin-1 form of the test id); the
    harness's are the node id's hash: distinct, and the same in every run."""
    import re
    from types import SimpleNamespace

    from harness.pytest_plugin import _html_asset

    def garbled(test_id):  # pytest-html 4's name for an extra's file
        return re.sub(r"[^\w.]", "_", test_id.encode("utf-8").decode("unicode_escape"))

    a = "suites/test_conformance.py::test_check[演示：市局/app/home/EL-05]"
    b = "suites/test_conformance.py::test_check[演示：县局/app/home/EL-05]"
    assert garbled(a) == garbled(b)
    config = SimpleNamespace(option=SimpleNamespace(htmlpath=str(tmp_path / "report.html"), self_contained_html=False))
    names = [_html_asset(SimpleNamespace(nodeid=n, config=config), 0, n.encode()) for n in (a, b, a)]
    assert names[0] != names[1] and names[0] == names[2] and names[0].startswith("assets/harness-")
    assert (tmp_path / names[1]).read_bytes() == b.encode()
