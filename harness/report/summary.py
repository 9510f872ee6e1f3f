"""What a department's report says at a glance, computed from its results (pure functions, no I/O).

* :func:`verdict_reason` — why the department passes or fails (score against the pass mark, the vetoes).
* :func:`category_scores` — points kept per checklist category (the mean over scored pages) and outcome counts.
* :func:`must_fix` — failed checks, vetoes first, then by the points each fix wins back, each with the score and
  verdict the department would have once it and every item above it are fixed.
* :func:`readiness` — readiness for the 青松办 integration (青政公〔2019〕24号 三: 自建 APP、小程序 于9月15日起与
  “青松办”开展对接工作), derived from whatever checks of the integration category the results hold.
* :func:`review_items` — what a reviewer must still decide: manual and semi-automatic checklist items, and every
  ``cantTell`` outcome.

Scoring follows :mod:`harness.scoring` (国办秘函〔2019〕19号 style): a page starts at ``scoring.start`` points,
each failed check deducts its weight (扣分), a failed veto check (单项否决) fails the page, below
``scoring.pass_mark`` fails; the department's score is the mean (or minimum) of its pages' scores.
"""

from __future__ import annotations

from typing import Any

#: The checklist category whose checks decide 青松办 readiness.
INTEGRATION_CATEGORY = "integration"
#: A failed veto of this category (page unreachable, white screen) leaves readiness unverified.
AVAILABILITY_CATEGORY = "availability"
#: Order of must-fix items and of problem rows: failed vetoes, failed checks by deduction, cantTell, error.
PROBLEM_OUTCOMES = ("failed", "cantTell", "error")


def _scored(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for t in data["targets"] if t.get("score") is not None]


def verdict_reason(data: dict[str, Any], checklist, lang: str = "zh") -> str:
    """One sentence saying why the department has its verdict, e.g. "得分 57 低于及格线 60" or
    "单项否决：PI-06 …（2 个页面）"."""
    sm = data["summary"]
    pass_mark = checklist.scoring["pass_mark"]
    by_id = checklist.by_id
    zh = lang == "zh"
    v = sm["verdict"]
    if v == "not-audited":
        return "未登记自建系统，本次未检测" if zh else "no self-built system registered: nothing audited"
    if v == "error":
        return "所有页面均无法检测（见各页面的错误说明）" if zh else "no page could be measured (see each page's errors)"
    score = f"{sm['score']:g}" if sm.get("score") is not None else "—"
    if v == "fail-veto":
        parts = []
        for vid in sm.get("vetoes", []):
            n = sum(1 for t in data["targets"] for c in t["checks"] if c["id"] == vid and c["outcome"] == "failed")
            title = getattr(by_id.get(vid), "title_zh" if zh else "title_en", "")
            parts.append(f"{vid} {title}（{n} 个页面）" if zh else f"{vid} {title} ({n} page{'s' if n != 1 else ''})")
        return ("单项否决：" + "；".join(parts) + f"。得分 {score} 不计") if zh else \
            ("veto: " + "; ".join(parts) + f". The score ({score}) does not count")
    if v == "fail-score":
        return f"得分 {score} 低于及格线 {pass_mark:g}" if zh else f"score {score} is below the pass mark {pass_mark:g}"
    return f"得分 {score}，不低于及格线 {pass_mark:g}，无单项否决" if zh else f"score {score} ≥ pass mark {pass_mark:g}, no veto failed"


