"""Journeys, checkpoints and sessions (harness/journeys.py, harness/gather/journey.py, harness/sessions.py) on a
hash-router SPA of our own (tests/fixtures/journey/): a full-screen shell with an inner scroll container, a tab bar of
divs, routes rendered after their data arrives, a three-step application form, and routes that need the app's own
login state (a token the login page sets in localStorage) and send the user to ``#/login`` without it."""

from __future__ import annotations

import json
import os

import pytest

import server as fixture_server_mod
from harness import journeys, registry as registry_mod, runner
from harness.errors import SpecError
from harness.report import attachment2
from harness.results import RunDir

ID_NUMBER = "63010319770304002X"  # a valid resident ID number, typed into step 1 from the environment (JR_ID)


def _login(base: str) -> dict:
    return {"login": {"url": base + "#/login", "steps": [{"click": "text=统一身份认证登录"}, {"wait_for": "text=身份证号"}]}}


def _wizard(base: str, broken: bool = False) -> dict:
    return {"id": "apply", "name": "高龄津贴申领", "url": base + "#/home",
            "item": {"name": "高龄津贴申领", "type": "公共服务", "code": "11630000MB1234567X4000117001"},
            "steps": [
                "click element #go-apply",
                {"checkpoint": "step1", "name": "申请人信息", "role": "form", "expect": {"selector": "#name"}},
                {"fill": {"#name": "${JR_NAME:-李四}", "#idno": "${JR_ID}"}},
                {"click": "#no-such-button" if broken else "text=下一步"},
                {"checkpoint": "step2", "name": "申请事项信息", "role": "form"},
                {"select": {"#region": "城东区"}}, "set field #addr to 城东区八一路1号", {"click": "#next2"},
                {"checkpoint": "step3", "name": "材料与确认", "role": "form"},
                {"check": "#promise"}, {"click": "text=提交申请"},
                {"checkpoint": "result", "name": "办理结果", "role": "result", "expect": {"text": "受理编号"}}]}


def _registry(base: str) -> dict:
    common = {"service_name": "办事大厅", "provider": "旅程测试中心", "hotline": "0971-12345"}
    return {"id": "journey-test", "title": "journeys", "departments": [{"name": "旅程测试局", "kind": "demo", "systems": [
        {"id": "app", "name": "旅程测试", **common, "session": _login(base), "pages": [
            {"id": "list", "name": "我的办件", "role": "list", "url": base + "#/list", "expect": {"text": "身份证号"}},
            {"id": "mine", "name": "我的", "url": base + "#/mine", "expect": {"text": "已登录"}},
            _wizard(base)]},
        {"id": "nologin", "name": "未登录", **common, "pages": [
            {"id": "list", "name": "我的办件", "role": "list", "url": base + "#/list", "expect": {"text": "身份证号"}}]},
        {"id": "broken", "name": "坏步骤", **common, "session": _login(base), "pages": [_wizard(base, broken=True)]},
    ]}]}


@pytest.fixture(scope="module")
def journey_run(fixture_server, tmp_path_factory, monkeypatch_module):
    """One ``harness run`` of the registry above: (results of the department, run directory)."""
    base = fixture_server.https_base + "/journey/index.html"
    d = tmp_path_factory.mktemp("journey")
    reg = d / "registry.json"
    reg.write_text(json.dumps(_registry(base), ensure_ascii=False), encoding="utf-8")
    monkeypatch_module.setenv("JR_ID", ID_NUMBER)
    fixture_server_mod.COUNTS.clear()
    extra = fixture_server.chromium_args()
    monkeypatch_module.setattr(runner, "audit_options", lambda plan: runner.audit_options_of(plan.config, plan.checklist, plan.device, extra))
    plan, results = runner.run(runner.RunConfig(registry=str(reg), out=str(d / "run"), concurrency=2), progress=None)
    logins = fixture_server_mod.COUNTS["journey-login"]
    return results[0], RunDir(d / "run"), logins


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def _t(results, tid):
    return next(t for t in results["targets"] if t["id"] == tid)


def _check(t, cid):
    return next(c for c in t["checks"] if c["id"] == cid)


