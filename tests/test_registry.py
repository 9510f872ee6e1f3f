"""The registry of the notice: every row of 附件1, carried over exactly as printed."""

from __future__ import annotations

import re

import pytest

from harness import registry as registry_mod
from harness.errors import OptionError, SpecError
from harness.paths import specs_dir

NOTICE = specs_dir() / "registries" / "source" / "qinghai-2019-24-notice.txt"


@pytest.fixture(scope="module")
def reg():
    return registry_mod.load(registry_mod.default_path())


def test_all_107_rows(reg):
    deps = reg.departments
    assert len(deps) == 107
    regional = [d for d in deps if d.table == "regional"]
    provincial = [d for d in deps if d.table == "provincial"]
    assert len(regional) == 57 and len(provincial) == 50
    assert [d.seq for d in regional] == list(range(1, 58))
    assert [d.seq for d in provincial] == list(range(1, 51))


def test_addresses_exactly_as_printed(reg):
    """Every address is a verbatim substring of the notice, on the row with the same number and name."""
    text = NOTICE.read_text(encoding="utf-8")
    rows = {}
    section = "regional"
    for line in text.splitlines():
        if line.startswith("省级各委"):
            section = "provincial"
        m = re.match(r"^(\d+)\t(.*)$", line)
        if m:
            rows[(section, int(m.group(1)))] = line
    for d in reg.departments:
        line = rows[(d.table, d.seq)]
        if d.address is not None:
            assert line.endswith(d.address), (d.seq, d.address)
        if d.name:
            assert d.name in line


def test_printed_defects_kept(reg):
    by = {(d.table, d.seq): d for d in reg.departments}
    # malformed percent-encoding of 省委宣传部, kept as printed
    assert by[("provincial", 1)].address.endswith("ouname=%E7%9C%81%E5%94%E5%A3%E4%BC%A0%E9%83%A8")
    # a GUID one digit short
    assert "ouguid=30e20abb-08e2-45aa-8773-9fd73af1a05&" in by[("provincial", 2)].address
    # lower-case escape and a space inside a name
    assert "%e5%92%8c" in by[("provincial", 8)].address and by[("provincial", 8)].name == "省工业和信息 化厅"
    # the path of 海西州's counties differs from 海西州's own row
    assert "/qhszwfwhxz/" in by[("regional", 19)].address and "/qhszfwfwhxz/" in by[("regional", 21)].address
    # row 20 has a region but neither name nor address
    r20 = by[("regional", 20)]
    assert r20.name is None and r20.address is None and r20.region == "海西州"
    assert "20" in r20.display_name


def test_regions_and_kinds(reg):
    by = {(d.table, d.seq): d for d in reg.departments}
    assert by[("regional", 1)].kind == "prefecture" and by[("regional", 1)].region == "西宁市"
    assert by[("regional", 8)].kind == "park" and by[("regional", 8)].parent == "西宁市"
    assert by[("regional", 47)].region == "果洛州" and by[("regional", 47)].raw["region_printed"] is False
    assert by[("regional", 31)].region == "海南州" and by[("regional", 31)].raw["region_printed"] is True
    prefectures = [d.name for d in reg.departments if d.kind == "prefecture"]
    assert prefectures == ["西宁市", "海东市", "海西州", "海南州", "海北州", "玉树州", "果洛州", "黄南州"]
    assert all(d.parent == "青海省" and d.region is None for d in reg.departments if d.table == "provincial")


def test_folders_unique_and_safe(reg):
    folders = [d.folder for d in reg.departments]
    assert len(set(f.casefold() for f in folders)) == len(folders)
    assert all("/" not in f and "\\" not in f and not f.startswith(".") for f in folders)


def test_select_by_name_ignores_whitespace(reg):
    assert [d.seq for d in reg.select(["省工业和信息化厅"])] == [8]
    with pytest.raises(OptionError, match="省公安厅"):
        reg.select(["省公按厅"])


@pytest.mark.parametrize("name,expected", [
    ("a/b", "a_b"), ("../etc", "etc"), ("..", "unnamed"), ("x\x00y", "x_y"), ("CON", "unnamed_CON"),
    ("演示：部门", "演示：部门"), ("  spaced name ", "spaced_name"), ("a:b*c?d", "a_b_c_d"),
])
def test_safe_name(name, expected):
    assert registry_mod.safe_name(name) == expected


def test_duplicate_department_names_rejected(tmp_path):
    p = tmp_path / "r.json"
    p.write_text('{"id": "x", "title": "t", "departments": [{"name": "甲", "kind": "other"}, {"name": "甲 ", "kind": "other"}]}', encoding="utf-8")
    with pytest.raises(SpecError) as e:
        registry_mod.load(p)
    assert e.value.json_path == "$.departments[1].name" and "duplicate" in e.value.message


def test_only_http_urls(tmp_path):
    for url in ("file:///etc/passwd", "javascript:alert(1)", "data:text/html,hi", "ftp://x/y"):
        p = tmp_path / "r.json"
        p.write_text('{"id": "x", "title": "t", "departments": [{"name": "甲", "kind": "other", "systems": '
                     '[{"name": "s", "pages": [{"url": "%s"}]}]}]}' % url, encoding="utf-8")
        with pytest.raises(SpecError) as e:
            registry_mod.load(p)
        assert e.value.json_path == "$.departments[0].systems[0].pages[0].url", url


def _demo_like(**system):
    return {"id": "t", "title": "t", "departments": [{"name": "甲", "kind": "demo", "website": "https://example.gov.cn/",
            "systems": [{"name": "应用", "pages": [{"id": "home", "url": "https://e.x/", "role": "list"},
                                                  {"id": "g", "url": "https://e.x/g", "role": "guide", "item": {"code": "11630000MB1234567X4000117001"}}],
                         **system}]}]}


def test_registry_website_system_and_items_declaration(tmp_path):
    reg = registry_mod.from_data(_demo_like(items={"catalog": "demo-items"}), "t.json")
    dep = reg.departments[0]
    assert [t.id for t in dep.targets()] == ["system-1/home", "system-1/g", "website/home"]
    site = dep.targets()[-1]
    assert site.system.kind == "website" and site.url == "https://example.gov.cn/" and site.info()["address"] is None
    items = dep.systems[0].items
    assert items["lists"] == ["home"] and items["guides"] == {"g": "11630000MB1234567X4000117001"}
    assert items["catalog_path"].endswith("specs/catalogs/demo-items.json")
    with pytest.raises(SpecError, match=r"systems\[0\].items.lists\[0\].*no page 'nope'"):
        registry_mod.from_data(_demo_like(items={"catalog": "demo-items", "lists": ["nope"]}), "t.json")
    with pytest.raises(SpecError, match=r"items.catalog.*not found"):
        registry_mod.from_data(_demo_like(items={"catalog": "no-such-library"}), "t.json")
