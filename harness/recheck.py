"""Re-audit saved artifacts without loading any page (Lighthouse's ``-A``): ``harness recheck DIR``.

Every target's artifacts (``artifacts/<folder>/<target>.json``) are evaluated again with the current checklist
and ``--set`` overrides (and the registry's parameter blocks, when the run's registry file is still there);
results and reports are rewritten in place. Useful after changing a threshold or a weight, or a check's code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import checklist as checklist_mod
from . import coverage as coverage_mod
from . import registry as registry_mod
from . import report, scoring
from .engine import audit_artifacts, param_layers
from .errors import HarnessError
from .results import ResultsStore


def recheck(run_dir: str | Path, checklist_path: str | None = None, sets: list[str] | None = None,
            lang: str = "zh") -> list[dict[str, Any]]:
    """Re-evaluate every target of the run in ``run_dir``; return the new department results.

    Raises:
        HarnessError: ``run_dir`` holds no results.
        SpecError: a ``results/<folder>.json`` is invalid, or the checklist or the run's registry is (the
            message names the file); OptionError: a bad ``--set``.
        OSError / ValueError: ``run.json`` or a target's ``artifacts/<folder>/<target>.json`` is unreadable or not
            JSON (the message names the file).
    """
    store = ResultsStore(run_dir)
    results = store.all()
    if not results:
        raise HarnessError(f"{run_dir}: no results/*.json (not a run directory)")
    cl = checklist_mod.load(checklist_path)
    cl.set_overrides(sets or [])
    reg = None
    if store.has_run_record():
        cfg = store.read_run_record().get("config") or {}
        if cfg.get("registry") and Path(cfg["registry"]).exists():
            reg = registry_mod.load(cfg["registry"])
    out = []
    for data in results:
        dep = next((d for d in reg.departments if d.folder == data["department"]["folder"]), None) if reg else None
        targets = {t.id: t for t in dep.targets()} if dep else {}
        for t in [*data["targets"], *data.get("discovered", [])]:
            if not t.get("artifacts"):
                continue
            artifacts = store.read_artifacts(t)
            checks, score = audit_artifacts(cl, artifacts, param_layers(reg, targets.get(t["id"])))
            t.update(checks=checks, **scoring.target_fields(score), status="error" if score["verdict"] == "error" else "done",
                     reach=score.get("reach"))
        data["summary"] = scoring.score_department(cl, data["targets"], expected=data["summary"]["targets"])
        if data.get("coverage"):
            coverage_mod.refresh(data["coverage"], data["targets"], data.get("discovered", []))
        data["run"]["checklist"] = {"id": cl.id, "version": cl.version, "path": cl.path}
        data["run"]["overrides"] = cl.overrides
        store.write_department(data)
        report.render_department(run_dir, data, cl, lang=lang)
        out.append(data)
    report.render_index(run_dir, out, cl, lang=lang)
    return out
