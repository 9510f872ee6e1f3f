"""Scoring: deductions (扣分), vetoes (单项否决), pass mark, department summary; a veto unmeasured or too little
measured is incomplete (待复核), never pass."""

import copy

from harness import checklist as checklist_mod
from harness import scoring

CL = checklist_mod.load()


def results(**outcomes):
    return [{"id": c.id, "outcome": outcomes.get(c.id.replace("-", "_"), "passed")} for c in CL.checks]


def test_all_passed_scores_start():
    s = scoring.score_target(CL, results())
    assert s["score"] == 100 and s["verdict"] == "pass" and s["counts"]["passed"] == len(CL.checks)


def test_deductions_and_pass_mark():
    w = CL.by_id["IN-02"].weight + CL.by_id["SE-01"].weight
    s = scoring.score_target(CL, results(IN_02="failed", SE_01="failed"))
    assert s["score"] == 100 - w and s["deductions"] == {"IN-02": CL.by_id["IN-02"].weight, "SE-01": CL.by_id["SE-01"].weight}
    assert s["verdict"] == ("pass" if 100 - w >= 60 else "fail-score")


def test_veto_fails_whatever_the_score():
    s = scoring.score_target(CL, results(PI_09="failed"))
    assert s["score"] == 100 - CL.by_id["PI-09"].weight and s["verdict"] == "fail-veto" and s["vetoes"] == ["PI-09"]


def test_error_and_canttell_never_count():
    s = scoring.score_target(CL, results(UI_01="error", TX_01="cantTell"))
    assert s["score"] == 100 and s["verdict"] == "pass" and s["counts"]["error"] == 1 and s["counts"]["cantTell"] == 1


def test_all_error_is_error_verdict():
    s = scoring.score_target(CL, [{"id": c.id, "outcome": "error"} for c in CL.checks])
    assert s["score"] is None and s["verdict"] == "error"


def test_department_mean_worst_and_not_audited():
    t = [{"score": 100, "verdict": "pass", "counts": scoring.counts(["passed"]), "vetoes": []},
         {"score": 50, "verdict": "fail-score", "counts": scoring.counts(["failed"]), "vetoes": []},
         {"score": None, "verdict": "error", "counts": scoring.counts(["error"]), "vetoes": []}]
    mean = copy.copy(CL)
    mean.scoring = {**CL.scoring, "department_score": "mean"}
    d = scoring.score_department(mean, t)
    assert d["score"] == 75 and d["verdict"] == "fail-score" and d["incomplete"] and d["targets_error"] == 1
    assert scoring.score_department(CL, [], expected=0)["verdict"] == "not-audited"


# ---------------------------------------------------------------- never pass the unmeasured

def test_unmeasured_or_undecided_veto_is_incomplete_never_pass():
    for outcome in ("error", "cantTell"):
        s = scoring.score_target(CL, results(PI_09=outcome))
        assert s["verdict"] == "incomplete" and s["score"] == 100, outcome
        assert s["unmeasured_vetoes"] == ["PI-09"] and s["incomplete_reasons"] == ["veto-unmeasured"] and s["vetoes"] == []


def test_failed_veto_and_low_score_win_over_incomplete():
    s = scoring.score_target(CL, results(PI_09="error", CT_02="failed"))
    assert s["verdict"] == "fail-veto" and s["vetoes"] == ["CT-02"] and s["unmeasured_vetoes"] == ["PI-09"]
    assert s["incomplete_reasons"] == ["veto-unmeasured"]  # recorded, but a failed veto decides
    heavy = [c.id for c in CL.checks if c.weight >= 5 and not c.veto][:8]
    s = scoring.score_target(CL, [{"id": c.id, "outcome": "failed" if c.id in heavy else ("error" if c.id == "PI-09" else "passed")}
                                  for c in CL.checks])
    assert s["score"] < CL.scoring["pass_mark"] and s["verdict"] == "fail-score"  # unmeasured checks could only deduct more


