"""WS-02 on hand-made home pages: the link target compared after normalisation; the corrected address of a defective 附件1 row."""

from __future__ import annotations

from tests.checkrun import run
from tests.website_artifacts import ADDR, home_page, link


def test_ws02_normalised_comparison():
    same = "http://WWW.qhzwfw.gov.cn/adminpermitbm.html/?ouname=%e6%b5%8b%e8%af%95&ouguid=11111111-2222-4333-8444-555555555555"
    out = run("WS-02", home_page([link(href=same)], [link()]))
    assert out.outcome == "passed" and out.warning  # http is noted
    out = run("WS-02", home_page([link()], [link(href="https://www.qhzwfw.gov.cn/")]))
    assert out.outcome == "failed" and "desktop-1366" in out.message and "path, query differ" in out.message
    assert out.value["expected"] == ADDR and out.value["desktop-1366"] == "https://www.qhzwfw.gov.cn/"
    out = run("WS-02", home_page([], []))
    assert out.outcome == "inapplicable"


def test_ws02_accepts_the_corrected_address_of_a_defective_row():
    printed = ADDR.replace("%E6%B5%8B%E8%AF%95", "%E6%B5%8B%E8")  # a byte lost, as in 附件1
    out = run("WS-02", home_page([link()], [link()], address=printed, department="测试"))
    assert out.outcome == "passed" and out.warning and "registry lint" in out.message
    out = run("WS-02", home_page([link()], [link()], address=printed, department="测试"), accept_suggested=False)
    assert out.outcome == "failed"
