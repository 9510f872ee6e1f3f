"""IN-01 on hand-made call logs: calls before ready or without the SDK, a page that never waits, the last document only."""

from __future__ import annotations

from tests.checkrun import run
from tests.host_artifacts import art, good_log


def test_in01_passes_when_every_call_follows_ready():
    o = run("IN-01", art())
    assert o.outcome == "passed" and o.value == 0 and "ready at 40 ms" in o.message


def test_in01_calls_before_ready_or_without_sdk():
    log = good_log()
    log[5]["ready"] = False  # setTitle before the ready signal
    o = run("IN-01", art(calls=log))
    assert o.outcome == "failed" and o.value == 1 and "setTitle" in o.evidence[0]["text"]
    no_sdk = [c for c in good_log() if c["kind"] != "sdk"]
    for c in no_sdk:
        c["sdk"] = False
    o = run("IN-01", art(calls=no_sdk))
    assert o.outcome == "failed" and "SDK script was not loaded" in o.message and "qsbridge.js" in o.evidence[0]["url"]


def test_in01_calls_after_ready_without_waiting_warn():
    log = [c for c in good_log() if c.get("role") != "ready"]
    o = run("IN-01", art(calls=log))
    assert o.outcome == "passed" and o.warning and "never registers" in o.message
    assert not run("IN-01", art()).warning


def test_in01_looks_at_the_last_document_only():
    first = [dict(c, doc=0, ready=False) for c in good_log()]  # a document left by a redirect
    last = [dict(c, doc=1, seq=c["seq"]) for c in good_log()]
    assert run("IN-01", art(calls=first + last)).outcome == "passed"
