"""Route discovery (harness/discover.py, ``harness discover``) on an SPA of our own (tests/fixtures/discover/), built
as real department H5 apps are: a full-screen shell (``overflow:hidden``) with an inner scroll container, a tab bar of
``div``s with addEventListener handlers, a hash router, routes made with history.pushState (served by the test
server's history-mode fallback), ``role=link``/``role=tab`` controls, a ``[onclick]`` div, 20 detail routes, a
route behind the app's login, and 退出登录 / 删除 / 支付 / a form's 提交 whose backend hits tests/server.py counts."""

from __future__ import annotations

import json

import pytest

import server as fixture_server_mod
from harness import discover as discover_mod
from harness import registry as registry_mod
from harness import runner, sessions
from harness.cli import main
from harness.gather import GatherOptions

DENIED = ("discover-logout", "discover-delete", "discover-pay", "discover-submit")


@pytest.fixture(scope="module")
def site(fixture_server):
    """robots.txt (Disallow /discover/private/, names the sitemap) and sitemap.xml (a page linked from nowhere)."""
    base = fixture_server.https_base
    fixture_server_mod.SITE_FILES["/robots.txt"] = (
        "# the discovery fixture's robots.txt\nUser-agent: somebot\nDisallow: /\n\n"
        f"User-agent: *\nDisallow: /discover/private/\nSitemap: {base}/sitemap.xml\n")
    fixture_server_mod.SITE_FILES["/sitemap.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{base}/discover/guide.html</loc></url><url><loc>{base}/discover/private/secret.html</loc></url>"
        "<url><loc>https://www.gov.cn/sitemap-page.html</loc></url></urlset>")
    yield base + "/discover/index.html"
    fixture_server_mod.SITE_FILES.clear()


def _discover(gather_browser, entry, timeout=240, **kw):
    kw.setdefault("options", GatherOptions())
    return gather_browser.engine.call(discover_mod.discover(gather_browser._state["browser"], entry, **kw), timeout=timeout)


def _policy(**over):
    return {**discover_mod.default_policy(), **over}


@pytest.fixture(scope="module")
def found(gather_browser, site):
    """One discovery with the checklist's bounds: (Discovery, backend hits counted meanwhile)."""
    fixture_server_mod.COUNTS.clear()
    d = _discover(gather_browser, site)
    return d, dict(fixture_server_mod.COUNTS)


def _page(d, suffix, steps=False):
    hits = [p for p in d.pages if p.url.endswith(suffix) and bool(p.steps) == steps]
    assert hits, (suffix, [p.url for p in d.pages])
    return hits[0]


def test_finds_hash_routes_push_state_routes_and_button_driven_routes(found):
    d, _ = found
    home = d.pages[0]
    assert (home.id, home.how, home.role, home.depth) == ("home", "entry", "home", 0)
    assert home.url.endswith("/discover/index.html#/home")  # where the router's replaceState put the entry
    # <a href="#/about">: a hash route is a page of its own (the crawler of harness/gather/links.py would call it one URL).
    about = _page(d, "#/about")
    assert about.how == "hash" and about.id == "about" and about.from_url == home.url
    # The tab bar: divs with addEventListener handlers, no href, no onclick attribute.
    services = _page(d, "#/services")
    assert services.how == "hashchange" and services.control == 'text="办事"'
    news = _page(d, "/discover/app/news")
    assert news.how == "pushState" and news.control == 'text="资讯"' and news.id == "app-news"
    more = _page(d, "/discover/app/news/more")  # a div of the pushState route, one click further
    assert more.how == "pushState" and more.depth == 2 and more.from_url == news.url
    notes = _page(d, "/discover/app/notes")  # replaceState: only the init script's label tells it from pushState
    assert notes.how == "replaceState" and notes.from_url == services.url
    assert _page(d, "#/guide").control == 'role=link[name="办事指南"]'
    assert _page(d, "#/hot").how == "hashchange"  # the [onclick] div
    assert _page(d, "/discover/static.html").how == "link"
    # A role=tab that swaps the panel without changing the URL: a page reached by steps from its route.
    corp = _page(d, "#/services", steps=True)
    assert corp.steps == [{"click": 'role=tab[name="法人办事"]'}] and corp.name == "法人办事" and corp.how == "click"
    form = _page(d, "#/form")
    assert form.role == "form" and form.fields == 2
    assert "https://www.gov.cn/" in d.external
    assert not any("gov.cn" in p.url for p in d.pages)
    ids = [p.id for p in d.pages]
    assert len(ids) == len(set(ids))


