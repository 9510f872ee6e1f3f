"""The recording host in real Chromium: installed before the first page script, records every call across the
documents of a load, answers the SDK scripts and the SSO address locally, lets nothing reach the platform, and
plays a profile whose ready signal is an event."""

from __future__ import annotations

import json

import pytest

from harness import checklist as checklist_mod
from harness import checks, platforms
from harness.gather import GatherOptions, options_for_target

CL = checklist_mod.load()


@pytest.fixture(scope="module")
def load(gather_browser, fixture_server):
    """``load(path, platform) -> artifacts``: one load (no variant loads) with the host of ``platform``."""

    def do(path: str, platform: str, **info):
        info = {"url": path, "system_kind": "h5", "platform": platform, "service_name": "测试服务", "role": "home", **info}
        opts = options_for_target(GatherOptions(optional_stages={"bridge"}, settle_ms=2000), info)
        return gather_browser.gather(f"{fixture_server.https_base}/platform/{path}", opts, info).artifacts

    return do


def evaluate(check_id, a):
    decl = CL.by_id[check_id]
    return checks.evaluate(decl, a, CL.params_for(decl))


def test_host_installed_before_the_first_page_script(load):
    a = load("parse-time.html", "qingsongban")
    calls = a["bridge"]["calls"]
    first = next(c for c in calls if c["kind"] == "call")
    assert first["name"] == "getUiStyle" and first["sdk"] is False and first["ready"] is False
    assert first["answer"] == {"uiStyle": "normal"} and first["t"] > 0 and first["t_load"] > 0
    assert [c["kind"] for c in calls][:3] == ["route", "call", "sdk"]  # route load, the parse-time call, then the SDK
    title = next(c for c in calls if c["name"] == "setTitle")
    assert title["sdk"] is True and title["ready"] is False  # parsed right after the SDK: before the ready signal
    ready = next(c for c in calls if c["kind"] == "ready")
    assert ready["t"] >= title["t"]
    o = evaluate("IN-01", a)
    assert o.outcome == "failed" and o.value == 2 and {e["note"] for e in o.evidence} == {"before the SDK loaded", "before the ready signal"}
    assert a["dom"]["visible_text"].strip() == "解析时调用桥接" and not a["page_errors"]


def test_sso_redirect_ticket_and_nothing_reaches_the_platform(load):
    a = load("sso-redirect.html", "zheliban")
    b = a["bridge"]
    ticket = b["ticket"]
    assert ticket.endswith("-ticket")
    sso = [r for r in b["requests"] if r["served"] == "sso"]
    assert len(sso) == 1 and sso[0]["url"].startswith("https://puser.zjzwfw.gov.cn/sso/mobile.do")
    assert sso[0]["location"].endswith(f"ticket={ticket}") and a["navigation"]["final_url"].endswith(f"ticket={ticket}")
    # Both documents of the load are in the log (the first one redirected away before it was ready).
    assert len(b["documents"]) == 2 and {c["doc"] for c in b["calls"]} == {0, 1}
    assert [c["name"] for c in b["calls"] if c["doc"] == 0 and c["kind"] == "call"] == ["onReady"]
    used = [c for c in b["calls"] if c["kind"] == "ticket" and c["role"] == "ticket_used"]
    assert used and ticket in used[0]["args"][0]
    o = evaluate("IN-02", a)
    assert o.outcome == "passed" and "SSO redirect" in o.message and "ticket read" in o.message
    # Requests to the platform's other addresses are answered locally with 404.
    blocked = [r for r in b["requests"] if r["served"] == "blocked"]
    assert any("wpk-gate.zjzwfw.gov.cn" in r["url"] for r in blocked)
    net = {n["url"]: n for n in a["network"]}
    assert net["https://wpk-gate.zjzwfw.gov.cn/static/pixel.png"]["status"] == 404
    assert net["https://assets.zjzwfw.gov.cn/assets/ZWJSBridge/1.1.0/zwjsbridge.js"]["status"] == 200
    assert all(not (n.get("remote_ip") or "").strip() for u, n in net.items() if "zjzwfw.gov.cn" in u)


def test_event_ready_profile(load, monkeypatch, tmp_path):
    data = json.loads((platforms.platforms_dir() / "qingsongban.json").read_text(encoding="utf-8"))
    data.update(id="eventhost")
    data["bridge"].update(defined_by="host", ready={"kind": "event", "event": "QSBridgeReady", "delay_ms": 20})
    data["sdk"]["scripts"] = []
    (tmp_path / "eventhost.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(platforms, "platforms_dir", lambda: tmp_path)
    a = load("event-ready.html", "eventhost")
    calls = a["bridge"]["calls"]
    assert [c["name"] for c in calls if c["kind"] == "call"] == ["addEventListener", "setTitle"]
    ready = next(c for c in calls if c["kind"] == "ready")
    title = next(c for c in calls if c["name"] == "setTitle")
    assert ready["name"] == "QSBridgeReady" and title["ready"] is True and title["t"] >= ready["t"]
    assert evaluate("IN-01", a).outcome == "passed"
