"""SV-01 on hand-made item pages compared with the demo item library: list, guide and form pages."""

from __future__ import annotations

from tests.checkrun import run
from tests.item_artifacts import item_page, demo_library


def test_sv01_list():
    lib = demo_library()
    art = item_page(lib, "list", entries=[
        {"code": "11630000MB1234567X4000117001", "name": "高龄津贴申领", "type": "公共服务", "online": True},
        {"code": None, "name": "老年人 优待证办理", "type": None, "online": True},  # found by name, whitespace ignored
        {"code": "11630000MB1234567X4000117001", "name": "高龄补贴申领", "type": "公共服务", "online": False},  # wrong name
        {"code": None, "name": "殡葬补贴申领", "type": "公共服务", "online": False},  # shown, not in the library
    ])
    out = run("SV-01", art)
    assert out.outcome == "failed" and out.value == {"shown": 4, "in_library": 2, "problems": 2}
    assert "name '高龄补贴申领' is not the library's '高龄津贴申领'" in out.message and "'殡葬补贴申领' is not in the library" in out.message
    assert [e["selector"] for e in out.evidence] == ["li:nth-of-type(3)", "li:nth-of-type(4)"]


def test_sv01_guide_and_form():
    lib = demo_library()
    code = "11630000MB1234567X4000117001"
    ok = item_page(lib, "guide", fields=[("事项名称", "高龄津贴申领"), ("事项编码", code), ("事项类型", "公共服务")], declared={"code": code})
    assert run("SV-01", ok).outcome == "passed"
    bad = item_page(lib, "guide", fields=[("事项编码", code + "9")], declared={"code": code})
    out = run("SV-01", bad)
    assert out.outcome == "failed" and "the page shows code" in out.message
    unknown = item_page(lib, "guide", declared={"code": "11630000MB1234567X4000119999"})
    assert run("SV-01", unknown).outcome == "failed"
    form = item_page(lib, "form", declared={"code": "11630000MB2345678Y5000105002", "name": "特困人员救助供养", "type": "行政给付"})
    out = run("SV-01", form)
    assert out.outcome == "failed" and "does not allow online" in out.message