def test_page_views_reported_to_the_host_are_routes(gather_browser, site, found):
    plain, _ = found
    assert not any(p.url.endswith("#/notice") for p in plain.pages)  # no host: nothing reports it
    d = _discover(gather_browser, site, platform="qingsongban", policy=_policy(depth=1, max_routes=12))
    notice = _page(d, "#/notice")
    assert notice.how == "pv" and notice.from_url.endswith("#/home") and notice.name == "通知公告·掌上办"


def test_a_page_replacing_built_ins_cannot_hide_its_routes(gather_browser, site):
    """tests/fixtures/discover/hostile.html replaces Reflect.apply, JSON.stringify, Array.prototype.push,
    querySelectorAll and addEventListener before its own scripts: the survey runs in the harness's isolated world,
    listeners come from the DevTools protocol and the init script kept what it uses before the page ran."""
    entry = site.replace("/index.html", "/hostile.html")
    d = _discover(gather_browser, entry, policy=_policy(depth=1, max_routes=10))
    assert _page(d, "/discover/hostile.html#/a").how == "hash"
    step2 = _page(d, "/discover/hostile.html?step=2")
    assert step2.how == "replaceState" and step2.control == 'text="下一步"'  # labelled by the init script


def test_never_clicks_logout_delete_pay_or_submit(found):
    d, counts = found
    assert {k: counts.get(k, 0) for k in DENIED} == dict.fromkeys(DENIED, 0)
    denied = {n["selector"]: n["reason"] for n in d.not_followed if "selector" in n and n["reason"].startswith("denied")}
    assert "退出" in denied["#logout"] and "删除" in denied["#del"] and "支付" in denied["#pay"]
    assert any("提交" in r for r in denied.values())  # the form's submit button
    assert not any(p.url.split("?")[0].endswith(("/api/pay", "/api/submit")) for p in d.pages)


def test_the_deny_list_is_what_keeps_them_unclicked(gather_browser, site):
    """Without a deny list the same controls are clicked (so the test above can fail); a form is still never submitted."""
    fixture_server_mod.COUNTS.clear()
    d = _discover(gather_browser, site, policy=_policy(deny=[], depth=1, max_routes=12))
    assert fixture_server_mod.COUNTS["discover-logout"] >= 1 and fixture_server_mod.COUNTS["discover-delete"] >= 1
    assert fixture_server_mod.COUNTS["discover-pay"] >= 1
    assert fixture_server_mod.COUNTS["discover-submit"] == 0
    assert any(p.url.split("?")[0].endswith("/discover/api/pay") for p in d.pages)


def test_honours_robots_txt_and_reads_the_sitemap(found):
    d, _ = found
    guide = _page(d, "/discover/guide.html")  # linked from nowhere: only the sitemap names it
    assert guide.how == "sitemap" and guide.from_url.endswith("/sitemap.xml") and guide.name == "使用帮助·掌上办"
    assert not any("/private/" in p.url for p in d.pages)
    robots = [n for n in d.not_followed if "/private/secret.html" in n.get("url", "")]
    assert robots and all("robots.txt" in n["reason"] for n in robots)
    assert d.robots["status"] == 200 and d.robots["agent"] == "*" and d.robots["sitemap_urls"] == 3


def test_samples_routes_of_one_pattern(found):
    d, _ = found
    [pat] = [p for p in d.patterns if p["pattern"].endswith("#/detail/:id")]
    assert (pat["seen"], pat["kept"]) == (20, 3)
    details = [p for p in d.pages if "#/detail/" in p.url]
    assert [p.id for p in details] == ["detail-1", "detail-2", "detail-3"]
    assert sum(1 for n in d.not_followed if n["reason"].startswith("sampled")) == 17


def test_stays_inside_depth_and_route_bounds(gather_browser, site):
    d = _discover(gather_browser, site, policy=_policy(depth=1, max_routes=6))
    assert len(d.pages) == 6 and "max_routes" in d.bounds["hit"]
    assert max(p.depth for p in d.pages) <= 1
    assert any(n["reason"].startswith("max_routes") for n in d.not_followed)
    shallow = _discover(gather_browser, site, policy=_policy(depth=1, max_routes=50))
    assert max(p.depth for p in shallow.pages) == 1 and "depth" in shallow.bounds["hit"]
    assert not any("#/detail/" in p.url or p.url.endswith("/news/more") for p in shallow.pages)
    assert any("beyond the bound" in n["reason"] for n in shallow.not_followed)


