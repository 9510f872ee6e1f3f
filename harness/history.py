"""The history database: availability samples (``harness probe``, read by AV-04) and, optionally, the scores of
runs per department (``harness run --history``), in one SQLite file (standard library ``sqlite3``) inside a
folder the user names: ``<folder>/history.sqlite``.

The database is optional: reports render from a run folder alone. Its schema is versioned (``meta.schema_version``,
:data:`SCHEMA_VERSION`): opening a database written by a newer harness raises :class:`~harness.errors.SpecError`
rather than misreading it; an older one is upgraded in place. Times are UTC milliseconds since the epoch
(``t``), durations in ms.

Tables (version 1):

``samples``: one availability sample per row — ``t``, ``url``, ``target`` (registry target id or NULL),
``department``, ``method`` (``browser`` | ``http``), ``ok`` (1: the page loaded with status < 400 within the
probe's timeout), ``status`` (HTTP status or NULL), ``elapsed_ms`` (until the load event, or the GET's body; the
time spent when it failed), ``error`` (the browser's or HTTP client's reason, NULL when ok).

``runs``: one row per (run, department) — ``t``, ``run`` (the run folder's name), ``registry``, ``department``,
``score``, ``verdict``, ``counts`` (JSON of outcome counts).

Writes are single short transactions (a cron job every 30 minutes and a run may write at once; SQLite's lock and a
10 s busy timeout serialise them).
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .errors import SpecError

SCHEMA_VERSION = 1
FILE_NAME = "history.sqlite"

_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS samples (
        id INTEGER PRIMARY KEY, t INTEGER NOT NULL, url TEXT NOT NULL, target TEXT, department TEXT,
        method TEXT NOT NULL, ok INTEGER NOT NULL, status INTEGER, elapsed_ms INTEGER, error TEXT)""",
    "CREATE INDEX IF NOT EXISTS samples_url_t ON samples (url, t)",
    """CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY, t INTEGER NOT NULL, run TEXT NOT NULL, registry TEXT, department TEXT NOT NULL,
        score REAL, verdict TEXT, counts TEXT, UNIQUE (run, department))""",
    "CREATE INDEX IF NOT EXISTS runs_department_t ON runs (department, t)",
]


def now_ms() -> int:
    """The current time, UTC ms since the epoch."""
    return int(time.time() * 1000)


@dataclass
class Sample:
    """One availability sample (see the ``samples`` table): times in UTC ms, ``elapsed_ms`` in ms."""

    t: int
    url: str
    ok: bool
    elapsed_ms: int | None
    method: str = "browser"
    status: int | None = None
    error: str | None = None
    target: str | None = None
    department: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data: {"t", "url", "ok", "elapsed_ms", "method", "status", "error", "target", "department"}."""
        return dict(self.__dict__)


class History:
    """An open history database. Use :func:`open_history`; close with :meth:`close` (or as a context manager)."""

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = path
        self.conn = conn

    def __enter__(self) -> "History":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def add_samples(self, samples: Iterable[Sample]) -> int:
        """Append samples in one transaction; returns how many."""
        from .personal_data import scrub

        # Masked as every output is (URL secrets, personal numbers); AV-04 looks samples up by the masked URL too.
        rows = [(s.t, scrub(s.url), s.target, s.department, s.method, int(bool(s.ok)), s.status, s.elapsed_ms, scrub(s.error))
                for s in samples]
        with self.conn:
            self.conn.executemany("INSERT INTO samples (t, url, target, department, method, ok, status, elapsed_ms, error) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    def samples(self, url: str, since_ms: int, until_ms: int) -> list[Sample]:
        """The samples of ``url`` with ``since_ms <= t < until_ms``, oldest first (URLs are stored masked: looked up so)."""
        from .personal_data import scrub

        cur = self.conn.execute("SELECT t, url, ok, elapsed_ms, method, status, error, target, department FROM samples "
                                "WHERE url = ? AND t >= ? AND t < ? ORDER BY t", (scrub(url), since_ms, until_ms))
        return [Sample(t, u, bool(ok), el, m, st, err, tg, dep) for t, u, ok, el, m, st, err, tg, dep in cur]

    def add_run(self, run: str, department: str, score: float | None, verdict: str | None, counts: dict[str, int] | None,
                registry: str | None = None, t: int | None = None) -> None:
        """Record (or replace) one department's score in run ``run`` (the run folder's name)."""
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO runs (t, run, registry, department, score, verdict, counts) VALUES (?, ?, ?, ?, ?, ?, ?)",
                              (t if t is not None else now_ms(), run, registry, department, score, verdict,
                               json.dumps(counts or {}, ensure_ascii=False)))

    def runs(self, department: str, limit: int = 50) -> list[dict[str, Any]]:
        """The department's recorded runs, oldest first (at most the last ``limit``): [{"t", "run", "registry",
        "score", "verdict", "counts"}]."""
        cur = self.conn.execute("SELECT t, run, registry, score, verdict, counts FROM runs WHERE department = ? "
                                "ORDER BY t DESC LIMIT ?", (department, limit))
        rows = [{"t": t, "run": r, "registry": reg, "score": s, "verdict": v, "counts": json.loads(c or "{}")}
                for t, r, reg, s, v, c in cur]
        return rows[::-1]


def record_run(h: History, run: str, results: Iterable[dict[str, Any] | None], registry: str | None = None) -> int:
    """Record each department result of a run (``results/<name>.json`` data: ``department.display_name`` and
    ``summary``: score, verdict, counts) as a row of ``runs``; returns how many. None entries are skipped."""
    n = 0
    for r in results:
        if not r:
            continue
        sm = r.get("summary") or {}
        h.add_run(run, r["department"]["display_name"], sm.get("score"), sm.get("verdict"), sm.get("counts"), registry=registry)
        n += 1
    return n


def folder_of_results(data: dict[str, Any]) -> str | None:
    """The history folder a department's results were audited with: AV-04's ``history`` parameter in any of its
    targets' check results (``harness run --history DIR`` sets it), else None."""
    for t in data.get("targets") or []:
        for c in t.get("checks") or []:
            if c.get("id") == "AV-04" and (c.get("params") or {}).get("history"):
                return c["params"]["history"]
    return None


def path_of(folder: str | Path) -> Path:
    """The database file of history folder ``folder``."""
    return Path(folder) / FILE_NAME


def open_history(folder: str | Path, create: bool = True) -> History:
    """Open (and with ``create``, create) the history database in ``folder``.

    Raises:
        FileNotFoundError: ``create`` is false and there is no database in ``folder``.
        SpecError: the file is not a history database, or was written by a newer schema version.
    """
    path = path_of(folder)
    if not create and not path.exists():
        raise FileNotFoundError(f"no history database {path}")
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=10)
        version = None
        has_meta = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        if has_meta:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = int(row[0]) if row else None
    except sqlite3.DatabaseError as e:
        raise SpecError(str(path), "$", f"not a history database: {e}") from None
    if version is not None and version > SCHEMA_VERSION:
        conn.close()
        raise SpecError(str(path), "meta.schema_version", f"written by a newer harness (schema {version}; this one reads up to {SCHEMA_VERSION})")
    with conn:
        for stmt in _SCHEMA:
            conn.execute(stmt)
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    return History(path, conn)
