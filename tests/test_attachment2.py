"""附件2 (自建网上办事系统信息表, 青政公〔2019〕24号) as the department sends it on: one ``harness run`` of a small
registry on the fixture server (tests/fixtures/attachment2/), the workbooks read with openpyxl and the HTML page
opened in real Chromium.

The department has an H5 app whose service item 高龄津贴申领 (a code of the demo item library) is filled in on two
steps of an SPA (an inner scroll container), beside a 投诉建议 and an 账号注册 form; a PC 网上办事系统 (``device:
pc-1366``) with the form of 老年人优待证办理; and a system without forms. Checked: only service items get sheets, one
per item with its steps' labels merged without repeats and without password, captcha, SMS code or consent box; no
workbook for the system without forms; screenshots at 2 device pixels per CSS px (750 px for the 375 px phone, 2732
px for the 1366 px desktop), fitted to their cell in the workbook and in the HTML page; nothing of the tool inside
the workbook.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from harness.report import attachment2

pytestmark = pytest.mark.browser

DEP = "测试：附件2部门"
ITEM = {"name": "高龄津贴申领", "type": "公共服务", "code": "11630000MB1234567X4000117001"}
PC_ITEM = {"name": "老年人优待证办理", "type": "公共服务", "code": "11630000MB1234567X4000117002"}


def _registry(base: str) -> dict:
    a2 = f"{base}/attachment2"
    return {"id": "a2-test", "title": "附件2测试登记表", "departments": [
        {"name": DEP, "kind": "provincial", "table": "provincial", "seq": 1, "parent": "青海省", "systems": [
            {"id": "app", "name": "掌上办测试", "service_name": "掌上办测试", "entry": f"{a2}/apply.html", "pages": [
                {"id": "apply1", "name": "申请第一步", "role": "form", "url": f"{a2}/apply.html#step=1", "item": ITEM},
                {"id": "apply2", "name": "申请第二步", "role": "form", "url": f"{a2}/apply.html#step=2", "item": ITEM},
                {"id": "complaint", "name": "投诉建议", "role": "form", "url": f"{a2}/complaint.html",
                 "item": {"name": "投诉建议", "type": "其他"}},
                {"id": "register", "name": "账号注册", "role": "form", "url": f"{a2}/register.html",
                 "item": {"name": "账号注册", "type": "其他", "code": "REG-1"}}]},
            {"id": "pc", "name": "网上办事大厅测试", "device": "pc-1366", "pages": [
                {"id": "form", "name": "优待证申请", "role": "form", "url": f"{a2}/pc-form.html", "item": PC_ITEM}]},
            {"id": "nof", "name": "无表单应用", "pages": [{"id": "home", "name": "首页", "url": f"{base}/UI-02/pass.html"}]},
        ]}]}


@pytest.fixture(scope="module")
def a2(tmp_path_factory, fixture_server):
    """The run: {"dir": the department's attachment2 folder, "run": run folder, "folder": department folder}."""
    root = tmp_path_factory.mktemp("a2")
    reg = root / "registry.json"
    reg.write_text(json.dumps(_registry(fixture_server.http_base), ensure_ascii=False), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "harness.cli", "run", "--registry", str(reg), "--out", str(root / "run"),
                        "--concurrency", "2", "--set", "PF-01.throttling=false", "--fail-on", "never"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    folder = next(p.stem for p in (root / "run" / "results").glob("*.json"))
    return {"dir": root / "run" / "attachment2" / folder, "run": root / "run", "folder": folder}


def _workbooks(a2) -> dict[str, Path]:
    return {p.name: p for p in a2["dir"].glob("*.xlsx")}


def test_only_service_items_get_sheets_and_a_system_without_forms_no_workbook(a2):
    from openpyxl import load_workbook

    books = _workbooks(a2)
    assert sorted(books) == ["附件2-掌上办测试.xlsx", "附件2-网上办事大厅测试.xlsx"]
    wb = load_workbook(books["附件2-掌上办测试.xlsx"])
    assert len(wb.worksheets) == 1  # the two steps are one item; 投诉建议 and 账号注册 are no service items
    ws = wb.worksheets[0]
    assert [ws.cell(row=4, column=c).value for c in range(2, 6)] == [1, "高龄津贴申领", "公共服务", "申请人姓名、身份证号、居住地址、联系电话"]
    assert len(ws._images) == 2  # a screenshot per step
    pc = load_workbook(books["附件2-网上办事大厅测试.xlsx"]).worksheets[0]
    assert pc["E4"].value == "申请人姓名、公民身份号码、出生日期、户籍所在地"


def test_the_workbook_names_no_tool(a2):
    for path in _workbooks(a2).values():
        with zipfile.ZipFile(path) as z:
            text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith((".xml", ".rels")))
        for word in ("harness", "qh-mobile", "openpyxl", "检查工具", "检查批次"):
            assert word not in text, (path.name, word)


def test_screenshots_are_2x_and_fitted_to_their_cell(a2):
    from openpyxl import load_workbook
    from PIL import Image

    art = json.loads((a2["run"] / "artifacts" / a2["folder"] / "pc__form.json").read_text(encoding="utf-8"))
    assert art["device"]["viewport"]["width"] == 1366 and art["device"]["name"] == "pc-1366"
    widths = {}
    for name, path in _workbooks(a2).items():
        ws = load_workbook(path).worksheets[0]
        box_w = attachment2.col_px(ws.column_dimensions["F"].width)
        box_h = ws.row_dimensions[4].height * 96 / 72
        with zipfile.ZipFile(path) as z:
            media = sorted(n for n in z.namelist() if n.startswith("xl/media/"))
            widths[name] = [Image.open(z.open(n)).width for n in media]
        for img in ws._images:  # shown size: the anchor's extent, in EMU (9525 a px); the picture keeps its pixels
            shown_w, shown_h = img.anchor.ext.width / 9525, img.anchor.ext.height / 9525
            assert shown_w <= box_w - 8 and shown_h <= box_h - 8, (name, shown_w, shown_h, box_w, box_h)
            assert max(shown_w / (box_w - 8), shown_h / (box_h - 8)) > 0.99  # as large as the cell allows
            assert img.anchor._from.row == 3  # row 4
    assert widths == {"附件2-掌上办测试.xlsx": [750, 750], "附件2-网上办事大厅测试.xlsx": [2732]}


def test_html_page_fits_the_sharp_screenshots_in_their_cells_and_lists_what_is_left_out(a2, report_browser):
    ctx = report_browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = ctx.new_page()
        page.goto((a2["dir"] / "index.html").resolve().as_uri())
        page.wait_for_function("() => Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
        shots = page.evaluate("""() => Array.from(document.querySelectorAll('.a2-shot img')).map(i => {
            const r = i.getBoundingClientRect(), c = i.closest('td').getBoundingClientRect();
            return {natural: i.naturalWidth, inside: r.left >= c.left && r.right <= c.right && r.width > 100}; })""")
        assert shots == [{"natural": 750, "inside": True}] * 2 + [{"natural": 2732, "inside": True}]
        assert page.locator("table.a2").count() == 2
        left = page.inner_text("section[data-system='app'] .a2-left-out")
        assert "投诉建议" in left and "账号注册" in left and "REG-1" in left
        assert "高龄津贴申领" not in left
        assert page.locator("section[data-system='nof'] .warn-box").count() == 1
    finally:
        ctx.close()


def test_a_system_device_must_be_a_known_device(tmp_path, fixture_server):
    from harness import registry as registry_mod
    from harness.errors import SpecError

    data = _registry(fixture_server.http_base)
    data["departments"][0]["systems"][1]["device"] = "pc-9999"
    path = tmp_path / "registry.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SpecError) as e:
        registry_mod.load(path)
    assert "$.departments[0].systems[1].device" in str(e.value) and str(path) in str(e.value) and "pc-9999" in str(e.value)
