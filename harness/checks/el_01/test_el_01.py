"""EL-01 on hand-made elder-mode loads: text and tap-target sizes, the footer, the inline exemption."""

from __future__ import annotations

from tests.checkrun import run
from tests.host_artifacts import art, elder, target, text


def test_el01_elder_mode_sizes_page_and_footer():
    ok = art(variants=elder([text("正文内容", 20), text("热线", 18, "body > footer > p")], [target("#a", 60, 60)]))
    assert run("EL-01", ok).outcome == "passed"
    bad = art(variants=elder([text("正文内容", 20), text("服务热线", 14, "body > footer > p")],
                             [target("#a", 60, 60), target("body > footer > a", 44, 44)], asked=False))
    o = run("EL-01", bad)
    assert o.outcome == "failed" and o.value == {"text_below": 4, "targets_below": 1} and "never asks the host" in o.message
    assert all(e.get("note") == "footer" for e in o.evidence)
    inline = art(variants=elder([text("正文内容", 20)], [target("#i", 40, 20, inline=True)]))
    assert run("EL-01", inline).outcome == "passed"
    assert run("EL-01", inline, exempt_inline=False).outcome == "failed"
    assert run("EL-01", art(variants=elder([], []))).outcome == "inapplicable"