def test_stays_inside_the_time_bound(gather_browser, site, found):
    full, _ = found
    d = _discover(gather_browser, site, policy=_policy(time_ms=2500))
    assert "time" in d.bounds["hit"] and len(d.pages) < len(full.pages)
    assert d.elapsed_ms < 2500 + 5000  # loads still running at the bound are cancelled (their contexts closed)
    assert any(n["reason"] == "time_ms reached" for n in d.not_followed)


def test_a_session_reaches_routes_behind_the_login(gather_browser, site, found):
    plain, _ = found
    assert not any(p.url.endswith("#/orders") for p in plain.pages)
    assert any(n.get("url", "").endswith("#/mine") and "#/login" in n["reason"] for n in plain.not_followed)
    raw = {"login": {"url": site + "#/login", "steps": [{"click": "text=统一身份认证登录"}, {"wait_for": "text=已登录"}]}}
    session = sessions.parse(raw, "registry.json", "$.departments[0].systems[0].session", owner="发现测试局/app")
    fixture_server_mod.COUNTS.clear()
    d = _discover(gather_browser, site, session=session, policy=_policy(depth=2))
    mine, orders = _page(d, "#/mine"), _page(d, "#/orders")
    assert mine.how == "hashchange" and orders.how == "hash" and orders.from_url == mine.url
    assert fixture_server_mod.COUNTS["discover-login"] == 1  # the login ran once, not once per context
    assert fixture_server_mod.COUNTS["discover-logout"] == 0  # the logged-in page's 退出登录 was not clicked
    # A storage state with the app's token reaches them the same way.
    origin = site.split("/discover/")[0]
    state = {"cookies": [], "origins": [{"origin": origin, "localStorage": [{"name": "discover_token", "value": "t-1"}]}]}
    d2 = _discover(gather_browser, site + "#/mine", storage_state=state, policy=_policy(depth=1, max_routes=8))
    assert d2.pages[0].url.endswith("#/mine") and _page(d2, "#/orders").depth == 1


def _registry(pages: list[dict]) -> dict:
    return {"id": "discover-test", "title": "discovery", "departments": [{"name": "发现测试局", "kind": "demo", "systems": [
        {"id": "app", "name": "掌上办", "service_name": "掌上办", "provider": "发现测试中心", "hotline": "0971-12345",
         "pages": pages}]}]}


def test_the_fragment_pasted_into_a_registry_loads_and_audits(found, fixture_server, tmp_path, monkeypatch):
    d, _ = found
    frag = d.fragment()
    assert all(set(p) <= {"id", "name", "url", "steps", "role"} for p in frag["pages"])
    whole = tmp_path / "whole.json"
    whole.write_text(json.dumps(_registry(frag["pages"]), ensure_ascii=False), encoding="utf-8")
    reg = registry_mod.load(whole)  # the whole fragment is a valid system
    pages = {p.id: p for p in reg.departments[0].systems[0].pages}
    assert pages["services-view"].journey is not None and pages["home"].role == "home" and pages["form"].role == "form"
    # Audit a few of them (the entry, a pushState route, the form, and the page reached by steps): no error target.
    keep = [p for p in frag["pages"] if p["id"] in ("home", "app-news", "form", "services-view")]
    assert len(keep) == 4
    reg_file = tmp_path / "registry.json"
    reg_file.write_text(json.dumps(_registry(keep), ensure_ascii=False), encoding="utf-8")
    extra = fixture_server.chromium_args()
    monkeypatch.setattr(runner, "audit_options", lambda plan: runner.audit_options_of(plan.config, plan.checklist, plan.device, extra))
    _, results = runner.run(runner.RunConfig(registry=str(reg_file), out=str(tmp_path / "run"), concurrency=2), progress=None)
    targets = results[0]["targets"]
    assert sorted(t["id"] for t in targets) == ["app/app-news", "app/form", "app/home", "app/services-view"]
    for t in targets:
        assert t["status"] == "done" and t["verdict"] != "error", (t["id"], t.get("error"))
    steps = next(t for t in targets if t["id"] == "app/services-view")
    assert steps["final_url"].endswith("#/services")


