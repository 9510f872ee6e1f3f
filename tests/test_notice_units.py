"""Unit tests on hand-made data for the notice's scope and declarations: the default scope of checks on website
targets, the registry's website systems and items declarations, and the item library's validation. No browser.

The notice's checks have their tests beside them: WS-01, WS-02 (the 政务服务 column) and SV-01, SV-02 (事项同源) in
``harness/checks/<id>/test_<id>.py``."""

from __future__ import annotations

import json

import pytest

from harness import catalog as catalog_mod
from harness import checks as checks_mod
from harness import registry
from harness.errors import SpecError

from tests.item_artifacts import demo_library


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


def test_catalog_validation(tmp_path):
    lib = demo_library()
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
