"""Results on disk: one schema-valid JSON per department, rewritten atomically as each target finishes.

Layout of a run directory (``--out``)::

    run.json                          the run record (options, times, departments)
    results/<folder>.json             one per department (specs/schemas/results.schema.json)
    artifacts/<folder>/<target>.json  the gathered artifacts of each target (re-audit with `harness recheck`)
    assets/<folder>/<target>.jpg      screenshots (and, in reports, annotated copies)
    departments/<folder>.html         department reports
    index.html                        the index of all departments

Writes go to a temporary file in the same directory and are moved into place with ``os.replace``, so a
``kill -9`` never leaves a half-written file: a run can always be resumed (``harness run --resume DIR``).
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

from . import specs
from .registry import Department, safe_name

SCHEMA_ID = "harness-results/1"


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` atomically (temporary file + fsync + ``os.replace``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as indented UTF-8 JSON, atomically."""
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")


def target_file(target_id: str) -> str:
    """File stem for a target id ``system/page`` (safe on every file system)."""
    return safe_name(target_id.replace("/", "__"), fallback="target", limit=100)


def department_record(dep: Department) -> dict[str, Any]:
    """Plain-data description of a department for its results file."""
    return {
        "key": dep.key, "name": dep.name, "display_name": dep.display_name, "kind": dep.kind, "region": dep.region,
        "parent": dep.parent, "seq": dep.seq, "table": dep.table, "address": dep.address, "folder": dep.folder,
        "website": dep.website,
        "systems": [{"id": s.id, "name": s.name, "kind": s.kind, "entry": s.entry, "service_name": s.service_name,
                     "platform": s.platform or dep.platform, "pages": len(s.pages)} for s in dep.systems],
    }


class ResultsStore:
    """Reads and writes the results of one run directory. Thread-safe for writes to different departments;
    writes to one department are serialised by a lock."""

    def __init__(self, out_dir: str | Path):
        self.dir = Path(out_dir)
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    # paths
    def results_path(self, folder: str) -> Path:
        return self.dir / "results" / f"{folder}.json"

    def artifacts_path(self, folder: str, target_id: str) -> Path:
        return self.dir / "artifacts" / folder / f"{target_file(target_id)}.json"

    def asset_path(self, folder: str, name: str) -> Path:
        return self.dir / "assets" / folder / name

    def rel(self, path: Path) -> str:
        """``path`` relative to the run directory, with forward slashes."""
        return path.relative_to(self.dir).as_posix()

    def _lock(self, folder: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(folder, threading.Lock())

    # reading
    def load(self, folder: str) -> dict[str, Any] | None:
        """The department's results, or None if none were written. Raises SpecError if the file is invalid."""
        p = self.results_path(folder)
        if not p.exists():
            return None
        return specs.load(p, "results")

    def all(self) -> list[dict[str, Any]]:
        """All department results in the run directory (sorted by folder name)."""
        out = []
        for p in sorted((self.dir / "results").glob("*.json")):
            out.append(specs.load(p, "results"))
        return out

    def finished_targets(self, folder: str) -> dict[str, dict[str, Any]]:
        """Targets of a department already measured in this run directory (for ``--resume``): {id: result}."""
        data = self.load(folder)
        return {t["id"]: t for t in (data or {}).get("targets", [])}

    # writing
    def write_department(self, data: dict[str, Any], validate: bool = True) -> Path:
        """Atomically write one department's results, validated against the results schema unless ``validate`` is
        False (the intermediate rewrites after each target; the department's last write is always validated).
        Raises SpecError if invalid."""
        path = self.results_path(data["department"]["folder"])
        if validate:
            specs.validate(data, "results", path)
        write_json(path, data)
        return path

    def update_department(self, folder: str, build) -> dict[str, Any]:
        """Read-modify-write a department's results under its lock: ``build(old_or_None) -> new``."""
        with self._lock(folder):
            data = build(self.load(folder))
            self.write_department(data)
            return data

    def save_artifacts(self, folder: str, target_id: str, artifacts: dict[str, Any]) -> Path:
        path = self.artifacts_path(folder, target_id)
        write_json(path, artifacts)
        return path

    def save_asset(self, folder: str, name: str, data: bytes) -> Path:
        path = self.asset_path(folder, name)
        atomic_write(path, data)
        return path