def test_a_journey_is_audited_at_each_checkpoint_as_a_target(journey_run):
    results, rd, _ = journey_run
    ids = [t["id"] for t in results["targets"]]
    assert ids[:6] == ["app/list", "app/mine", "app/apply/step1", "app/apply/step2", "app/apply/step3", "app/apply/result"]
    for cp, route in [("step1", "#/apply/1"), ("step2", "#/apply/2"), ("step3", "#/apply/3"), ("result", "#/result")]:
        t = _t(results, f"app/apply/{cp}")
        assert t["status"] == "done" and t["verdict"] != "error", (cp, t["error"])
        assert t["final_url"].endswith(route)
        art = rd.artifacts(t)
        assert art["journey"]["checkpoint"] == cp and art["journey"]["reached"] is True
    # State checks ran on each state: the title and the DOM of the step, not of the first screen.
    step2 = rd.artifacts(_t(results, "app/apply/step2"))
    labels = [f.get("label") for f in step2["dom"]["fields"]]
    assert "居住地址" in labels and "姓名" not in labels


def test_what_happened_is_split_between_checkpoints(journey_run):
    results, rd, _ = journey_run
    first = rd.artifacts(_t(results, "app/apply/step1"))
    second = rd.artifacts(_t(results, "app/apply/step2"))
    # The document and app.js were loaded before the first checkpoint; the second saw none of them again.
    assert any(r["url"].endswith("/journey/app.js") for r in first["network"])
    assert not any(r["url"].endswith("/journey/app.js") for r in second["network"])
    assert [n["url"][-9:] for n in second["reach"]["navigations"] if n.get("same_document")] == ["#/apply/2"]


def test_attachment2_joins_the_wizard_steps_into_one_item(journey_run):
    results, rd, _ = journey_run
    systems = attachment2.collect(rd, results)
    app = next(s for s in systems if s["id"] == "app")
    [item] = [i for i in app["items"] if i["name"] == "高龄津贴申领"]
    assert [s["target"] for s in item["steps"]] == ["app/apply/step1", "app/apply/step2", "app/apply/step3"]
    # 本人承诺所填信息真实有效 is a consent box: no information the applicant submits (附件2 注 2).
    assert item["labels"] == "姓名、身份证号、联系电话、户籍所在地、居住地址、申请理由、身份证明材料"
    assert all(s["shot"] for s in item["steps"])
    # The broken journey's later steps were never reached: their fields are not the item's, and the item says so.
    broken = next(s for s in systems if s["id"] == "broken")
    [bitem] = broken["items"]
    assert bitem["labels"] == "姓名、身份证号、联系电话" and "step 4" in bitem["problem"]


def test_a_broken_selector_ends_the_journey_naming_the_step(journey_run):
    results, _, _ = journey_run
    step1 = _t(results, "broken/apply/step1")
    assert step1["verdict"] != "error"  # measured before the failure: kept
    step2 = _t(results, "broken/apply/step2")
    assert step2["verdict"] == "error" and "step 4" in step2["error"] and "#no-such-button" in step2["error"]
    for cp in ("step3", "result"):
        t = _t(results, f"broken/apply/{cp}")
        assert t["verdict"] == "error" and "not reached" in t["error"] and "step 4" in t["error"]
        assert not any(c["outcome"] == "passed" for c in t["checks"])


def test_login_runs_once_per_system(journey_run):
    _, _, logins = journey_run
    assert logins == 2  # systems app (three loads) and broken (one load)


def test_a_route_behind_login_is_not_reached_without_the_session_and_audited_with_it(journey_run):
    results, _, _ = journey_run
    without = _t(results, "nologin/list")
    assert without["verdict"] == "error" and "#/login" in without["error"]
    with_session = _t(results, "app/list")
    assert with_session["verdict"] == "fail-veto"
    pi = _check(with_session, "PI-06")
    assert pi["outcome"] == "failed" and "身份证" in pi["message_zh"]
    assert _t(results, "app/mine")["verdict"] != "error"


