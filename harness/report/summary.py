"""What a department's report says at a glance, computed from its results (pure functions, no I/O).

* :func:`verdict_reason` — why the department passes, fails or is left for review (score against the pass mark,
  the vetoes, the vetoes that could not be measured and why, how much of the checklist was measured).
* :func:`unmeasured_vetoes` — each veto a page left unmeasured, with the pages and the reason.
* :func:`category_scores` — points kept per checklist category over the checks measured on each page (the mean
  over scored pages), and how many checks were not measured or do not apply.
* :func:`must_fix` — failed checks, vetoes first, then by the points each fix wins back, each with the score and
  verdict the department would have once it and every item above it are fixed.
* :func:`readiness` — readiness for the 青松办 integration (青政公〔2019〕24号 三: 自建 APP、小程序 于9月15日起与
  “青松办”开展对接工作), derived from whatever checks of the integration category the results hold; never
  "ready" for a system with no host platform registered (``not-assessed``).
* :func:`review_items` — what a reviewer must still decide: manual and semi-automatic checklist items, and every
  ``cantTell`` outcome.

Scoring follows :mod:`harness.scoring` (国办秘函〔2019〕19号 style): a page starts at ``scoring.start`` points,
each failed check deducts its weight (扣分), a failed veto check (单项否决) fails the page, below
``scoring.pass_mark`` fails; a veto not measured or too few checks measured leaves it ``incomplete`` (待复核);
the department is scored as one site (each check failed on any page deducts once, ``scoring.department_score``
``site``; ``mean`` or ``min`` of its pages' scores as options).
"""

from __future__ import annotations

from typing import Any

from .. import scoring


def target_label(t: dict[str, Any]) -> str:
    """How reports name a target of the results: "system · page", and " · checkpoint" for a journey's checkpoint
    (its ``checkpoint.name``, unless it is the page's name), so that the states of one journey read apart."""
    label = f"{t.get('system_name') or t['system']} · {t['page']}"
    cp = t.get("checkpoint")
    name = (cp.get("name") or cp.get("id")) if isinstance(cp, dict) else None
    return f"{label} · {name}" if name and name != t["page"] else label

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
    if v == "incomplete":
        return _incomplete_reason(data, checklist, score, zh)
    return f"得分 {score}，不低于及格线 {pass_mark:g}，无单项否决" if zh else f"score {score} ≥ pass mark {pass_mark:g}, no veto failed"


def measured_text(m: dict[str, int] | None, lang: str = "zh") -> str:
    """"检测了 52/58 项自动检查" / "measured 52 of 58 automatic checks" from a :func:`harness.scoring.measured`
    dict; "" when there is none (results written before it was recorded)."""
    if not m:
        return ""
    return f"检测了 {m['measured']}/{m['automatic']} 项自动检查" if lang == "zh" else f"measured {m['measured']} of {m['automatic']} automatic checks"


def unmeasured_vetoes(data: dict[str, Any], checklist) -> list[dict[str, Any]]:
    """The veto checks the department's pages left unmeasured (outcome ``error``) or to a person (``cantTell``),
    in checklist order: [{"id", "title_zh", "title_en", "pages": [{"target", "label", "outcome", "message",
    "message_en"}]}]."""
    out = []
    for decl in checklist.checks:
        if not decl.veto:
            continue
        pages = [{"target": t["id"], "label": target_label(t), "outcome": c["outcome"],
                  "message": c.get("message_zh") or c.get("message", ""), "message_en": c.get("message", "")}
                 for t in data["targets"] for c in t["checks"] if c["id"] == decl.id and c["outcome"] in ("error", "cantTell")]
        if pages:
            out.append({"id": decl.id, "title_zh": decl.title_zh, "title_en": decl.title_en, "pages": pages})
    return out


