"""The command line: one-off audits with JSON output, and the pytest suite run as a user would run it."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_audit_json(tmp_path, fixture_server):
    out = tmp_path / "a.json"
    urls = [f"{fixture_server.http_base}/EL-05/fail.html", f"{fixture_server.http_base}/UI-02/pass.html"]
    r = subprocess.run([sys.executable, "-m", "harness.cli", "audit", *urls, "--fail-on", "never", "--json", str(out), "--concurrency", "2"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [t["url"] for t in data["targets"]] == urls
    t0, t1 = data["targets"]
    assert t0["title"] == "测试页面" and isinstance(t0["score"], (int, float))
    checks = {c["id"]: c for c in t0["checks"]}
    assert checks["EL-05"]["outcome"] == "failed" and checks["EL-05"]["evidence"][0]["selector"]
    assert {c["id"]: c["outcome"] for c in t1["checks"]}["UI-02"] == "passed"
    assert "EL-05" in r.stdout


@pytest.mark.browser
def test_pytest_suite_on_demo(tmp_path, checklist):
    """``pytest suites/`` on two demo departments: one item per (target, check), failures exactly the checks the
    demo apps fail (the same expectations as the end-to-end test), the registry lint items, JUnit and pytest-html."""
    from test_demo_e2e import DEFECTIVE_PAGE_FAILS, WHITE_SCREEN_FAILS

    junit = tmp_path / "junit.xml"
    html = tmp_path / "report.html"
    out = tmp_path / "run"
    r = subprocess.run([sys.executable, "-m", "pytest", "suites/", "-q", "-p", "no:cacheprovider", "--harness-out", str(out),
                        "--harness-department", "演示：省社保示范局", "--harness-department", "演示：省公积金示范中心",
                        "--harness-set", "PF-01.throttling=false",
                        "--junitxml", str(junit), "--html", str(html)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 1, r.stdout[-3000:]  # the defective demo fails
    suite = ET.parse(junit).getroot().find("testsuite")
    cases = list(suite.iter("testcase"))
    conformance = [tc for tc in cases if tc.get("name").startswith("test_check[")]
    failed = {tc.get("name") for tc in conformance if tc.find("failure") is not None}
    errors = [tc.get("name") for tc in cases if tc.find("error") is not None]
    targets = len(DEFECTIVE_PAGE_FAILS) + 1
    assert not errors and len(conformance) == targets * len(checklist.checks)
    # PF-01 is inapplicable with the throttled reload turned off
    expected = {f"test_check[演示：省社保示范局/{page}/{cid}]" for page, ids in DEFECTIVE_PAGE_FAILS.items() for cid in ids - {"PF-01"}}
    expected |= {f"test_check[演示：省公积金示范中心/gjj/home/{cid}]" for cid in WHITE_SCREEN_FAILS}
    assert failed == expected, failed ^ expected
    skips = [tc.find("skipped").get("message") or "" for tc in cases if tc.find("skipped") is not None]
    assert skips and not [m for m in skips if m.count("manual check:") > 1 or m.count("inapplicable:") > 1], skips[:5]
    lint_failed = [tc.get("name") for tc in cases if tc.get("name").startswith("test_registry_row[") and tc.find("failure") is not None]
    assert lint_failed == ["test_registry_row[演示：省社保示范局]"]
    assert (out / "index.html").is_file() and len(list((out / "results").glob("*.json"))) == 2
    # pytest-html: each failed item's two images (a thumbnail strip around its evidence, then the screenful) are
    # files of its own, named by its node id's hash, so two departments' items never share one.
    from PIL import Image

    assets = sorted((tmp_path / "assets").glob("harness-*.jpg"))
    assert len(assets) == 2 * len(failed), (len(assets), len(failed))
    text = html.read_text(encoding="utf-8")
    assert all(a.name in text for a in assets)
    for thumb in assets[:6]:
        if thumb.name.endswith("-0.jpg"):
            w, h = Image.open(thumb).size
            assert abs(w / h - 1.35) < 0.1, (thumb.name, w, h)