def test_coverage_shows_registered_targets_not_reached(journey_run, report_browser):
    """The coverage table (harness/coverage.py) per system: registered targets, which were reached, why not."""
    results, rd, _ = journey_run
    cov = {c["system"]: c for c in results["coverage"]}
    assert set(cov) == {"app", "nologin", "broken"}
    assert (cov["app"]["registered_count"], cov["app"]["reached_count"]) == (6, 6)
    assert cov["nologin"]["not_reached"] == ["nologin/list"]
    assert cov["broken"]["not_reached"] == ["broken/apply/step2", "broken/apply/step3", "broken/apply/result"]
    why = next(r["why"] for r in cov["broken"]["registered"] if r["id"] == "broken/apply/step2")
    assert "#no-such-button" in why
    assert all(c["discovery"] is None and c["discovered"] == [] for c in cov.values())  # no --discover
    assert "discovered" not in results
    # The department report shows the table; the index the department's coverage in one cell.
    page = report_browser.new_page()
    try:
        page.goto((rd.dir / "departments" / f"{results['department']['folder']}.html").as_uri())
        rows = page.locator("#sec-coverage table.coverage[data-system=nologin] tr.cov-registered")
        assert rows.count() == 1 and rows.first.get_attribute("data-reached") == "no"
        assert page.locator("#sec-coverage tr[data-reached=no]").count() == 4
        assert page.locator("#sec-coverage tr[data-reached=yes]").count() == 7
        page.goto((rd.dir / "index.html").as_uri())
        assert page.locator("td.coverage-cell").first.inner_text().strip() == "7/11"
    finally:
        page.close()


USER_TESTS = """
import pytest

URL = {url!r}


@pytest.mark.harness_system("app")
def test_my_list_in_the_session(harness_page):
    harness_page.goto(URL + "#/list")
    harness_page.wait_for_selector("text=身份证号")
    assert "#/list" in harness_page.url


@pytest.mark.harness_system("app")
def test_mine_in_the_session(harness_page):
    harness_page.goto(URL + "#/mine")
    harness_page.wait_for_selector("text=已登录")


def test_without_the_session(harness_page):
    harness_page.goto(URL + "#/list")
    harness_page.wait_for_function("location.hash.startsWith('#/login')")
"""


def test_harness_page_opens_in_a_systems_session_logged_in_once(fixture_server, tmp_path):
    """A QA engineer's own Playwright tests: ``@pytest.mark.harness_system("app")`` puts ``harness_page`` in the
    session the registry declares for the system (its login steps run once for both tests); without the marker
    the page has no session and the app sends it to its login route."""
    import subprocess
    import sys

    base = fixture_server.http_base + "/journey/index.html"
    reg = tmp_path / "registry.json"
    reg.write_text(json.dumps(_registry(base), ensure_ascii=False), encoding="utf-8")
    (tmp_path / "test_mine.py").write_text(USER_TESTS.format(url=base), encoding="utf-8")
    fixture_server_mod.COUNTS.clear()
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path / "test_mine.py"),
                        "--harness-registry", str(reg), "--harness-out", str(tmp_path / "out")],
                       capture_output=True, text=True, cwd=tmp_path, timeout=600, env={**os.environ, "JR_ID": ID_NUMBER})
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert "3 passed" in r.stdout
    assert fixture_server_mod.COUNTS["journey-login"] == 1


def test_values_from_the_environment_appear_nowhere(journey_run):
    results, rd, _ = journey_run
    for f in rd.dir.rglob("*"):
        if f.is_file() and f.suffix in (".json", ".html", ".xlsx"):
            assert ID_NUMBER[:14] not in f.read_bytes().decode("utf-8", "replace"), f
    step2 = rd.artifacts(next(t for t in results["targets"] if t["id"] == "app/apply/step1"))
    assert "${JR_ID}" in json.dumps(step2, ensure_ascii=False)  # the steps keep the variable's name


