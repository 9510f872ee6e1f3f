"""Re-audit saved artifacts without loading any page (Lighthouse's ``-A``): ``harness recheck DIR``.

Every target's artifacts (``artifacts/<folder>/<target>.json``) are evaluated again with the current checklist
and ``--set`` overrides (and the registry's parameter blocks, when the run's registry file is still there);
results and reports are rewritten in place. Useful after changing a threshold or a weight, or a check's code.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from . import checklist as checklist_mod
from . import coverage as coverage_mod
from . import decisions as decisions_mod
from . import registry as registry_mod
from . import report, scoring
from .engine import audit_artifacts, param_layers
from .errors import HarnessError, RunDirError
from .results import ResultsStore


def recheck(run_dir: str | Path, checklist_path: str | None = None, sets: list[str] | None = None,
            lang: str = "zh", registry_path: str | None = None, decisions_dir: str | None = None) -> list[dict[str, Any]]:
    """Re-evaluate every target of the run in ``run_dir``; return the new department results.

    The registry whose parameter blocks apply is ``registry_path`` or, when the run record names one by an
    absolute path that exists, that one (a notice on standard error says so). Reviewer decisions of
    ``decisions_dir`` (default: the one beside the run's registry, :mod:`harness.decisions`) are applied before scoring. Paths the results name
    (artifacts) are read only inside ``run_dir`` (:class:`harness.results.RunDir`).

    Raises:
        HarnessError: ``run_dir`` holds no results.
        SpecError: a ``results/<folder>.json`` is invalid, or the checklist or the run's registry is (the
            message names the file); OptionError: a bad ``--set``.
        RunDirError: ``run.json`` or a target's artifacts file is unreadable, truncated or not JSON, or a path
            the results name leads outside the run folder (the message names the file).
    """
    store = ResultsStore(run_dir)
    results = store.all()
    if not results:
        raise HarnessError(f"{run_dir}: no results/*.json (not a run directory)")
    cl = checklist_mod.load(checklist_path)
    cl.set_overrides(sets or [])
    reg = None
    if registry_path:
        reg = registry_mod.load(registry_path)
    elif store.has_run_record():
        try:
            cfg = store.read_run_record().get("config") or {}
        except (OSError, ValueError) as e:
            raise RunDirError(f"{store.run_json_path}: unreadable run record ({e})") from None
        named = cfg.get("registry")
        # A run folder is data: the registry it names is read (never run) and only from an absolute path, said.
        if isinstance(named, str) and Path(named).is_absolute() and Path(named).is_file():
            print(f"recheck: registry parameter blocks from {named} (named by {store.run_json_path}; --registry to choose)",
                  file=sys.stderr)
            reg = registry_mod.load(named)
    out = []
    for data in results:
        dep = next((d for d in reg.departments if d.folder == data["department"]["folder"]), None) if reg else None
        targets = {t.id: t for t in dep.targets()} if dep else {}
        for t in [*data["targets"], *data.get("discovered", [])]:
            if not t.get("artifacts"):
                continue
            try:
                artifacts = store.read_artifacts(t)
            except (OSError, ValueError) as e:  # a truncated or missing file: one line, naming it
                raise RunDirError(f"{store.dir}: artifacts of {t['id']} ({t['artifacts']}) unreadable: "
                                  f"{str(e).splitlines()[0][:200] if str(e) else type(e).__name__}") from None
            checks, score = audit_artifacts(cl, artifacts, param_layers(reg, targets.get(t["id"]), t.get("platform") or "none"))
            t.update(checks=checks, **scoring.target_fields(score), status="error" if score["verdict"] == "error" else "done",
                     reach=score.get("reach"))
        data["summary"] = scoring.score_department(cl, data["targets"], expected=data["summary"]["targets"])
        decisions_mod.apply_dir(cl, data, decisions_dir or decisions_mod.dir_for_run(store))
        if data.get("coverage"):
            coverage_mod.refresh(data["coverage"], data["targets"], data.get("discovered", []))
        data["run"]["checklist"] = {"id": cl.id, "version": cl.version, "path": cl.path}
        data["run"]["overrides"] = cl.overrides
        store.write_department(data)
        report.render_department(run_dir, data, cl, lang=lang)
        out.append(data)
    report.render_index(run_dir, out, cl, lang=lang)
    return out
