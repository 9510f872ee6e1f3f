"""Scoring, modelled on 国办秘函〔2019〕19号 (政府网站与政务新媒体检查指标).

A target starts at ``scoring.start`` (100) points; each ``failed`` check deducts its ``weight`` (扣分); a
``failed`` veto check (单项否决) fails the target whatever its score; a score below ``scoring.pass_mark`` (60)
fails. ``error`` and ``cantTell`` never count as passed or failed. A department's score is the mean (or the
minimum, per ``scoring.department_score``) of its scored targets, and its verdict is the worst of theirs.
All numbers come from the checklist; nothing here is a weight.
"""

from __future__ import annotations

from typing import Any, Iterable

from .outcomes import ERROR, FAILED, OUTCOMES, PASSED

#: Verdicts from best to worst (the department's verdict is the worst of its targets').
VERDICT_ORDER = ["pass", "fail-score", "fail-veto"]


def counts(outcomes: Iterable[str]) -> dict[str, int]:
    """Count outcomes: {"passed": n, "failed": n, …} with every EARL term present."""
    c = {o: 0 for o in OUTCOMES}
    for o in outcomes:
        c[o] += 1
    return c


def score_target(checklist, checks: list[dict[str, Any]]) -> dict[str, Any]:
    """Score one target from its check results (dicts with ``id``, ``outcome``).

    Returns {"score": float|None, "verdict": "pass"|"fail-score"|"fail-veto"|"error", "vetoes": [ids],
    "deductions": {id: points}, "counts": {...}}. Also fills each check dict's ``weight``, ``veto`` and
    ``deducted``. The verdict is ``error`` (score None) when no check could be measured at all.
    """
    by_id = checklist.by_id
    start, pass_mark = checklist.scoring["start"], checklist.scoring["pass_mark"]
    total, vetoes, deductions = 0.0, [], {}
    for c in checks:
        decl = by_id[c["id"]]
        c["weight"], c["veto"] = decl.weight, decl.veto
        c["deducted"] = 0
        if c["outcome"] == FAILED:
            c["deducted"] = decl.weight
            total += decl.weight
            if decl.weight:
                deductions[c["id"]] = decl.weight
            if decl.veto:
                vetoes.append(c["id"])
    cnt = counts(c["outcome"] for c in checks)
    if cnt[PASSED] + cnt[FAILED] == 0 and cnt[ERROR] > 0:
        return {"score": None, "verdict": "error", "vetoes": [], "deductions": {}, "counts": cnt}
    score = max(0.0, start - total)
    verdict = "fail-veto" if vetoes else ("fail-score" if score < pass_mark else "pass")
    return {"score": round(score, 2), "verdict": verdict, "vetoes": vetoes, "deductions": deductions, "counts": cnt}


def score_department(checklist, targets: list[dict[str, Any]], expected: int | None = None) -> dict[str, Any]:
    """Summarise a department from its target results (dicts with ``score``, ``verdict``, ``counts``).

    ``expected`` is the number of targets registered (to flag a run that has not finished them all).
    Returns {"score", "verdict", "targets", "targets_done", "targets_error", "counts", "vetoes", "incomplete"};
    the verdict is ``not-audited`` when the department has no registered target.
    """
    expected = len(targets) if expected is None else expected
    cnt = counts([])
    for t in targets:
        for k, v in t["counts"].items():
            cnt[k] += v
    scored = [t for t in targets if t.get("score") is not None]
    errors = [t for t in targets if t.get("verdict") == "error"]
    vetoes = sorted({v for t in targets for v in t.get("vetoes", [])})
    if expected == 0:
        verdict, score = "not-audited", None
    elif not scored:
        verdict, score = "error", None
    else:
        how = checklist.scoring.get("department_score", "mean")
        scores = [t["score"] for t in scored]
        score = round(min(scores) if how == "min" else sum(scores) / len(scores), 2)
        verdict = max((t["verdict"] for t in scored), key=VERDICT_ORDER.index)
        if verdict == "pass" and score < checklist.scoring["pass_mark"]:
            verdict = "fail-score"
    return {"score": score, "verdict": verdict, "targets": expected, "targets_done": len(targets) - len(errors),
            "targets_error": len(errors), "counts": cnt, "vetoes": vetoes,
            "incomplete": len(targets) < expected or bool(errors) or cnt[ERROR] > 0}
