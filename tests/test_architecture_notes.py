"""ARCHITECTURE.md stays true to the code: every file it names exists and every dotted name it gives resolves."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTES = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")


def test_files_named_exist():
    paths = set(re.findall(r"`((?:harness|specs|tests)/[\w./-]+?\.(?:py|json|js|html|md))`", NOTES))
    assert len(paths) >= 8, paths
    missing = sorted(p for p in paths if "<" not in p and not (ROOT / p).exists())
    assert not missing, missing


def test_dotted_names_resolve():
    names = set(re.findall(r"\b(harness(?:\.[A-Za-z_]\w*)+)", NOTES))
    assert len(names) >= 8, names
    bad = []
    for name in sorted(names):
        parts = name.split(".")
        for i in range(len(parts), 0, -1):
            try:
                obj = importlib.import_module(".".join(parts[:i]))
            except ImportError:
                continue
            try:
                for attr in parts[i:]:
                    obj = getattr(obj, attr)
            except AttributeError:
                bad.append(name)
            break
        else:
            bad.append(name)
    assert not bad, bad


def test_check_folders_hold_what_the_notes_say():
    from harness import checks

    for d in checks.definitions().values():
        assert (d.folder / "check.json").is_file() and (d.folder / "__init__.py").is_file(), d.id
        if d.mode != "manual":
            assert (d.folder / "check.py").is_file(), d.id