def category_scores(data: dict[str, Any], checklist) -> list[dict[str, Any]]:
    """Per checklist category, in the checklist's order: {"key", "zh", "en", "max" (points at stake per page:
    the sum of the category's weights), "lost" (mean points deducted over scored pages), "score" (max − lost),
    "counts" {outcome: n over all pages}, "vetoes" [failed veto check ids], "checks" (number of checks)}.
    Categories without any check in the checklist are left out."""
    scored = _scored(data)
    out = []
    cats = sorted(checklist.categories.items(), key=lambda kv: (kv[1].get("order", 99), kv[0]))
    for key, cat in cats:
        decls = [c for c in checklist.checks if c.category == key]
        if not decls:
            continue
        ids = {c.id for c in decls}
        counts = {o: 0 for o in ("passed", "failed", "cantTell", "inapplicable", "untested", "error")}
        vetoes: list[str] = []
        for t in data["targets"]:
            for c in t["checks"]:
                if c["id"] in ids:
                    counts[c["outcome"]] = counts.get(c["outcome"], 0) + 1
                    if c["outcome"] == "failed" and c.get("veto") and c["id"] not in vetoes:
                        vetoes.append(c["id"])
        lost = [sum(c.get("deducted", 0) for c in t["checks"] if c["id"] in ids) for t in scored]
        mx = float(sum(c.weight for c in decls))
        mean_lost = round(sum(lost) / len(lost), 2) if lost else None
        out.append({"key": key, "zh": cat.get("zh", key), "en": cat.get("en", key), "max": mx, "lost": mean_lost,
                    "score": None if mean_lost is None else round(max(0.0, mx - mean_lost), 2),
                    "counts": counts, "vetoes": sorted(vetoes), "checks": len(decls)})
    return out


def _project(data: dict[str, Any], checklist, fixed: set[str]) -> dict[str, Any]:
    """The department's score and verdict if every failed check in ``fixed`` passed instead (scoring as in
    :mod:`harness.scoring`)."""
    start, pass_mark = checklist.scoring["start"], checklist.scoring["pass_mark"]
    scores, verdicts = [], []
    for t in _scored(data):
        lost = sum(c.get("deducted", 0) for c in t["checks"] if c["outcome"] == "failed" and c["id"] not in fixed)
        veto = any(c.get("veto") for c in t["checks"] if c["outcome"] == "failed" and c["id"] not in fixed)
        s = max(0.0, start - lost)
        scores.append(s)
        verdicts.append("fail-veto" if veto else ("fail-score" if s < pass_mark else "pass"))
    if not scores:
        return {"score": None, "verdict": data["summary"]["verdict"]}
    score = round(min(scores) if checklist.scoring.get("department_score", "mean") == "min" else sum(scores) / len(scores), 2)
    order = ["pass", "fail-score", "fail-veto"]
    verdict = max(verdicts, key=order.index)
    if verdict == "pass" and score < pass_mark:
        verdict = "fail-score"
    return {"score": score, "verdict": verdict}


def must_fix(data: dict[str, Any], checklist) -> list[dict[str, Any]]:
    """Failed checks of the department, one entry per check id:

    {"id", "veto", "category", "points" (sum of deductions over pages), "points_department" (points the
    department's score wins back when it is fixed alone), "targets" [target ids], "pages" [page labels],
    "after": {"score", "verdict"} (the department once this item and every item above it are fixed)}.

    Ordered: vetoes first (a veto fails the department whatever the score), then by points won back, then id.
    """
    by_id: dict[str, dict[str, Any]] = {}
    decls = checklist.by_id
    for t in data["targets"]:
        for c in t["checks"]:
            if c["outcome"] != "failed":
                continue
            m = by_id.setdefault(c["id"], {"id": c["id"], "veto": bool(c.get("veto")), "points": 0.0, "targets": [], "pages": [],
                                           "category": getattr(decls.get(c["id"]), "category", None)})
            m["points"] += c.get("deducted", 0)
            m["targets"].append(t["id"])
            m["pages"].append(f"{t.get('system_name') or t['system']} · {t['page']}")
    base = _project(data, checklist, set())
    for m in by_id.values():
        alone = _project(data, checklist, {m["id"]})
        m["points_department"] = round((alone["score"] or 0) - (base["score"] or 0), 2) if base["score"] is not None else 0.0
        m["points"] = round(m["points"], 2)
    items = sorted(by_id.values(), key=lambda m: (not m["veto"], -m["points_department"], -m["points"], m["id"]))
    fixed: set[str] = set()
    for m in items:
        fixed.add(m["id"])
        m["after"] = _project(data, checklist, set(fixed))
    return items


