"""Unit tests on hand-made artifacts for the notice's checks (WS-01, WS-02: the 政务服务 column; SV-01, SV-02:
事项同源), the default scope of checks on website targets, the registry's website systems and items
declarations, and the item library's validation. No browser."""

from __future__ import annotations

import json

import pytest

from harness import catalog as catalog_mod
from harness import checks as checks_mod
from harness import registry
from harness.errors import SpecError

ADDR = "https://www.qhzwfw.gov.cn/adminpermitbm.html?ouguid=11111111-2222-4333-8444-555555555555&ouname=%E6%B5%8B%E8%AF%95"


def _link(text="政务服务", href=ADDR, box=(10, 80, 64, 24), first=1.0, rendered=True, covered=False, **names):
    return {"selector": "#zw", "href": href, "names": {"text": text, "alt": "", "title": "", "aria_label": "", **names},
            "box": list(box), "rendered": rendered, "first_screen": first, "covered": covered, "to_platform": True}


def _ws_art(mobile_links, desktop_links, address=ADDR, department="测试"):
    def load(name, w, h, links):
        return {"device": {"name": name, "viewport": {"width": w, "height": h}},
                "ws_links": {"viewport": {"width": w, "height": h}, "links": links}}
    art = load("mobile-375", 375, 667, mobile_links)
    art["target"] = {"system_kind": "website", "address": address, "department": department}
    art["variants"] = {"website_desktop": load("desktop-1366", 1366, 768, desktop_links)}
    return art


def _run(checklist, cid, art, **params):
    decl = checklist.by_id[cid]
    return checks_mod.evaluate(decl, art, {**checklist.params_for(decl), **params})


def test_website_targets_get_only_the_website_checks(checklist):
    art = {"target": {"system_kind": "website"}}
    for c in checklist.checks:
        if c.mode == "manual":
            continue
        out = checks_mod.evaluate(c, art, c.defaults())
        if c.applies_to and "website" in c.applies_to:
            assert out.outcome != "inapplicable" or c.id.startswith("SV"), c.id
        else:
            assert out.outcome == "inapplicable" and "website" in out.message, c.id
    out = checks_mod.evaluate(checklist.by_id["WS-01"], {"target": {"system_kind": "h5"}}, {})
    assert out.outcome == "inapplicable"


def test_ws01_prominent_on_both(checklist):
    out = _run(checklist, "WS-01", _ws_art([_link()], [_link(box=(400, 60, 80, 40))]))
    assert out.outcome == "passed"
    assert out.value["mobile-375"]["prominent"] and out.value["desktop-1366"]["y"] == 60
    assert {e["width"] for e in out.evidence} == {375, 1366}


def test_ws01_fails_per_viewport_with_reason(checklist):
    out = _run(checklist, "WS-01", _ws_art([_link(rendered=False)], [_link(box=(10, 900, 64, 24), first=0.0)]))
    assert out.outcome == "failed"
    assert "mobile-375: present in the page but not rendered" in out.message and "desktop-1366: below the first screen: its top is at y=900" in out.message
    out = _run(checklist, "WS-01", _ws_art([_link(covered="#popup")], [_link()]))
    assert out.outcome == "failed" and "covered by #popup" in out.message
    out = _run(checklist, "WS-01", _ws_art([_link(first=0.4)], [_link()]))  # less than half inside the first screen
    assert out.outcome == "failed"
    out = _run(checklist, "WS-01", _ws_art([_link(first=0.4)], [_link()]), min_visible_ratio=0.3)
    assert out.outcome == "passed"


def test_ws01_image_alt_and_keywords(checklist):
    img = _link(text="", alt="政务服务")
    out = _run(checklist, "WS-01", _ws_art([img], [img]))
    assert out.outcome == "passed" and out.value["mobile-375"]["matched_by"] == "alt"
    other = _link(text="网上办事")
    out = _run(checklist, "WS-01", _ws_art([other], [other]))
    assert out.outcome == "failed" and "'网上办事'" in out.message
    out = _run(checklist, "WS-01", _ws_art([other], [other]), keywords=["政务服务", "网上办事"])
    assert out.outcome == "passed"


