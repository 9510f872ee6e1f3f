"""Run-to-run comparison: per department, the checks newly failed, the checks fixed, and the score change.

``harness diff OLD NEW`` prints it; the department report links to the previous run of the same registry
(:func:`previous_run`) and shows the same comparison for that department. Pages are matched by target id
(``system/page``) and checks by id, so a renamed page counts as removed and added.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import HarnessError
from ..results import RunDir
from .summary import target_label


def previous_run(run_dir: str | Path, folder: str | None = None, run: dict[str, Any] | None = None) -> Path | None:
    """The most recent run directory beside ``run_dir`` (same parent) of the same registry that started before
    it and, when ``folder`` is given, holds results for that department; None when there is none.

    ``run`` is this run's record (default: ``run_dir/run.json``). Runs are compared by their ``started`` time;
    the ``latest`` link and directories without a readable run.json are ignored. The path is resolved. See
    :meth:`harness.results.RunDir.previous`, which this wraps.
    """
    prev = RunDir(run_dir).previous(folder, run=run)
    return prev.dir if prev else None


def _check_map(data: dict[str, Any] | None) -> dict[tuple[str, str], dict[str, Any]]:
    out = {}
    for t in (data or {}).get("targets", []):
        for c in t["checks"]:
            out[(t["id"], c["id"])] = {"outcome": c["outcome"], "label": target_label(t),
                                       "deducted": c.get("deducted", 0), "veto": c.get("veto", False)}
    return out


def diff_department(old: dict[str, Any] | None, new: dict[str, Any] | None) -> dict[str, Any]:
    """Compare one department's results in two runs (either may be None: the department is new or gone).

    Returns {"folder", "name", "old_score", "new_score", "delta", "old_verdict", "new_verdict",
    "newly_failed": [{"target", "label", "check", "was"}], "fixed": [{"target", "label", "check", "now"}],
    "unresolved": [...] (failed before, now error or cantTell: not known to be fixed), "still_failed": n,
    "targets_added": [ids], "targets_removed": [ids]}. ``fixed`` means failed before and passed or
    inapplicable now; ``newly_failed`` means failed now and not failed before (including new pages).
    """
    ref = new or old or {}
    dep = ref.get("department", {})
    om, nm = _check_map(old), _check_map(new)
    old_t = {t["id"] for t in (old or {}).get("targets", [])}
    new_t = {t["id"] for t in (new or {}).get("targets", [])}
    newly, fixed, unresolved, still = [], [], [], 0
    for key in sorted(set(om) | set(nm)):
        o, n = om.get(key), nm.get(key)
        was = o["outcome"] if o else None
        now = n["outcome"] if n else None
        item = {"target": key[0], "label": (n or o)["label"], "check": key[1]}
        if now == "failed" and was != "failed":
            newly.append({**item, "was": was})
        elif was == "failed" and now in ("passed", "inapplicable"):
            fixed.append({**item, "now": now})
        elif was == "failed" and now == "failed":
            still += 1
        elif was == "failed" and key[0] in new_t:
            unresolved.append({**item, "now": now})
    os_, ns_ = (old or {}).get("summary", {}).get("score"), (new or {}).get("summary", {}).get("score")
    return {
        "folder": dep.get("folder"), "name": dep.get("display_name") or dep.get("name"),
        "old_score": os_, "new_score": ns_,
        "delta": round(ns_ - os_, 2) if isinstance(os_, (int, float)) and isinstance(ns_, (int, float)) else None,
        "old_verdict": (old or {}).get("summary", {}).get("verdict"), "new_verdict": (new or {}).get("summary", {}).get("verdict"),
        "newly_failed": newly, "fixed": fixed, "unresolved": unresolved, "still_failed": still,
        "targets_added": sorted(new_t - old_t), "targets_removed": sorted(old_t - new_t),
    }


def load_results(run_dir: str | Path) -> dict[str, dict[str, Any]]:
    """The department results of a run directory, validated: {folder: results}.

    Raises:
        HarnessError: ``run_dir`` has no ``results/`` folder (not a run directory).
        SpecError: a results file is unreadable, not JSON or not schema-valid (the message names the file).
    """
    rd = RunDir(run_dir)
    if not rd.is_run_dir():
        raise HarnessError(f"{rd.dir}: no results/ folder (not a run directory)")
    return {r["department"]["folder"]: r for r in rd.all()}


def diff_runs(old_dir: str | Path, new_dir: str | Path) -> dict[str, Any]:
    """Compare two run directories: {"old": run id, "new": run id, "departments": [diff_department …]} in the
    new run's order (departments only in the old run last), plus "old_dir" and "new_dir" as given. Departments
    with nothing audited in either run are left out. Run ids come from each run.json (the directory name when
    it is missing or unreadable).

    Raises:
        HarnessError / SpecError: as :func:`load_results`, for either directory.
    """
    old, new = load_results(old_dir), load_results(new_dir)
    rec_o, rec_n = RunDir(old_dir).run_record() or {}, RunDir(new_dir).run_record() or {}
    order = [f for f in rec_n.get("departments", []) if f in new] + [f for f in new if f not in rec_n.get("departments", [])]
    deps = []
    for folder in order + [f for f in old if f not in new]:
        o, n = old.get(folder), new.get(folder)
        if not (o or {}).get("targets") and not (n or {}).get("targets"):
            continue
        deps.append(diff_department(o, n))
    return {"old": rec_o.get("id") or Path(old_dir).name, "new": rec_n.get("id") or Path(new_dir).name,
            "old_dir": str(old_dir), "new_dir": str(new_dir), "departments": deps}


def format_text(diff: dict[str, Any], lang: str = "zh") -> str:
    """The comparison as plain text, one block per department (what ``harness diff`` prints)."""
    zh = lang == "zh"
    lines = [f"{diff['old']} → {diff['new']}"]
    if not diff["departments"]:
        lines.append("  （两次检查均无已检测的部门）" if zh else "  (no department audited in either run)")
    fmt = lambda v: "—" if v is None else f"{v:g}"  # noqa: E731
    for d in diff["departments"]:
        delta = "" if d["delta"] is None else f" ({'+' if d['delta'] >= 0 else ''}{d['delta']:g})"
        lines.append(f"{d['name']}: {fmt(d['old_score'])} → {fmt(d['new_score'])}{delta}; "
                     f"{d['old_verdict'] or '—'} → {d['new_verdict'] or '—'}")
        groups = [("newly_failed", "新增不通过" if zh else "newly failed"), ("fixed", "已整改" if zh else "fixed"),
                  ("unresolved", "无法确认是否整改" if zh else "no longer failed but not passed")]
        for key, label in groups:
            for it in d[key]:
                extra = f" ({it.get('was') or it.get('now') or ('新页面' if zh else 'new page')})" if key != "fixed" else ""
                lines.append(f"  {label}: {it['check']} @ {it['label']} [{it['target']}]{extra}")
        if d["targets_added"]:
            lines.append(f"  {'新增页面' if zh else 'pages added'}: {', '.join(d['targets_added'])}")
        if d["targets_removed"]:
            lines.append(f"  {'移除页面' if zh else 'pages removed'}: {', '.join(d['targets_removed'])}")
        if not any(d[k] for k in ("newly_failed", "fixed", "unresolved", "targets_added", "targets_removed")):
            lines.append(f"  {'无变化' if zh else 'no change'}（{'仍不通过' if zh else 'still failing'} {d['still_failed']}）")
    return "\n".join(lines)
