"""Checks as pure functions on hand-made artifacts: edge cases, without a browser (Lighthouse-style)."""

from __future__ import annotations

import pytest

from harness import checklist as checklist_mod
from harness import checks
from harness.checks.privacy import find_personal_data, id_checksum_ok, mask

from checkrun import CL, run


def art(dom=None, **kw):
    base = {"device": {"viewport": {"width": 375, "height": 667}, "name": "t"}, "target": {"system_kind": "h5"},
            "navigation": {"url": "https://x/", "final_url": "https://x/", "ok": True, "status": 200, "load_ms": 100,
                           "error": None, "committed": True},
            "errors": {}, "network": [], "console": [], "page_errors": []}
    if dom is not None:
        base["dom"] = {"visible_text": "", "texts": [], "targets": [], "fields": [], "forms": [], "resources": [],
                       "font_histogram": [], "doc": {"visual_scale": 1}, **dom}
    base.update(kw)
    return base


def text(t, fs=16, lh=24, **kw):
    return {"selector": kw.pop("selector", "p"), "tag": "p", "text": t, "chars": len(t.replace(" ", "")), "font_size": fs,
            "line_height": lh, "heading": False, "in_control": False, "box": [0, 0, 100, 20], **kw}


# ---- errors and applicability

def test_missing_artifact_is_error_with_reason():
    a = art(errors={"dom": "timeout"})
    o = run("TX-01", a)
    assert o.outcome == "error" and "'dom' failed: timeout" in o.message


def test_page_not_loaded_is_error_for_dom_checks_but_failure_for_av01():
    a = art(navigation={"url": "https://x/", "final_url": "chrome-error://chromewebdata/", "ok": False, "status": None,
                        "load_ms": None, "error": "net::ERR_CONNECTION_REFUSED", "committed": False})
    assert run("AV-01", a).outcome == "failed"
    o = run("EL-05", a)
    assert o.outcome == "error" and "ERR_CONNECTION_REFUSED" in o.message


def test_check_exception_becomes_error():
    a = art({"texts": [{"broken": True}]})
    o = run("EL-03", a)
    assert o.outcome == "error" and "KeyError" in o.message


def test_manual_and_applies_to():
    decl = CL.by_id["UI-01"]
    manual = checklist_mod.Check(**{**decl.__dict__, "mode": "manual"})
    assert checks.evaluate(manual, art({}), {}).outcome == "untested"
    scoped = checklist_mod.Check(**{**decl.__dict__, "applies_to": ["website"]})
    assert checks.evaluate(scoped, art({}), CL.params_for(decl)).outcome == "inapplicable"


# ---- AV

def test_av01_status_and_time():
    a = art()
    assert run("AV-01", a).outcome == "passed"
    a["navigation"]["status"] = 500
    assert run("AV-01", a).outcome == "failed"
    a["navigation"].update(status=200, load_ms=16000)
    o = run("AV-01", a)
    assert o.outcome == "failed" and o.value == 16000


def test_av02_text_but_uniform_screen_passes():
    a = art({"visible_text": "有字"}, screenshot={"first_screen": {"stddev": [0, 0, 0]}})
    assert run("AV-02", a).outcome == "passed"


def test_av02_no_screenshot_cant_tell():
    assert run("AV-02", art({"visible_text": " "})).outcome == "cantTell"


def test_av02_page_error_switch():
    a = art({"visible_text": "有字"}, page_errors=[{"message": "x is not defined"}])
    assert run("AV-02", a).outcome == "failed"
    assert run("AV-02", a, fail_on_page_error=False).outcome == "passed"


# ---- UI

@pytest.mark.parametrize("content,outcome", [
    ("width=device-width, initial-scale=1", "passed"), ("initial-scale=1,width=device-width", "passed"),
    ("WIDTH = DEVICE-WIDTH", "passed"), ("width=320", "failed"), ("initial-scale=1", "failed"), (None, "failed"),
])
def test_ui02_parsing(content, outcome):
    assert run("UI-02", art({"viewport_meta": content})).outcome == outcome


def test_ui01_tolerance_and_missing_width():
    lay = {"320": {"scroll_width": 321, "client_width": 320, "offenders": []},
           "375": {"scroll_width": 375, "client_width": 375, "offenders": []}}
    o = run("UI-01", art(layout=lay))
    assert o.outcome == "error" and "414" in o.message  # one width not measured
    lay["414"] = {"scroll_width": 414, "client_width": 414, "offenders": []}
    assert run("UI-01", art(layout=lay)).outcome == "passed"
    assert run("UI-01", art(layout=lay), tolerance=0).outcome == "failed"


# ---- TX / EL

def test_tx01_share_threshold_boundary():
    a = art({"font_histogram": [[11, 40], [12, 60]]})
    o = run("TX-01", a)
    assert o.outcome == "passed" and o.value == 0.6
    assert run("TX-01", a, min_share=0.61).outcome == "failed"


