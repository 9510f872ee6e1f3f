"""The main job end to end on the embedded demo: reports exist, results are schema-valid, and each demo app
fails exactly the checks it should."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from PIL import Image

from harness.paths import schema_path
from harness.runner import RunConfig, run

pytestmark = pytest.mark.browser  # every test here runs a sweep in Chromium

#: The defective app's pages fail every check they were built to fail, and nothing else (per page).
_OLD_PAGES = {"UI-01", "UI-02", "TX-01", "EL-03", "EL-05", "AX-03", "PI-06", "IN-02", "SE-01", "UI-05", "EL-02"}
#: Every page of the defective app: no complaint entry (PI-09), X-Powered-By with a version (SE-03), plain HTTP; it is
#: registered as hosted by 青松办 but integrates with nothing (no SDK, page view, title through the host, elder mode).
SHEBAO_ALL = {"PI-09", "SE-03", "SE-01", "IN-01", "IN-03", "IN-05", "EL-01"}
DEFECTIVE_FAILS = {
    # the policy exists but no page links to it (PI-01)
    "shebao/home": _OLD_PAGES | SHEBAO_ALL | {"PI-01", "AV-03"},
    "shebao/register": _OLD_PAGES | SHEBAO_ALL | {"PI-01", "AX-02", "PI-05"},
    # pays through window.open to an outside site, asks for a payment password (its own login)
    "shebao/pay": SHEBAO_ALL | {"PI-01", "AX-01", "AX-02", "EL-04", "PI-04", "PI-05", "PI-06", "PI-07", "SE-02", "SE-05",
                                "UI-05", "EL-02", "IN-02", "IN-04"},
    # the policy page: undated, titled 隐私政策 rather than the service name, no hotline in its footer
    "shebao/privacy": SHEBAO_ALL | {"PI-03", "UI-04", "UI-05"},
    "shebao/news": SHEBAO_ALL | {"PI-01", "AV-03", "CT-01", "EL-10", "UI-03", "UI-04", "UI-05", "UI-06", "EL-02", "PF-02"},
    "shebao/service": SHEBAO_ALL | {"PI-01", "NV-03", "PF-01", "EL-05", "EL-06", "EL-07", "EL-08", "EL-04", "IN-04"},
}
DEFECTIVE_PAGE_FAILS = DEFECTIVE_FAILS
#: Semi-automatic checks the defective pages leave to a reviewer (cantTell).
#: NV-01 (the host's back, semi) is left to a reviewer on every hosted page.
#: Issue 19: CT-02 (no lexicon candidate: proofreading stays a reviewer's) and AV-04 (no monitoring record) on every
#: page, CT-03 on the 新闻动态 list (its entries carry no date).
_REVIEWER = {"CT-02", "AV-04"}
DEFECTIVE_CANT_TELL = {"shebao/home": {"NV-01", "AX-04", "EL-04"} | _REVIEWER, "shebao/register": {"NV-01"} | _REVIEWER,
                       "shebao/pay": {"NV-01"} | _REVIEWER, "shebao/privacy": {"NV-01", "PI-08"} | _REVIEWER,
                       "shebao/news": {"NV-01", "IN-04", "CT-03"} | _REVIEWER,
                       "shebao/service": {"NV-01", "EL-09", "EL-14"} | _REVIEWER}
#: PF-01 is not measured in the demo run of these tests (see demo_run), so it is inapplicable there.
_NOT_MEASURED_HERE = {"PF-01"}

#: The white-screen app: nothing rendered, so neither a privacy policy nor a complaint entry can be reached either.
WHITE_SCREEN_FAILS = {"AV-02", "PI-01", "PI-09"}

#: The hosted demo apps: the integration checks each page fails (nothing else fails).
HOSTED_FAILS = {
    ("演示：省人社服务示范局", "yibao/home"): {"IN-02", "IN-04"},  # own SMS login; payment through window.open
    ("演示：省人社服务示范局", "yanglao/home"): {"IN-03", "EL-01"},  # page view lacks fields; no elder mode
    ("演示：浙里办接入参照", "zlb/home"): set(),  # fully integrated with 浙里办
    ("演示：浙里办接入参照", "zlb/result"): set(),
    ("演示：浙里办接入参照", "zlbfix/result"): {"IN-01", "IN-06", "IN-07", "NV-01"},
    ("演示：国家平台接入参照", "guojia/home"): set(),
}


#: 青松办事 (演示：省政务服务示范局), the SPA behind its own login: conforms but for the full resident ID number its
#: 我的 page shows (PI-06, a veto); 我的办件 is reached by a tap on its tab bar and the application form is a journey
#: whose checkpoints are targets of their own (tests/test_demo_spa.py tests it in detail).
#: Issue 16: its backend's applications answer carries that ID unmasked, so 我的办件 (masked on screen) and 我的 fail
#: PI-14 (masking is the server's).
SPA_FAILS = {"banshi/home": set(), "banshi/items/list": {"PI-14"}, "banshi/mine": {"PI-06", "PI-14"}, "banshi/news": set(),
             "banshi/apply/step1": set(), "banshi/apply/step2": set(), "banshi/apply/step3": set(), "banshi/apply/result": set()}


def run_demo(out: Path, departments: list[str] | None = None):
    """Run the demo (its ``departments``, default all) as ``harness run`` does into ``out``, but for PF-01's
    throttled 4G reload of every page; returns (plan, {department name: results}, out), the shape of ``demo_run``."""
    plan, results = run(RunConfig(out=str(out), departments=list(departments or []), sets=["PF-01.throttling=false"]),
                        progress=None)
    return plan, {r["department"]["name"]: r for r in results}, out


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    """The whole demo as ``harness run`` runs it, but for PF-01's throttled 4G reload of every page (31 loads one
    at a time); the one page built to fail PF-01 is audited under 4G in its own test below."""
    return run_demo(tmp_path_factory.mktemp("demo") / "run")


def test_slow_request_chain_fails_lcp_under_4g():
    """shebao/service shows its content behind a chain of ten requests: under the 4G profile its LCP is too late."""
    import asyncio

    from harness import demo
    from harness.engine import AuditOptions, Auditor
    from harness.browser import BrowserOptions
    from harness import checklist as checklist_mod

    with demo.DemoServer() as srv:
        reg = demo.registry(srv)
        (target,) = [t for t in reg.targets(["演示：省社保示范局"]) if t.id == "shebao/service"]

        async def go():
            async with Auditor(checklist_mod.load(), AuditOptions(browser=BrowserOptions(extra_args=srv.chromium_args())), reg) as a:
                return await a.audit(target, variants={"throttled"}, stages=set())

        audit = asyncio.run(go())
    pf01 = next(c for c in audit.checks if c["id"] == "PF-01")
    assert pf01["outcome"] == "failed" and pf01["value"] > 5000 and pf01["threshold"].startswith("≤ 3000 ms"), pf01


def test_reports_and_results_written(demo_run):
    plan, results, out = demo_run
    assert (out / "index.html").is_file() and (out / "run.json").is_file()
    browser = json.loads((out / "run.json").read_text(encoding="utf-8"))["browser"]  # which Chromium measured the run
    assert browser["kind"] == "local" and Path(browser["executable"]).is_file() and re.match(r"\d+\.\d+", browser["version"])
    validator = Draft202012Validator(json.loads(schema_path("results").read_text(encoding="utf-8")))
    for r in results.values():
        folder = r["department"]["folder"]
        assert (out / "departments" / f"{folder}.html").is_file()
        data = json.loads((out / "results" / f"{folder}.json").read_text(encoding="utf-8"))
        assert not list(validator.iter_errors(data))
        for t in data["targets"]:
            with Image.open(out / t["screenshot"]) as shot:  # stored as JPEG sized for reading (not a PNG)
                assert shot.format == "JPEG" and shot.width >= plan.device["viewport"]["width"]
            assert (out / t["artifacts"]).is_file()
            assert {c["id"] for c in t["checks"]} == {c.id for c in plan.checklist.checks}


def test_every_threshold_has_its_chinese_wording_in_the_zh_report(demo_run):
    """A reviewer reading the zh-CN report reads each check's requirement in Chinese (threshold_zh), not English."""
    _, results, out = demo_run
    missing = sorted({c["id"] for r in results.values() for t in r["targets"] for c in t["checks"]
                      if c.get("threshold") is not None and not re.search(r"[\u4e00-\u9fff]", c.get("threshold_zh") or "")})
    assert not missing, f"checks whose threshold has no Chinese wording: {missing}"
    r = results["演示：省社保示范局"]
    home = {c["id"]: c for c in next(t for t in r["targets"] if t["id"] == "shebao/home")["checks"]}
    html = (out / "departments" / f"{r['department']['folder']}.html").read_text(encoding="utf-8")
    assert home["UI-01"]["threshold_zh"].startswith("横向溢出 ≤") and home["UI-01"]["threshold_zh"] in html
    assert home["UI-01"]["threshold"] not in html  # the English wording stays in the results, not the zh report


