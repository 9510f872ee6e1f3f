"""Every automatic check on fixture pages in real Chromium: ``tests/fixtures/<CHECK-ID>/`` holds pages that pass
and pages that fail it, and ``expected.json`` the outcome, value and evidence each must give.

expected.json: {"check": ID, "cases": {file: {"outcome", "value"?, "selectors"?, "not_selectors"?,
"message_contains"?, "evidence_text_contains"?, "evidence_text_absent"?, "evidence_url_contains"?,
"scheme"? ("http"|"https", default https), "params"? (overrides, re-evaluated on the same artifacts),
"absent"? (the file does not exist), "url"? ("slow": answered after 2 s), "page"? (a page elsewhere under
tests/fixtures, e.g. "platform/qsb-integrated.html", shared by several checks), "target"? (target info, e.g.
{"platform": "qingsongban", "service_name": "…", "role": "home"})}}}
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness import checks as checks_mod

FIXTURES = Path(__file__).parent / "fixtures"


def _cases():
    out = []
    for exp in sorted(FIXTURES.glob("*/expected.json")):
        spec = json.loads(exp.read_text(encoding="utf-8"))
        for name, case in spec["cases"].items():
            out.append(pytest.param(spec["check"], exp.parent.name, name, case, id=f"{spec['check']}/{name}"))
    return out


def _url(server, folder: str, name: str, case: dict) -> str:
    base = server.http_base if case.get("scheme") == "http" else server.https_base
    if case.get("url") == "slow":
        return f"{base}/{folder}/pass.html?delay=2000"
    if case.get("page"):
        return f"{base}/{case['page']}"
    return f"{base}/{folder}/{name}"


@pytest.mark.parametrize("check_id,folder,name,case", _cases())
def test_fixture(check_id, folder, name, case, audit, fixture_server, checklist):
    if not case.get("absent") and "url" not in case:
        assert (FIXTURES / (case.get("page") or f"{folder}/{name}")).exists(), f"fixture {case.get('page') or folder + '/' + name} missing"
    a = audit(_url(fixture_server, folder, name, case), **case.get("target", {}))
    decl = checklist.by_id[check_id]
    if case.get("params"):
        params = {**checklist.params_for(decl), **case["params"]}
        result = {"id": check_id, **checks_mod.evaluate(decl, a.artifacts, params).to_dict()}
    else:
        result = next(c for c in a.checks if c["id"] == check_id)
    where = f"{check_id} on {folder}/{name}: {result['message']}"
    assert result["outcome"] == case["outcome"], where
    if "value" in case:
        assert result["value"] == case["value"], where
    selectors = [e.get("selector", "") for e in result["evidence"]]
    for sel in case.get("selectors", []):
        assert any(sel in s for s in selectors), f"{where}: no evidence for {sel} in {selectors}"
    for sel in case.get("not_selectors", []):
        assert not any(sel in s for s in selectors), f"{where}: unexpected evidence for {sel}"
    if "message_contains" in case:
        assert case["message_contains"] in result["message"], where
    texts = " ".join(str(e.get("text", "")) for e in result["evidence"])
    if "evidence_text_contains" in case:
        assert case["evidence_text_contains"] in texts, f"{where}: {texts}"
    if "evidence_text_absent" in case:
        assert case["evidence_text_absent"] not in json.dumps(result, ensure_ascii=False), where
    if "evidence_url_contains" in case:
        assert any(case["evidence_url_contains"] in e.get("url", "") for e in result["evidence"]), where
    for e in result["evidence"]:
        if "box" in e:
            assert len(e["box"]) == 4 and e["box"][2] >= 0 and e["box"][3] >= 0


def test_every_automatic_check_has_fixtures(checklist):
    """Each automatic check has a fixture folder with at least one passing and one failing page."""
    missing = []
    for c in checklist.checks:
        if c.mode != "automatic":
            continue
        exp = FIXTURES / c.id / "expected.json"
        if not exp.exists():
            missing.append(c.id)
            continue
        outcomes = {v["outcome"] for v in json.loads(exp.read_text(encoding="utf-8"))["cases"].values()}
        if not {"passed", "failed"} <= outcomes:
            missing.append(f"{c.id} (needs a passing and a failing page)")
    assert not missing, f"checks without pass/fail fixtures: {missing}"
