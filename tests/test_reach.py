"""Reached, or not: pages that redirect to a login page (HTTP 302, ``location.replace``, a hash route), turn into a
download or leave for another host are not audited as the registered page (tests/fixtures/reach/, real Chromium);
the rule of harness/checks/reach.py on hand-made artifacts; the registry's ``expect`` schema."""

from __future__ import annotations

import json

import pytest

from harness import registry as registry_mod
from harness.checks import reach as reach_mod
from harness.errors import SpecError

from tests.checkrun import run
from tests.page_artifacts import art as page_art

NEEDS: set[str] = set()  # no optional stage, no variant load: PI-06, AV-01 and NV-03 read the primary load


def _audit(audit, fixture_server, path, **info):
    a = audit(f"{fixture_server.https_base}/reach/{path}", needs=NEEDS, **info)
    return a, {c["id"]: c for c in a.checks}


def _content_not_passed(checks):
    """Every check that read the page's content is error ("page not reached"); none passed or failed."""
    from harness import checks as checks_mod

    content = [c for c in checks.values() if checks_mod.get(c["id"]).judges == "content"
               and c["outcome"] not in ("inapplicable", "untested")]
    assert content, "no content check was evaluated"
    assert {c["outcome"] for c in content} == {"error"}
    assert all(c["message"].startswith("page not reached:") for c in content)


# ---------------------------------------------------------------- live pages


@pytest.mark.parametrize("path", ["list.html?redirect=/reach/login.html", "list.html"], ids=["http-302", "location.replace"])
def test_redirect_to_login_is_not_reached(audit, fixture_server, path):
    a, checks = _audit(audit, fixture_server, path)
    reach = a.score["reach"]
    assert reach["reached"] is False and reach["kind"] == "redirected"
    assert reach["to"].split("?")[0] == f"{fixture_server.https_base}/reach/login.html"
    assert reach["cause"] == ("http-redirect" if "redirect=" in path else "script")
    pi06 = checks["PI-06"]
    assert pi06["outcome"] == "error" and "redirected to" in pi06["message"] and "/reach/login.html" in pi06["message"]
    assert pi06["evidence"][0]["url"].split("?")[0].endswith("/reach/login.html")
    _content_not_passed(checks)
    assert checks["AV-01"]["outcome"] == "passed"  # the site answers: the load itself is judged
    assert a.score["verdict"] == "error" and a.score["score"] is None  # never a pass for a page not seen
    navs = a.artifacts["reach"]["navigations"]
    assert [n["cause"] for n in navs if n["committed"]][-1] == ("http-redirect" if "redirect=" in path else "script")


def test_same_list_reached_with_expect_fails_pi06(audit, fixture_server):
    """Logged in (?session=1), the list shows a full ID number; the app adds ?from=menu to the URL (same page)."""
    a, checks = _audit(audit, fixture_server, "list.html?session=1", expect={"selector": "#list"})
    reach = a.score["reach"]
    assert reach["reached"] is True and reach["kind"] is None
    assert reach["final_url"].endswith("from=menu")
    assert a.artifacts["reach"]["checked"]["expect"]["present"] is True
    pi06 = checks["PI-06"]
    assert pi06["outcome"] == "failed" and pi06["evidence"][0]["selector"] == "#id"
    assert "6*************1232" in pi06["evidence"][0]["text"]


def test_expect_absent_is_not_reached(audit, fixture_server):
    """The home page reached by URL, but the registry expects the list on it: not reached."""
    a, checks = _audit(audit, fixture_server, "home.html", expect={"text": "养老保险待遇申领"})
    reach = a.score["reach"]
    assert reach["reached"] is False and reach["kind"] == "expect_missing"
    assert "养老保险待遇申领" in reach["reason"]
    assert checks["PI-06"]["outcome"] == "error"


def test_spa_hash_route_redirect_is_not_reached(audit, fixture_server):
    a, checks = _audit(audit, fixture_server, "spa.html#/list")
    reach = a.score["reach"]
    assert reach["reached"] is False and reach["kind"] == "redirected" and reach["cause"] == "hashchange"
    assert reach["to"].endswith("spa.html#/login")
    assert checks["PI-06"]["outcome"] == "error" and "#/login" in checks["PI-06"]["message"]
    # The open route stays where it was registered.
    b, checks_b = _audit(audit, fixture_server, "spa.html#/home")
    assert b.score["reach"]["reached"] is True and checks_b["PI-06"]["outcome"] == "passed"


def test_page_that_turns_into_a_download(audit, fixture_server):
    """AV-01 fails (a citizen gets a file, not the page: measured, so failed — a veto), content checks error."""
    a, checks = _audit(audit, fixture_server, "download.html")
    reach = a.score["reach"]
    assert reach["reached"] is False and reach["kind"] == "download"
    assert "turned into a download" in reach["reason"] and reach["to"].endswith("export.csv?attachment=1")
    _content_not_passed(checks)
    assert checks["AV-01"]["outcome"] == "failed" and "download" in checks["AV-01"]["message"]
    assert a.score["verdict"] == "fail-veto"
    assert a.artifacts["reach"]["downloads"][0]["filename"] == "export.csv"