def test_conforming_app_passes_everything(demo_run):
    plan, results, _ = demo_run
    r = results["演示：省便民服务中心"]
    assert r["summary"]["verdict"] == "pass" and r["summary"]["score"] == 100
    semi = {c.id for c in plan.checklist.checks if c.mode == "semi"}
    for t in r["targets"]:
        bad = [(c["id"], c["message"]) for c in t["checks"]
               if c["outcome"] not in ("passed", "inapplicable", "untested") and not (c["id"] in semi and c["outcome"] == "cantTell")]
        assert not bad, (t["id"], bad)
        integration = {c["id"]: c["outcome"] for c in t["checks"]}
        assert all(integration[i] == "passed" for i in ("IN-01", "IN-02", "IN-03", "IN-05", "IN-06", "EL-01")), (t["id"], integration)


def test_a_department_is_scored_as_one_site(demo_run):
    """19号 scores one site or account: each check failed on any of the department's pages deducts once (issue 16)."""
    _, results, _ = demo_run
    assert results["演示：省人社服务示范局"]["summary"]["score"] == 100 - 15 - 8  # yibao's 15 and yanglao's 8, not their mean


def test_defective_app_fails_exactly_what_it_should(demo_run):
    _, results, _ = demo_run
    r = results["演示：省社保示范局"]
    assert r["summary"]["verdict"] == "fail-veto" and r["summary"]["vetoes"] == ["PI-09"]  # no complaint entry: 未提供有效互动功能
    assert r["summary"]["score"] == 0  # one site: every check failed on any of its pages deducts once
    assert {t["id"] for t in r["targets"]} == set(DEFECTIVE_FAILS)
    for t in r["targets"]:
        failed = {c["id"] for c in t["checks"] if c["outcome"] == "failed"}
        expected = DEFECTIVE_FAILS[t["id"]] - _NOT_MEASURED_HERE
        assert failed == expected, (t["id"], failed ^ expected)
        cant = {c["id"] for c in t["checks"] if c["outcome"] == "cantTell"}
        assert cant == DEFECTIVE_CANT_TELL.get(t["id"], set()), (t["id"], cant)
    home = next(t for t in r["targets"] if t["id"] == "shebao/home")
    checks = {c["id"]: c for c in home["checks"]}
    assert checks["EL-05"]["value"] >= 5 and all("box" in e for e in checks["EL-05"]["evidence"])
    assert checks["UI-01"]["value"]["375"] > 100
    assert "630102198807151232" not in json.dumps(home, ensure_ascii=False)  # evidence masks the ID it found
    pay = {c["id"]: c for c in next(t for t in r["targets"] if t["id"] == "shebao/pay")["checks"]}
    assert pay["PI-06"]["evidence"][0]["value"] == "bank_card" and pay["PI-06"]["evidence"][0]["text"].endswith("0128")
    assert "6222021234567890128" not in json.dumps(pay, ensure_ascii=False)
    assert pay["SE-02"]["value"] == {"git": 0, "source_maps": 1, "secrets": 2}
    assert pay["SE-05"]["value"] == {"app_links": 2, "commercial": 1, "allowed": 0}
    assert pay["AX-01"]["evidence"][0]["box"][2] > 0 and pay["EL-04"]["evidence"][0]["selector"]
    assert "630102198807151232" not in json.dumps(pay["PI-07"], ensure_ascii=False)
    privacy = {c["id"]: c for c in next(t for t in r["targets"] if t["id"] == "shebao/privacy")["checks"]}
    assert privacy["PI-03"]["value"] == {"published": None, "effective": None}
    assert {e["url"].rsplit("/", 1)[1] for e in checks["AV-03"]["evidence"] if "selector" in e} == {"query.html", "card.html", "more.html"}  # pay.html exists


