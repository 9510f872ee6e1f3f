"""How :func:`harness.checks.evaluate` runs a check: a missing artifact or a page that did not load gives
``error`` with the reason (AV-01 itself fails instead), an exception in the check gives ``error``, and manual
checks and checks that do not apply to the system kind give ``untested`` and ``inapplicable``."""

from __future__ import annotations

from harness import checklist as checklist_mod
from harness import checks

from tests.checkrun import checklist, run
from tests.page_artifacts import art

CL = checklist()


def test_missing_artifact_is_error_with_reason():
    a = art(errors={"dom": "timeout"})
    o = run("TX-01", a)
    assert o.outcome == "error" and "'dom' failed: timeout" in o.message


def test_page_not_loaded_is_error_for_dom_checks_but_failure_for_av01():
    a = art(navigation={"url": "https://x/", "final_url": "chrome-error://chromewebdata/", "ok": False, "status": None,
                        "load_ms": None, "error": "net::ERR_CONNECTION_REFUSED", "committed": False})
    assert run("AV-01", a).outcome == "failed"
    o = run("EL-05", a)
    assert o.outcome == "error" and "ERR_CONNECTION_REFUSED" in o.message


def test_check_exception_becomes_error():
    a = art({"texts": [{"broken": True}]})
    o = run("EL-03", a)
    assert o.outcome == "error" and "KeyError" in o.message


def test_manual_and_applies_to():
    decl = CL.by_id["UI-01"]
    manual = checklist_mod.Check(**{**decl.__dict__, "mode": "manual"})
    assert checks.evaluate(manual, art({}), {}).outcome == "untested"
    scoped = checklist_mod.Check(**{**decl.__dict__, "applies_to": ["website"]})
    assert checks.evaluate(scoped, art({}), CL.params_for(decl)).outcome == "inapplicable"


def test_website_targets_get_only_the_website_checks():
    checklist = CL
    art = {"target": {"system_kind": "website"}}
    for c in checklist.checks:
        if c.mode == "manual":
            continue
        out = checks.evaluate(c, art, c.defaults())
        if c.applies_to and "website" in c.applies_to:
            assert out.outcome != "inapplicable" or c.id.startswith("SV"), c.id
        else:
            assert out.outcome == "inapplicable" and "website" in out.message, c.id
    out = checks.evaluate(checklist.by_id["WS-01"], {"target": {"system_kind": "h5"}}, {})
    assert out.outcome == "inapplicable"
