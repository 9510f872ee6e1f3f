"""附件2 自建网上办事系统信息表 (青政公〔2019〕24号 二: 按《自建网上办事系统信息表》（附件2）要求梳理并报送自建
业务系统事项申报页面信息), filled in from what the harness measured on each department's form pages.

For each system, one sheet per service item (注 1: 每个事项一张表，分别报送): the system's name and internet
address, the item's number, name and type, the form's field labels joined by "、" (注 2: 办事企业及群众需要填写并
提交的申报页面信息; taken from the form page's ``<label>``, ``aria-labelledby``, ``aria-label``, placeholder or
title, else the text just before the field), and a full-page screenshot of the form page (注 3). The last column,
数据字典及表结构文档, is the department's to supply and is left empty.

A service item is a registry page with role ``form``; its ``item`` ({name, type, code}) names it (the page's name
when absent). Written per department as ``attachment2/<folder>/index.html`` and one workbook per system,
``attachment2/<folder>/附件2-<system>.xlsx`` (openpyxl), laid out like the notice's form.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ..registry import safe_name
from ..results import RunDir, atomic_write
from . import annotate

#: Columns of 附件2's item table, as printed in the notice.
HEADERS = ["序号", "事项名称", "事项类型", "办理表单项信息（以“、”分割）", "表单截图", "数据字典及表结构文档"]
NOTES = ["每个事项一张表，分别报送；",
         "办理表单项信息，指事项办理时，办事企业及群众需要填写并提交的申报页面信息（如姓名、性别、企业名称、统一社会信用代码等信息项）；",
         "申报页面截图，指办事企业及群众提交办理事项时的网页（整页）截图。"]
#: Width of the form screenshots kept for 附件2 (px): a 375 CSS px page at 1.6×, readable when printed.
SHOT_WIDTH = 600
_STRIP = re.compile(r"^[\s*＊:：]+|[\s*＊:：]+$")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def clean_label(text: str | None) -> str:
    """A field label without required-field stars, trailing colons and surrounding space ("* 姓名：" → "姓名")."""
    return _STRIP.sub("", re.sub(r"\s+", " ", text or "")).strip()


def form_fields(dom: dict[str, Any]) -> list[dict[str, Any]]:
    """The fields a person fills in on a form page, in document order, from the gatherer's ``dom.fields``.

    Visible fields only (all of them when none is visible, e.g. a form behind a step); a group of radio buttons
    or checkboxes sharing a name is one entry named by its group caption (fieldset legend, radiogroup name), else
    by the text before it, else by its options. Returns [{"label", "source", "type", "required", "name"}] where
    source is label, aria-labelledby, aria-label, placeholder, title, group, nearby-text, options or None (no
    label at all: the label is then empty).
    """
    fields = [f for f in dom.get("fields", []) if f.get("type") not in ("hidden", "submit", "button", "image", "reset")]
    shown = [f for f in fields if f.get("visible")]
    fields = shown or fields
    out: list[dict[str, Any]] = []
    groups: dict[tuple, dict[str, Any]] = {}
    members: dict[tuple, list[dict[str, Any]]] = {}
    for f in fields:
        typ = f.get("type")
        if typ in ("radio", "checkbox") and f.get("name"):
            key = (f.get("form"), f.get("name"))
            members.setdefault(key, []).append(f)
    for f in fields:
        typ = f.get("type")
        key = (f.get("form"), f.get("name"))
        if typ in ("radio", "checkbox") and f.get("name") and len(members.get(key, [])) > 1:
            if key in groups:
                continue
            group = members[key]
            opts = [clean_label(m.get("label")) for m in group if clean_label(m.get("label"))]
            if clean_label(f.get("group_label")):
                label, source = clean_label(f.get("group_label")), "group"
            elif clean_label(f.get("near_text")):
                label, source = clean_label(f.get("near_text")), "nearby-text"
            else:
                label, source = "/".join(opts), "options" if opts else None
            entry = {"label": label, "source": source, "type": typ, "required": any(m.get("required") for m in group),
                     "name": f.get("name"), "options": opts}
            groups[key] = entry
            out.append(entry)
            continue
        label, source = clean_label(f.get("label")), f.get("label_source")
        if not label and clean_label(f.get("near_text")):
            label, source = clean_label(f.get("near_text")), "nearby-text"
        if not label:
            source = None
        out.append({"label": label, "source": source, "type": typ, "required": bool(f.get("required")), "name": f.get("name")})
    return out


def join_labels(fields: list[dict[str, Any]], unlabelled: str = "（无标签：{name}）") -> str:
    """The labels joined by "、" as 附件2 asks; a field without any label shows as ``unlabelled`` (with its name)."""
    parts = []
    for f in fields:
        parts.append(f["label"] or unlabelled.format(name=f.get("name") or f.get("type") or "?"))
    return "、".join(parts)


def collect(out_dir: str | Path | RunDir, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The 附件2 content of one department, from its results and saved artifacts (no file is written).

    Returns one entry per registered system: {"id", "name", "address", "items": [{"n", "name", "type",
    "code", "page", "url", "target", "fields", "labels", "shot" (the form page's screenshot path relative to
    ``out_dir``, or None), "capped" (the screenshot was cut: the page is taller than the gatherer's limit),
    "problem" (why fields or screenshot are missing, or None), "steps": [{"target", "name", "url", "fields",
    "labels", "shot", "capped", "problem"}]}]}. The form checkpoints of one journey (:mod:`harness.journeys`) that
    apply for the same item are one item: a wizard's steps joined in order (their fields and labels one after the
    other, a screenshot per step); a form without steps has one step, itself. Artifacts are read with
    :meth:`harness.results.RunDir.artifacts`: a target whose artifacts file is missing or unreadable counts as
    no form page (no error). Raises KeyError only when ``data`` lacks a field the results schema requires.
    """
    rd = RunDir(out_dir)
    systems = []
    for s in data["department"].get("systems", []):
        targets = [t for t in data["targets"] if t["system"] == s["id"]]
        address = s.get("entry") or (targets[0]["url"] if targets else "")
        items: list[dict[str, Any]] = []
        wizards: dict[tuple, dict[str, Any]] = {}  # (journey page, item name) -> its item: a wizard's steps join
        for t in targets:
            art = rd.artifacts(t)
            info = art.get("target") or {}
            if info.get("role") != "form":
                continue
            item = info.get("item") or {}
            dom = art.get("dom")
            # A checkpoint its journey never reached holds the DOM of the state where the journey stopped: not its own.
            unreached = not (art.get("journey") or {}).get("reached", True)
            fields = form_fields(dom) if dom and not unreached else []
            problem = None
            if t.get("status") == "error" or not dom:
                problem = t.get("error") or "表单页面未能加载，无法读取表单项"
            elif not fields:
                problem = "页面上没有找到表单输入项"
            name = item.get("name") or t["page"]
            step = {"target": t["id"], "name": info.get("checkpoint_name") or t["page"], "url": t.get("final_url") or t["url"],
                    "fields": fields, "labels": join_labels(fields), "shot": t.get("screenshot"),
                    "capped": bool((art.get("screenshot") or {}).get("capped")), "problem": problem}
            key = (info.get("journey"), name) if info.get("journey") else None
            if key is not None and key in wizards:  # the next step of a wizard: its fields follow the step before's
                it = wizards[key]
                it["steps"].append(step)
                it["fields"] = it["fields"] + fields
                it["labels"] = join_labels(it["fields"])
                it["capped"] = it["capped"] or step["capped"]
                if problem:
                    it["problem"] = "；".join(p for p in (it["problem"], f"{step['name']}：{problem}") if p)
                continue
            it = {"n": len(items) + 1, "name": name, "type": item.get("type") or "",
                  "code": item.get("code") or "", "page": t["page"], "url": step["url"],
                  "target": t["id"], "fields": fields, "labels": step["labels"], "shot": step["shot"],
                  "capped": step["capped"], "problem": f"{step['name']}：{problem}" if problem and key else problem,
                  "steps": [step]}
            items.append(it)
            if key is not None:
                wizards[key] = it
        systems.append({"id": s["id"], "name": s["name"], "address": address, "items": items})
    return systems