def test_page_that_leaves_for_another_host(audit, fixture_server):
    """The other host's page shows a full ID number: it is not audited as this page (PI-06 error, not failed)."""
    a, checks = _audit(audit, fixture_server, "offsite.html")
    reach = a.score["reach"]
    port = fixture_server.http_base.rsplit(":", 1)[1]
    assert reach["reached"] is False and reach["kind"] == "left" and reach["host"] == f"localhost:{port}"
    assert f"left for localhost:{port}" in reach["reason"]
    assert a.artifacts["reach"]["exit"]["cause"] == "script"
    assert checks["PI-06"]["outcome"] == "error" and "left for" in checks["PI-06"]["message"]
    _content_not_passed(checks)


def test_normal_page_is_reached(audit, fixture_server):
    a, checks = _audit(audit, fixture_server, "home.html")
    reach = a.score["reach"]
    assert reach == {**reach, "reached": True, "kind": None, "to": None}
    assert checks["PI-06"]["outcome"] == "passed" and a.score["verdict"] != "error"
    assert [n["cause"] for n in a.artifacts["reach"]["navigations"]] == ["open"]
    assert a.artifacts["reach"]["route"] == "/reach/home.html"


# ---------------------------------------------------------------- the rule on hand-made artifacts

REG = "https://a.gov.cn/app/list.html"


def art(final=REG, navigations=None, registered=REG, expect=None, checked=None, **kw):
    """Artifacts of a load of ``registered`` whose main frame ended on ``final``."""
    a = page_art({"visible_text": "x", "texts": [], "fields": []}, **kw)
    a["navigation"] = {"url": registered, "final_url": final, "ok": True, "status": 200, "load_ms": 100, "error": None,
                       "committed": True, "redirects": []}
    if navigations is not None or checked is not None:
        a["reach"] = {"registered": registered, "navigations": navigations or [], "downloads": [],
                      "exit": None, "checked": checked}
    if expect:
        a["target"] = {**a.get("target", {}), "expect": expect}
    return a


def nav(url, cause="open", committed=True, **kw):
    return {"t": 0, "url": url, "cause": cause, "committed": committed, "same_document": False, **kw}


def test_place_ignores_query_slash_index_and_plain_fragments():
    assert reach_mod.same_place(REG, REG + "?from=x")
    assert reach_mod.same_place("https://a.gov.cn/app/", "https://a.gov.cn/app")
    assert reach_mod.same_place("https://a.gov.cn/app/", "https://a.gov.cn/app/index.html#top")
    assert reach_mod.same_place("http://a.gov.cn/app/", "https://a.gov.cn/app/")  # an HTTPS upgrade, same host
    assert not reach_mod.same_place(REG, "https://a.gov.cn/app/login.html")
    assert not reach_mod.same_place(REG, "https://b.gov.cn/app/list.html")
    assert reach_mod.same_place("https://a.gov.cn/#/list", "https://a.gov.cn/#/list/?id=2")
    assert not reach_mod.same_place("https://a.gov.cn/#/list", "https://a.gov.cn/#/login")
    assert not reach_mod.same_place("https://a.gov.cn/#!/list", "https://a.gov.cn/")
    assert reach_mod.same_place("https://a.gov.cn/", "https://a.gov.cn/#/home")  # no route registered: any route
    assert reach_mod.place("https://A.gov.cn:443/app/index.html?x=1#/list/?id=2") == ("a.gov.cn", "/app", "/list")


def test_rule_on_hand_made_artifacts():
    assert reach_mod.judge(art())["reached"] is True
    assert reach_mod.judge(art(REG + "?from=menu"))["reached"] is True
    r = reach_mod.judge(art("https://a.gov.cn/sso/login?back=1"))  # no reach artifact: judged on navigation
    assert r["kind"] == "redirected" and r["to"] == "https://a.gov.cn/sso/login?back=1"
    hops = [nav(REG, "http-redirect", False, to="https://a.gov.cn/login", status=302),
            nav("https://a.gov.cn/login", "http-redirect", redirects=[302])]
    r = reach_mod.judge(art("https://a.gov.cn/login", hops))
    assert r["cause"] == "http-redirect" and "HTTP redirect" in r["reason"] and "HTTP 重定向" in r["reason_zh"]
    left = art("https://b.example.com/", [nav(REG), nav("https://b.example.com/", "script")])
    left["reach"]["exit"] = {"url": "https://b.example.com/", "host": "b.example.com", "cause": "script"}
    assert reach_mod.judge(left)["reason"] == "page not reached: left for b.example.com (https://b.example.com/)"
    # A round trip through another host that comes back (a single sign-on) is not an exit.
    sso = art(REG + "?ticket=t", [nav(REG), nav("https://sso.example.com/login", "script"), nav(REG + "?ticket=t", "script")])
    sso["reach"]["exit"] = {"url": "https://sso.example.com/login", "host": "sso.example.com", "cause": "script"}
    assert reach_mod.judge(sso)["reached"] is True
    # Navigations the harness made while clicking controls (outbound) do not move the page.
    probed = art(REG, [nav(REG), nav("https://a.gov.cn/file.pdf", "link", by_harness=True)])
    assert reach_mod.judge(probed)["reached"] is True
    crashed = art(errors={"crash": "renderer crashed"})
    assert reach_mod.judge(crashed)["kind"] == "crashed"
    not_loaded = art()
    not_loaded["navigation"].update(committed=False, final_url="about:blank", error="net::ERR_CONNECTION_REFUSED")
    assert reach_mod.judge(not_loaded) is None  # "page not loaded", as before
    dl = art(REG, [nav(REG)])
    dl["reach"]["downloads"] = [{"t": 5, "url": "https://a.gov.cn/x.zip", "filename": "x.zip", "navigation": True}]
    assert reach_mod.judge(dl)["kind"] == "download"
    dl["reach"]["downloads"][0]["navigation"] = False  # an <a download> the page clicked: the page stays
    assert reach_mod.judge(dl)["reached"] is True