def test_fewer_than_half_measured_is_incomplete():
    vetoes = {c.id for c in CL.checks if c.veto}
    auto = [c for c in CL.checks if c.mode != "manual" and not c.veto]
    n = len(auto) + len([c for c in CL.checks if c.veto and c.mode != "manual"])
    keep = (n + 1) // 2 - 1 - len([c for c in CL.checks if c.veto and c.mode != "manual"])  # measured: the vetoes + keep: under half
    measured_ids = vetoes | {c.id for c in auto[:keep]}
    checks = [{"id": c.id, "outcome": "untested" if c.mode == "manual" else ("passed" if c.id in measured_ids else "error")} for c in CL.checks]
    s = scoring.score_target(CL, checks)
    m = s["measured"]
    assert m["measured"] < m["automatic"] / 2 and m["unmeasured"] == m["automatic"] - m["measured"]
    assert s["verdict"] == "incomplete" and s["incomplete_reasons"] == ["coverage"] and s["unmeasured_vetoes"] == []
    # one more measured: exactly half or more passes (the policy's share, scoring.min_measured = 0.5)
    more = next(c for c in checks if c["outcome"] == "error")
    more["outcome"] = "passed"
    s2 = scoring.score_target(CL, checks)
    assert s2["measured"]["measured"] >= s2["measured"]["automatic"] / 2 and s2["verdict"] == "pass"
    strict = copy.copy(CL)
    strict.scoring = {**CL.scoring, "min_measured": 1.0}
    assert scoring.score_target(strict, checks)["verdict"] == "incomplete"


def test_nothing_decided_never_passes():
    s = scoring.score_target(CL, [{"id": c.id, "outcome": "inapplicable" if c.mode != "manual" else "untested"} for c in CL.checks])
    assert s["verdict"] == "incomplete" and "nothing-decided" in s["incomplete_reasons"] and s["measured"]["automatic"] == 0


def test_measured_counts():
    m = scoring.measured([{"outcome": o} for o in ("passed", "failed", "cantTell", "error", "error", "inapplicable", "untested")])
    assert m == {"automatic": 5, "measured": 3, "decided": 2, "unmeasured": 2, "inapplicable": 1, "manual": 1}
    assert scoring.add_measured(m, m)["automatic"] == 10


def test_department_with_an_incomplete_or_unmeasured_page_is_incomplete():
    ok = {"score": 100, "verdict": "pass", "counts": scoring.counts(["passed"]), "vetoes": [], "measured": scoring.measured([{"outcome": "passed"}])}
    open_ = {"score": 90, "verdict": "incomplete", "counts": scoring.counts(["error"]), "vetoes": [], "unmeasured_vetoes": ["PI-09"],
             "measured": scoring.measured([{"outcome": "error"}])}
    down = {"score": None, "verdict": "error", "counts": scoring.counts(["error"]), "vetoes": []}
    fail = {"score": 40, "verdict": "fail-score", "counts": scoring.counts(["failed"]), "vetoes": [],
            "checks": [{"id": "UI-01", "outcome": "failed", "deducted": 60}]}
    d = scoring.score_department(CL, [ok, open_])
    assert d["verdict"] == "incomplete" and d["score"] == 100 and d["targets_incomplete"] == 1 and d["unmeasured_vetoes"] == ["PI-09"]
    assert d["measured"]["automatic"] == 2 and d["measured"]["measured"] == 1 and d["incomplete"]
    assert scoring.score_department(CL, [ok, down])["verdict"] == "incomplete"  # a page not measured at all
    assert scoring.score_department(CL, [ok], expected=2)["verdict"] == "incomplete"  # a page not audited yet
    assert scoring.score_department(CL, [ok, open_, fail])["verdict"] == "fail-score"  # a failure decides
    assert scoring.score_department(CL, [ok])["verdict"] == "pass" and not scoring.score_department(CL, [ok])["incomplete"]


