"""IN-04 on hand-made outbound probe results: through the host, tel:, window.open, plain downloads; the site heuristic."""

from __future__ import annotations

from harness.checks.in_04.check import site

from tests.checkrun import run
from tests.host_artifacts import art


def cand(i, kinds, text, effects=None, href=None):
    """An outbound probe candidate ``#c<i>`` of ``kinds`` (tel, payment, link, download, phone) and what clicking it did."""
    return {"i": i, "selector": f"#c{i}", "tag": "button", "text": text, "href": href, "kinds": kinds, "box": [0, 0, 100, 48],
            "effects": effects or {"bridge": [], "opens": [], "navigations": [], "popups": []}}


def eff(**kw):
    """The effects of one click: bridge calls, window.open URLs, navigations, popups (``kw`` sets some)."""
    return {"bridge": [], "opens": [], "navigations": [], "popups": [], **kw}


def test_in04_outcomes():
    tel = cand(0, ["tel"], "0971-12345", href="tel:0971-12345")
    pay = cand(1, ["payment"], "在线缴费", eff(bridge=[{"name": "pay", "role": "pay", "args": []}]))
    o = run("IN-04", art(outbound={"candidates": [tel, pay]}))
    assert o.outcome == "passed" and {e["selector"] for e in o.evidence} == {"#c0", "#c1"}
    bad = cand(2, ["payment"], "去缴费", eff(opens=["https://pay.bank.com.cn/x"]))
    link = cand(3, ["link"], "外部网站", eff(navigations=["https://www.other.org/"]), href="https://www.other.org/")
    same = cand(4, ["link"], "本站", eff(navigations=["https://www.a.gov.cn/x"]), href="https://www.a.gov.cn/x")
    o = run("IN-04", art(outbound={"candidates": [tel, bad, link, same]}))
    assert o.outcome == "failed" and o.value == 2 and {e.get("url") for e in o.evidence if e["selector"] in ("#c2", "#c3")} == \
        {"https://pay.bank.com.cn/x", "https://www.other.org/"}
    pdf = cand(5, ["download"], "下载", eff(navigations=["https://a.gov.cn/guide.pdf"]))
    assert run("IN-04", art(outbound={"candidates": [pdf]})).evidence[0]["value"] == "download not through the host"
    quiet = cand(6, ["phone"], "拨打电话")
    assert run("IN-04", art(outbound={"candidates": [quiet]})).outcome == "cantTell"
    assert run("IN-04", art(outbound={"candidates": []})).outcome == "inapplicable"
    a = art(outbound={"candidates": []}, page_state={"opens": [{"t": 300, "url": "https://ad.example.com/"}]})
    assert run("IN-04", a).outcome == "failed"


def test_site_heuristic():
    assert site("https://www.qhzwfw.gov.cn/x") == site("https://assets.qhzwfw.gov.cn/") == "qhzwfw.gov.cn"
    assert site("https://a.example.com/") == "example.com" and site("http://127.0.0.1:8080/") == "127.0.0.1"
    assert site("tel:12345") is None
