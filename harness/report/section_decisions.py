"""Report section of reviewer decisions (:mod:`harness.decisions`), right after the must-fix list: every manual or
semi-automatic item and every ``cantTell`` outcome of the department, per page, with what was measured, what a
person decided (by whom, when, the note) or that the decision is stale (the evidence changed since), and a form
to decide pass / fail / not applicable with a note. The form needs no server: its button downloads the
department's decisions file (``<folder>.json``, schema ``decisions.schema.json``) for the decisions folder, through
``decisions.js`` (a Blob and a link; the page's content security policy admits that one script by its hash).

The department template includes ``section_decisions.html``, which calls the Jinja global ``decisions_section``
registered here; this module is imported by ``harness.report`` with the other ``section_*`` modules.
"""

from __future__ import annotations

import json
from typing import Any

from .. import decisions as decisions_mod
from ..outcomes import CANT_TELL


def context(data: dict[str, Any], checklist, lang: str) -> dict[str, Any] | None:
    """The section's data: {"folder", "rows": [{"target", "label", "check", "title", "mode", "veto", "weight",
    "measured" (outcome before any decision), "outcome" (what scoring used), "message", "fingerprint", "decision"
    (the applied one or None), "stale" (the stale one or None)}], "applied", "stale", "existing" (JSON text of
    the decisions the page started from, kept in a download)}; None when no item needs a person."""
    rows = []
    existing = []
    for decl in checklist.checks:
        for t in data.get("targets", []):
            for c in t.get("checks", []):
                if c["id"] != decl.id or not decisions_mod.decidable(decl, c):
                    continue
                measured = c.get("measured_outcome") or c["outcome"]
                if decl.mode == "semi" and measured in ("passed", "inapplicable") and not c.get("decision"):
                    continue  # measured clear: nothing for a person (as the reviewer's list)
                if decl.mode == "automatic" and measured != CANT_TELL:
                    continue
                d = c.get("decision")
                if d:
                    existing.append(d)
                rows.append({"target": t["id"], "label": f"{t.get('system_name') or t.get('system')} · {t.get('page')}",
                             "check": decl.id, "title": decl.title_zh if lang == "zh" else decl.title_en, "mode": decl.mode,
                             "veto": decl.veto, "weight": decl.weight, "measured": measured, "outcome": c["outcome"],
                             "message": c.get("message_zh") if lang == "zh" else c.get("message"),
                             "fingerprint": decisions_mod.fingerprint(t, c), "decision": d, "stale": c.get("decision_stale")})
    if not rows:
        return None
    tally = data.get("decisions") or {}
    return {"folder": data["department"]["folder"], "rows": rows, "applied": tally.get("applied", 0),
            "stale": tally.get("stale", 0), "existing": json.dumps(existing, ensure_ascii=False)}


def _global(data, checklist, lang):
    return context(data, checklist, lang)


def _register() -> None:
    from . import _env

    _env().globals["decisions_section"] = _global


_register()
