"""Every automatic check on fixture pages in real Chromium: each check's folder holds ``fixtures/`` (served at
``/<CHECK-ID>/``) with pages that pass and pages that fail it, and ``fixtures/expected.json`` the outcome, value and
evidence each must give.

expected.json: {"check": ID, "cases": {file: {"outcome", "value"?, "selectors"?, "not_selectors"?,
"message_contains"?, "evidence_text_contains"?, "evidence_text_absent"?, "evidence_url_contains"?,
"scheme"? ("http"|"https", default https), "params"? (overrides, re-evaluated on the same artifacts),
"absent"? (the file does not exist), "url"? ("slow": answered after 2 s), "page"? (a page elsewhere under
tests/fixtures, e.g. "platform/qsb-integrated.html", shared by several checks),
"file"? (the page to load when the case's key is a label, so one page can be judged under several cases, e.g.
"pass.html#strict" to re-evaluate a loaded page with other "params"),
"target"? (target information for the load: service_name, provider, hotline, system_kind, address, items,
platform, role …),
"warning"? (bool), "value_includes"?/"value_subset"? (dict: these keys of the value have these values),
"value_min"?/"value_max"? (numeric value or value[value_key]), "value_key"?, "evidence_note_contains"?,
"evidence_widths"? (widths evidence was measured at), "scheme"? also "https-expiring" (a server whose certificate
expires in 10 days)}}}

Only the optional gather stages and variant loads the check under test needs are made (a PF-01 page is loaded
again under the 4G profile, an EL-02 page has its text enlarged, axe-core runs only for its checks), so that
fixture pages stay cheap.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from harness import checks as checks_mod

from server import fixture_file


def _expected(check_id: str) -> Path:
    return checks_mod.CHECKS_DIR / checks_mod.slug(check_id) / "fixtures" / "expected.json"


def _cases():
    out = []
    for exp in sorted(checks_mod.CHECKS_DIR.glob("*/fixtures/expected.json")):
        spec = json.loads(exp.read_text(encoding="utf-8"))
        for name, case in spec["cases"].items():
            out.append(pytest.param(spec["check"], spec["check"], name, case, id=f"{spec['check']}/{name}"))
    return out


def _url(server, folder: str, name: str, case: dict) -> str:
    base = {"http": server.http_base, "https-expiring": server.expiring_base}.get(case.get("scheme"), server.https_base)
    if case.get("url") == "slow":
        return f"{base}/{folder}/pass.html?delay=2000"
    if case.get("page"):
        return f"{base}/{case['page']}"
    return f"{base}/{folder}/{case.get('file', name)}"


def _job(server, checklist, check_id, folder, name, case):
    decl = checklist.by_id[check_id]
    stages, variants = checks_mod.needs([decl])
    return _url(server, folder, case.get("file", name), case), stages | variants, case.get("target", {})


@pytest.fixture(scope="module", autouse=True)
def _prefetched(request, audit, fixture_server, checklist):
    """Load the fixture pages of the selected cases concurrently, once, before the cases read them."""
    jobs = []
    for item in request.session.items:
        cs = getattr(item, "callspec", None)
        if item.module is not None and item.module.__name__ == __name__ and cs and "case" in cs.params:
            p = cs.params
            jobs.append(_job(fixture_server, checklist, p["check_id"], p["folder"], p["name"], p["case"]))
    audit.prefetch(jobs)


@pytest.mark.parametrize("check_id,folder,name,case", _cases())
def test_fixture(check_id, folder, name, case, audit, fixture_server, checklist):
    name = case.get("file", name)
    if not case.get("absent") and "url" not in case:
        assert fixture_file("/" + (case.get("page") or f"{folder}/{name}")).exists(), f"fixture {case.get('page') or folder + '/' + name} missing"
    decl = checklist.by_id[check_id]
    url, needs, info = _job(fixture_server, checklist, check_id, folder, name, case)
    a = audit(url, needs=needs, **info)
    if case.get("params"):
        params = {**checklist.params_for(decl), **case["params"]}
        result = {"id": check_id, **checks_mod.evaluate(decl, a.artifacts, params).to_dict()}
    else:
        result = next(c for c in a.checks if c["id"] == check_id)
    where = f"{check_id} on {folder}/{name}: {result['message']}"
    assert result["outcome"] == case["outcome"], where
    if result.get("threshold") is not None:  # the zh-CN report shows the requirement in Chinese
        assert re.search(r"[\u4e00-\u9fff]", result.get("threshold_zh") or ""), f"{where}: no Chinese threshold"
    if "value" in case:
        assert result["value"] == case["value"], where
    for k, v in {**case.get("value_includes", {}), **case.get("value_subset", {})}.items():
        assert result["value"][k] == v, f"{where}: value[{k!r}] = {result['value'][k]!r}, expected {v!r}"
    num = result["value"][case["value_key"]] if "value_key" in case else result["value"]
    if "value_min" in case:
        assert num is not None and num >= case["value_min"], f"{where}: value {num} < {case['value_min']}"
    if "value_max" in case:
        assert num is not None and num <= case["value_max"], f"{where}: value {num} > {case['value_max']}"
    if "warning" in case:
        assert bool(result.get("warning")) == case["warning"], f"{where}: warning is {result.get('warning')}"
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
    if "evidence_note_contains" in case:
        notes = " ".join(str(e.get("note", "")) for e in result["evidence"])
        assert case["evidence_note_contains"] in notes, f"{where}: {notes}"
    if "evidence_widths" in case:
        widths = sorted({e["width"] for e in result["evidence"] if "width" in e})
        assert widths == case["evidence_widths"], f"{where}: evidence at widths {widths}"
    for e in result["evidence"]:
        if "box" in e:
            assert len(e["box"]) == 4 and e["box"][2] >= 0 and e["box"][3] >= 0


def test_every_automatic_check_has_fixtures(checklist):
    """Each automatic check has a fixture folder with at least one passing and one failing page."""
    missing = []
    for c in checklist.checks:
        if c.mode != "automatic":
            continue
        exp = _expected(c.id)
        if not exp.exists():
            missing.append(c.id)
            continue
        outcomes = {v["outcome"] for v in json.loads(exp.read_text(encoding="utf-8"))["cases"].values()}
        if not {"passed", "failed"} <= outcomes:
            missing.append(f"{c.id} (needs a passing and a failing page)")
    assert not missing, f"checks without pass/fail fixtures: {missing}"


def test_dom_is_read_on_the_page_a_redirect_chain_ends_on(audit, fixture_server):
    """chain1 → chain2 → chain3 → chain4 → pass by instant meta refreshes and location.replace: the settle stage
    follows the chain, so no stage dies on a replaced document and the DOM every check reads is pass.html's; axe-core,
    sent into chain1 while it settled (the stage's preload), is sent again into pass.html."""
    a = audit(f"{fixture_server.https_base}/NV-03/chain1.html#settle", needs={"axe"})
    assert not a.artifacts["errors"], a.artifacts["errors"]
    assert "没有自动跳转" in a.artifacts["dom"]["visible_text"], a.artifacts["dom"]["visible_text"][:200]
    assert [n["url"].rsplit("/", 1)[1] for n in a.artifacts["frame_navigations"]][-1] == "pass.html"
    assert a.artifacts["axe"]["url"].endswith("/NV-03/pass.html") and a.artifacts["axe"]["passes"], a.artifacts["axe"]


def test_labels_read_as_written_across_flex_and_block_items(audit, fixture_server):
    """innerText breaks a line between flex or block items; the DOM gatherer joins two Chinese characters across
    such a break (附件2 shows "我已阅读并同意隐私政策", not "我已阅读并同意 隐私政策") but keeps a space the author
    typed ("第1项 信息") and the space between Latin words ("Email address")."""
    a = audit(f"{fixture_server.https_base}/report/labels.html", needs=set())
    labels = [f["label"] for f in a.artifacts["dom"]["fields"]]
    assert labels == ["我已阅读并同意隐私政策", "第1项 信息", "联系电话", "Email address"], labels
