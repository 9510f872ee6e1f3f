"""Report section of the department's scores over runs, from the history database (:mod:`harness.history`) that
``harness run --history DIR`` records them in (the same database ``harness probe`` fills for AV-04).

Optional: it appears only when the department's results name a history folder (AV-04's ``history`` parameter)
whose database holds earlier runs of the department; reports still render from the run folder alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import history as history_mod
from .sections import Section, register_section

WIDTH, HEIGHT, PAD = 420, 140, 30


def points(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """SVG coordinates of each run's score (0–100 on the y axis; runs evenly spaced, oldest left):
    [{"x", "y", "score", "verdict", "run", "t"}]; runs without a score are left out."""
    rs = [r for r in runs if r.get("score") is not None]
    step = (WIDTH - 2 * PAD) / max(1, len(rs) - 1)
    return [{"x": round(PAD + i * step, 1), "y": round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * max(0, min(100, r["score"])) / 100, 1),
             "score": r["score"], "verdict": r.get("verdict"), "run": r.get("run"), "t": r.get("t")} for i, r in enumerate(rs)]


def _context(data: dict[str, Any], target, checklist, lang: str, out_dir) -> dict[str, Any] | None:
    folder = history_mod.folder_of_results(data)
    if not folder:
        return None
    name = data["department"]["display_name"]
    current = Path(out_dir).name  # the run id (a RunDir is path-like)
    try:
        with history_mod.open_history(folder, create=False) as h:
            runs = [r for r in h.runs(name) if r["run"] != current]
    except Exception:  # no database, or a newer schema: the report renders without the section
        return None
    if not runs:
        return None
    sm = data.get("summary") or {}
    runs.append({"run": current, "t": None, "score": sm.get("score"), "verdict": sm.get("verdict"), "current": True})
    pts = points(runs)
    return {"runs": runs, "points": pts, "polyline": " ".join(f"{p['x']},{p['y']}" for p in pts), "width": WIDTH, "height": HEIGHT,
            "pass_y": round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * 0.6, 1), "pad": PAD, "folder": folder}


register_section(Section("score_history", "section_history.html", "department", _context, order=15))