def test_tx01_scale_applies():
    a = art({"font_histogram": [[16, 100]], "doc": {"visual_scale": 0.5}, "texts": [text("正文文字正文文字", fs=16)]})
    o = run("TX-01", a)
    assert o.outcome == "failed" and o.evidence[0]["value"] == 8.0


def test_tx01_no_text_inapplicable():
    assert run("TX-01", art({})).outcome == "inapplicable"


def test_el03_ignores_headings_controls_and_short_text():
    texts = [text("一二三四五六七八九十一二三四五六", lh=16), text("短", lh=10)]
    texts[0]["heading"] = True
    texts.append({**text("按钮里的很长很长很长很长的文字内容啊", lh=16), "in_control": True})
    assert run("EL-03", art({"texts": texts})).outcome == "inapplicable"
    texts.append(text("这是正文，行距刚好一点三倍字号，应当通过检查。", fs=20, lh=26))
    o = run("EL-03", art({"texts": texts}))
    assert o.outcome == "passed" and o.value == 1.3


def test_el05_label_wrapping_and_inline_exemption():
    small = {"selector": "input", "tag": "input", "box": [0, 0, 16, 16], "inline": False,
             "label": {"box": [0, 0, 300, 48], "wraps": True}}
    link = {"selector": "a", "tag": "a", "box": [0, 0, 30, 18], "inline": True, "label": None}
    assert run("EL-05", art({"targets": [small, link]})).outcome == "passed"
    o = run("EL-05", art({"targets": [small, link]}), exempt_inline=False)
    assert o.outcome == "failed" and o.value == 1 and o.evidence[0]["selector"] == "a"
    small["label"]["wraps"] = False
    assert run("EL-05", art({"targets": [small]})).value == 1


def test_el05_scaled_page():
    t = {"selector": "button", "tag": "button", "box": [0, 0, 60, 60], "inline": False, "label": None}
    assert run("EL-05", art({"targets": [t], "doc": {"visual_scale": 0.5}})).outcome == "failed"


# ---- AX-03

@pytest.mark.parametrize("title,lang,outcome", [
    ("标题", "zh-CN", "passed"), ("标题", "zh", "passed"), ("标题", "ZH-Hans", "passed"), ("  ", "zh-CN", "failed"),
    ("标题", "en", "failed"), ("标题", None, "failed"),
])
def test_ax03(title, lang, outcome):
    assert run("AX-03", art({"title": title, "lang": lang})).outcome == outcome


# ---- PI-06

def test_id_checksum():
    assert id_checksum_ok("630102198807151232")
    assert not id_checksum_ok("630102198807151233")
    assert id_checksum_ok("11010519491231002X") and id_checksum_ok("11010519491231002x")


@pytest.mark.parametrize("s,kinds", [
    ("身份证号：630102198807151232", ["resident_id"]),
    ("630102198807151233（校验位错误也算）", ["resident_id"]),
    ("11010519491231002X", ["resident_id"]),
    ("手机 13897001234", ["mobile"]),
    ("手机 138-9700-1234", ["mobile"]),
    ("+86 13897001234", ["mobile"]),
    ("630102199902301232", []),        # 2月30日 is no date
    ("6301021988071512321", []),       # 19 digits
    ("138****1234", []), ("0971-8252410", []), ("12345", []), ("事项编码11630000MB1234567X4000117001", []),
    ("订单号 2026081513897001234", []),  # a mobile-like run inside a longer number
])
def test_personal_data_patterns(s, kinds):
    assert [k for k, _, _ in find_personal_data(s, ["resident_id", "mobile"])] == kinds


def test_pi06_masks_evidence_and_reads_fields_and_split_text():
    a = art({"texts": [text("身份证 630102198807151232")], "fields": [{"selector": "#m", "value": "13897001234", "box": [0, 0, 1, 1]}],
             "visible_text": "手机\n139 0000 1111"})
    o = run("PI-06", a)
    assert o.outcome == "failed" and o.value == 3
    dump = repr(o.evidence)
    assert "630102198807151232" not in dump and "6*************1232" in dump and "139****1111" in dump
    assert mask("mobile", "+86 13897001234") == "138****1234"


# ---- IN-02 / SE-01

def test_in02_confirm_password_form():
    forms = [{"selector": "form", "submit_texts": ["下一步"], "text": "设置密码 确认密码", "box": [0, 0, 1, 1]}]
    assert run("IN-02", art({"forms": forms})).outcome == "failed"
    forms[0]["text"] = "姓名 地址"
    assert run("IN-02", art({"forms": forms})).outcome == "passed"


def test_se01_mixed_content_sources():
    a = art({"resources": [{"tag": "img", "attr": "src", "url": "http://cdn/x.png"}]})
    o = run("SE-01", a)
    assert o.outcome == "failed" and o.evidence[0]["url"] == "http://cdn/x.png"
    a = art({}, network=[{"url": "http://api/x", "type": "XHR", "blocked": "mixed-content"}])
    assert run("SE-01", a).outcome == "failed"
    a = art({}, navigation={"url": "http://x/", "final_url": "https://x/", "committed": True, "ok": True})
    assert run("SE-01", a).outcome == "passed"  # redirected to https
