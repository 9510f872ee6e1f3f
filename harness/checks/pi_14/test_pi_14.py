"""PI-14 on hand-made artifacts (the fixture pages in fixtures/ run in real Chromium in tests/test_check_fixtures.py)."""

from tests.checkrun import run


def _art(findings, unread=0):
    read = {"local_storage": 2, "session_storage": 1, "cookies": 1, "responses": 3, "hidden_inputs": 1, "comments": 1,
            "inline_scripts": 2}
    return {"target": {"system_kind": "h5"}, "exposure": {"read": read, "unread_responses": unread, "findings": findings, "responses": []}}


def _f(where, kind="mobile", masked="138****8000", **kw):
    return {"where": where, "key": kw.get("key"), "url": kw.get("url"), "kind": kind, "masked": masked, "note": None}


def test_a_number_in_storage_or_a_response_fails_with_masked_evidence():
    o = run("PI-14", _art([_f("local_storage", key="userInfo"), _f("response", "resident_id", "1*************002X", url="https://a.example/api/me")]))
    assert o.outcome == "failed" and o.value == 2
    assert [e["text"] for e in o.evidence] == ["138****8000", "1*************002X"]
    assert "key userInfo" in o.evidence[0]["note"] and o.evidence[1]["url"] == "https://a.example/api/me"
    assert "localStorage 1 处" in o.message_zh and "接口返回 1 处" in o.message_zh


def test_nothing_found_passes_and_unread_bodies_cannot_pass():
    assert run("PI-14", _art([])).outcome == "passed"
    o = run("PI-14", _art([], unread=2))
    assert o.outcome == "cantTell" and "2 response" in o.message


def test_kinds_and_places_are_parameters():
    art = _art([_f("cookie"), _f("comment", "bank_card", "***************0128")])
    assert run("PI-14", art, patterns=["resident_id"]).outcome == "passed"
    assert run("PI-14", art, places=["comment"]).value == 1
    # unread responses do not matter when responses are not looked at
    assert run("PI-14", _art([], unread=1), places=["cookie"]).outcome == "passed"