def _sheet_title(name: str, used: set[str], n: int) -> str:
    base = _SHEET_BAD.sub("_", f"{n}.{name}").strip("'") or f"事项{n}"
    title, k = base[:31], 2
    while title.casefold() in used:
        suffix = f"~{k}"
        title, k = base[:31 - len(suffix)] + suffix, k + 1
    used.add(title.casefold())
    return title


def workbook(system: dict[str, Any], shots: dict[str, bytes], run_note: str = "") -> bytes:
    """附件2 for one system as an .xlsx workbook (bytes), one sheet per item, laid out like the notice: a title
    row, 系统名称 / 互联网访问地址, then 系统办理事项信息 with the columns of :data:`HEADERS`, the form screenshot
    (``shots[target id]``, JPEG bytes) anchored in its cell, and the notice's notes below."""
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image as XLImage
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="E8EEF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    used: set[str] = set()
    items = system["items"] or [None]
    for item in items:
        ws = wb.create_sheet(_sheet_title(item["name"] if item else "无办事表单", used, item["n"] if item else 1))
        for col, width in zip("ABCDEFG", (12, 6, 22, 12, 48, 38, 20)):
            ws.column_dimensions[col].width = width
        ws.merge_cells("A1:G1")
        ws["A1"] = "自建网上办事系统信息表"
        ws["A1"].font = Font(size=16, bold=True)
        ws["A1"].alignment = centre
        ws.row_dimensions[1].height = 30
        ws["A2"], ws["D2"] = "系统名称", "互联网访问地址"
        ws.merge_cells("B2:C2")
        ws.merge_cells("E2:G2")
        ws["B2"], ws["E2"] = system["name"], system["address"]
        ws.merge_cells("A3:A4")
        ws["A3"] = "系统办理事项信息"
        for i, h in enumerate(HEADERS):
            ws.cell(row=3, column=2 + i, value=h)
        if item:
            values = [item["n"], item["name"], item["type"], item["labels"] or (item["problem"] or ""), None, None]
        else:
            values = [None, "（该系统未登记办事表单页面，请在登记表中为表单页面设置 role: form 与 item）", None, None, None, None]
        for i, v in enumerate(values):
            ws.cell(row=4, column=2 + i, value=v)
        for row in ws.iter_rows(min_row=2, max_row=4, min_col=1, max_col=7):
            for c in row:
                c.border = border
                c.alignment = wrap
        for ref in ("A2", "D2", "A3", *(f"{c}3" for c in "BCDEFG")):
            ws[ref].font = Font(bold=True)
            ws[ref].fill = head_fill
            ws[ref].alignment = centre
        ws.row_dimensions[4].height = 200
        # A wizard: one screenshot per step, side by side (an item without steps is its own one step).
        for k, step in enumerate((item.get("steps") or [{"target": item["target"], "name": item["name"]}]) if item else []):
            if step["target"] not in shots:
                continue
            img = XLImage(io.BytesIO(shots[step["target"]]))
            w = 250
            img.height = int(img.height * w / img.width)
            img.width = w
            col = "F" if k == 0 else chr(ord("H") + min(k, 18) - 1)  # G keeps the notice's last column
            if k:
                ws.column_dimensions[col].width = 38
                ws[f"{col}3"] = f"{HEADERS[4]}（{step['name']}）"
                ws[f"{col}3"].font = Font(bold=True)
            ws.add_image(img, f"{col}4")
        notes = ["注："] + [f"{i + 1}. {n}" for i, n in enumerate(NOTES)]
        if item:
            notes.append(f"表单页面：{item['page']}  {item['url']}" + (f"；事项编码：{item['code']}" if item["code"] else ""))
            if item["capped"]:
                notes.append("截图已按检查工具的高度上限截断，页面更长。")
            if item["problem"]:
                notes.append(f"问题：{item['problem']}")
        if run_note:
            notes.append(run_note)
        for i, text in enumerate(notes):
            r = 6 + i
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
            ws.cell(row=r, column=1, value=text).alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[r].height = 30 if len(text) > 60 else 18
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        as_text(ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


#: First characters with which a spreadsheet would read a cell's text as a formula or a command (CWE-1236).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def as_text(ws) -> None:
    """Make every cell of the openpyxl worksheet ``ws`` that holds a string a text cell: data type string (openpyxl
    otherwise stores a string starting with ``=`` as a formula), and, when it starts with one of
    :data:`FORMULA_TRIGGERS`, the quote prefix (Excel's leading apostrophe) so that no spreadsheet evaluates it even
    after the cell is edited. Page text (form labels) and registry names reach these cells: the file departments
    send on must carry no live formula, DDE call or hyperlink from them."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if cell.value.startswith(FORMULA_TRIGGERS):
                    cell.quotePrefix = True


def write(out_dir: str | Path | RunDir, data: dict[str, Any], render_html, lang: str = "zh") -> dict[str, Any] | None:
    """Write the department's 附件2 (HTML, one workbook per system, the form screenshots) under
    ``attachment2/<folder>/``; ``render_html(systems, folder) -> str`` renders the HTML page.

    Returns {"html": path relative to out_dir, "workbooks": [{"system", "path"}], "items": n} or None when the
    department registers no system. A form screenshot that is missing or unreadable is left out (the item
    stays, without picture). Raises OSError when a file cannot be written.
    """
    rd = RunDir(out_dir)
    systems = collect(rd, data)
    if not systems:
        return None
    folder = data["department"]["folder"]
    base = rd.attachment2_dir(folder)
    shots: dict[str, bytes] = {}
    for s in systems:
        for it in s["items"]:
            it["shot_file"] = None
            it.setdefault("steps", [{"target": it["target"], "name": it["name"], "shot": it.get("shot")}])
            for k, step in enumerate(it["steps"]):
                step["shot_file"] = None
                if not step["shot"]:
                    continue
                try:
                    jpeg = annotate.downscale(rd.read_asset(step["shot"]), SHOT_WIDTH, quality=70)
                except (OSError, ValueError):
                    continue
                name = f"{safe_name(s['id'], 'system', 40)}-{it['n']}" + (f"-{k + 1}" if k else "") + ".jpg"
                annotate.save(base / name, jpeg)
                shots[step["target"]] = jpeg
                step["shot_file"] = name
            it["shot_file"] = it["steps"][0]["shot_file"] if it["steps"] else None
    workbooks = []
    run_note = f"由 qh-mobile-harness 根据检查批次 {data['run']['id']} 的实测结果生成（{data['run']['started']}）。"
    used: set[str] = set()
    for s in systems:
        name = f"附件2-{safe_name(s['name'], s['id'], 50)}.xlsx"
        if name.casefold() in used:
            name = f"附件2-{safe_name(s['name'], s['id'], 40)}-{s['id']}.xlsx"
        used.add(name.casefold())
        atomic_write(base / name, workbook(s, shots, run_note))
        s["xlsx"] = name
        workbooks.append({"system": s["name"], "path": f"attachment2/{folder}/{name}"})
    atomic_write(base / "index.html", render_html(systems, folder))
    return {"html": f"attachment2/{folder}/index.html", "workbooks": workbooks, "items": sum(len(s["items"]) for s in systems)}