def test_ws01_prefers_the_prominent_exact_link(checklist):
    hotline = _link(text="政务服务热线12345", box=(10, 10, 200, 20))
    low = _link(box=(10, 2000, 64, 24), first=0.0)
    nav = _link(box=(300, 90, 64, 24))
    out = _run(checklist, "WS-01", _ws_art([low, hotline, nav], [low, nav]))
    assert out.outcome == "passed" and out.value["mobile-375"]["found"] == 3
    assert out.evidence[0]["text"] == "政务服务"


def test_ws02_normalised_comparison(checklist):
    same = "http://WWW.qhzwfw.gov.cn/adminpermitbm.html/?ouname=%e6%b5%8b%e8%af%95&ouguid=11111111-2222-4333-8444-555555555555"
    out = _run(checklist, "WS-02", _ws_art([_link(href=same)], [_link()]))
    assert out.outcome == "passed" and out.warning  # http is noted
    out = _run(checklist, "WS-02", _ws_art([_link()], [_link(href="https://www.qhzwfw.gov.cn/")]))
    assert out.outcome == "failed" and "desktop-1366" in out.message and "path, query differ" in out.message
    assert out.value["expected"] == ADDR and out.value["desktop-1366"] == "https://www.qhzwfw.gov.cn/"
    out = _run(checklist, "WS-02", _ws_art([], []))
    assert out.outcome == "inapplicable"


def test_ws02_accepts_the_corrected_address_of_a_defective_row(checklist):
    printed = ADDR.replace("%E6%B5%8B%E8%AF%95", "%E6%B5%8B%E8")  # a byte lost, as in 附件1
    out = _run(checklist, "WS-02", _ws_art([_link()], [_link()], address=printed, department="测试"))
    assert out.outcome == "passed" and out.warning and "registry lint" in out.message
    out = _run(checklist, "WS-02", _ws_art([_link()], [_link()], address=printed, department="测试"), accept_suggested=False)
    assert out.outcome == "failed"


@pytest.fixture(scope="module")
def lib():
    return catalog_mod.load(catalog_mod.resolve("demo-items"))


def _items(lib, role, fields=(), entries=(), declared=None):
    return {"target": {"system_kind": "h5"}, "items": {
        "configured": True, "role": role, "declared": declared or {}, "catalog": lib.meta(), "library": lib.items,
        "fields": [{"label": k, "value": v, "selector": f"#f{i}", "box": [0, i * 40, 300, 30], "visible": True} for i, (k, v) in enumerate(fields)],
        "entries": [{"selector": f"li:nth-of-type({i + 1})", "box": [0, i * 80, 300, 70], "visible": True, "text": e.get("name", ""), **e}
                    for i, e in enumerate(entries)]}}


def test_sv01_list(checklist, lib):
    art = _items(lib, "list", entries=[
        {"code": "11630000MB1234567X4000117001", "name": "高龄津贴申领", "type": "公共服务", "online": True},
        {"code": None, "name": "老年人 优待证办理", "type": None, "online": True},  # found by name, whitespace ignored
        {"code": "11630000MB1234567X4000117001", "name": "高龄补贴申领", "type": "公共服务", "online": False},  # wrong name
        {"code": None, "name": "殡葬补贴申领", "type": "公共服务", "online": False},  # shown, not in the library
    ])
    out = _run(checklist, "SV-01", art)
    assert out.outcome == "failed" and out.value == {"shown": 4, "in_library": 2, "problems": 2}
    assert "name '高龄补贴申领' is not the library's '高龄津贴申领'" in out.message and "'殡葬补贴申领' is not in the library" in out.message
    assert [e["selector"] for e in out.evidence] == ["li:nth-of-type(3)", "li:nth-of-type(4)"]


def test_sv01_guide_and_form(checklist, lib):
    code = "11630000MB1234567X4000117001"
    ok = _items(lib, "guide", fields=[("事项名称", "高龄津贴申领"), ("事项编码", code), ("事项类型", "公共服务")], declared={"code": code})
    assert _run(checklist, "SV-01", ok).outcome == "passed"
    bad = _items(lib, "guide", fields=[("事项编码", code + "9")], declared={"code": code})
    out = _run(checklist, "SV-01", bad)
    assert out.outcome == "failed" and "the page shows code" in out.message
    unknown = _items(lib, "guide", declared={"code": "11630000MB1234567X4000119999"})
    assert _run(checklist, "SV-01", unknown).outcome == "failed"
    form = _items(lib, "form", declared={"code": "11630000MB2345678Y5000105002", "name": "特困人员救助供养", "type": "行政给付"})
    out = _run(checklist, "SV-01", form)
    assert out.outcome == "failed" and "does not allow online" in out.message