def test_a_value_from_the_environment_is_painted_over_in_screenshots(fixture_server, tmp_path, monkeypatch):
    """A ``fill`` of ``${JR_ID}`` then a screen capture and a checkpoint on the same form: in both images the ID
    number's field is covered (the mask colour), while the field filled with a literal value is not."""
    import io

    from PIL import Image

    base = fixture_server.https_base + "/journey/index.html"
    reg = {"id": "typed", "title": "typed", "departments": [{"name": "填写测试局", "kind": "demo", "systems": [
        {"id": "app", "name": "旅程测试", "service_name": "办事大厅", "session": _login(base), "pages": [
            {"id": "typed", "name": "已填写", "url": base + "#/home", "steps": [
                "click element #go-apply", {"fill": {"#name": "李四四", "#idno": "${JR_ID}"}}, "screen capture typed.png",
                {"checkpoint": "typed", "role": "form", "expect": {"selector": "#idno"}}]}]}]}]}
    f = tmp_path / "registry.json"
    f.write_text(json.dumps(reg, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("JR_ID", ID_NUMBER)
    extra = fixture_server.chromium_args()
    monkeypatch.setattr(runner, "audit_options", lambda plan: runner.audit_options_of(plan.config, plan.checklist, plan.device, extra))
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:  # a thread of its own: a sync Playwright of this module may hold this one's loop
        _, results = pool.submit(runner.run, runner.RunConfig(registry=str(f), out=str(tmp_path / "run"), concurrency=1),
                                 progress=None).result()
    rd = RunDir(tmp_path / "run")
    (t,) = results[0]["targets"]
    assert t["verdict"] != "error", t["error"]
    art = rd.artifacts(t)
    boxes = {fl["selector"]: fl["box"] for fl in art["dom"]["fields"]}
    images = [rd.read_asset(t["screenshot"]), *(rd.read_asset(v) for v in t["variant_screenshots"].values())]
    assert len(images) == 3 and "odd_url" in t["variant_screenshots"]  # the primary, its variant, the odd-URL load (AV-05)
    for data in images:
        img = Image.open(io.BytesIO(data)).convert("RGB")
        scale = img.width / art["device"]["viewport"]["width"]

        def centre(sel):
            x, y, w, h = boxes[sel]
            return img.getpixel((int((x + w / 2) * scale), int((y + h / 2) * scale)))

        assert all(abs(c - 0x55) <= 12 for c in centre("#idno")), centre("#idno")
        assert not all(abs(c - 0x55) <= 12 for c in centre("#name")), centre("#name")


def test_a_replay_stops_before_the_step_that_submits():
    """Variant loads replay a journey only up to its last checkpoint before the first submitting step."""
    j = journeys.parse(_wizard("https://127.0.0.1:1/x.html")["steps"], "f", "$")
    short, kept = journeys.before_submitting(j)
    assert kept == 3 and [c.id for c in short.checkpoints] == ["step1", "step2", "step3"]
    assert [s.text for s in j.steps if journeys.submits(s)] == ['{"click":"text=提交申请"}']
    assert journeys.before_submitting(journeys.parse(["click element #go", {"checkpoint": "a"}], "f", "$"))[1] is None
    assert journeys.before_submitting(journeys.parse(["click element #submit", {"checkpoint": "a"}], "f", "$")) == (None, 0)


def test_steps_are_validated_with_their_json_path(tmp_path):
    base = "https://127.0.0.1:1/x.html"
    bad = _registry(base)
    bad["departments"][0]["systems"][0]["pages"][2]["steps"][3] = "tap the button"
    p = tmp_path / "r.json"
    p.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SpecError) as e:
        registry_mod.load(p)
    assert str(p) in str(e.value) and "$.departments[0].systems[0].pages[2].steps[3]" in str(e.value)
    bad["departments"][0]["systems"][0]["pages"][2]["steps"].append({"click": "#more"})
    p.write_text(json.dumps(bad, ensure_ascii=False).replace("tap the button", "click element #x"), encoding="utf-8")
    with pytest.raises(SpecError, match=r"steps\[12\].*never audited"):
        registry_mod.load(p)


def test_pa11y_action_strings_are_taken_as_pa11y_writes_them():
    parse = lambda s: journeys.parse_step(s, 0, "f", "$")  # noqa: E731
    assert parse("click element #submit").selector == "#submit"
    s = parse("set field #name to 张 三")
    assert s.kind == "fill" and s.fields == (("#name", "张 三"),)
    assert parse("wait for element .list to be removed").state == "detached"
    w = parse("wait for fragment to not be #/login")
    assert (w.kind, w.value, w.negate) == ("wait_for_fragment", "#/login", True)
    assert parse("navigate to https://example.gov.cn/a").kind == "navigate"
    assert parse("screen capture step2.png").kind == "screenshot"
    assert parse({"press": {"#q": "Enter"}}).value == "Enter"
    with pytest.raises(SpecError):
        parse("navigate to javascript:alert(1)")
    secrets = {}
    assert journeys.resolve("${A}-${B:-b}", secrets, {"A": "秘密"}) == "秘密-b" and secrets == {"秘密": "${A}"}
    with pytest.raises(journeys.MissingVariable):
        journeys.resolve("${NOPE}", {}, {})
