"""Evaluate one check on hand-made artifacts: the unit tests of the checks (in each check's folder,
``harness/checks/<id>/test_<id>.py``, as ``from tests.checkrun import run``) and of the engine.

A check is evaluated from its own definition (``check.json``: its parameter defaults), independently of any
checklist's policy, so that a check's tests hold whichever checklist uses it.
"""

from __future__ import annotations

from harness import checks


def defaults(check_id: str) -> dict:
    """The default parameter values of check ``check_id``, from its definition: {name: value}."""
    return {k: v["value"] for k, v in checks.get(check_id).params.items()}


def run(check_id: str, artifacts: dict, **params):
    """The Outcome of check ``check_id`` on ``artifacts`` with its default parameters, ``params`` overriding them."""
    return checks.evaluate(checks.get(check_id), artifacts, {**defaults(check_id), **params})


def checklist():
    """The default checklist (policy), loaded once: for the tests about policy rather than one check."""
    global _CL
    if _CL is None:
        from harness import checklist as checklist_mod

        _CL = checklist_mod.load()
    return _CL


_CL = None
