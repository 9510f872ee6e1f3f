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
    s = scoring.score_target(CL, results(PI_06="failed"))
    assert s["score"] == 100 - CL.by_id["PI-06"].weight and s["verdict"] == "fail-veto" and s["vetoes"] == ["PI-06"]


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
    d = scoring.score_department(CL, t)
    assert d["score"] == 75 and d["verdict"] == "fail-score" and d["incomplete"] and d["targets_error"] == 1
    assert scoring.score_department(CL, [], expected=0)["verdict"] == "not-audited"


# ---------------------------------------------------------------- never pass the unmeasured

def test_unmeasured_or_undecided_veto_is_incomplete_never_pass():
    for outcome in ("error", "cantTell"):
        s = scoring.score_target(CL, results(PI_06=outcome))
        assert s["verdict"] == "incomplete" and s["score"] == 100, outcome
        assert s["unmeasured_vetoes"] == ["PI-06"] and s["incomplete_reasons"] == ["veto-unmeasured"] and s["vetoes"] == []


def test_failed_veto_and_low_score_win_over_incomplete():
    s = scoring.score_target(CL, results(PI_06="error", AV_01="failed"))
    assert s["verdict"] == "fail-veto" and s["vetoes"] == ["AV-01"] and s["unmeasured_vetoes"] == ["PI-06"]
    assert s["incomplete_reasons"] == ["veto-unmeasured"]  # recorded, but a failed veto decides
    heavy = [c.id for c in CL.checks if c.weight >= 5 and not c.veto][:8]
    s = scoring.score_target(CL, [{"id": c.id, "outcome": "failed" if c.id in heavy else ("error" if c.id == "PI-06" else "passed")}
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
    open_ = {"score": 90, "verdict": "incomplete", "counts": scoring.counts(["error"]), "vetoes": [], "unmeasured_vetoes": ["PI-06"],
             "measured": scoring.measured([{"outcome": "error"}])}
    down = {"score": None, "verdict": "error", "counts": scoring.counts(["error"]), "vetoes": []}
    fail = {"score": 40, "verdict": "fail-score", "counts": scoring.counts(["failed"]), "vetoes": []}
    d = scoring.score_department(CL, [ok, open_])
    assert d["verdict"] == "incomplete" and d["score"] == 95 and d["targets_incomplete"] == 1 and d["unmeasured_vetoes"] == ["PI-06"]
    assert d["measured"]["automatic"] == 2 and d["measured"]["measured"] == 1 and d["incomplete"]
    assert scoring.score_department(CL, [ok, down])["verdict"] == "incomplete"  # a page not measured at all
    assert scoring.score_department(CL, [ok], expected=2)["verdict"] == "incomplete"  # a page not audited yet
    assert scoring.score_department(CL, [ok, open_, fail])["verdict"] == "fail-score"  # a failure decides
    assert scoring.score_department(CL, [ok])["verdict"] == "pass" and not scoring.score_department(CL, [ok])["incomplete"]


def test_verdict_line_names_verdict_score_measured_and_vetoes():
    s = scoring.score_target(CL, results(PI_06="error", UI_01="error"))
    line = scoring.verdict_line(s)
    m = s["measured"]
    assert line == f"incomplete (score 100; measured {m['measured']} of {m['automatic']} automatic checks; 0 failed; unmeasured vetoes: PI-06)"
    assert scoring.verdict_line(scoring.score_target(CL, results(AV_01="failed"))).endswith("1 failed; failed vetoes: AV-01)")


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
