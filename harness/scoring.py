"""Scoring, modelled on 国办秘函〔2019〕19号 (政府网站与政务新媒体检查指标), with a verdict that never passes the unmeasured.

A target starts at ``scoring.start`` (100) points; each ``failed`` check deducts its ``weight`` (扣分); a
``failed`` veto check (单项否决) fails the target whatever its score; a score below ``scoring.pass_mark`` (60)
fails. ``error`` and ``cantTell`` never deduct, but they are not passes either: a target is 合格 (``pass``) only
when it was measured enough to say so. It is ``incomplete`` (待复核) instead when

* a veto check was not measured (outcome ``error``) or needs a person (``cantTell``): 19号 makes a veto decisive,
  so an unmeasured veto leaves the verdict open;
* fewer than ``scoring.min_measured`` (0.5: half) of the automatic checks that apply were measured (``passed``,
  ``failed`` or ``cantTell``; ``error`` is unmeasured), or none of them was decided (``passed``/``failed``).

A failed veto (``fail-veto``) and a score below the pass mark (``fail-score``) win over ``incomplete``: an
unmeasured check can only deduct more, so neither can turn into a pass. A target where no check could be measured at
all is ``error``. A department is scored as one site (19号 scores one website or account): each check failed on any
of its pages deducts its weight once (``scoring.department_score`` ``site``; ``mean``/``min`` of page scores remain as
options), its verdict the worst of its targets' (:data:`VERDICT_ORDER`); a department that would pass is ``incomplete``
when a registered target has no result yet or could not be measured at all. All numbers come from the checklist
(``specs/checklists/README.md``, "How a target is scored"); nothing here is a weight.
"""

from __future__ import annotations

from typing import Any, Iterable

from .outcomes import CANT_TELL, ERROR, FAILED, INAPPLICABLE, OUTCOMES, PASSED, UNTESTED

#: Verdicts from best to worst (the department's verdict is the worst of its targets').
VERDICT_ORDER = ["pass", "incomplete", "fail-score", "fail-veto"]
#: Share of a target's applicable automatic checks that must be measured for it to pass (``scoring.min_measured``).
DEFAULT_MIN_MEASURED = 0.5
#: Outcomes that mean the harness measured the check (``cantTell``: measured, a person decides).
MEASURED = (PASSED, FAILED, CANT_TELL)
#: Reasons a target is ``incomplete`` (``incomplete_reasons``): a veto unmeasured or left to a person; fewer
#: measured checks than ``scoring.min_measured``; no check decided at all.
INCOMPLETE_REASONS = ("veto-unmeasured", "coverage", "nothing-decided")
#: Fields of a target's score that its results record carries (see :func:`target_fields`).
TARGET_FIELDS = ("score", "verdict", "policy", "vetoes", "counts", "measured", "unmeasured_vetoes", "incomplete_reasons")


def counts(outcomes: Iterable[str]) -> dict[str, int]:
    """Count outcomes: {"passed": n, "failed": n, …} with every EARL term present."""
    c = {o: 0 for o in OUTCOMES}
    for o in outcomes:
        c[o] += 1
    return c


def measured(checks: Iterable[dict[str, Any]]) -> dict[str, int]:
    """How much of the checklist was measured on a target (or, summed, a department), from check results
    (dicts with ``outcome``).

    Returns {"automatic": checks the harness runs that apply (outcome passed, failed, cantTell or error; manual
    items are ``untested``, checks that do not apply ``inapplicable``), "measured": passed + failed + cantTell,
    "decided": passed + failed, "unmeasured": error, "inapplicable": n, "manual": untested}. Shown as "measured
    52 of 58 automatic checks". What the harness measured: a check a reviewer decided (harness.decisions) counts
    by its ``measured_outcome``.
    """
    c = counts(ch.get("measured_outcome") or ch["outcome"] for ch in checks)
    m = c[PASSED] + c[FAILED] + c[CANT_TELL]
    return {"automatic": m + c[ERROR], "measured": m, "decided": c[PASSED] + c[FAILED], "unmeasured": c[ERROR],
            "inapplicable": c[INAPPLICABLE], "manual": c[UNTESTED]}


def add_measured(a: dict[str, int] | None, b: dict[str, int] | None) -> dict[str, int]:
    """The sum of two :func:`measured` dicts (missing ones count as zero)."""
    keys = ("automatic", "measured", "decided", "unmeasured", "inapplicable", "manual")
    return {k: (a or {}).get(k, 0) + (b or {}).get(k, 0) for k in keys}


def min_measured(checklist) -> float:
    """The share (0–1) of applicable automatic checks a target must have measured to pass: the checklist's
    ``scoring.min_measured``, default :data:`DEFAULT_MIN_MEASURED` (half)."""
    return float(checklist.scoring.get("min_measured", DEFAULT_MIN_MEASURED))