def test_settle_waits_out_a_chain_of_requests(demo_run):
    """shebao/service renders its list after ten fetches one after another: the page is not quiet between them, so
    the DOM every check reads (and the outbound probe clicks) has the list."""
    _, results, out = demo_run
    t = next(t for t in results["演示：省社保示范局"]["targets"] if t["id"] == "shebao/service")
    a = json.loads((out / t["artifacts"]).read_text(encoding="utf-8"))
    assert "医保缴费" in a["dom"]["visible_text"], a["settle"]
    assert a["settle"]["waited"] >= 150


def test_defective_app_new_pages_evidence(demo_run):
    _, results, _ = demo_run
    targets = {t["id"]: {c["id"]: c for c in t["checks"]} for t in results["演示：省社保示范局"]["targets"]}
    news, service = targets["shebao/news"], targets["shebao/service"]
    assert news["PF-02"]["value"]["requests"] > 50
    assert news["UI-03"]["evidence"][0]["selector"].endswith("nav")
    assert news["EL-10"]["evidence"][0]["selector"].startswith("#swiper")
    assert {e["value"] for e in news["CT-01"]["evidence"]} == {"测试新闻", "敬请期待"}
    assert any("更多新闻" == e.get("text") for e in news["UI-06"]["evidence"])
    assert service["PF-01"]["outcome"] == "inapplicable"  # measured under 4G in test_slow_request_chain_fails_lcp_under_4g
    assert service["EL-06"]["evidence"][0]["value"] == "20 × 20"
    assert {"立即下载APP"} <= {e.get("value") for e in service["EL-07"]["evidence"]} | {e.get("text") for e in service["EL-07"]["evidence"]}
    assert service["NV-03"]["evidence"][0]["value"] == 60


