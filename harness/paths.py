"""Where the harness finds its data: the ``specs/`` tree, the demo apps and the report templates.

``HARNESS_SPECS`` overrides the specs directory (default: ``specs/`` beside the ``harness`` package, which is
where an editable install and a source checkout keep it).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DEMO_DIR = PACKAGE_DIR / "demo"
TEMPLATES_DIR = PACKAGE_DIR / "report" / "templates"


def specs_dir() -> Path:
    """Return the specs directory (``$HARNESS_SPECS`` or ``<project>/specs``)."""
    return Path(os.environ.get("HARNESS_SPECS") or PROJECT_DIR / "specs")


def schema_path(name: str) -> Path:
    """Return the path of JSON Schema ``name`` (e.g. ``"registry"`` → ``specs/schemas/registry.schema.json``)."""
    return specs_dir() / "schemas" / f"{name}.schema.json"


def default_checklist() -> Path:
    """The checklist used when none is given: ``specs/checklists/national-mobile.json``."""
    return specs_dir() / "checklists" / "national-mobile.json"


def default_reports_dir() -> Path:
    """``reports/`` in the current directory: where runs are written unless ``--out`` says otherwise."""
    return Path.cwd() / "reports"
