"""PI-04 on hand-made call and send logs: the first interaction's time and the kinds of collection."""

from __future__ import annotations

from tests.checkrun import run
from tests.stage_artifacts import art


def test_pi04_interaction_time_and_kinds():
    st = {"t_first_input": 500, "calls": [{"t": 100, "api": "geolocation.getCurrentPosition", "detail": None},
                                          {"t": 900, "api": "mediaDevices.getUserMedia", "detail": "{}"},
                                          {"t": 50, "api": "Notification.requestPermission", "detail": None}], "sends": []}
    o = run("PI-04", art(pi_state=st))
    assert o.outcome == "failed" and o.value == 1  # the camera came after the first tap; notifications are not in `apis`
    st = {"t_first_input": None, "calls": [], "sends": [
        {"t": 10, "api": "xhr", "url": "https://x/log", "body_kind": "json", "keys": ["event"], "field_values": 0, "snippet": '{"event":"pv"}'},
        {"t": 20, "api": "fetch", "url": "https://x/save", "body_kind": "json", "keys": ["mobile"], "field_values": 0, "snippet": '{"mobile":""}'},
        {"t": 30, "api": "sendBeacon", "url": "https://x/b", "body_kind": "text", "keys": [], "field_values": 0, "snippet": "id=630102198807151232"}]}
    a = art({"fields": [{"name": "mobile", "id": "m", "selector": "#m", "box": [0, 0, 1, 1]}]}, pi_state=st)
    o = run("PI-04", a)
    assert o.outcome == "failed" and o.value == 2 and {e["value"] for e in o.evidence} == {"fetch", "sendBeacon"}
    a["network"] = [{"type": "Document", "method": "POST", "url": "https://x/submit", "t": 40}]
    assert run("PI-04", a).value == 3
    assert run("PI-04", art(pi_state={"t_first_input": None, "calls": [], "sends": []})).outcome == "passed"
