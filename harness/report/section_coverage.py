"""Report section of a department's coverage per system (:mod:`harness.coverage`): registered targets and
whether each was reached, the pages ``harness run --discover`` found that the registry does not list (audited,
tagged 发现, not scored), and what discovery could not follow.

Shown for every department whose results carry ``coverage`` with at least one system that has registered
targets or ran discovery; results written before coverage existed render without it.
"""

from __future__ import annotations

from typing import Any

from .sections import Section, register_section


def _context(data: dict[str, Any], target, checklist, lang: str, out_dir) -> dict[str, Any] | None:
    from ..coverage import totals

    cov = [c for c in data.get("coverage") or [] if c.get("registered_count") or c.get("discovery")]
    if not cov:
        return None
    # Link each discovered page's row to its screenshot (saved like any target's) when there is one.
    shots = {t["id"]: t.get("screenshot") for t in data.get("discovered") or []}
    return {"systems": cov, "totals": totals(cov), "shots": shots}


register_section(Section("coverage", "section_coverage.html", "department", _context, order=12))
