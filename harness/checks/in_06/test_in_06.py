"""IN-06 on hand-made variant loads: the same text under WeChat's and Alipay's user agents."""

from __future__ import annotations

from tests.checkrun import run
from tests.host_artifacts import art, variant


def test_in06_same_content_in_channels():
    a = art(variants={"ua_wechat": variant(), "ua_alipay": variant("测试服务\n正文")})
    o = run("IN-06", a)
    assert o.outcome == "passed" and o.value == {"wechat": 1.0, "alipay": 1.0}
    a = art(dom={"visible_text": "测试服务\n第1条 正文\n办理须知"},
            variants={"ua_wechat": variant("测试服务\n第2条 正文\n办理须知"), "ua_alipay": variant("请在青松办中打开")})
    o = run("IN-06", a)
    assert o.outcome == "failed" and o.value["wechat"] == 1.0 and o.value["alipay"] == 0.0  # digits are ignored
    assert {"missing in Alipay", "only in Alipay"} <= {e["value"] for e in o.evidence}
    a = art(variants={"ua_wechat": {"navigation": {"error": "net::ERR_TIMED_OUT"}, "errors": {}}, "ua_alipay": variant()})
    o = run("IN-06", a)
    assert o.outcome == "error" and "ERR_TIMED_OUT" in o.message
