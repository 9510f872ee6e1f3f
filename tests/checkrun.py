"""Evaluate one check of the default checklist on hand-made artifacts (the unit tests of the check functions)."""

from __future__ import annotations

from harness import checklist as checklist_mod
from harness import checks

CL = checklist_mod.load()


def run(check_id: str, artifacts: dict, **params):
    """The Outcome of check ``check_id`` on ``artifacts`` with its default parameters, ``params`` overriding them."""
    decl = CL.by_id[check_id]
    return checks.evaluate(decl, artifacts, {**CL.params_for(decl), **params})
