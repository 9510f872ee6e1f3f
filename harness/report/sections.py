"""Extra report sections, registered by the modules that own their data (青松办 readiness, registry lint,
政务服务 column, 事项同源 …), so that the department report grows without editing its template.

A section is a template file in ``harness/report/templates`` and a ``context`` function returning the data it
shows, or None to leave it out. Department sections render after the must-fix list; target sections after the
target's check table. Inside the template, ``ctx`` is the context, ``s`` the UI strings, ``lang`` the language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass
class Section:
    """A report section.

    Attributes:
        name: unique name (also the HTML id prefix).
        template: template file name, e.g. ``section_bridge.html``.
        level: ``department`` (once per report) or ``target`` (once per page).
        context: ``(department_results, target_result_or_None, checklist, lang, out_dir) -> dict | None``;
            ``out_dir`` is the run directory (a Path): read its files through ``harness.results.RunDir(out_dir)``
            (e.g. ``.artifacts(target)``, ``.read_asset(target["screenshot"])``), not directly.
        order: sort key among sections of the same level.
    """

    name: str
    template: str
    level: str
    context: Callable[..., dict[str, Any] | None]
    order: int = 50


SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    """Register a report section. Raises ValueError on a duplicate name or an unknown level."""
    if section.level not in ("department", "target"):
        raise ValueError(f"section level must be department or target, not {section.level!r}")
    if section.name in SECTIONS:
        raise ValueError(f"duplicate report section {section.name!r}")
    SECTIONS[section.name] = section


def render_list(level: str, data: dict, target: dict | None, checklist, lang: str, out_dir) -> list[dict[str, Any]]:
    """The sections of ``level`` that have something to show: [{"name", "template", "ctx"}], in order."""
    out = []
    for sec in sorted((s for s in SECTIONS.values() if s.level == level), key=lambda s: (s.order, s.name)):
        ctx = sec.context(data, target, checklist, lang, out_dir)
        if ctx is not None:
            out.append({"name": sec.name, "template": sec.template, "ctx": ctx})
    return out