def test_verdict_line_names_verdict_score_measured_and_vetoes():
    s = scoring.score_target(CL, results(PI_09="error", UI_01="error"))
    line = scoring.verdict_line(s)
    m = s["measured"]
    assert line == f"incomplete (score 100; measured {m['measured']} of {m['automatic']} automatic checks; 0 failed; unmeasured vetoes: PI-09)"
    assert scoring.verdict_line(scoring.score_target(CL, results(PI_09="failed"))).endswith("1 failed; failed vetoes: PI-09)")


def test_a_semi_automatic_vetos_candidates_are_the_reviewers_but_its_error_is_not():
    """CT-02 (表述错误 candidates), CT-03 and AV-04 are semi-automatic vetoes: their cantTell lists what a reviewer must
    confirm and does not hold the verdict open (as their untested did while they were manual); an error does."""
    assert {CL.by_id[c].mode for c in ("CT-02", "CT-03", "AV-04")} == {"semi"} and CL.by_id["CT-02"].veto
    s = scoring.score_target(CL, results(CT_02="cantTell", CT_03="cantTell", AV_04="cantTell"))
    assert s["verdict"] == "pass" and s["unmeasured_vetoes"] == []
    s = scoring.score_target(CL, results(CT_02="error"))
    assert s["verdict"] == "incomplete" and s["unmeasured_vetoes"] == ["CT-02"]
    s = scoring.score_target(CL, results(CT_02="failed"))
    assert s["verdict"] == "fail-veto"


# ---------------------------------------------------------------- issue 16: policies, vetoes, one site, the scale

def page(kind=None, **outcomes):
    """A page's check results with these outcomes (the rest passed), scored by the policy of ``kind``; values
    given as ``XX_NN_value``."""
    checks = [{"id": c.id, "outcome": outcomes.get(c.id.replace("-", "_"), "passed"),
               "value": outcomes.get(c.id.replace("-", "_") + "_value")} for c in CL.checks]
    return {"checks": checks, "counts": scoring.counts(c["outcome"] for c in checks), **scoring.score_target(CL, checks, kind=kind)}


def test_one_slow_load_white_screen_and_unmasked_number_deduct_not_veto():
    s = page("h5", AV_01="failed")
    assert s["verdict"] == "pass" and s["vetoes"] == [] and s["score"] == 90 and s["policy"] == "new-media"
    s = page("h5", AV_02="failed")  # a white screen alone: below the pass mark, not a veto
    assert s["verdict"] == "fail-score" and s["score"] == 59 and s["vetoes"] == []
    s = page("h5", PI_06="failed")  # platform policy, not a 19号 veto: heavy enough to fail alone
    assert s["verdict"] == "fail-score" and s["score"] == 59 and s["vetoes"] == []
    assert page("h5", AV_04="failed")["verdict"] == "fail-veto"  # the week of monitoring is the veto
    s = page("h5", AV_01="failed", AV_01_value={"load_ms": None, "opened": False})  # a page that is not there
    assert s["verdict"] == "fail-veto" and s["vetoes"] == ["AV-01"]
    assert page("h5", AV_01="failed", AV_01_value={"load_ms": 16000, "opened": True})["verdict"] == "pass"
    assert page("h5", PI_09="failed")["vetoes"] == ["PI-09"]  # 未提供有效互动功能