def _incomplete_reason(data: dict[str, Any], checklist, score: str, zh: bool) -> str:
    """Why an ``incomplete`` (待复核) department cannot be 合格: its unmeasured vetoes and why, too few checks
    measured on a page, pages not measured at all or not yet audited."""
    sm = data["summary"]
    parts = []
    for u in unmeasured_vetoes(data, checklist):
        p = u["pages"][0]
        why = p["message"] if zh else p["message_en"]
        more = len(u["pages"]) - 1
        if zh:
            parts.append(f"单项否决项 {u['id']} {u['title_zh']}{'无法检测' if p['outcome'] == 'error' else '待人工确认'}（{p['label']}：{why}"
                         + (f"；另有 {more} 个页面" if more else "") + "）")
        else:
            parts.append(f"veto {u['id']} {u['title_en']} {'not measured' if p['outcome'] == 'error' else 'left to a person'} ({p['label']}: {why}"
                         + (f"; {more} more page{'s' if more != 1 else ''}" if more else "") + ")")
    share = scoring.min_measured(checklist)
    for t in data["targets"]:
        reasons = (t.get("incomplete_reasons") or []) if t.get("verdict") == "incomplete" else []
        label = target_label(t)
        if "coverage" in reasons or "nothing-decided" in reasons:
            m = measured_text(t.get("measured"), "zh" if zh else "en")
            parts.append(f"{label} 仅{m}（少于 {share:.0%}）" if zh else f"{label}: only {m} (under {share:.0%})")
    n_err = sum(1 for t in data["targets"] if t.get("verdict") == "error")
    if n_err:
        parts.append(f"{n_err} 个页面完全无法检测" if zh else f"{n_err} page{'s' if n_err != 1 else ''} could not be measured at all")
    missing = sm.get("targets", 0) - len(data["targets"])
    if missing > 0:
        parts.append(f"{missing} 个页面尚未检测" if zh else f"{missing} page{'s' if missing != 1 else ''} not audited yet")
    m = measured_text(sm.get("measured"), "zh" if zh else "en")
    if zh:
        return "待复核，不能判定合格：" + "；".join(parts or ["部分检查项未能检测"]) + f"。已{m}，得分 {score} 仅供参考"
    return "incomplete, cannot pass: " + "; ".join(parts or ["some checks could not be measured"]) + f". {m[:1].upper() + m[1:]}; the score ({score}) is provisional"


def category_scores(data: dict[str, Any], checklist) -> list[dict[str, Any]]:
    """Per checklist category, in the checklist's order: {"key", "zh", "en", "max" (points at stake per page over
    the checks decided there — passed or failed —, the mean over scored pages: a check that was not measured,
    needs a person or does not apply is never counted as full marks), "max_all" (the sum of the category's
    weights), "lost" (mean points deducted over scored pages), "score" (max − lost), "counts" {outcome: n over all
    pages}, "measured" (checks decided, over all pages), "unmeasured" (error), "inapplicable", "vetoes" [failed
    veto check ids], "checks" (number of checks)}. "max", "lost" and "score" are None when no scored page decided
    a check of the category. Categories without any check in the checklist are left out."""
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
        weight = {c.id: c.weight for c in decls}
        stakes = [[c for c in t["checks"] if c["id"] in ids and c["outcome"] in ("passed", "failed")] for t in scored]
        stakes = [st for st in stakes if st]
        mean_max = mean_lost = None
        if stakes:
            mean_max = round(sum(sum(weight[c["id"]] for c in st) for st in stakes) / len(stakes), 2)
            mean_lost = round(sum(sum(c.get("deducted", 0) for c in st) for st in stakes) / len(stakes), 2)
        out.append({"key": key, "zh": cat.get("zh", key), "en": cat.get("en", key), "max": mean_max,
                    "max_all": float(sum(weight.values())), "lost": mean_lost,
                    "score": None if mean_lost is None else round(max(0.0, mean_max - mean_lost), 2),
                    "counts": counts, "measured": counts["passed"] + counts["failed"], "unmeasured": counts["error"],
                    "inapplicable": counts["inapplicable"], "vetoes": sorted(vetoes), "checks": len(decls)})
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
        # fixing failures measures nothing new: a page left incomplete (待复核) stays so
        verdicts.append("fail-veto" if veto else ("fail-score" if s < pass_mark else ("incomplete" if _left_open(t) else "pass")))
    if not scores:
        return {"score": None, "verdict": data["summary"]["verdict"]}
    if checklist.scoring.get("department_score", "site") == "site":  # one site: each check failed anywhere deducts once
        score = scoring.department_points(checklist, _scored(data), fixed)
    else:
        score = round(min(scores) if checklist.scoring.get("department_score") == "min" else sum(scores) / len(scores), 2)
    verdict = max(verdicts, key=scoring.VERDICT_ORDER.index)
    if verdict != "fail-veto" and score < pass_mark:
        verdict = "fail-score"
    unmeasured = any(t.get("verdict") == "error" for t in data["targets"]) or data["summary"].get("targets", 0) > len(data["targets"])
    if verdict == "pass" and unmeasured:
        verdict = "incomplete"
    return {"score": score, "verdict": verdict}


def _left_open(t: dict[str, Any]) -> bool:
    """Whether a page's verdict stays ``incomplete`` once its failures are fixed: it has incomplete reasons, or
    (results written without them) a veto that is error or cantTell."""
    if "incomplete_reasons" in t:
        return bool(t["incomplete_reasons"])
    return any(c.get("veto") and c["outcome"] in ("error", "cantTell") for c in t["checks"])


