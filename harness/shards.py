"""Beyond one machine: a run split into shards (``harness run --shard I/N``) and the shards' run folders merged
back into one (``harness merge RUN_DIR… --out DIR``), with one index, one 附件2 set and one comparison with the
previous run, as if one machine had made the whole run. No scheduler of our own: a CI matrix runs the shards
(see ``ci-examples/``).

A shard is a deterministic share of the selected departments: every machine computes the same split from the
same registry and the same previous run. Departments are balanced by how long they took in the previous run of
the same registry (the most recent whole or merged run folder beside ``--out`` whose run.json names that registry
id), else by
their number of targets: longest first, each to the shard with the least work so far (ties to the lower shard).
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from typing import Iterable

from .errors import HarnessError, OptionError


def parse_shard(text: str) -> tuple[int, int]:
    """``"I/N"`` → (I, N), 1 ≤ I ≤ N. Raises OptionError naming ``--shard``."""
    m = re.fullmatch(r"\s*(\d{1,4})\s*/\s*(\d{1,4})\s*", text or "")
    if not m or not (1 <= int(m.group(1)) <= int(m.group(2))):
        raise OptionError(f"--shard must be I/N with 1 ≤ I ≤ N (e.g. 1/4), not {text!r}")
    return int(m.group(1)), int(m.group(2))


def previous_durations(reports_dir: Path, registry_id: str | None) -> dict[str, int]:
    """{department folder: ms its targets took} from the most recent finished run folder under ``reports_dir`` whose
    run.json names ``registry_id`` and that is not itself a shard (a whole run, or shards merged), so that every
    shard of one run, made one after another or at once, sees the same figures; {} when there is none. Never raises."""
    from .results import RunDir, _sibling_runs, _started

    best = None
    for d, rec in _sibling_runs(Path(reports_dir)):
        if (rec.get("registry") or {}).get("id") != registry_id or not rec.get("finished"):
            continue
        if (rec.get("config") or {}).get("shard"):  # a shard's run is partial (and would change the split for the next)
            continue
        when = _started(rec)
        if when is not None and (best is None or when.timestamp() > best[0].timestamp()):
            best = (when, d)
    if best is None:
        return {}
    try:
        return {r["department"]["folder"]: sum(int(t.get("duration_ms") or 0) for t in r["targets"]) for r in RunDir(best[1]).all()}
    except Exception:
        return {}


def assign(departments: list, n: int, weights: dict[str, float]) -> list[list]:
    """Split ``departments`` (objects with ``folder`` and ``targets()``) into ``n`` shards, balanced by
    ``weights[folder]`` (ms; a department without one weighs its number of targets times the median weight per
    target of those known, or 1 s per target). Deterministic: the same input gives the same split. Each shard
    keeps the registry's order."""
    per_target = [weights[d.folder] / max(1, len(d.targets())) for d in departments if weights.get(d.folder)]
    unit = sorted(per_target)[len(per_target) // 2] if per_target else 1000.0

    def weight(d) -> float:
        return float(weights.get(d.folder) or unit * max(1, len(d.targets())))

    order = {d.folder: i for i, d in enumerate(departments)}
    bins: list[list] = [[] for _ in range(n)]
    load = [0.0] * n
    for d in sorted(departments, key=lambda d: (-weight(d), order[d.folder])):
        k = min(range(n), key=lambda i: (load[i], i))
        bins[k].append(d)
        load[k] += weight(d)
    return [sorted(b, key=lambda d: order[d.folder]) for b in bins]


def share(departments: list, shard: str, reports_dir: Path, registry_id: str | None) -> list:
    """The departments of shard ``shard`` ("I/N"). Raises OptionError for a bad ``shard``."""
    i, n = parse_shard(shard)
    return assign(departments, n, previous_durations(reports_dir, registry_id))[i - 1]


#: The run folder's sub-folders copied per department by :func:`merge` (reports and 附件2 are rendered again).
COPIED = ("artifacts", "assets", "traces")


def merge(run_dirs: Iterable[str | Path], out: str | Path, checklist_path: str | None = None, lang: str = "zh",
          allow_mixed: bool = False, notice=None) -> Path:
    """Merge the run folders ``run_dirs`` (shards of one run, or runs of disjoint departments) into ``out``: their
    results, artifacts, screenshots and traces, a run.json naming them, and the reports, 附件2 and index rendered
    once (:func:`harness.report.render_run`). Returns the index path.

    Raises:
        HarnessError: fewer than two run folders, one that holds no results, a department in two of them, results
            made with different registries, checklists, parameters or devices (unless ``allow_mixed``; then the
            index says so), ``out`` being one of the inputs or already holding results.
        RunDirError: a path in a run folder points outside it.
    """
    from . import checklist as checklist_mod
    from . import report
    from .results import RunDir, RunLock, make_dirs, mixed, write_json

    dirs = [RunDir(Path(d).resolve()) for d in run_dirs]
    if len(dirs) < 2:
        raise HarnessError("merge: give at least two run folders")
    out_dir = Path(out).resolve()
    if any(d.dir == out_dir for d in dirs):
        raise HarnessError(f"merge: --out {out} is one of the run folders merged")
    if out_dir.exists() and any((out_dir / "results").glob("*.json")):
        raise HarnessError(f"merge: --out {out} already holds results (give an empty or new folder)")
    records, results, owner = [], [], {}
    for d in dirs:
        if not d.is_run_dir():
            raise HarnessError(f"merge: {d.dir} holds no results/*.json (not a run folder)")
        rec = d.run_record() or {}
        records.append(rec)
        for r in d.all():
            folder = r["department"]["folder"]
            if folder in owner:
                raise HarnessError(f"merge: department {r['department']['display_name']!r} is in both {owner[folder].dir} and {d.dir}")
            owner[folder] = d
            results.append(r)
    differ = mixed([r["run"] for r in results])
    if differ and not allow_mixed:
        raise HarnessError(f"merge: the runs were made under different {', '.join(differ)}: merge runs of one registry, "
                           "checklist, parameters and device, or give --allow-mixed")
    if differ and notice:
        notice(f"runs made under different {', '.join(differ)} merged (--allow-mixed); the index says so")
    make_dirs(out_dir)
    lock = RunLock.acquire(out_dir)
    try:
        for folder, d in owner.items():
            src_results = d.dir / "results" / f"{folder}.json"
            make_dirs(out_dir / "results")
            shutil.copyfile(d.inside(src_results), out_dir / "results" / f"{folder}.json")
            for sub in COPIED:
                src = d.dir / sub / folder
                if src.is_dir():
                    shutil.copytree(d.inside(src), out_dir / sub / folder, dirs_exist_ok=True, symlinks=False)
        first = records[0]
        order = [f for rec in records for f in rec.get("departments") or []]
        record = {k: first[k] for k in ("harness_version", "checklist", "registry", "device", "lang", "overrides", "browser",
                                        "config") if k in first}
        if isinstance(record.get("config"), dict):
            record["config"] = {**record["config"], "shard": None, "out": str(out_dir)}
        record.update(id=out_dir.name, started=min(str(r.get("started") or "") for r in records),
                      finished=max(str(r.get("finished") or "") for r in records) or time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                      departments=[f for f in dict.fromkeys(order) if f in owner] + [f for f in owner if f not in order],
                      merged_from=[{"id": r.get("id"), "shard": (r.get("config") or {}).get("shard"), "path": str(d.dir)}
                                   for r, d in zip(records, dirs)])
        write_json(out_dir / "run.json", record)
        cl = checklist_mod.load(checklist_path or (first.get("checklist") or {}).get("path"))
        return report.render_run(out_dir, cl, lang=lang or first.get("lang") or "zh", allow_mixed=allow_mixed, notice=notice)
    finally:
        lock.release()
