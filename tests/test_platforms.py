"""Platform profiles as data: every shipped profile is valid, bad profiles and unknown platform names are clear
errors naming the file and JSON path (or the option), and a target's platform comes from its registry."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from harness import platforms, registry, specs
from harness.errors import OptionError, SpecError
from harness.gather import GatherOptions, options_for_target
from harness.gather.host import host_config, init_script, sdk_stub, substitute, with_param

HARNESS = [sys.executable, "-m", "harness.cli"]


def test_shipped_profiles_load():
    assert {"qingsongban", "zheliban", "national"} <= set(platforms.names())
    qsb, zlb, nat = (platforms.load(n) for n in ("qingsongban", "zheliban", "national"))
    assert qsb.status == "assumed" and "ASSUMED" in qsb.data["status_note"]
    assert zlb.status == "published" and zlb.bridge["global"] == "ZWJSBridge" and zlb.bridge["ready"]["method"] == "onReady"
    assert zlb.methods("ui_style") == ["getUiStyle"] and zlb.methods("sso_ticket") == ["ssoTicket"]
    assert {m for r in ("set_title", "open_link", "close", "phone_call", "pay", "user_type") for m in zlb.methods(r)} == \
        {"setTitle", "openLink", "close", "phoneCall", "pay", "getUserType"}
    assert zlb.analytics["channels"][0]["global"] == "ZwLog" and zlb.analytics["string_values"] is True
    assert zlb.data["user_agent"]["marker"] == "dtdreamweb" and any(s["url"] for s in zlb.data["sources"] if "url" in s)
    assert nat.status == "partial" and nat.bridge is None and nat.sso is None and not nat.scripts
    assert not nat.applies("IN-01") and nat.applies("IN-06")
    # SDK patterns match the published addresses, and only them.
    assert zlb.scripts[0].pattern.search("https://assets.zjzwfw.gov.cn/assets/ZWJSBridge/1.0.1/zwjsbridge.js")
    assert not zlb.scripts[0].pattern.search("https://assets.zjzwfw.gov.cn/assets/ZWJSBridge/1.0.1/zwjsbridge.js.map")
    assert zlb.sso_pattern.search("https://puser.zjzwfw.gov.cn/sso/alipay.do?action=ssoLogin&servicecode=x")
    assert zlb.hosts_pattern.search("https://mapi.zjzwfw.gov.cn/web/mgop") and not zlb.hosts_pattern.search("https://mapi.zjzwfw.gov.cn.evil.com/")


def test_profile_summary_is_plain_data():
    s = platforms.load("qingsongban").summary()
    json.dumps(s)
    assert s["bridge"]["roles"]["setTitle"] == "set_title" and s["analytics"]["required_fields"][0] == "miniAppId"


def _profile(tmp_path, mutate, name="zheliban"):
    data = json.loads((platforms.platforms_dir() / f"{name}.json").read_text(encoding="utf-8"))
    mutate(data)
    p = tmp_path / f"{name}.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return p


def test_schema_error_names_file_and_path(tmp_path):
    p = _profile(tmp_path, lambda d: d["bridge"]["methods"]["getUiStyle"].__setitem__("role", "colour"))
    with pytest.raises(SpecError) as e:
        specs.load(p, "platform")
    assert e.value.file == str(p) and e.value.json_path == "$.bridge.methods.getUiStyle.role"


def test_pattern_must_compile_and_match_its_example(tmp_path):
    p = _profile(tmp_path, lambda d: d["sdk"]["scripts"][0].__setitem__("url_pattern", "^https://(unclosed"))
    with pytest.raises(SpecError, match=r"\$\.sdk\.scripts\[0\]\.url_pattern: invalid regular expression"):
        platforms.from_data(specs.load(p, "platform"), str(p))
    p = _profile(tmp_path, lambda d: d["sso"]["redirect"].__setitem__("url_pattern", "^https://other\\.example/"))
    with pytest.raises(SpecError, match=r"\$\.sso\.redirect\.url_pattern: the pattern does not match its example"):
        platforms.from_data(specs.load(p, "platform"), str(p))


def test_id_must_equal_file_name(tmp_path):
    p = _profile(tmp_path, lambda d: d.__setitem__("id", "zlb"))
    with pytest.raises(SpecError, match=r"\$\.id: id 'zlb' must equal the file name 'zheliban'"):
        platforms.from_data(specs.load(p, "platform"), str(p))


def test_unknown_platform_option_and_registry_entry(tmp_path):
    with pytest.raises(OptionError, match="unknown platform 'qingsong'.*qingsongban"):
        platforms.check_option("qingsong")
    assert platforms.check_option("none") == "none"
    reg = {"id": "t", "title": "t", "platform": "zheliban", "departments": [
        {"name": "甲", "kind": "provincial", "systems": [{"name": "s", "pages": [{"url": "https://x.gov.cn/"}]}]},
        {"name": "乙", "kind": "provincial", "platform": "national",
         "systems": [{"name": "s", "platform": "nope", "pages": [{"url": "https://y.gov.cn/"}]}]}]}
    p = tmp_path / "reg.json"
    p.write_text(json.dumps(reg, ensure_ascii=False), encoding="utf-8")
    r = registry.load(p)
    with pytest.raises(SpecError) as e:
        platforms.validate_registry(r)
    assert e.value.file == str(p) and e.value.json_path == "$.departments[1].systems[0].platform"
    # The registry's platform is the default; a department's overrides it.
    assert r.departments[0].targets()[0].info()["platform"] == "zheliban"
    assert r.departments[1].platform == "national"


def test_cli_rejects_unknown_platform_before_any_browser():
    r = subprocess.run([*HARNESS, "audit", "https://example.gov.cn/", "--platform", "qsb"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "unknown platform 'qsb'" in r.stderr


def test_target_hook_sets_host_and_user_agent():
    base = GatherOptions()
    assert options_for_target(base, {"platform": None}) is base
    o = options_for_target(base, {"platform": "zheliban"})
    assert o.host == {"platform": "zheliban", "ui_style": "normal", "user_type": "1"} and base.host is None
    assert o.user_agent.endswith(" DTDreamWeb/1.0") and o.user_agent.startswith(base.device["user_agent"])
    assert options_for_target(base, {"platform": "national"}).user_agent is None  # unknown marker: unchanged


def test_host_config_and_helpers():
    cfg = host_config(platforms.load("zheliban"), ui_style="elder", ticket="T1-ticket")
    assert cfg["methods"]["getUiStyle"]["answer"] == {"uiStyle": "elder"}
    assert cfg["methods"]["ssoTicket"]["answer"] == {"result": True, "ticketId": "T1-ticket"}
    assert cfg["ready"] == {"kind": "callback", "method": "onReady", "event": None, "delayMs": 0}
    assert "(cfg) =>" in init_script(cfg) and '"T1-ticket"' in init_script(cfg)
    assert "sdkLoaded(\"bridge\",\"bridge\")" in sdk_stub("bridge", "bridge")
    assert substitute({"a": ["{ticket}", "x{user_type}"]}, {"ticket": "T", "user_type": "2"}) == {"a": ["T", "x2"]}
    assert with_param("https://a.gov.cn/p?x=1#h", "ticket", "T-ticket") == "https://a.gov.cn/p?x=1&ticket=T-ticket#h"
    assert host_config(platforms.load("national"))["global"] is None


def test_pytest_plugin_rejects_unknown_platform(tmp_path):
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    r = subprocess.run([sys.executable, "-m", "pytest", "suites/", "-q", "-p", "no:cacheprovider", "--harness-platform", "qsb",
                        "--harness-department", "演示：省公积金示范中心", "--harness-out", str(tmp_path / "run")],
                       capture_output=True, text=True, cwd=root, timeout=120)
    assert r.returncode == 2 and "unknown platform 'qsb'" in (r.stdout + r.stderr)


def test_platform_params_are_valid_for_their_checks_and_layer_under_the_registry():
    """Issue 16: each platform's masking rule (PI-06) is data in its profile, from its source; 浙里办 gets the
    浙江 rule's 普通隐藏 (the lenient default), never Alipay's stricter values; a registry block still wins."""
    from harness import checklist as checklist_mod
    from harness.engine import param_layers

    cl = checklist_mod.load()
    for name in platforms.names():
        prof = platforms.load(name)
        for cid, values in prof.check_params.items():
            for k, v in values.items():
                cl.check_param(cid, k, v, f"specs/platforms/{name}.json")
            assert prof.data["params"][cid]["source"] and prof.data["params"][cid]["basis"]
    zlb = platforms.load("zheliban").check_params["PI-06"]["max_revealed"]
    assert zlb == {"resident_id": 10, "mobile": 7, "bank_card": 10}
    assert zlb == cl.by_id["PI-06"].params["max_revealed"]["value"]
    assert "普通隐藏" in platforms.load("zheliban").data["params"]["PI-06"]["source"]
    pi06 = cl.by_id["PI-06"]
    layers = param_layers(None, None, "zheliban")
    assert cl.params_for(pi06, *layers)["max_revealed"] == zlb
    strict = {"PI-06": {"max_revealed": {"resident_id": 2, "mobile": 5, "bank_card": 4}}}
    assert cl.params_for(pi06, *layers, strict)["max_revealed"]["resident_id"] == 2
    assert param_layers(None, None, "none") == []
    # 浙里办 审核用例 14 (不可缩放): AX-04 leaves axe's meta-viewport out on 浙里办-hosted pages only
    ax04 = cl.by_id["AX-04"]
    assert cl.params_for(ax04, *layers)["platform_fixes_zoom"] is True
    assert cl.params_for(ax04, *param_layers(None, None, "qingsongban"))["platform_fixes_zoom"] is False
