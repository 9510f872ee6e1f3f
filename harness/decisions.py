"""Reviewer decisions: what a person decided on a manual or semi-automatic item, or on a ``cantTell`` outcome.

A decision is pass / fail / not applicable (``pass`` | ``fail`` | ``na``) with a note, by whom, when, for one
target and check, and the evidence fingerprint it was made on (:func:`fingerprint`). Decisions of a department live
in one file, ``<folder>.json`` (schema ``specs/schemas/decisions.schema.json``), in the decisions folder: the one
the run names (``--decisions DIR``), else ``<registry stem>.decisions/`` beside the registry file (the embedded demo
has none unless ``--decisions`` names one). The department report's form downloads such a file; ``harness decide``
writes one entry from the command line. Model: axe Auditor's pass/fail/n.a. per checkpoint, Siteimprove's
decisions with a note.

:func:`apply` turns a decided check's outcome into ``passed`` / ``failed`` / ``inapplicable`` (keeping what was
measured in ``measured_outcome`` and who decided in ``decided_by``, ``decided_at``, ``decision_note``) BEFORE
the target and department are scored again by :mod:`harness.scoring`: a decided fail deducts the check's weight,
a decided veto fails the target. A decision whose fingerprint differs from the check's current result (the page
changed) is *stale*: shown (``decision_stale``) and not applied. The last decision for a (target, check) wins.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import scoring
from .errors import OptionError, SpecError

SCHEMA = "harness-decisions/1"
#: A decision's outcome → the EARL outcome it gives the check.
OUTCOME_OF = {"pass": "passed", "fail": "failed", "na": "inapplicable"}
#: Fields :func:`apply` sets on a check it decided (and removes again before re-applying).
DECIDED_FIELDS = ("measured_outcome", "decided_by", "decided_at", "decision_note", "decision", "decision_stale")


def fingerprint(target: dict[str, Any], check: dict[str, Any]) -> str:
    """The evidence a decision is made on, as ``"sha256:<64 hex>"``: a hash of the check's result as measured
    (outcome before any decision, value, threshold, evidence) and of the page it was measured on (the target's
    final URL and title), all as recorded in the results. A manual item's result has no evidence of its own, so
    its fingerprint changes when the page's address or title does."""
    measured = check.get("measured_outcome") or check.get("outcome")
    basis = {"check": check.get("id"), "outcome": measured, "value": check.get("value"), "threshold": check.get("threshold"),
             "evidence": check.get("evidence") or [], "final_url": target.get("final_url") or target.get("url"),
             "title": target.get("title")}
    text = json.dumps(basis, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def decidable(decl, check: dict[str, Any]) -> bool:
    """Whether a person may decide ``check`` (a check result dict) of checklist item ``decl``: a manual or
    semi-automatic item (whatever was measured), or any check whose measured outcome is ``cantTell``."""
    measured = check.get("measured_outcome") or check.get("outcome")
    return decl.mode in ("manual", "semi") or measured == "cantTell"


def default_dir(registry_path: str | Path | None) -> Path | None:
    """The decisions folder beside a registry file: ``<dir>/<stem>.decisions`` (None for the embedded demo)."""
    if not registry_path:
        return None
    p = Path(registry_path)
    return p.parent / f"{p.stem}.decisions"


def file_of(decisions_dir: str | Path, folder: str) -> Path:
    """The decisions file of the department whose results folder name is ``folder``."""
    return Path(decisions_dir) / f"{folder}.json"


def load_file(path: str | Path) -> dict[str, Any]:
    """Read and validate one decisions file; returns its data ({"schema", "department", "decisions": [...]}).

    Raises:
        SpecError: unreadable, not JSON, not valid against ``decisions.schema.json``, or a decision's ``at`` is no
            ISO 8601 time (the message names the file and the JSON path, e.g. ``$.decisions[2].outcome``).
    """
    from .specs import load

    data = load(path, "decisions")
    for i, d in enumerate(data["decisions"]):
        try:
            datetime.fromisoformat(d["at"].replace("Z", "+00:00"))
        except ValueError:
            raise SpecError(str(path), f"$.decisions[{i}].at", f"{d['at']!r} is not an ISO 8601 time") from None
    return data


def for_department(decisions_dir: str | Path | None, folder: str) -> list[dict[str, Any]]:
    """The decisions recorded for department ``folder`` (empty when there is no folder or file). Raises SpecError
    (a bad file, or one whose ``department`` is another folder)."""
    if not decisions_dir:
        return []
    path = file_of(decisions_dir, folder)
    if not path.is_file():
        return []
    data = load_file(path)
    if data["department"] != folder:
        raise SpecError(str(path), "$.department", f"{data['department']!r} is not the department of this file ({folder!r})")
    return data["decisions"]


def record(decisions_dir: str | Path, folder: str, decision: dict[str, Any]) -> Path:
    """Add ``decision`` (the fields of one entry of the schema) to the department's file, written atomically;
    returns the file's path. Raises SpecError (the existing file or the new entry is invalid)."""
    from .results import atomic_write
    from .specs import validate

    path = file_of(decisions_dir, folder)
    data = load_file(path) if path.is_file() else {"schema": SCHEMA, "department": folder, "decisions": []}
    data["decisions"].append(decision)
    validate(data, "decisions", path)
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return path


def make(target: dict[str, Any], check: dict[str, Any], outcome: str, by: str, note: str = "",
         at: str | None = None) -> dict[str, Any]:
    """One decision entry on ``check`` of ``target`` (result dicts), fingerprinted on its current result.
    ``outcome``: pass | fail | na. ``at`` defaults to now (UTC, ISO 8601). Raises OptionError on a bad outcome or
    an empty ``by``."""
    if outcome not in OUTCOME_OF:
        raise OptionError(f"--outcome: pass, fail or na, not {outcome!r}")
    if not (by or "").strip():
        raise OptionError("--by: who decided (a name)")
    return {"target": target["id"], "check": check["id"], "outcome": outcome, "note": note or "", "by": by,
            "at": at or datetime.now(timezone.utc).replace(microsecond=0).isoformat(), "fingerprint": fingerprint(target, check)}


def _restore(check: dict[str, Any]) -> None:
    """Undo a decision applied earlier (results re-read by ``harness report``): the measured outcome back."""
    if check.get("measured_outcome"):
        check["outcome"] = check["measured_outcome"]
    for k in DECIDED_FIELDS:
        check.pop(k, None)


def apply(checklist, data: dict[str, Any], decisions: list[dict[str, Any]]) -> dict[str, Any]:
    """Apply ``decisions`` to a department's results ``data`` (harness-results/1) in place, then score its
    targets and the department again (:func:`harness.scoring.score_target`, ``score_department``).

    Returns the tally also stored as ``data["decisions"]``: {"applied": n, "stale": n, "unmatched": [decisions
    naming a target or check not in the results, or a check no person may decide]}. A target whose registered page
    was not reached stays ``error`` (as :func:`harness.engine.audit_artifacts` scores it) unless it fails a veto.
    """
    by_key = {}
    for d in decisions:
        by_key[(d["target"], d["check"])] = d  # the last one wins
    seen, applied, stale = set(), 0, 0
    for t in data.get("targets", []):
        touched = False
        for c in t.get("checks", []):
            had = "measured_outcome" in c or "decision_stale" in c
            _restore(c)
            touched |= had
            d = by_key.get((t["id"], c["id"]))
            decl = checklist.by_id.get(c["id"])
            if d is None or decl is None or not decidable(decl, c):
                continue
            seen.add((t["id"], c["id"]))
            if d["fingerprint"] != fingerprint(t, c):
                c["decision_stale"] = d
                stale += 1
                continue
            c.update(measured_outcome=c["outcome"], outcome=OUTCOME_OF[d["outcome"]], decided_by=d["by"], decided_at=d["at"],
                     decision_note=d.get("note", ""), decision=d)
            applied += 1
            touched = True
        if touched:
            # the policy that scored the page (its system kind's: 政务新媒体 or 政府网站) scores it again
            kind = next(iter(checklist.policies.get(t.get("policy"), {}).get("kinds", [])), None)
            score = scoring.score_target(checklist, t["checks"], kind=kind)
            reach = t.get("reach")
            if reach and not reach.get("reached", True) and score["verdict"] != "fail-veto":
                score.update(score=None, verdict="error")
            t.update(scoring.target_fields(score))
    if "summary" in data:
        data["summary"] = scoring.score_department(checklist, data["targets"], expected=data["summary"]["targets"])
    unmatched = [d for k, d in by_key.items() if k not in seen]
    data["decisions"] = {"applied": applied, "stale": stale, "unmatched": unmatched}
    return data["decisions"]


def apply_dir(checklist, data: dict[str, Any], decisions_dir: str | Path | None) -> dict[str, Any] | None:
    """:func:`apply` the decisions of ``decisions_dir`` for this department (by its folder); None (nothing done)
    when there is no decisions folder. Raises SpecError on a bad decisions file."""
    if not decisions_dir:
        return None
    return apply(checklist, data, for_department(decisions_dir, data["department"]["folder"]))


def dir_for_run(store) -> Path | None:
    """The decisions folder beside the registry a run folder's ``run.json`` names (an absolute path), for
    ``harness report`` and ``recheck`` when no ``--decisions`` is given; None when there is none. ``store``: a
    :class:`harness.results.ResultsStore` (or RunDir) of the run folder."""
    try:
        named = ((store.read_run_record() or {}).get("config") or {}).get("registry") if store.has_run_record() else None
    except (OSError, ValueError):
        return None
    if isinstance(named, str) and Path(named).is_absolute():
        return default_dir(named)
    return None


def check_dir(decisions_dir: str | Path | None) -> int:
    """Validate every ``*.json`` file of a decisions folder before a run starts (bad input is said before any
    browser starts); returns how many decisions the folder holds. Raises SpecError naming the file and JSON path,
    OptionError when ``decisions_dir`` is given but is not a folder."""
    if not decisions_dir:
        return 0
    d = Path(decisions_dir)
    if d.exists() and not d.is_dir():
        raise OptionError(f"--decisions {d}: not a folder")
    if not d.is_dir():
        return 0
    return sum(len(load_file(p)["decisions"]) for p in sorted(d.glob("*.json")))