def test_spa_behind_login_is_audited_logged_in_once(demo_run):
    plan, results, _ = demo_run
    r = results["演示：省政务服务示范局"]
    assert r["summary"]["verdict"] == "fail-score" and r["summary"]["score"] == 54  # PI-06 on 我的 (41, not a veto), PI-14 (5: the backend sends the ID unmasked)
    assert [t["id"] for t in r["targets"]] == list(SPA_FAILS)
    for t in r["targets"]:
        assert t["status"] == "done" and t["verdict"] != "error", (t["id"], t["error"])
        assert {c["id"] for c in t["checks"] if c["outcome"] == "failed"} == SPA_FAILS[t["id"]], t["id"]
    # one login for the system in a run of the whole demo (targets of other departments in between), and no
    # load logged the user out or closed the account
    assert plan.demo.hits["login"] == 1 and plan.demo.hits["logout"] == plan.demo.hits["delete"] == 0


def test_white_screen_app_fails(demo_run):
    """A white screen deducts 41 (below the pass mark alone), not a veto; the page also offers no complaint entry,
    19号's 新媒体 veto 未提供有效互动功能 (PI-09)."""
    _, results, _ = demo_run
    r = results["演示：省公积金示范中心"]
    t = r["targets"][0]
    failed = {c["id"] for c in t["checks"] if c["outcome"] == "failed"}
    assert failed == WHITE_SCREEN_FAILS and t["verdict"] == "fail-veto" and t["vetoes"] == ["PI-09"]
    assert t["policy"] == "new-media" and t["score"] == 100 - 41 - 10 == r["summary"]["score"]
    av02 = next(c for c in t["checks"] if c["id"] == "AV-02")
    assert av02["veto"] is False and av02["deducted"] == 41
    assert av02["value"]["text_chars"] == 0 and av02["value"]["page_errors"] >= 1


def test_hosted_apps_show_each_hook_passing_and_failing(demo_run):
    _, results, out = demo_run
    seen: dict[str, set] = {}
    for (dep, tid), want in HOSTED_FAILS.items():
        t = next(t for t in results[dep]["targets"] if t["id"] == tid)
        outcomes = {c["id"]: c["outcome"] for c in t["checks"]}
        assert {i for i, o in outcomes.items() if o == "failed"} == want, (tid, outcomes)
        for i, o in outcomes.items():
            seen.setdefault(i, set()).add(o)
        art = json.loads((out / t["artifacts"]).read_text(encoding="utf-8"))
        assert art["bridge"]["platform"] in ("qingsongban", "zheliban", "national")
    for hook in ("IN-01", "IN-02", "IN-03", "IN-04", "IN-06", "EL-01"):
        assert {"passed", "failed"} <= seen[hook], (hook, seen[hook])
    assert "cantTell" in seen["IN-07"] and "failed" in seen["IN-07"]  # 好差评 offered on zlb/result, missing on zlbfix
    national = {c["id"]: c for c in results["演示：国家平台接入参照"]["targets"][0]["checks"]}
    assert national["IN-01"]["outcome"] == "inapplicable" and national["EL-01"]["outcome"] == "inapplicable"
    assert national["IN-06"]["outcome"] == "passed"


