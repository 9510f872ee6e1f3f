"""``pytest suites/ -n 2 --dist loadgroup`` writes the same per-department results and reports as a serial run:
the workers' results land in one run directory, none lost, the controller renders the index (with the
department not selected listed as not audited in this run), JUnit XML carries each item's context as properties
and pytest-html embeds the annotated screenshot of each failed item."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPARTMENTS = ["演示：省社保示范局", "演示：省公积金示范中心"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _demo_departments() -> int:
    from harness import demo

    return len(json.loads(demo.REGISTRY_FILE.read_text(encoding="utf-8"))["departments"])


def _suite(out: Path, *extra: str) -> subprocess.CompletedProcess:
    args = [sys.executable, "-m", "pytest", "suites/", "-q", "-p", "no:cacheprovider", "--harness-out", str(out / "run"),
            "--junitxml", str(out / "junit.xml"), "--harness-set", "PF-01.throttling=false"]
    for d in DEPARTMENTS:
        args += ["--harness-department", d]
    return subprocess.run(args + list(extra), capture_output=True, text=True, cwd=ROOT, timeout=900)


def _rows(html: str) -> list[tuple[str, str, str]]:
    """(target, check, outcome) of every check row of a department report."""
    out = []
    for sec in re.split(r'<section class="tgt"', html)[1:]:
        target = re.search(r'data-target="([^"]+)"', sec).group(1)
        out += [(target, c, o) for c, o in re.findall(r'<tr class="row-\w+" data-check="([^"]+)" data-outcome="([^"]+)"', sec)]
    return sorted(out)


def _junit(path: Path) -> dict[str, tuple[str, dict[str, str]]]:
    cases = {}
    for tc in ET.parse(path).getroot().iter("testcase"):
        status = "failed" if tc.find("failure") is not None else "skipped" if tc.find("skipped") is not None else \
            "error" if tc.find("error") is not None else "passed"
        props = {p.get("name"): p.get("value") for p in tc.iter("property")}
        cases[tc.get("name")] = (status, props)
    return cases


def test_parallel_run_writes_the_same_reports_as_a_serial_run(tmp_path):
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    rs = _suite(serial)
    rp = _suite(parallel, "-n", "2", "--dist", "loadgroup", "--html", str(parallel / "report.html"))
    assert rs.returncode == 1 and rp.returncode == 1, (rs.stdout[-2000:], rp.stdout[-2000:])
    assert "2 workers" in rp.stdout or "[gw1]" in rp.stdout or "gw1" in rp.stdout, rp.stdout[-2000:]
    s_run, p_run = serial / "run", parallel / "run"
    s_files = sorted(p.name for p in (s_run / "results").glob("*.json"))
    assert s_files == sorted(p.name for p in (p_run / "results").glob("*.json")) and len(s_files) == 2
    for name in s_files:
        a = json.loads((s_run / "results" / name).read_text(encoding="utf-8"))
        b = json.loads((p_run / "results" / name).read_text(encoding="utf-8"))
        assert len(b["targets"]) == b["summary"]["targets"] > 0  # every registered page measured, none lost
        assert a["summary"]["score"] == b["summary"]["score"] and a["summary"]["verdict"] == b["summary"]["verdict"]
        outcomes = lambda d: sorted((t["id"], c["id"], c["outcome"], c["deducted"]) for t in d["targets"] for c in t["checks"])  # noqa: E731
        assert outcomes(a) == outcomes(b)
        folder = a["department"]["folder"]
        ha = (s_run / "departments" / f"{folder}.html").read_text(encoding="utf-8")
        hb = (p_run / "departments" / f"{folder}.html").read_text(encoding="utf-8")
        assert _rows(ha) == _rows(hb) and _rows(ha)
        verdict = lambda h: re.search(r'id="verdict">([^<]+)<', h).group(1)  # noqa: E731
        assert verdict(ha) == verdict(hb)
        crops = lambda run: sorted(p.name for p in (run / "assets" / folder).glob("*-ev*.jpg"))  # noqa: E731
        assert crops(s_run) == crops(p_run)
    for run in (s_run, p_run):
        index = (run / "index.html").read_text(encoding="utf-8")
        assert index.count("<tr data-verdict=") == _demo_departments()  # every department of the registry
        assert 'data-verdict="not-run"' in index  # the one not selected, listed, not hidden
    # JUnit XML: same items and outcomes either way, each with its department, page, check and outcome.
    js, jp = _junit(serial / "junit.xml"), _junit(parallel / "junit.xml")
    assert {k: v[0] for k, v in js.items()} == {k: v[0] for k, v in jp.items()}
    name = "test_check[演示：省社保示范局/shebao/home/PI-09]"
    status, props = jp[name]
    assert status == "failed" and props["check"] == "PI-09" and props["outcome"] == "failed" and props["veto"] == "true"
    assert props["department"] == "演示：省社保示范局" and props["target"] == "shebao/home"
    # pytest-html: the failed items carry their annotated screenshot.
    html = (parallel / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/jpeg;base64") + html.count(".jpg") >= 1
