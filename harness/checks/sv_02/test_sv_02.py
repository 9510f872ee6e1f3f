"""SV-02 on hand-made service guides compared with the demo item library: missing, placeholder and differing elements."""

from __future__ import annotations

from tests.checkrun import run
from tests.item_artifacts import item_page, demo_library


def test_sv02():
    lib = demo_library()
    code = "11630000MB1234567X4000117001"
    full = [("设定依据", "《青海省老年人权益保障条例》"), ("申请条件", "具有本省户籍、年满八十周岁的老年人"), ("所需材料", "居民身份证原件 户口簿原件 本人银行账户信息"),
            ("办理流程", "网上提交申请，乡镇（街道）初审，县级民政部门审核，审核通过后按月发放"), ("承诺时限", "承诺办结时限十个工作日"),
            ("收费标准", "不收费"), ("咨询电话", "0971-12345")]
    out = run("SV-02", item_page(lib, "guide", fields=full, declared={"code": code}))
    assert out.outcome == "passed" and not out.warning and out.value["missing"] == []
    partial = [f for f in full if f[0] not in ("承诺时限", "咨询电话")] + [("咨询电话", "暂无")]
    out = run("SV-02", item_page(lib, "guide", fields=partial, declared={"code": code}))
    assert out.outcome == "failed" and out.value["missing"] == ["办理时限", "咨询方式"]
    differs = [(k, "收取工本费10元") if k == "收费标准" else (k, v) for k, v in full]
    out = run("SV-02", item_page(lib, "guide", fields=differs, declared={"code": code}))
    assert out.outcome == "passed" and out.warning and "收费标准" in out.message_zh
    assert run("SV-02", item_page(lib, "list")).outcome == "inapplicable"
    assert run("SV-02", {"target": {}, "items": {"configured": False}}).outcome == "inapplicable"