def must_fix(data: dict[str, Any], checklist) -> list[dict[str, Any]]:
    """Failed checks of the department, one entry per check id:

    {"id", "veto", "category", "points" (sum of deductions over pages), "deduction" (what the department is
    deducted for it: its largest page deduction, deducted once), "points_department" (points the
    department's score wins back when it is fixed alone: 0 when the score stays floored at 0), "targets" [target ids], "pages" [page labels],
    "after": {"score", "verdict"} (the department once this item and every item above it are fixed)}.

    Ordered: vetoes first (a veto fails the department whatever the score), then by points won back, then id.
    """
    by_id: dict[str, dict[str, Any]] = {}
    decls = checklist.by_id
    for t in data["targets"]:
        for c in t["checks"]:
            if c["outcome"] != "failed":
                continue
            m = by_id.setdefault(c["id"], {"id": c["id"], "veto": bool(c.get("veto")), "points": 0.0, "deduction": 0.0, "targets": [], "pages": [],
                                           "category": getattr(decls.get(c["id"]), "category", None)})
            m["points"] += c.get("deducted", 0)
            m["deduction"] = max(m["deduction"], c.get("deducted", 0))  # one site: deducted once, its largest
            m["targets"].append(t["id"])
            m["pages"].append(target_label(t))
    base = _project(data, checklist, set())
    for m in by_id.values():
        alone = _project(data, checklist, {m["id"]})
        m["points_department"] = round((alone["score"] or 0) - (base["score"] or 0), 2) if base["score"] is not None else 0.0
        m["points"] = round(m["points"], 2)
    items = sorted(by_id.values(), key=lambda m: (not m["veto"], -m["points_department"], -m["deduction"], -m["points"], m["id"]))
    fixed: set[str] = set()
    for m in items:
        fixed.add(m["id"])
        m["after"] = _project(data, checklist, set(fixed))
    return items


def hosted(data: dict[str, Any], target: dict[str, Any]) -> bool:
    """Whether a page was opened in a host platform: its results record's ``platform`` (the profile it was loaded
    under, ``--platform`` included), else its system's ``platform`` in the department record. Unknown counts as
    not hosted: readiness is then not assessed, never assumed."""
    if "platform" in target:
        return bool(target["platform"])
    for s in (data.get("department") or {}).get("systems") or []:
        if s.get("id") == target.get("system"):
            return bool(s.get("platform"))
    return False


def readiness(data: dict[str, Any], checklist=None, category: str = INTEGRATION_CATEGORY) -> dict[str, Any]:
    """Readiness for the 青松办 integration, from the results of every check of ``category`` on every page opened
    in a host platform (see :func:`hosted`).

    Returns {"state", "checks" [ids seen], "failed" [ids], "errors" [ids], "cant_tell" [ids], "passed" [ids],
    "blocked" [ids], "unhosted" [names of systems with no host platform]} where state is

    - ``not-audited``: no page;
    - ``not-assessed`` (未评估: 未登记宿主平台): no page was opened in a host platform, or some system has none and
      the others would be ready — the integration cannot be judged without the host, so it is never ``ready``;
    - ``not-ready``: an integration check failed on a hosted page;
    - ``unverified``: none failed, but some errored or need a person, or a page failed a check of the availability
      category that fails a page alone (a veto, or a weight above start − pass mark: unreachable or a white screen)
      so that passing integration checks prove nothing (those ids are ``blocked``);
    - ``ready``: at least one check of the integration category itself passed (measured), none failed, none
      errored, none is left for a person;
    - ``none``: hosted, but the results hold no measured integration check.

    Which checks count: every check of the integration category and those the checklist's ``readiness`` list adds
    (policy: the host's elder mode, back navigation); without a checklist, any check whose ``category`` in the
    results is the integration category.
    """
    ids = None
    core = None
    blocking: set[str] = set()
    if checklist is not None:
        core = {c.id for c in checklist.checks if c.category == category}
        ids = core | set(checklist.readiness)
        # availability checks whose failure alone fails a page: a veto, or a deduction below the pass mark by itself
        # (a white screen, AV-02, is a deduction under 19号's 新媒体 part, issue 16)
        alone = checklist.scoring["start"] - checklist.scoring["pass_mark"]
        blocking = {c.id for c in checklist.checks if c.category == AVAILABILITY_CATEGORY and (c.veto or c.weight > alone)}
    targets = [t for t in data["targets"] if hosted(data, t)]
    unhosted = sorted({t.get("system_name") or t["system"] for t in data["targets"] if not hosted(data, t)})
    blocked = sorted({c["id"] for t in targets for c in t["checks"] if c["id"] in blocking and c["outcome"] == "failed"})
    seen: dict[str, set[str]] = {"failed": set(), "error": set(), "cantTell": set(), "passed": set(), "other": set()}
    core_passed = False
    for t in targets:
        for c in t["checks"]:
            cat = c.get("category")
            if not (c["id"] in ids if ids is not None else cat == category):
                continue
            seen.get(c["outcome"], seen["other"]).add(c["id"])
            if c["outcome"] == "passed" and (c["id"] in core if core is not None else True):
                core_passed = True
    checks = sorted(set().union(*seen.values()))
    failed, errors, cant = sorted(seen["failed"]), sorted(seen["error"] - seen["failed"]), sorted(seen["cantTell"] - seen["failed"])
    if not data["targets"]:
        state = "not-audited"
    elif not targets:
        state = "not-assessed"
    elif failed:
        state = "not-ready"
    elif errors or cant or (blocked and seen["passed"]):
        state = "unverified"
    elif core_passed:
        state = "not-assessed" if unhosted else "ready"
    else:
        state = "none"
    return {"state": state, "checks": checks, "failed": failed, "errors": errors, "cant_tell": cant,
            "passed": sorted(seen["passed"] - seen["failed"]), "blocked": blocked, "unhosted": unhosted}


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


