"""A department's score and verdict over the previous runs of the same registry, read from the run folders beside
this one (``reports/``: every folder whose ``run.json`` names the same registry id, :meth:`harness.results.RunDir.previous`),
for the index's sparklines and the department report's before/after table per check (issue 18 item 5).

Nothing here needs the history database (:mod:`harness.history`): run folders are the record. The charts are inline
SVG (no script, nothing loaded). A run folder that cannot be read is skipped, never raises.
"""

from __future__ import annotations

from typing import Any

from ..results import RunDir

#: How many runs (this one included) the index's sparkline and the department's before/after table show.
RUNS_SHOWN = 6
#: Sparkline size in CSS px (width, height, padding).
SPARK_W, SPARK_H, SPARK_PAD = 96, 28, 4
#: A department's outcome of a check over its pages: the worst one wins.
_WORST = ("failed", "error", "cantTell", "passed", "inapplicable", "untested")


def earlier_runs(rd: RunDir, folder: str | None = None, run: dict[str, Any] | None = None,
                 limit: int = RUNS_SHOWN - 1) -> list[RunDir]:
    """Up to ``limit`` run folders of the same registry that started before ``rd`` (beside it), newest first; with
    ``folder``, only runs holding that department's results. ``run``: ``rd``'s run record (default its run.json)."""
    out: list[RunDir] = []
    cur, rec = rd, run
    while len(out) < limit:
        try:
            prev = cur.previous(folder, run=rec)
        except Exception:
            break
        if prev is None or any(p.dir == prev.dir for p in out):
            break
        out.append(prev)
        cur, rec = prev, None
    return out


def _date(started: str | None) -> str:
    """``2026-12-04T00:39:30+0000`` → ``12-04 00:39`` (the run record's ``started``, shown as recorded)."""
    if not started or len(started) < 16:
        return started or "—"
    return f"{started[5:10]} {started[11:16]}"


def _point(rd: RunDir | None, data: dict[str, Any] | None, href: str | None, current: bool = False) -> dict[str, Any]:
    run = (data or {}).get("run") or (rd.run_record() if rd is not None else None) or {}
    sm = (data or {}).get("summary") or {}
    return {"id": run.get("id") or (rd.name if rd is not None else "—"), "started": run.get("started"),
            "date": _date(run.get("started")), "score": sm.get("score"), "verdict": sm.get("verdict"),
            "href": href, "current": current}


def sparkline(points: list[dict[str, Any]], pass_mark: float = 60.0, top: float = 100.0) -> dict[str, Any]:
    """SVG geometry of a score sparkline: ``points`` oldest first ({"score" 0..top or None, "verdict", "date"}),
    x evenly spaced, y in CSS px from the top. Returns {"w", "h", "dots" [{"x", "y", ...point}], "line" (polyline
    points string), "pass_y" (the pass mark's y)}; points without a score are left out of the line."""
    scored = [p for p in points if p.get("score") is not None]
    inner_w, inner_h = SPARK_W - 2 * SPARK_PAD, SPARK_H - 2 * SPARK_PAD
    step = inner_w / max(1, len(points) - 1)

    def y(v: float) -> float:
        return round(SPARK_PAD + inner_h * (1 - max(0.0, min(top, v)) / top), 1)

    dots = [{**p, "x": round(SPARK_PAD + i * step, 1), "y": y(p["score"])} for i, p in enumerate(points) if p.get("score") is not None]
    return {"w": SPARK_W, "h": SPARK_H, "dots": dots, "line": " ".join(f"{d['x']},{d['y']}" for d in dots),
            "pass_y": y(pass_mark), "n": len(scored)}


def index_trends(rd: RunDir, results: list[dict[str, Any] | None], pass_mark: float = 60.0,
                 run: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Per department folder of ``results``: {"points" [oldest first: {"id", "date", "score", "verdict", "href",
    "current"}], "spark" (:func:`sparkline`)} over this run and up to :data:`RUNS_SHOWN` − 1 earlier runs of the
    same registry that hold the department's results. Departments with fewer than two scored runs get no entry."""
    earlier = earlier_runs(rd, run=run, limit=RUNS_SHOWN * 3)  # some earlier runs may not hold a department
    out: dict[str, dict[str, Any]] = {}
    for r in results:
        if not r or not r.get("targets"):
            continue
        folder = r["department"]["folder"]
        pts = []
        for prev in earlier:
            if len(pts) >= RUNS_SHOWN - 1:
                break
            try:
                old = prev.read_results(folder) if prev.has_results(folder) else None
            except Exception:
                old = None
            if old is not None:
                pts.append(_point(prev, old, f"../{prev.name}/departments/{folder}.html"))
        pts = list(reversed(pts)) + [_point(rd, r, None, current=True)]
        if sum(1 for p in pts if p["score"] is not None) >= 2:
            out[folder] = {"points": pts, "spark": sparkline(pts, pass_mark)}
    return out


def _dept_outcome(data: dict[str, Any], check_id: str) -> str | None:
    outs = [c["outcome"] for t in data.get("targets", []) for c in t["checks"] if c["id"] == check_id]
    for o in _WORST:
        if o in outs:
            return o
    return None


def department_trend(rd: RunDir, data: dict[str, Any], pass_mark: float = 60.0) -> dict[str, Any] | None:
    """This department over this run and up to :data:`RUNS_SHOWN` − 1 earlier runs of the same registry:
    {"points" (oldest first, as in :func:`index_trends`), "spark", "checks" [{"id", "cells" [outcome per run, the
    worst over the pages, or None], "changed" (bool)}]} — the checks that changed between any two of these runs or
    that are a problem now (changed first). None when there is no earlier run or no run has a score."""
    folder = data["department"]["folder"]
    earlier = earlier_runs(rd, folder, run=rd.run_record() or data.get("run"))
    olds = []
    for prev in earlier:
        try:
            olds.append((prev, prev.read_results(folder)))
        except Exception:
            continue
    if not olds:
        return None
    olds.reverse()
    runs = [(p, d, f"../../{p.name}/departments/{folder}.html") for p, d in olds] + [(rd, data, None)]
    pts = [_point(p, d, h, current=d is data) for p, d, h in runs]
    if not any(p["score"] is not None for p in pts):  # never scored (no system registered): nothing to chart
        return None
    ids: list[str] = []
    for _, d, _ in runs:
        for t in d.get("targets", []):
            for c in t["checks"]:
                if c["id"] not in ids:
                    ids.append(c["id"])
    checks = []
    for cid in ids:
        cells = [_dept_outcome(d, cid) for _, d, _ in runs]
        changed = len({c for c in cells if c is not None}) > 1
        if changed or cells[-1] in ("failed", "error", "cantTell"):
            checks.append({"id": cid, "cells": cells, "changed": changed})
    checks.sort(key=lambda c: (not c["changed"], _WORST.index(c["cells"][-1]) if c["cells"][-1] in _WORST else 9))
    return {"points": pts, "spark": sparkline(pts, pass_mark), "checks": checks}