def test_expect_rule():
    exp = {"selector": "#list"}
    moved = "https://a.gov.cn/app/my/list"
    found = art(moved, [nav(REG), nav(moved, "history")], expect=exp,
                checked={"url": moved, "expect": {"present": True, "selector": {"count": 1, "visible": 1}}})
    assert reach_mod.judge(found)["reached"] is True  # the URL changed within the site; the list is there
    missing = art(moved, [nav(REG), nav(moved, "history")], expect=exp,
                  checked={"url": moved, "expect": {"present": False, "selector": {"count": 0, "visible": 0}}})
    r = reach_mod.judge(missing)
    assert r["kind"] == "expect_missing" and "#list" in r["reason"] and moved in r["reason"]
    unchecked = art(REG, [nav(REG)], expect=exp, checked=None)
    assert reach_mod.judge(unchecked)["kind"] == "unverified"
    bad = art(REG, [nav(REG)], expect=exp, checked={"url": REG, "expect": {"error": "Error: Unexpected token"}})
    assert reach_mod.judge(bad)["kind"] == "unverified"
    later = art("https://a.gov.cn/login", [nav(REG), nav("https://a.gov.cn/login", "script")], expect=exp,
                checked={"url": REG, "expect": {"present": True}})
    assert reach_mod.judge(later)["kind"] == "redirected"  # seen, then left for another place the later stages read


def test_evaluate_rule_and_verdict():
    """Content checks give error on a page not reached; AV-01 and NV-03 (``judges: load``) are still judged."""
    a = art("https://a.gov.cn/login", [nav(REG, "http-redirect", False, to="https://a.gov.cn/login", status=302),
                                       nav("https://a.gov.cn/login", "http-redirect", redirects=[302])])
    a["dom"]["texts"] = [{"text": "630102198807151232", "selector": "#id"}]
    out = run("PI-06", a)
    assert out.outcome == "error" and out.message.startswith("page not reached: redirected to https://a.gov.cn/login")
    assert out.evidence[0]["url"] == "https://a.gov.cn/login" and out.message_zh.startswith("无法检测：页面未到达")
    assert run("AV-01", a).outcome == "passed"
    assert run("NV-03", {**a, "network": []}).outcome in ("passed", "failed")
    a["navigation"]["final_url"] = a["reach"]["navigations"][-1]["url"] = REG
    assert run("PI-06", a).outcome == "failed"  # the same artifacts, reached: the ID number is found

    from harness.engine import audit_artifacts

    from tests.checkrun import checklist

    a["navigation"]["final_url"] = a["reach"]["navigations"][-1]["url"] = "https://a.gov.cn/login"
    a["dom"]["texts"] = []
    _, score = audit_artifacts(checklist(), a)
    assert score["verdict"] == "error" and score["score"] is None and score["reach"]["kind"] == "redirected"


# ---------------------------------------------------------------- the registry's expect


def _registry(expect):
    return {"id": "t", "title": "t", "departments": [{"name": "省测试厅", "kind": "provincial", "systems": [
        {"name": "测试", "pages": [{"id": "list", "url": "https://a.gov.cn/list.html", "expect": expect}]}]}]}


@pytest.mark.parametrize("expect, message", [
    ({}, "should be non-empty"), ({"selector": ""}, "should be non-empty"), ({"css": "#list"}, "'css' was unexpected"),
    ("#list", "is not of type 'object'"), ({"text": 3}, "is not of type 'string'")])
def test_registry_expect_schema_errors_name_the_path(expect, message):
    with pytest.raises(SpecError) as e:
        registry_mod.load("r.json", text=json.dumps(_registry(expect), ensure_ascii=False))
    where = "$.departments[0].systems[0].pages[0].expect" + (".selector" if expect == {"selector": ""} else
                                                             ".text" if expect == {"text": 3} else "")
    assert where in str(e.value) and message in str(e.value)


def test_registry_expect_reaches_target_info():
    reg = registry_mod.load("r.json", text=json.dumps(_registry({"text": "我的办件", "selector": "#list"}), ensure_ascii=False))
    assert reg.targets()[0].info()["expect"] == {"text": "我的办件", "selector": "#list"}