def test_two_policies_by_system_kind():
    """19号 scores an H5 app by its 政务新媒体 part and a website by its 政府网站 part (服务不实用 vetoes)."""
    assert CL.policy_for("h5") == CL.policy_for("mini-program") == CL.policy_for("app") == "new-media"
    assert CL.policy_for("website") == "website" and CL.policy_for(None) == "new-media"
    core = {"missing": ["受理条件"]}
    s = page("h5", SV_02="failed", SV_02_value=core)
    assert s["verdict"] == "pass" and s["score"] == 90 and s["deductions"] == {"SV-02": 10}
    s = page("website", SV_02="failed", SV_02_value=core)
    assert s["verdict"] == "fail-veto" and s["vetoes"] == ["SV-02"] and s["policy"] == "website"
    s = page("website", SV_02="failed", SV_02_value={"missing": ["办理时限", "收费标准"]})
    assert s["verdict"] == "pass" and s["vetoes"] == [] and s["score"] == 95
    assert [c["veto"] for c in s["checks"] if c["id"] == "SV-02"] == [False]  # recorded as a deduction
    for name in ("事项名称", "设定依据", "申请材料", "办理地点", "办理时间", "咨询方式", "办理流程"):
        assert page("website", SV_02="failed", SV_02_value={"missing": [name]})["verdict"] == "fail-veto", name
    assert page("website", SV_02="failed")["verdict"] == "pass"  # no value: nothing says a veto category is missing


def test_no_service_entry_is_a_website_veto():
    s = page("website", WS_01="failed", WS_01_value={"service_entry": False})
    assert s["verdict"] == "fail-veto" and s["vetoes"] == ["WS-01"]
    s = page("website", WS_01="failed", WS_01_value={"service_entry": True})
    assert s["verdict"] == "pass" and s["score"] == 90


def test_the_scale_no_longer_passes_a_page_without_https_policy_sdk_pv_and_elder_mode():
    """Issue 16: plain HTTP, no privacy policy, no host SDK, no page views and no elder mode plus the small
    failures that left 60 points (28 + 12: UI-03, UI-04, UI-05, AX-03, IN-05, PF-02, 2 each) passed at exactly 60;
    with PI-01 at 10 it fails."""
    small = {k: "failed" for k in ("UI_03", "UI_04", "UI_05", "AX_03", "IN_05", "PF_02")}
    assert sum(CL.by_id[k.replace("_", "-")].weight for k in small) == 12
    s = page("h5", SE_01="failed", PI_01="failed", IN_01="failed", IN_03="failed", EL_01="failed", **small)
    assert s["score"] == 55 and s["verdict"] == "fail-score"


def test_department_is_scored_as_one_site():
    """A check failed on any page deducts its weight once for the department, not averaged over pages."""
    a = page("h5", UI_01="failed", TX_01="failed")
    b = page("h5", UI_01="failed")
    c = page("h5")
    assert (a["score"], b["score"], c["score"]) == (90, 95, 100)
    d = scoring.score_department(CL, [a, b, c])
    assert d["score"] == 90 and d["deductions"] == {"UI-01": 5, "TX-01": 5} and d["verdict"] == "pass"
    many = [page("h5", **{k: "failed"}) for k in ("UI_01", "TX_01", "EL_02", "EL_05", "UI_02", "EL_03", "EL_04", "AX_01", "AX_02")]
    assert all(t["verdict"] == "pass" for t in many)  # each page alone passes …
    d = scoring.score_department(CL, many)
    assert d["score"] == 100 - 5 * 4 - 3 * 5 == 65 and d["verdict"] == "pass"
    d = scoring.score_department(CL, many + [page("h5", SE_01="failed")])
    assert d["score"] == 55 and d["verdict"] == "fail-score"  # … the department as one site does not
    mean = copy.copy(CL)
    mean.scoring = {**CL.scoring, "department_score": "mean"}
    assert scoring.score_department(mean, many)["score"] > 95  # what averaging over pages hid


def test_category_caps_limit_a_departments_and_a_pages_deduction():
    capped = copy.copy(CL)
    capped.categories = {**CL.categories, "layout": {**CL.categories["layout"], "cap": 6}}
    t = page("h5", UI_01="failed", UI_02="failed", UI_06="failed")  # 5 + 3 + 3 in 界面与布局
    assert t["score"] == 89
    assert scoring.score_target(capped, t["checks"], kind="h5")["score"] == 94
    d = scoring.score_department(capped, [page("h5", UI_01="failed"), page("h5", UI_02="failed", UI_06="failed")])
    assert d["score"] == 94
