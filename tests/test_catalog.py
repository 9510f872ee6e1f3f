"""The item library (事项同源): schema and cross-field validation of a catalog, and its lookups. No browser."""

from __future__ import annotations

import json

import pytest

from harness import catalog as catalog_mod
from harness.errors import SpecError

from tests.item_artifacts import demo_library


def test_catalog_validation(tmp_path):
    lib = demo_library()
    data = json.loads((catalog_mod.resolve("demo-items")).read_text(encoding="utf-8"))
    data["items"].append(dict(data["items"][0]))
    p = tmp_path / "dup.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SpecError, match=r"\$\.items\[6\]\.code: duplicate item code"):
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