def test_run_discover_audits_what_is_not_registered_apart_from_the_score(found, fixture_server, site, tmp_path, monkeypatch):
    """``harness run --discover``: the system is explored after its registered pages are audited; the pages found
    that no registered page names are audited as ``system/found-…`` targets in the results' ``discovered`` list
    and the coverage table, and the department's summary is exactly what its registered targets give."""
    from concurrent.futures import ThreadPoolExecutor

    from harness import checklist as checklist_mod, scoring
    from harness.coverage import same_place

    d, _ = found
    registered = [{"id": "home", "name": "首页", "url": site + "#/home"},
                  {"id": "services", "name": "办事", "url": site + "#/services"}]
    reg_file = tmp_path / "registry.json"
    reg_file.write_text(json.dumps(_registry(registered), ensure_ascii=False), encoding="utf-8")
    extra = fixture_server.chromium_args()
    monkeypatch.setattr(runner, "audit_options", lambda plan: runner.audit_options_of(plan.config, plan.checklist, plan.device, extra))
    fixture_server_mod.COUNTS.clear()
    cfg = runner.RunConfig(registry=str(reg_file), out=str(tmp_path / "run"), concurrency=2, discover=True,
                           sets=["PF-01.throttling=false"])
    with ThreadPoolExecutor(1) as pool:  # a thread of its own: this module's sync Playwright holds the main one
        _, results = pool.submit(runner.run, cfg, progress=None).result()
    data = results[0]
    assert [t["id"] for t in data["targets"]] == ["app/home", "app/services"]
    found_ = data["discovered"]
    assert len(found_) >= 10, [t["url"] for t in found_]
    assert all(t["id"].startswith("app/found-") and t["origin"] == "discovered" and t["found"]["how"] for t in found_)
    assert not [t for t in found_ if not t["found"].get("steps") and any(same_place(t["url"], r["url"]) for r in registered)]
    assert {t["found"]["how"] for t in found_} >= {"hash", "pushState"}
    assert all(t["verdict"] != "error" for t in found_), [(t["id"], t["error"]) for t in found_ if t["verdict"] == "error"]
    # Not scored: the summary is the registered targets' alone.
    cl = checklist_mod.load()
    cl.set_overrides(["PF-01.throttling=false"])
    assert data["summary"] == scoring.score_department(cl, data["targets"], expected=2)
    (cov,) = data["coverage"]
    assert cov["discovered_count"] == len(found_) and cov["discovery"]["ran"] and cov["discovery"]["loads"] > 0
    assert {r["id"] for r in cov["registered"] if r["reached"]} == {"app/home", "app/services"}
    assert sum(fixture_server_mod.COUNTS[k] for k in DENIED) == 0  # discovery inside the run clicked none of them
    # The report's table and the index's cell (read as written: a sync Playwright here would hold this thread's
    # event loop, which the later CLI tests of this module need).
    html = (tmp_path / "run" / "departments" / f"{data['department']['folder']}.html").read_text(encoding="utf-8")
    assert html.count('<tr class="cov-discovered"') == len(found_)
    assert html.count('class="cov-registered" data-target=') == 2 and 'data-reached="no"' not in html
    index = (tmp_path / "run" / "index.html").read_text(encoding="utf-8")
    cell = index[index.index('class="coverage-cell"'):].split("</td>", 1)[0]
    assert ">2/2<" in cell and f">+{len(found_)}<" in cell


