"""PI-03 on hand-made policy pages: date labels and formats."""

from __future__ import annotations

from tests.checkrun import run
from tests.stage_artifacts import art, crawl


def test_pi03_labels_and_formats():
    def pol(text):
        return art(crawl=crawl((0, None, None, "隐私政策", text, [])))
    assert run("PI-03", pol("发布时间：2025/6/1；施行日期：2025.7.1")).outcome == "passed"
    assert run("PI-03", pol("更新日期：2025年6月1日")).outcome == "failed"
    assert run("PI-03", pol("生效日期：2025年6月1日")).value == {"published": None, "effective": "2025年6月1日"}
    assert run("PI-03", art(crawl=crawl((0, None, None, "首页", "", [])))).outcome == "inapplicable"
