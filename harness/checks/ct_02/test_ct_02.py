"""CT-02 on hand-made artifacts: each text source (title, records, alt, control labels, the page text for phrases
split across elements, a website's column pages), the count rule, the department's own entries and the
lexicon's ``except`` phrases."""

from __future__ import annotations

from tests.checkrun import run
from tests.page_artifacts import art as page, text


def art(dom, **kw):
    """A loaded H5 page with DOM walk ``dom`` and an empty crawl (CT-02 requires the crawl stage)."""
    return page(dom=dom, **{"crawl": {"pages": []}, **kw})


def _dom(*texts, **kw):
    recs = [text(t, selector=f"#t{i}") for i, t in enumerate(texts)]
    return {"texts": recs, "visible_text": " ".join(texts), "title": kw.pop("title", "青松便民"), **kw}


def test_confusion_is_a_candidate_with_its_suggestion():
    out = run("CT-02", art(dom=_dom("截止目前已办结")))
    assert out.outcome == "cantTell" and out.value["candidates"] == 1 and out.value["sure"] == 0
    e = out.evidence[0]
    assert (e["value"], e["suggested"], e["category"], e["selector"]) == ("截止目前", "截至目前", "confusion", "#t0")
    assert e["url"] == "https://x/" and "截止目前" in e["text"]


def test_no_candidate_is_cant_tell_not_passed():
    out = run("CT-02", art(dom=_dom("截至目前已办结", "报名截止日期为5月31日")))
    assert out.outcome == "cantTell" and out.value["candidates"] == 0 and out.value["chars"] > 0


def test_count_rule_fails_beyond_max_serious_sure_errors():
    names = ["互助土族自冶县", "囊欠县", "惶中区"]
    assert run("CT-02", art(dom=_dom(*names)), max_serious=2).outcome == "failed"
    out = run("CT-02", art(dom=_dom(*names)), max_serious=3)
    assert out.outcome == "cantTell" and out.value["serious"] == 3
    assert [e["sure"] for e in out.evidence] == [True, True, True]


def test_sure_errors_are_listed_first():
    out = run("CT-02", art(dom=_dom("截止目前", "中华人名共和国")))
    assert [e["value"] for e in out.evidence] == ["中华人名共和国", "截止目前"]


def test_except_phrase_and_split_phrase():
    dom = _dom("原湟中县撤县设区", "请先用户", "登陆")
    dom["visible_text"] = "原湟中县撤县设区 请先用户登陆"
    out = run("CT-02", art(dom=dom))
    assert [(e["value"], e.get("selector"), e["note"]) for e in out.evidence] == [("用户登陆", None, "page text")]


def test_a_match_in_a_record_is_not_repeated_from_the_page_text():
    out = run("CT-02", art(dom=_dom("截止目前", "截止目前")))
    assert out.value["candidates"] == 2 and all(e.get("selector") for e in out.evidence)


def test_alt_title_and_control_label():
    dom = _dom(title="青海省人民政俯", images=[{"selector": "img", "alt": "海东地区地图", "visible": True, "box": [0, 0, 1, 1]}],
               targets=[{"selector": "button", "tag": "button", "name": "请登陆", "box": [0, 0, 1, 1]}])
    out = run("CT-02", art(dom=dom))
    assert {(e["value"], e["note"]) for e in out.evidence} == {("人民政俯", "in <title>"), ("青海省人民政俯", "in <title>"),
                                                               ("海东地区", "image alt text"), ("请登陆", "control label")}


def test_department_entries_from_the_target():
    target = {"system_kind": "h5", "lexicon": [{"wrong": "王某副厅长", "right": "王某厅长", "category": "leader-title", "source": "dept"}]}
    out = run("CT-02", art(dom=_dom("王某副厅长出席"), target=target))
    assert out.outcome == "cantTell" and out.evidence[0]["category"] == "leader-title" and out.evidence[0]["suggested"] == "王某厅长"


def test_website_column_pages_are_read_and_h5_crawl_pages_are_not():
    crawl = {"pages": [{"depth": 0, "status": 200, "url": "https://x/", "text": "平安县"},
                       {"depth": 1, "status": 200, "url": "https://x/c.html", "final_url": "https://x/c.html", "via": "动态", "title": "动态", "text": "乐都县新闻"},
                       {"depth": 2, "status": 200, "url": "https://x/d.html", "text": "玉树县"}]}
    web = run("CT-02", art(dom=_dom("欢迎"), crawl=crawl, target={"system_kind": "website"}))
    assert [(e["value"], e["url"]) for e in web.evidence] == [("乐都县", "https://x/c.html")]
    h5 = run("CT-02", art(dom=_dom("欢迎"), crawl=crawl))
    assert h5.value["candidates"] == 0