def test_init_writes_a_starter_registry_that_validates_and_audits(fixture_server, site, tmp_path, monkeypatch):
    """``harness init URL``: one department, one system, the pages discovery finds, ``$schema`` pointing at the
    shipped schema; the file loads as a registry and ``harness run`` audits it with no error target."""
    from concurrent.futures import ThreadPoolExecutor

    from harness.specs import schema_path

    entry = fixture_server.http_base + "/discover/index.html"  # plain HTTP: the CLI's Chromium trusts no test certificate
    out = tmp_path / "registry.json"
    assert main(["init", entry, "--out", str(out), "--max-routes", "4", "--depth", "1", "--department", "发现测试局",
                 "--name", "掌上办"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["$schema"] == schema_path("registry").resolve().as_uri()
    (dep,) = data["departments"]
    (system,) = dep["systems"]
    assert dep["name"] == "发现测试局" and system["entry"] == entry and 1 <= len(system["pages"]) <= 4
    assert system["pages"][0]["role"] == "home"
    reg = registry_mod.load(out)
    assert len(reg.targets()) == len(system["pages"])
    assert main(["init", entry, "--out", str(out)]) == 2  # an existing file is not replaced without --force
    with ThreadPoolExecutor(1) as pool:
        _, results = pool.submit(runner.run, runner.RunConfig(registry=str(out), out=str(tmp_path / "run"), concurrency=2,
                                                              sets=["PF-01.throttling=false"]), progress=None).result()
    assert all(t["verdict"] != "error" for t in results[0]["targets"]), [(t["id"], t["error"]) for t in results[0]["targets"]]


def test_cli_writes_a_fragment_and_refuses_bad_input(fixture_server, site, tmp_path, capsys):
    entry = fixture_server.http_base + "/discover/index.html"  # plain HTTP: the CLI's Chromium trusts no test certificate
    out, rep = tmp_path / "fragment.json", tmp_path / "report.json"
    assert main(["discover", entry, "--depth", "1", "--max-routes", "5", "--json", str(out), "--report", str(rep)]) == 0
    frag = json.loads(out.read_text(encoding="utf-8"))
    assert list(frag) == ["pages"] and len(frag["pages"]) == 5 and frag["pages"][0]["id"] == "home"
    registry_mod.load(tmp_path / "r.json", json.dumps(_registry(frag["pages"]), ensure_ascii=False))
    printed = capsys.readouterr()
    assert json.loads(printed.out) == frag and "bounds hit: " in printed.err
    report = json.loads(rep.read_text(encoding="utf-8"))
    assert report["bounds"]["max_routes"] == 5 and "max_routes" in report["bounds"]["hit"]
    # --registry --system: the system's entry and session (a storage state with the app's token, beside the registry).
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"cookies": [], "origins": [{"origin": fixture_server.http_base, "localStorage": [
        {"name": "discover_token", "value": "t-1"}]}]}), encoding="utf-8")
    reg = _registry([{"id": "home", "url": entry}])
    reg["departments"][0]["systems"][0].update(entry=entry + "#/mine", session={"storage_state": "state.json"})
    reg_file = tmp_path / "registry.json"
    reg_file.write_text(json.dumps(reg, ensure_ascii=False), encoding="utf-8")
    assert main(["discover", "--registry", str(reg_file), "--system", "app", "--depth", "0"]) == 0
    frag = json.loads(capsys.readouterr().out)
    assert [p["url"] for p in frag["pages"]] == [entry + "#/mine"]  # logged in: not sent to #/login
    for bad in (["discover", "ftp://example.org/"], ["discover", "--registry", str(reg_file), "--system", "nosuch"], ["discover"], ["discover", entry, "--depth", "-1"],
                ["discover", "--registry", str(tmp_path / "missing.json"), "--system", "x"]):
        assert main(bad) == 2, bad
        err = capsys.readouterr().err
        assert err.startswith("harness: error:") and len(err.strip().splitlines()) == 1, err


# ---------------------------------------------------------------- pure parts

def test_robots_rules():
    r = discover_mod.parse_robots("User-agent: *\nDisallow: /a/\nAllow: /a/open\nDisallow: /*.pdf$\n\n"
                                  "User-agent: qh-mobile-harness\nDisallow: /mine/\nSitemap: https://x.cn/s.xml\n")
    assert r.agent == "qh-mobile-harness" and r.sitemaps == ["https://x.cn/s.xml"]
    assert not r.allows("https://x.cn/mine/1") and r.allows("https://x.cn/a/1")  # its own group, not *'s
    star = discover_mod.parse_robots("User-agent: *\nDisallow: /a/\nAllow: /a/open\nDisallow: /*.pdf$\n")
    assert not star.allows("https://x.cn/a/b") and star.allows("https://x.cn/a/open/1")
    assert not star.allows("https://x.cn/f/x.pdf") and star.allows("https://x.cn/f/x.pdf?v=1")
    assert discover_mod.parse_robots("").allows("https://x.cn/anything")


def test_patterns_slugs_and_deny_matching():
    pat = discover_mod.pattern_of
    assert pat("https://x.cn/i.html#/detail/17") == "https://x.cn/i.html#/detail/:id"
    assert pat("https://x.cn/item/3f2c9a1b77/view?id=42&tab=a") == "https://x.cn/item/:id/view?id=:id&tab=a"
    assert pat("https://x.cn/u/123e4567-e89b-12d3-a456-426614174000") == "https://x.cn/u/:id"
    assert pat("https://x.cn/i.html#/about") == "https://x.cn/i.html#/about"
    assert discover_mod.route_key("https://X.cn/i.html#top") == "https://x.cn/i.html"  # an anchor, not a route
    assert discover_mod.page_slug("https://x.cn/app/index.html#/detail/1", "https://x.cn/app/index.html") == "detail-1"
    assert discover_mod.page_slug("https://x.cn/app/news/more", "https://x.cn/app/index.html") == "news-more"
    deny = discover_mod.default_policy()["deny"]
    assert discover_mod.deny_match({"text": "退出登录"}, deny) == "退出"
    assert discover_mod.deny_match({"text": "去缴费", "attrs": ""}, deny) == "缴费"
    assert discover_mod.deny_match({"text": "", "attrs": "id=btnPay class=x"}, deny) == "pay"
    assert discover_mod.deny_match({"text": "显示", "attrs": "class=display-block"}, deny) is None