def test_reports_show_readiness_and_bridge_timeline(demo_run):
    _, results, out = demo_run
    html = (out / "departments" / f"{results['演示：省人社服务示范局']['department']['folder']}.html").read_text(encoding="utf-8")
    assert "青松办对接就绪情况" in html and "假设配置" in html and "specs/platforms/qingsongban.json" in html
    assert html.count('class="rd rd-missing"') == 4 and "宿主桥接调用记录" in html and "QSBridge.setTitle" in html
    zlb = (out / "departments" / f"{results['演示：浙里办接入参照']['department']['folder']}.html").read_text(encoding="utf-8")
    assert "浙里办对接就绪情况" in zlb and "就绪前调用" in zlb and "ZWJSBridge.pay" in zlb and "点击“在线缴费”时" in zlb
    plain = (out / "departments" / f"{results['演示：省便民服务中心']['department']['folder']}.html").read_text(encoding="utf-8")
    assert plain.count('class="rd rd-missing"') == 0 and "QSBridge.ssoTicket" in plain


def test_rerender_reports_from_results(demo_run, tmp_path):
    _, _, out = demo_run
    r = subprocess.run([sys.executable, "-m", "harness.cli", "report", str(out), "--lang", "en"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "Government mobile service conformance" in html and "演示：省社保示范局" in html


def test_recheck_with_new_threshold_changes_outcomes_without_loading(demo_run, tmp_path):
    import shutil

    _, _, out = demo_run
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    env = {**__import__("os").environ, "HARNESS_CHROMIUM": "/nonexistent"}  # no browser may start
    r = subprocess.run([sys.executable, "-m", "harness.cli", "recheck", str(copy), "--set", "TX-01.min_font_px=40"],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    data = json.loads((copy / "results" / "演示：省便民服务中心.json").read_text(encoding="utf-8"))
    tx = [c for t in data["targets"] for c in t["checks"] if c["id"] == "TX-01"]
    assert tx and all(c["outcome"] == "failed" and c["params"]["min_font_px"] == 40 for c in tx)
    assert data["run"]["overrides"] == {"TX-01": {"min_font_px": 40}}
#: The demo websites (政务服务 column, 青政公〔2019〕24号 二.一): department → (WS-01, WS-02) outcomes.
WEBSITES = {
    "演示：省文旅示范厅": ("passed", "passed"),        # a text link in the navigation, to the 附件1 address
    "演示：省水利示范厅": ("passed", "failed"),        # links to the platform's home page instead
    "演示：省林草示范局": ("failed", "passed"),        # the link is only below the first screen
    "演示：省气象示范局": ("passed", "passed"),        # an image link named by its alt text only
    "演示：省档案示范馆": ("passed", "passed"),        # its platform link reads 网上办事, the name 附件1 uses
}


def test_demo_websites_on_mobile_and_desktop(demo_run):
    _, results, out = demo_run
    for name, (ws01, ws02) in WEBSITES.items():
        r = results[name]
        (t,) = r["targets"]
        assert t["id"] == "website/home" and t["variant_screenshots"]["website_desktop"], name
        checks = {c["id"]: c for c in t["checks"]}
        assert (checks["WS-01"]["outcome"], checks["WS-02"]["outcome"]) == (ws01, ws02), (name, checks["WS-01"]["message"], checks["WS-02"]["message"])
        # only the website checks apply to a website: every H5 check is inapplicable; the content and availability
        # vetoes of issue 19 (CT-02, CT-03, AV-04) apply to websites too, and leave these to a reviewer
        assert {c["id"] for c in t["checks"] if c["outcome"] != "inapplicable"} == {"WS-01", "WS-02", "CT-02", "CT-03", "AV-04"} - ({"WS-02"} if ws02 == "inapplicable" else set())
        assert {checks[c]["outcome"] for c in ("CT-02", "CT-03", "AV-04")} == {"cantTell"}
        assert set(checks["WS-01"]["value"]) == {"mobile-375", "desktop-1366", "service_entry"}
        assert checks["WS-01"]["value"]["service_entry"] is True and t["policy"] == "website"
        html = (out / "departments" / f"{r['department']['folder']}.html").read_text(encoding="utf-8")
        assert 'id="sec-zwfw"' in html and 'id="sec-lint"' in html
    fold = {c["id"]: c for c in results["演示：省林草示范局"]["targets"][0]["checks"]}["WS-01"]
    assert fold["value"]["mobile-375"]["y"] > 667 and fold["value"]["desktop-1366"]["y"] > 768
    assert fold["value"]["mobile-375"]["found"] == 1 and not fold["value"]["desktop-1366"]["prominent"]
    image = {c["id"]: c for c in results["演示：省气象示范局"]["targets"][0]["checks"]}["WS-01"]
    assert image["value"]["desktop-1366"]["matched_by"] == "alt" and image["value"]["mobile-375"]["prominent"]
    wrong = {c["id"]: c for c in results["演示：省水利示范厅"]["targets"][0]["checks"]}["WS-02"]
    assert wrong["value"]["mobile-375"] == "https://www.qhzwfw.gov.cn/" and "ouguid=00000000-0000-4000-8000-000000000005" in wrong["value"]["expected"]
    named = {c["id"]: c for c in results["演示：省档案示范馆"]["targets"][0]["checks"]}["WS-01"]
    assert "网上办事" in named["message"] and named["value"]["desktop-1366"]["found"] == 1


def test_item_library_checks_on_demo(demo_run):
    _, results, out = demo_run
    bianmin = {t["id"]: {c["id"]: c["outcome"] for c in t["checks"]} for t in results["演示：省便民服务中心"]["targets"]}
    assert bianmin["bianmin/guide"]["SV-01"] == bianmin["bianmin/guide"]["SV-02"] == bianmin["bianmin/form"]["SV-01"] == "passed"
    r = results["演示：省民政示范局"]
    # an H5 app is scored by 19号's 新媒体 part (no 服务不实用 veto): SV-01 and SV-02 deduct 10 each, once for the department
    assert r["summary"]["verdict"] == "pass" and r["summary"]["score"] == 80 and r["summary"]["deductions"] == {"SV-01": 10, "SV-02": 10}
    failed = {t["id"]: {c["id"] for c in t["checks"] if c["outcome"] == "failed"} for t in r["targets"]}
    assert failed == {"minzheng/home": {"SV-01"}, "minzheng/guide": {"SV-02"}}
    home = {c["id"]: c for c in r["targets"][0]["checks"]}["SV-01"]
    assert home["value"] == {"shown": 4, "in_library": 1, "problems": 3}
    assert "殡葬补贴申领" in home["message"] and "行政给付" in home["message"] and "does not allow" in home["message"]
    guide = {c["id"]: c for c in r["targets"][1]["checks"]}["SV-02"]
    assert guide["value"]["missing"] == ["办理时限", "收费标准"]
    html = (out / "departments" / f"{r['department']['folder']}.html").read_text(encoding="utf-8")
    assert 'id="sec-items"' in html and "✗ 办理时限" in html


def test_lint_findings_in_reports(demo_run):
    _, results, out = demo_run
    shebao = results["演示：省社保示范局"]["department"]["lint"]
    assert [(f["rule"], f["severity"]) for f in shebao] == [("ouname-mismatch", "error")]
    assert all(not r["department"]["lint"] for n, r in results.items() if n != "演示：省社保示范局")
    html = (out / "departments" / f"{results['演示：省社保示范局']['department']['folder']}.html").read_text(encoding="utf-8")
    assert 'data-rule="ouname-mismatch"' in html
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('class="lint-cell"') == len(results) and ("错误 1" in index or "errors 1" in index)  # zh, or en once re-rendered
    dep = next(p for p in (out / "departments").glob("*.html") if "人社" in p.name).read_text(encoding="utf-8")
    assert "青松办对接就绪情况" not in dep and "Qingsongban (青松办, Qinghai) readiness" in dep
    assert "assumed profile" in dep and "Host bridge call log" in dep and "before ready" not in dep


def test_defective_department_report_fits_a_laptop_screen(demo_run):
    """The report with the most evidence (long selectors, values, close-ups) is not cut off at 1280 px."""
    from playwright.sync_api import sync_playwright

    from harness.browser import BrowserOptions
    from reportview import cut_off

    _, _, out = demo_run
    path = out / "departments" / "演示：省社保示范局.html"
    opts = BrowserOptions()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=opts.executable(), args=opts.launch_args(), headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(path.as_uri())
        over, width = cut_off(page)
        browser.close()
    assert over == [] and width <= 1280, (over, width)