def readiness(data: dict[str, Any], checklist=None, category: str = INTEGRATION_CATEGORY) -> dict[str, Any]:
    """Readiness for the 青松办 integration, from the results of every check of ``category`` on every page.

    Returns {"state", "checks" [ids seen], "failed" [ids], "errors" [ids], "cant_tell" [ids], "passed" [ids],
    "blocked" [ids]} where state is ``ready`` (at least one integration check measured, none failed, none
    errored, none left for a person), ``not-ready`` (one failed), ``unverified`` (none failed, but some errored
    or need a person, or a page failed a veto of the availability category — unreachable or a white screen — so
    that passing integration checks prove nothing; those veto ids are ``blocked``), ``none`` (the results hold no
    measured integration check) or ``not-audited`` (no page). Which checks count: every check of the integration category
    and those the checklist's ``readiness`` list adds (policy: the host's elder mode, back navigation); without a
    checklist, any check whose ``category`` in the results is the integration category.
    """
    ids = None
    blocking: set[str] = set()
    if checklist is not None:
        ids = {c.id for c in checklist.checks if c.category == category} | set(checklist.readiness)
        blocking = {c.id for c in checklist.checks if c.category == AVAILABILITY_CATEGORY and c.veto}
    blocked = sorted({c["id"] for t in data["targets"] for c in t["checks"] if c["id"] in blocking and c["outcome"] == "failed"})
    seen: dict[str, set[str]] = {"failed": set(), "error": set(), "cantTell": set(), "passed": set(), "other": set()}
    for t in data["targets"]:
        for c in t["checks"]:
            cat = c.get("category")
            if not (c["id"] in ids if ids is not None else cat == category):
                continue
            seen.get(c["outcome"], seen["other"]).add(c["id"])
    checks = sorted(set().union(*seen.values()))
    failed, errors, cant = sorted(seen["failed"]), sorted(seen["error"] - seen["failed"]), sorted(seen["cantTell"] - seen["failed"])
    if not data["targets"]:
        state = "not-audited"
    elif failed:
        state = "not-ready"
    elif errors or cant or (blocked and seen["passed"]):
        state = "unverified"
    elif seen["passed"]:
        state = "ready"
    else:
        state = "none"
    return {"state": state, "checks": checks, "failed": failed, "errors": errors, "cant_tell": cant,
            "passed": sorted(seen["passed"] - seen["failed"]), "blocked": blocked}


def review_items(data: dict[str, Any], checklist) -> list[dict[str, Any]]:
    """The reviewer's checklist: every manual or semi-automatic checklist item, and every other check with a
    ``cantTell`` outcome, each with the pages where a person must look:
    [{"id", "mode", "pages": [{"target", "label", "outcome", "message"}]}], in checklist order."""
    out = []
    for decl in checklist.checks:
        pages = []
        for t in data["targets"]:
            for c in t["checks"]:
                if c["id"] == decl.id and (decl.mode in ("manual", "semi") or c["outcome"] == "cantTell"):
                    if c["outcome"] in ("passed", "inapplicable") and decl.mode == "semi":
                        continue
                    pages.append({"target": t["id"], "label": f"{t.get('system_name') or t['system']} · {t['page']}",
                                  "outcome": c["outcome"], "message": c.get("message_zh") or c.get("message", ""),
                                  "message_en": c.get("message", "")})
        if decl.mode in ("manual", "semi") or pages:
            out.append({"id": decl.id, "mode": decl.mode, "pages": pages})
    return out


def problem_order(checks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A page's checks with problems first: failed vetoes, failed by deduction, cantTell, error; then the rest in
    checklist order."""
    rank = {"failed": 0, "cantTell": 1, "error": 2}
    indexed = list(enumerate(checks))
    indexed.sort(key=lambda ic: (rank.get(ic[1]["outcome"], 3), not (ic[1]["outcome"] == "failed" and ic[1].get("veto")),
                                 -(ic[1].get("deducted") or 0) if ic[1]["outcome"] == "failed" else 0, ic[0]))
    return [c for _, c in indexed]
