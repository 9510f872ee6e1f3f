"""Results on disk: one schema-valid JSON per department, rewritten atomically as each target finishes.

Layout of a run directory (``--out``)::

    run.json                          the run record (options, times, departments)
    results/<folder>.json             one per department (specs/schemas/results.schema.json)
    artifacts/<folder>/<target>.json  the gathered artifacts of each target (re-audit with `harness recheck`)
    assets/<folder>/<target>.jpg      screenshots (and, in reports, annotated copies)
    departments/<folder>.html         department reports
    attachment2/<folder>/             附件2 of each department (index.html, 附件2-<system>.xlsx, form screenshots)
    index.html                        the index of all departments

:class:`RunDir` is the one reader of this layout: reports, 附件2, ``harness diff`` and ``harness recheck`` find
and read run-directory files only through it (paths, run.json, department results, saved artifacts,
screenshots, the previous run of the same registry). :class:`ResultsStore` is a :class:`RunDir` that also
writes.

Writes go to a temporary file in the same directory and are moved into place with ``os.replace``, so a
``kill -9`` never leaves a half-written file: a run can always be resumed (``harness run --resume DIR``).
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from . import specs
from .errors import RunDirError
from .personal_data import scrub
from .registry import Department, safe_name

SCHEMA_ID = "harness-results/1"


#: Mode of every file the harness writes (readable by a web server running as another user) and of its folders.
FILE_MODE, DIR_MODE = 0o644, 0o755


def make_dirs(path: Path) -> None:
    """Create folder ``path`` and its missing parents with mode :data:`DIR_MODE` (whatever the umask)."""
    missing = []
    p = Path(path)
    while not p.exists():
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(d, DIR_MODE)


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` atomically (temporary file + fsync + ``os.replace``), mode :data:`FILE_MODE`
    (``tempfile.mkstemp`` makes 0600 files), creating the folder with :data:`DIR_MODE`.

    Raises:
        OSError: the file could not be written (no room, no permission); its ``filename`` is ``path``, and the
            previous content of ``path``, if any, is kept whole.
    """
    try:
        _atomic_write(path, data)
    except OSError as e:
        if e.filename is None and e.errno is not None:
            raise OSError(e.errno, e.strerror, str(path)) from None
        raise


def _atomic_write(path: Path, data: bytes | str) -> None:
    make_dirs(path.parent)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, FILE_MODE)
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
    """Write ``data`` as indented UTF-8 JSON, atomically, masked as reports are (:func:`harness.personal_data.scrub`:
    URL userinfo and credential parameters, resident ID, mobile and card numbers): results, artifacts and run
    records never hold a secret or an unmasked number; the unmasked measurement stays in memory."""
    atomic_write(path, json.dumps(scrub(data), ensure_ascii=False, indent=1, default=str) + "\n")


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


def file_digest(path: str | os.PathLike[str] | None) -> str | None:
    """SHA-256 (hex) of the file ``path``'s bytes, or None when there is none or it cannot be read."""
    import hashlib

    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else None
    except (OSError, ValueError):
        return None


def provenance(run: dict[str, Any]) -> dict[str, Any]:
    """What a department's results were made with, from their ``run`` record: {"registry": id, "registry_sha256",
    "checklist": "id version", "checklist_sha256", "overrides" (sorted ``--set`` values), "device": name}. Two
    results with different provenance were measured under different rules; :func:`mixed` says which differ.
    Digests absent from older results are None."""
    reg, cl = run.get("registry") or {}, run.get("checklist") or {}
    ov = run.get("overrides") or {}
    return {"registry": reg.get("id"), "registry_sha256": reg.get("sha256"),
            "checklist": f"{cl.get('id')} {cl.get('version')}", "checklist_sha256": cl.get("sha256"),
            "overrides": json.dumps(ov, sort_keys=True, ensure_ascii=False, default=str),
            "device": (run.get("device") or {}).get("name")}


