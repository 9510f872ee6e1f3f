"""Scoring: deductions (扣分), vetoes (单项否决), pass mark, department summary."""

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