def test_sv02(checklist, lib):
    code = "11630000MB1234567X4000117001"
    full = [("设定依据", "《青海省老年人权益保障条例》"), ("申请条件", "具有本省户籍、年满八十周岁的老年人"), ("所需材料", "居民身份证原件 户口簿原件 本人银行账户信息"),
            ("办理流程", "网上提交申请，乡镇（街道）初审，县级民政部门审核，审核通过后按月发放"), ("承诺时限", "承诺办结时限十个工作日"),
            ("收费标准", "不收费"), ("咨询电话", "0971-12345")]
    out = _run(checklist, "SV-02", _items(lib, "guide", fields=full, declared={"code": code}))
    assert out.outcome == "passed" and not out.warning and out.value["missing"] == []
    partial = [f for f in full if f[0] not in ("承诺时限", "咨询电话")] + [("咨询电话", "暂无")]
    out = _run(checklist, "SV-02", _items(lib, "guide", fields=partial, declared={"code": code}))
    assert out.outcome == "failed" and out.value["missing"] == ["办理时限", "咨询方式"]
    differs = [(k, "收取工本费10元") if k == "收费标准" else (k, v) for k, v in full]
    out = _run(checklist, "SV-02", _items(lib, "guide", fields=differs, declared={"code": code}))
    assert out.outcome == "passed" and out.warning and "收费标准" in out.message_zh
    assert _run(checklist, "SV-02", _items(lib, "list")).outcome == "inapplicable"
    assert _run(checklist, "SV-02", {"target": {}, "items": {"configured": False}}).outcome == "inapplicable"


def _demo_like(**system):
    return {"id": "t", "title": "t", "departments": [{"name": "甲", "kind": "demo", "website": "https://example.gov.cn/",
            "systems": [{"name": "应用", "pages": [{"id": "home", "url": "https://e.x/", "role": "list"},
                                                  {"id": "g", "url": "https://e.x/g", "role": "guide", "item": {"code": "11630000MB1234567X4000117001"}}],
                         **system}]}]}


def test_registry_website_system_and_items_declaration(tmp_path):
    reg = registry.from_data(_demo_like(items={"catalog": "demo-items"}), "t.json")
    dep = reg.departments[0]
    assert [t.id for t in dep.targets()] == ["system-1/home", "system-1/g", "website/home"]
    site = dep.targets()[-1]
    assert site.system.kind == "website" and site.url == "https://example.gov.cn/" and site.info()["address"] is None
    items = dep.systems[0].items
    assert items["lists"] == ["home"] and items["guides"] == {"g": "11630000MB1234567X4000117001"}
    assert items["catalog_path"].endswith("specs/catalogs/demo-items.json")
    with pytest.raises(SpecError, match=r"systems\[0\].items.lists\[0\].*no page 'nope'"):
        registry.from_data(_demo_like(items={"catalog": "demo-items", "lists": ["nope"]}), "t.json")
    with pytest.raises(SpecError, match=r"items.catalog.*not found"):
        registry.from_data(_demo_like(items={"catalog": "no-such-library"}), "t.json")


def test_catalog_validation(tmp_path, lib):
    data = json.loads((catalog_mod.resolve("demo-items")).read_text(encoding="utf-8"))
    data["items"].append(dict(data["items"][0]))
    p = tmp_path / "dup.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SpecError, match=r"\$\.items\[5\]\.code: duplicate item code"):
        catalog_mod.load(p)
    data["items"].pop()
    data["items"][0] = {**data["items"][0], "guide": {k: v for k, v in data["items"][0]["guide"].items() if k != "收费标准"}}
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SpecError, match="requires '收费标准'"):
        catalog_mod.load(p)
    data["items"][0]["type"] = "许可"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SpecError, match=r"\$\.items\[0\]\.type"):
        catalog_mod.load(p)
    assert lib.required_for(None)[:2] == ["设定依据", "受理条件"] and lib.by_name(" 高龄津贴申领")[0]["type"] == "公共服务"