def mixed(runs: list[dict[str, Any]]) -> list[str]:
    """The provenance fields (see :func:`provenance`) that differ between the ``run`` records ``runs`` ([] when
    they were all made with the same registry, checklist, parameters and device). A value missing on one side
    (results of an older harness, a record without it) is not a difference."""
    provs = [provenance(r or {}) for r in runs]
    out = []
    for k in (provs[0] if provs else {}):
        values = {p[k] for p in provs} - {None, "None None"}
        if len(values) > 1:
            out.append(k)
    return out


#: Largest run-folder JSON file read (bytes): artifacts of a page are a few MB.
MAX_RUN_FILE_BYTES = 512 * 1024 * 1024


def _read_json(path: Path) -> Any:
    """Parse the JSON file ``path`` (strict JSON: no NaN or Infinity; a regular file of at most
    :data:`MAX_RUN_FILE_BYTES`). Raises OSError (FileNotFoundError when it is missing; the message names the
    file) or ValueError (json.JSONDecodeError for malformed JSON) whose message starts with the file name."""
    try:
        text = specs.read_text_capped(path, MAX_RUN_FILE_BYTES)
    except ValueError as e:
        raise ValueError(f"{path}: {e}") from None
    try:
        return specs.loads_finite(text)
    except json.JSONDecodeError as e:
        raise json.JSONDecodeError(f"{path}: {e.msg}", e.doc, e.pos) from None
    except RecursionError:
        raise ValueError(f"{path}: nested too deeply") from None
    except ValueError as e:
        raise ValueError(f"{path}: {e}") from None


def _started(run: dict[str, Any]) -> datetime | None:
    """The ``started`` time of a run record, or None when absent or not in the harness's format."""
    s = run.get("started")
    if not s:
        return None
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(s, fmt)
        except ValueError:
            continue
    return None


_SIBLINGS: dict[str, tuple[int, list[tuple[Path, dict[str, Any]]]]] = {}