def _capped(checklist, deductions: dict[str, float]) -> float:
    """Total points of ``deductions`` ({check id: points}), each category's sum capped at its ``cap`` when the
    checklist gives one (19号: 单项指标扣分之和不超过本项指标总分值)."""
    per_cat: dict[str, float] = {}
    by_id = checklist.by_id
    for cid, pts in deductions.items():
        cat = by_id[cid].category if cid in by_id else ""
        per_cat[cat] = per_cat.get(cat, 0.0) + pts
    total = 0.0
    for cat, pts in per_cat.items():
        cap = (checklist.categories.get(cat) or {}).get("cap")
        total += min(pts, cap) if cap is not None else pts
    return total


def score_target(checklist, checks: list[dict[str, Any]], kind: str | None = None) -> dict[str, Any]:
    """Score one target from its check results (dicts with ``id``, ``outcome`` and, for ``veto_when``, ``value``).

    ``kind`` is the target's system kind (registry ``systems[].kind``: ``h5``, ``mini-program``, ``app``,
    ``website``); the weights and vetoes are those of the checklist's policy for it
    (:meth:`harness.checklist.Checklist.for_kind`: 政务新媒体 or 政府网站 under 国办秘函〔2019〕19号).
    Returns {"score": float|None, "verdict": "pass"|"incomplete"|"fail-score"|"fail-veto"|"error",
    "policy": policy id, "vetoes": [failed veto ids], "deductions": {id: points}, "counts": {...},
    "measured": :func:`measured`, "unmeasured_vetoes": [veto ids with outcome error or cantTell],
    "incomplete_reasons": [codes of :data:`INCOMPLETE_REASONS`: what leaves the target short of 合格 besides its
    failures; the verdict is ``incomplete`` when there is one and nothing failed the target]}. Also fills each
    check dict's ``weight``, ``veto`` (whether this outcome is a veto: a failure that does not meet the policy's
    ``veto_when`` is not) and ``deducted``. Deductions are capped per category (``categories.*.cap``). The
    verdict is ``error`` (score None) when no check could be measured at all. See the module docstring for the
    order of verdicts.
    """
    from .checklist import veto_applies

    checklist = checklist.for_kind(kind) if kind is not None else checklist
    by_id = checklist.by_id
    start, pass_mark = checklist.scoring["start"], checklist.scoring["pass_mark"]
    vetoes, deductions, unmeasured_vetoes = [], {}, []
    for c in checks:
        decl = by_id[c["id"]]
        c["weight"], c["veto"] = decl.weight, decl.veto
        c["deducted"] = 0
        if c["outcome"] == FAILED:
            is_veto = veto_applies(decl, c.get("value"))
            c["veto"] = is_veto
            c["deducted"] = decl.weight
            if decl.weight:
                deductions[c["id"]] = decl.weight
            if is_veto:
                vetoes.append(c["id"])
        elif decl.veto and (c["outcome"] == ERROR or (c["outcome"] == CANT_TELL and decl.mode == "automatic")):
            # a semi-automatic veto's cantTell is a reviewer's item (candidates to confirm), as a manual veto's
            # untested is: listed for the reviewer, it does not hold the verdict open; its error does
            unmeasured_vetoes.append(c["id"])
    total = _capped(checklist, deductions)
    cnt = counts(c["outcome"] for c in checks)
    cover = measured(checks)
    base = {"policy": checklist.policy_for(kind), "vetoes": vetoes, "deductions": deductions, "counts": cnt,
            "measured": cover, "unmeasured_vetoes": unmeasured_vetoes, "incomplete_reasons": []}
    if cnt[PASSED] + cnt[FAILED] == 0 and cnt[ERROR] > 0:
        return {**base, "score": None, "verdict": "error", "vetoes": [], "deductions": {}}
    reasons = []
    if unmeasured_vetoes:
        reasons.append("veto-unmeasured")
    if cover["measured"] < min_measured(checklist) * cover["automatic"]:
        reasons.append("coverage")
    if cover["decided"] == 0:
        reasons.append("nothing-decided")
    score = max(0.0, start - total)
    verdict = "fail-veto" if vetoes else ("fail-score" if score < pass_mark else ("incomplete" if reasons else "pass"))
    return {**base, "score": round(score, 2), "verdict": verdict, "incomplete_reasons": reasons}


def unmeasured_score() -> dict[str, Any]:
    """The score dict (as :func:`score_target` returns) of a target of which nothing was measured: verdict
    ``error``, no score, every count zero. For a load the harness itself could not make."""
    return {"score": None, "verdict": "error", "policy": None, "vetoes": [], "deductions": {}, "counts": counts([]), "measured": measured([]),
            "unmeasured_vetoes": [], "incomplete_reasons": []}


def target_fields(score: dict[str, Any]) -> dict[str, Any]:
    """The fields of :func:`score_target`'s dict a target's results record carries (:data:`TARGET_FIELDS`)."""
    return {k: score.get(k) for k in TARGET_FIELDS}


def department_deductions(targets: list[dict[str, Any]], fixed: Iterable[str] = ()) -> dict[str, float]:
    """The department's deductions as one site (国办秘函〔2019〕19号 scores a department's website or account as
    one): {check id: points} for each check failed on any of its scored targets (``score`` not None), deducted
    once, its largest deduction there (``deducted`` of the page's check result: its page's policy weight).
    Checks in ``fixed`` are left out (what-if projections). Targets are results records with ``checks``."""
    out: dict[str, float] = {}
    skip = set(fixed)
    for t in targets:
        if t.get("score") is None:
            continue
        for c in t.get("checks") or []:
            if c.get("outcome") == FAILED and c["id"] not in skip and c.get("deducted"):
                out[c["id"]] = max(out.get(c["id"], 0), c["deducted"])
    return out


