"""Issue 16 (clauses and thresholds): every parameter says whether its value is a cited source's or the tool's
own policy, the generated checklist table and the department report show it, and clauses cited from a document
none of whose clauses could be read (国办函〔2021〕105号) are flagged unverified in both."""

from __future__ import annotations

import re

from harness import checklist as checklist_mod
from harness import checks as checks_mod


def test_every_parameter_of_every_check_has_an_origin_and_a_basis():
    defs = checks_mod.definitions()
    seen = 0
    for d in defs.values():
        for name, p in d.params.items():
            seen += 1
            assert p["origin"] in ("source", "tool"), (d.id, name)
            assert p["basis"].strip(), (d.id, name)
    assert seen > 100


def test_tx01_cites_lighthouse_as_tool_policy_and_el05_the_miit_clause_as_source():
    defs = checks_mod.definitions()
    tx = defs["TX-01"].params
    assert tx["min_share"]["value"] == 0.6 and tx["min_share"]["origin"] == "tool"
    assert "Lighthouse" in tx["min_share"]["basis"] and "Lighthouse" in tx["min_font_px"]["basis"]
    assert any(s["doc"] == "LIGHTHOUSE-FONT-SIZE" and ">60% of page text ≥12px" in s["clause"] for s in defs["TX-01"].sources)
    el05 = defs["EL-05"].params["min_size"]
    assert el05["value"] == 44 and el05["origin"] == "source" and "§2.1" in el05["basis"]


def test_the_generated_table_marks_tool_policy_and_unverified_105_clauses():
    cl = checklist_mod.load()
    md = checklist_mod.table_markdown(cl)
    rows = {line.split(" | ")[0].lstrip("| "): line for line in md.splitlines() if re.match(r"^\| [A-Z]{2}-\d{2} ", line)}
    assert "min_share = 0.6 ratio [工具规则 / tool policy: Lighthouse" in rows["TX-01"]
    assert "timeout_ms = 15000 ms [依据 / source: 19号" in rows["AV-01"]
    cites_105 = [cid for cid, c in checks_mod.definitions().items() if any(s["doc"] == "GOV-2021-105" for s in c.sources)]
    assert cites_105
    for cid in cites_105:
        if cid in rows:
            assert "GOV-2021-105 ·" in rows[cid] and "(条款未核实 / clause unverified)" in rows[cid], cid
    assert "条款未核实 / clause unverified" not in rows["TX-01"]


def test_department_report_shows_the_tool_policy_marker_and_unverified_clause_next_to_the_check(tmp_path):
    from harness import report

    cl = checklist_mod.load()
    data = {"department": {"folder": "dep", "display_name": "部门", "name": "部门", "key": "部门", "kind": "provincial", "systems": []},
            "run": {"id": "r", "started": "2026-01-01T00:00:00+0000", "checklist": {"id": cl.id, "version": cl.version},
                    "device": {"name": "mobile-375", "viewport": {"width": 375, "height": 667}, "device_scale_factor": 2}},
            "summary": {"score": 100, "verdict": "pass", "targets": 1, "counts": {}, "vetoes": []}}
    checks = [{"id": cid, "outcome": "passed", "deducted": 0, "veto": False, "weight": 0, "evidence": [], "message": "",
               "message_zh": ""} for cid in ("TX-01", "AV-01", "PF-02")]
    data["targets"] = [{"id": "a/home", "system": "a", "system_name": "应用", "page": "home", "url": "https://x/a/home",
                        "status": "done", "checks": checks, "score": 100, "verdict": "pass", "vetoes": [],
                        "counts": {"passed": 3}}]
    html = report.render_department(tmp_path, data, cl).read_text(encoding="utf-8")
    row = lambda cid: html.split(f'data-check="{cid}"', 1)[1].split("</tr>", 1)[0]
    assert "工具规则 / tool policy</span>" in row("TX-01") and ": min_font_px, min_share\">" in row("TX-01")
    assert "tool policy" not in row("AV-01")  # 19号's 15 s is the source's
    assert "（条款未核实）" in row("PF-02") and "（条款未核实）" not in row("TX-01")
