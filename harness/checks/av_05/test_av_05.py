"""AV-05 on hand-made artifacts, and the URL the odd_url variant load opens (the fixture pages in fixtures/ run in
real Chromium in tests/test_check_fixtures.py)."""

from harness.gather.odd_url import odd
from tests.checkrun import run


def _load(text, stddev=0.0, status=200, errors=0):
    return {"dom": {"visible_text": text}, "screenshot": {"first_screen": {"stddev": [stddev] * 3}},
            "navigation": {"status": status}, "page_errors": [{"message": "TypeError: PAGES[name] is not a function"}] * errors,
            "device": {"viewport": {"width": 375, "height": 667}}}


def _art(variant, primary=None, redirected=True):
    v = {**variant, "odd_url": {"url": "https://a.example/?from=singlemessage#from=share", "redirected": redirected}}
    return {"target": {"system_kind": "h5"}, **(primary or _load("社保查询 个人参保信息")), "variants": {"odd_url": v}}


def test_blank_variant_fails_with_its_errors():
    o = run("AV-05", _art(_load("", errors=1)))
    assert o.outcome == "failed" and o.value == {"text_chars": 0, "screenshot_stddev": 0.0, "page_errors": 1, "status": 200}
    assert o.evidence[0]["box"] == [0, 0, 375, 667] and "is not a function" in o.evidence[1]["text"]


def test_error_status_fails_and_content_passes():
    assert run("AV-05", _art(_load("参数错误", status=400))).outcome == "failed"
    o = run("AV-05", _art(_load("社保查询")))
    assert o.outcome == "passed" and o.value["text_chars"] == 4


def test_blank_primary_is_inapplicable_and_no_redirect_cannot_pass():
    assert run("AV-05", _art(_load(""), primary=_load(""))).outcome == "inapplicable"
    assert run("AV-05", _art(_load("社保查询"), redirected=False)).outcome == "cantTell"
    assert run("AV-05", _art({**_load(""), "screenshot": None})).outcome == "cantTell"


def test_odd_url_appends_the_query_and_adds_a_fragment_only_when_there_is_none():
    assert odd("https://a.example/app/?id=1", "from=x", "f") == ("https://a.example/app/?id=1&from=x#f", "f")
    assert odd("https://a.example/#/home", "from=x", "f") == ("https://a.example/?from=x#/home", None)