def department_points(checklist, targets: list[dict[str, Any]], fixed: Iterable[str] = ()) -> float | None:
    """The department's score (points, ``scoring.start`` minus deductions, at least 0) by
    ``scoring.department_score``: ``site`` (default): :func:`department_deductions`, capped per category; ``mean``
    or ``min``: of its scored targets' scores (with ``fixed`` ignored). None when no target was scored."""
    scored = [t for t in targets if t.get("score") is not None]
    if not scored:
        return None
    how = checklist.scoring.get("department_score", "site")
    if how == "site":
        lost = _capped(checklist, department_deductions(scored, fixed))
        return round(max(0.0, checklist.scoring["start"] - lost), 2)
    scores = [t["score"] for t in scored]
    return round(min(scores) if how == "min" else sum(scores) / len(scores), 2)


def score_department(checklist, targets: list[dict[str, Any]], expected: int | None = None) -> dict[str, Any]:
    """Summarise a department from its target results (dicts with ``score``, ``verdict``, ``counts``, ``checks``
    and, when recorded, ``measured`` and ``unmeasured_vetoes``).

    ``expected`` is the number of targets registered (to flag a run that has not finished them all).
    Returns {"score", "verdict", "targets", "targets_done", "targets_error", "targets_incomplete", "counts",
    "measured" (summed :func:`measured`), "vetoes", "unmeasured_vetoes" (sorted ids over its targets),
    "deductions" ({check id: points} deducted once for the department, :func:`department_deductions`),
    "incomplete" (bool: some target or check is missing or unmeasured, so the verdict is provisional)}.
    The score is :func:`department_points` (as one site: a check failed on any page deducts its weight once;
    page scores stay as detail). The verdict is ``not-audited`` when the department has no registered target,
    ``error`` when none of its targets could be measured, ``fail-veto`` when a target failed a veto,
    ``fail-score`` when the department's score is below the pass mark, otherwise the worst of its scored
    targets' (:data:`VERDICT_ORDER`), and ``incomplete`` when it would pass but a registered target has no
    result or could not be measured.
    """
    expected = len(targets) if expected is None else expected
    cnt = counts([])
    cover = add_measured(None, None)
    for t in targets:
        for k, v in t["counts"].items():
            cnt[k] += v
        cover = add_measured(cover, t.get("measured") or measured(t.get("checks", [])))
    scored = [t for t in targets if t.get("score") is not None]
    errors = [t for t in targets if t.get("verdict") == "error"]
    vetoes = sorted({v for t in targets for v in t.get("vetoes", [])})
    unmeasured_vetoes = sorted({v for t in targets for v in t.get("unmeasured_vetoes", [])})
    deductions = department_deductions(scored) if checklist.scoring.get("department_score", "site") == "site" else {}
    if expected == 0:
        verdict, score = "not-audited", None
    elif not scored:
        verdict, score = "error", None
    else:
        score = department_points(checklist, scored)
        verdict = max((t["verdict"] for t in scored), key=VERDICT_ORDER.index)
        if verdict != "fail-veto" and score < checklist.scoring["pass_mark"]:
            verdict = "fail-score"
        if verdict == "pass" and (len(targets) < expected or errors):
            verdict = "incomplete"
    return {"score": score, "verdict": verdict, "targets": expected, "targets_done": len(targets) - len(errors),
            "targets_error": len(errors), "targets_incomplete": sum(1 for t in targets if t.get("verdict") == "incomplete"),
            "counts": cnt, "measured": cover, "vetoes": vetoes, "unmeasured_vetoes": unmeasured_vetoes,
            "deductions": deductions,
            "incomplete": len(targets) < expected or bool(errors) or cnt[ERROR] > 0 or verdict == "incomplete"}


def verdict_line(result: dict[str, Any]) -> str:
    """One line in English saying a target's or department's verdict and how much was measured, the same in
    ``harness run``, ``harness audit`` and the pytest suite: e.g. ``incomplete (score 90; measured 5 of 44
    automatic checks; unmeasured vetoes: AV-02, PI-06)``. ``result`` is a target result, a department summary
    or a :func:`score_target` dict."""
    score = "—" if result.get("score") is None else f"{result['score']:g}"
    parts = [f"score {score}"]
    m = result.get("measured")
    if m:
        parts.append(f"measured {m['measured']} of {m['automatic']} automatic checks")
    c = result.get("counts") or {}
    parts.append(f"{c.get(FAILED, 0)} failed")
    if result.get("vetoes") and result.get("verdict") == "fail-veto":
        parts.append("failed vetoes: " + ", ".join(result["vetoes"]))
    if result.get("unmeasured_vetoes"):
        parts.append("unmeasured vetoes: " + ", ".join(result["unmeasured_vetoes"]))
    return f"{result['verdict']} ({'; '.join(parts)})"
