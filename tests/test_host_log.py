"""The host integration checks (IN-01…IN-07, EL-01, NV-01) as a group, on hand-made artifacts: their gating
(platform_only: no platform, a profile that does not list the check, a skipped variant load; a missing call log,
:func:`harness.checks.host_log.gate`) and that none of them changes the artifacts it reads (no browser)."""

from __future__ import annotations

import copy

from tests.checkrun import run
from tests.host_artifacts import art, elder, text, variant


def test_platform_only_checks_inapplicable_without_platform_or_in_profile():
    a = art(platform=None)
    a["target"]["platform"] = None
    for cid in ("IN-01", "IN-03", "IN-04", "IN-05", "IN-06", "EL-01", "IN-07", "NV-01"):
        assert run(cid, a).outcome == "inapplicable", cid
    nat = art("national", calls=[])
    assert run("IN-01", nat).outcome == "inapplicable" and "does not define" in run("IN-01", nat).message
    assert run("EL-01", nat).outcome == "inapplicable" and "does not define what EL-01" in run("EL-01", nat).message
    qsb = art()
    qsb["variants_skipped"] = {"platform_elder": "no elder mode known"}
    o = run("EL-01", qsb)
    assert o.outcome == "inapplicable" and "platform_elder" in o.message


def test_missing_call_log_is_an_error():
    a = art()
    del a["bridge"]
    assert run("IN-01", a).outcome == "error"
    o = run("IN-02", a)
    assert o.outcome == "error" and "call log" in o.message


def test_checks_do_not_mutate_artifacts():
    a = art(variants={"ua_wechat": variant(), "ua_alipay": variant(), **elder([text("正文", 20)], [])}, outbound={"candidates": []})
    before = copy.deepcopy(a)
    for cid in ("IN-01", "IN-02", "IN-03", "IN-04", "IN-05", "IN-06", "EL-01", "IN-07", "NV-01"):
        run(cid, a)
    assert a == before