def _sibling_runs(parent: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Run directories directly in ``parent`` with their run records (symlinks such as ``latest`` skipped, and
    directories without a readable run.json), cached until ``parent`` changes (rendering 107 department reports
    scans it once). [] when ``parent`` cannot be listed."""
    try:
        stamp = parent.stat().st_mtime_ns
        cached = _SIBLINGS.get(str(parent))
        if cached and cached[0] == stamp:
            return cached[1]
        out = []
        for d in parent.iterdir():
            if d.is_symlink() or not d.is_dir():
                continue
            rec = RunDir(d).run_record()
            if rec:
                out.append((d.resolve(), rec))
    except OSError:
        return []
    _SIBLINGS[str(parent)] = (stamp, out)
    return out


class RunDir:
    """One run directory, for reading: where each of its files is (see the layout in this module's docstring)
    and readers for run.json, the department results, the saved artifacts and the screenshots, and the previous
    run of the same registry. The one place that knows the layout: nothing else globs, opens or parses
    run-directory files.

    ``RunDir(path)`` does no I/O; ``path`` may be a str, a Path or another RunDir (a RunDir is path-like:
    ``Path(run_dir)`` is its directory). Paths returned are ``self.dir / …``, so absolute when ``path`` was.
    """

    def __init__(self, path: str | os.PathLike[str]):
        self.dir = Path(path)

    # confinement: a run folder is data; what its files name never leads outside it
    def _component(self, name: str, what: str = "department folder") -> str:
        """``name`` when it is one plain path component (a department folder, a file name); RunDirError otherwise."""
        if (not isinstance(name, str) or not name or name in (".", "..") or "/" in name or "\\" in name
                or "\x00" in name or os.sep in name):
            raise RunDirError(f"{self.dir}: {what} {name!r} is not a plain name inside the run folder: refused")
        return name

    def inside(self, path: Path, what: str = "path") -> Path:
        """``path`` when, resolved (symbolic links followed), it is inside the run folder; RunDirError otherwise."""
        base = self.dir.resolve()
        try:
            path.resolve().relative_to(base)
        except ValueError:
            raise RunDirError(f"{self.dir}: {what} {str(path)!r} leads outside the run folder: refused") from None
        return path

    def __fspath__(self) -> str:
        return os.fspath(self.dir)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.dir)!r})"

    @property
    def name(self) -> str:
        """The directory's name (``run-YYYYMMDD-HHMMSS`` by default; the run id)."""
        return self.dir.name

    # paths
    @property
    def run_json_path(self) -> Path:
        """``run.json``: the run record."""
        return self.dir / "run.json"

    @property
    def results_dir(self) -> Path:
        """``results/``: one results file per department."""
        return self.dir / "results"

    def results_path(self, folder: str) -> Path:
        """``results/<folder>.json``: the results of department ``folder``."""
        return self.inside(self.results_dir / f"{self._component(folder)}.json")

    def artifacts_path(self, folder: str, target_id: str) -> Path:
        """``artifacts/<folder>/<target>.json``: what was gathered from target ``target_id`` (``system/page``)."""
        return self.inside(self.dir / "artifacts" / self._component(folder) / f"{target_file(target_id)}.json")

    def asset_dir(self, folder: str) -> Path:
        """``assets/<folder>/``: the department's screenshots, annotated copies and close-ups."""
        return self.inside(self.dir / "assets" / self._component(folder))

    def asset_path(self, folder: str, name: str) -> Path:
        """``assets/<folder>/<name>``."""
        return self.asset_dir(folder) / self._component(name, "file name")

    def trace_path(self, folder: str, name: str) -> Path:
        """``traces/<folder>/<name>.zip``: a target's Playwright trace (``playwright show-trace FILE``)."""
        return self.inside(self.dir / "traces" / self._component(folder) / f"{self._component(name, 'file name')}.zip")

    def department_report_path(self, folder: str) -> Path:
        """``departments/<folder>.html``: the department's report."""
        return self.inside(self.dir / "departments" / f"{self._component(folder)}.html")

    def attachment2_dir(self, folder: str) -> Path:
        """``attachment2/<folder>/``: the department's 附件2 (``index.html``, workbooks, form screenshots)."""
        return self.inside(self.dir / "attachment2" / self._component(folder))

    @property
    def index_path(self) -> Path:
        """``index.html``: the index of all departments."""
        return self.dir / "index.html"

    def path(self, rel: str) -> Path:
        """The file at ``rel``, a path relative to the run directory as the results record them (a target's
        ``screenshot`` and ``artifacts``).

        Raises:
            RunDirError: ``rel`` is absolute, not a string, or leads outside the run folder (``../``, a symbolic
                link out of it)."""
        if not isinstance(rel, str) or not rel or rel.startswith(("/", "\\")) or "\x00" in rel or Path(rel).is_absolute():
            raise RunDirError(f"{self.dir}: path {rel!r} from a results file is not relative to the run folder: refused")
        return self.inside(self.dir / rel, "path from a results file")

    def rel(self, path: Path) -> str:
        """``path`` relative to the run directory, with forward slashes (as the results record paths). Raises
        ValueError when ``path`` is not inside it."""
        return path.relative_to(self.dir).as_posix()

    # what is there
    def is_run_dir(self) -> bool:
        """True when the directory has a ``results/`` folder."""
        return self.results_dir.is_dir()

    def has_run_record(self) -> bool:
        """True when ``run.json`` exists (it may still be unreadable)."""
        return self.run_json_path.exists()

    def has_results(self, folder: str) -> bool:
        """True when ``results/<folder>.json`` is a file."""
        return self.results_path(folder).is_file()

    def has_department_report(self, folder: str) -> bool:
        """True when ``departments/<folder>.html`` exists."""
        return self.department_report_path(folder).exists()

    def has_attachment2(self, folder: str) -> bool:
        """True when ``attachment2/<folder>/index.html`` exists."""
        return (self.attachment2_dir(folder) / "index.html").exists()

    def folders(self) -> list[str]:
        """Folder names of the departments with a results file (``results/*.json``), sorted; [] when there is no
        ``results/``."""
        return [p.stem for p in sorted(self.results_dir.glob("*.json"))]

    def assets(self, folder: str, pattern: str = "*") -> list[Path]:
        """Files of ``assets/<folder>/`` whose names match the glob ``pattern``, sorted; [] when there are none."""
        return sorted(self.asset_dir(folder).glob(pattern))

    # run.json
    def run_record(self) -> dict[str, Any] | None:
        """The run record (``run.json``: {"id", "started", "registry": {"id", "title", "path"}, "device",
        "config", "departments" [folders], "finished"?, …}), or None when it is missing or unreadable."""
        try:
            return _read_json(self.run_json_path)
        except (OSError, ValueError):
            return None

    def read_run_record(self) -> dict[str, Any]:
        """The run record, as :meth:`run_record`, for callers that need it.

        Raises:
            OSError: ``run.json`` is missing (FileNotFoundError) or unreadable; the message names the file.
            ValueError: ``run.json`` is not UTF-8 or not JSON (json.JSONDecodeError, message starting with the
                file name).
        """
        return _read_json(self.run_json_path)

    # department results
    def load(self, folder: str) -> dict[str, Any] | None:
        """The department's results (``results/<folder>.json``, validated against the results schema), or None
        if none were written.

        Raises:
            SpecError: the file is unreadable, not JSON or not schema-valid (the message names the file).
        """
        p = self.results_path(folder)
        if not p.exists():
            return None
        return specs.load(p, "results")

    def read_results(self, folder: str) -> Any:
        """The department's results file as parsed, without validation (the results of an earlier run, which may
        have been written by an older harness).

        Raises:
            OSError: no such file (FileNotFoundError) or unreadable; the message names the file.
            ValueError: not UTF-8 or not JSON (json.JSONDecodeError, message starting with the file name).
        """
        return _read_json(self.results_path(folder))

    def all(self) -> list[dict[str, Any]]:
        """All department results in the run directory, validated, sorted by folder name; [] when there is no
        ``results/``.

        Raises:
            SpecError: a results file is unreadable, not JSON or not schema-valid (the message names the file).
        """
        out = []
        for p in sorted(self.results_dir.glob("*.json")):
            out.append(specs.load(p, "results"))
        return out

    def finished_targets(self, folder: str) -> dict[str, dict[str, Any]]:
        """Targets of a department already measured in this run directory (for ``--resume``): {id: result}.
        Raises SpecError as :meth:`load`."""
        data = self.load(folder)
        return {t["id"]: t for t in (data or {}).get("targets", [])}

    # artifacts and screenshots
    def read_artifacts(self, target: dict[str, Any]) -> Any:
        """The saved artifacts of a target result (the file its ``artifacts`` names: {"target", "dom",
        "screenshot", "navigation", …} as gathered).

        Raises:
            KeyError / TypeError: the target records no artifacts (``artifacts`` absent / None).
            OSError: the file is missing (FileNotFoundError) or unreadable; the message names the file.
            ValueError: not UTF-8 or not JSON (json.JSONDecodeError, message starting with the file name).
        """
        return _read_json(self.path(target["artifacts"]))

    def artifacts(self, target: dict[str, Any]) -> Any:
        """The saved artifacts of a target result as :meth:`read_artifacts`, or {} when it records none or the
        file is missing, unreadable or not JSON."""
        if not target.get("artifacts"):
            return {}
        try:
            return self.read_artifacts(target)
        except (OSError, ValueError):
            return {}

    def read_asset(self, rel: str) -> bytes:
        """The bytes of a file the results name relative to the run directory (a target's ``screenshot``,
        ``assets/<folder>/<target>.jpg``). Raises OSError (FileNotFoundError when missing), naming the file."""
        return self.path(rel).read_bytes()

    # other runs
    def previous(self, folder: str | None = None, run: dict[str, Any] | None = None) -> "RunDir | None":
        """The most recent run directory beside this one (same parent) of the same registry that started before
        it and, when ``folder`` is given, holds results for that department; None when there is none.

        ``run`` is this run's record (default: :meth:`run_record`). Runs are compared by their ``started`` time;
        the ``latest`` link and directories without a readable run.json are ignored. The returned RunDir's
        directory is resolved (absolute, symlinks followed). Never raises for unreadable directories (they are
        skipped).
        """
        me = run or self.run_record() or {}
        mine = _started(me)
        reg = (me.get("registry") or {}).get("id")
        best: tuple[datetime, Path] | None = None
        here = self.dir.resolve()
        for d, rec in _sibling_runs(here.parent):
            if d == here or (rec.get("registry") or {}).get("id") != reg:
                continue
            when = _started(rec)
            if when is None or (mine is not None and (when.tzinfo is None) == (mine.tzinfo is None) and when >= mine):
                continue
            if folder and not RunDir(d).has_results(folder):
                continue
            if best is None or when > best[0]:
                best = (when, d)
        return RunDir(best[1]) if best else None


class ResultsStore(RunDir):
    """A :class:`RunDir` that also writes: department results, artifacts and screenshots. Thread-safe for writes
    to different departments; writes to one department are serialised by a lock."""

    def __init__(self, out_dir: str | os.PathLike[str]):
        super().__init__(out_dir)
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _lock(self, folder: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(folder, threading.Lock())

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
        """Atomically write a target's artifacts to ``artifacts/<folder>/<target>.json``; return the path."""
        path = self.artifacts_path(folder, target_id)
        # Full numbers marked as such (harness.personal_data.STORED): recheck finds the leaks the live audit found.
        write_json(path, scrub(artifacts, stored=True))
        return path

    def save_trace(self, folder: str, name: str, source: str | Path) -> Path:
        """Copy the trace file ``source`` to ``traces/<folder>/<name>.zip`` (atomically, mode 0644); return the path."""
        path = self.trace_path(folder, name)
        atomic_write(path, Path(source).read_bytes())
        return path

    def save_asset(self, folder: str, name: str, data: bytes) -> Path:
        """Atomically write ``data`` (a JPEG) to ``assets/<folder>/<name>``; return the path."""
        path = self.asset_path(folder, name)
        atomic_write(path, data)
        return path


class RunLock:
    """An exclusive lock on a run folder while a run writes it (``fcntl.flock`` on ``<run>/.lock``, which holds
    the writer's process id); the operating system drops it when the process ends, however it ends."""

    NAME = ".lock"

    def __init__(self, path: Path, fd: int):
        self.path, self._fd = path, fd

    @classmethod
    def acquire(cls, run_dir: str | os.PathLike[str]) -> "RunLock":
        """Lock ``run_dir`` (which exists) for this process.

        Raises:
            RunDirError: another run holds it (the message names the folder and that run's process id), or the
                lock file cannot be made (read-only folder …).
        """
        import fcntl

        path = Path(run_dir) / cls.NAME
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        except OSError as e:
            raise RunDirError(f"{run_dir}: cannot write in the run folder ({e.strerror or e})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.fchmod(fd, FILE_MODE)
        except OSError:
            try:
                pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            except OSError:
                pid = "?"
            os.close(fd)
            raise RunDirError(f"{run_dir}: another harness run (process {pid}) is writing this run folder; wait for it "
                              "to end or choose another --out") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        return cls(path, fd)

    def release(self) -> None:
        """Unlock (idempotent)."""
        if self._fd is not None:
            try:
                os.close(self._fd)
            finally:
                self._fd = None

    def __del__(self):  # a plan dropped without release
        self.release()