#: Groups of checks that need no action, folded in the report (one line each with a count): passed, inapplicable
#: (measured and found not to apply), ``kind`` (the check does not apply to the system's kind, e.g. the H5 checks
#: on a website), untested (manual items: the reviewer's list says what to look at).
FOLD_GROUPS = ("passed", "inapplicable", "kind", "untested")


def fold_group(c: dict[str, Any], t: dict[str, Any], checklist=None) -> str | None:
    """The fold group of check result ``c`` on target ``t`` (one of :data:`FOLD_GROUPS`), or None for a problem
    (failed, cantTell, error) or a check that passed with a warning (both shown unfolded). ``kind`` when the
    outcome is ``inapplicable`` because the check's ``applies_to`` excludes the target's ``system_kind``
    (:func:`harness.checks.applicability`)."""
    o = c["outcome"]
    if o in PROBLEM_OUTCOMES or c.get("warning"):
        return None
    if o == "inapplicable" and checklist is not None and t.get("system_kind"):
        from ..checks import DEFAULT_APPLIES_TO

        decl = checklist.by_id.get(c["id"])
        if decl is not None and t["system_kind"] not in (decl.applies_to or DEFAULT_APPLIES_TO):
            return "kind"
    return o if o in FOLD_GROUPS else None


def folds(t: dict[str, Any], checklist=None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A page's checks split for the report: (shown, folded) — ``shown`` the problems and warnings in
    :func:`problem_order`, ``folded`` [{"group" (:data:`FOLD_GROUPS`), "checks" [check results]}] in that group
    order, empty groups left out."""
    shown, groups = [], {g: [] for g in FOLD_GROUPS}
    for c in problem_order(t["checks"]):
        g = fold_group(c, t, checklist)
        (shown if g is None else groups[g]).append(c)
    return shown, [{"group": g, "checks": cs} for g, cs in groups.items() if cs]


def findings(data: dict[str, Any], checklist, must: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The department's problems grouped by check across pages, one entry per check id with a failed, cantTell or
    error outcome on some page:

    {"id", "outcome" (the worst: failed > cantTell > error), "veto", "points" (deductions summed over pages),
    "pages": [{"n" (1-based page number in the report), "target", "label", "outcome", "value", "message",
    "message_en", "evidence" (the first 3 evidence items), "more" (how many more)}]}.

    Ordered like the must-fix list (``must``, default :func:`must_fix`) for failed checks, then cantTell, then
    error, each in checklist order."""
    rank = {"failed": 0, "cantTell": 1, "error": 2}
    order = {d.id: i for i, d in enumerate(checklist.checks)}
    mf = {m["id"]: i for i, m in enumerate(must if must is not None else must_fix(data, checklist))}
    by_id: dict[str, dict[str, Any]] = {}
    for n, t in enumerate(data["targets"], start=1):
        for c in t["checks"]:
            if c["outcome"] not in PROBLEM_OUTCOMES:
                continue
            f = by_id.setdefault(c["id"], {"id": c["id"], "outcome": c["outcome"], "veto": bool(c.get("veto")),
                                           "points": 0.0, "pages": []})
            if rank[c["outcome"]] < rank[f["outcome"]]:
                f["outcome"] = c["outcome"]
            f["points"] = round(f["points"] + (c.get("deducted") or 0), 2)
            ev = c.get("evidence") or []
            f["pages"].append({"n": n, "target": t["id"], "label": target_label(t), "outcome": c["outcome"],
                               "value": c.get("value"), "message": c.get("message_zh") or c.get("message", ""),
                               "message_en": c.get("message", ""), "evidence": ev[:3], "more": max(0, len(ev) - 3)})
    return sorted(by_id.values(), key=lambda f: (rank[f["outcome"]], mf.get(f["id"], len(mf)), order.get(f["id"], 1 << 30), f["id"]))
