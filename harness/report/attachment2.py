"""附件2 自建网上办事系统信息表 (青政公〔2019〕24号 二: 按《自建网上办事系统信息表》（附件2）要求梳理并报送自建
业务系统事项申报页面信息), filled in from what the harness measured on each department's form pages.

For each system, one sheet per service item (注 1: 每个事项一张表，分别报送): the system's name and internet
address, the item's number, name and type, the form's field labels joined by "、" (注 2: 办事企业及群众需要填写并
提交的申报页面信息; taken from the form page's ``<label>``, ``aria-labelledby``, ``aria-label``, placeholder or
title, else the text just before the field), and a full-page screenshot of the form page (注 3). The last column,
数据字典及表结构文档, is the department's to supply and is left empty.

A service item is a registry page (or journey checkpoint) with role ``form`` whose ``item`` ({name, type, code})
carries a code from the item library (the system's declared ``items.catalog``, else any library under
``specs/catalogs/``): a form without such a code (投诉建议, 账号注册, a page of no library item) is no service item and
gets no sheet (the HTML page lists it as left out, with the reason). The form pages of one item (a wizard's steps,
several pages) are one sheet, their labels in order without repeats. Portal websites (``kind: website``) have no
附件2; a system with no service item gets no workbook (no placeholder). Written per department as
``attachment2/<folder>/index.html`` and one workbook per system with items, ``attachment2/<folder>/附件2-<system>.xlsx``
(openpyxl), laid out like the notice's form and carrying nothing of the tool (no run note, no creator).
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
#: Device pixels per CSS px of the form screenshots kept for 附件2: 2× (a 375 CSS px page is 750 px wide), sharp
#: when printed or zoomed (the tool's choice; the notice asks for a whole-page screenshot only).
SHOT_SCALE = 2
#: Size of the screenshot cell of the workbook: column width in Excel characters and row height in points (409 pt
#: is Excel's largest row). The picture is scaled to fit inside it, its pixels kept (:data:`SHOT_SCALE`).
SHOT_COL_WIDTH, SHOT_ROW_PT = 50, 409
#: Fields that are no 申报页面信息 (注 2): captcha and SMS codes, by name, id, label or placeholder.
_CAPTCHA = re.compile(r"验证码|校验码|captcha|vcode|verif(y|ication)[-_ ]?code|checkcode|yzm|smscode", re.I)
#: Wording of a consent box (我已阅读并同意…, 本人承诺…): the applicant ticks it, it is no information item.
_CONSENT = re.compile(r"同意|已阅读|已阅|承诺|知悉|授权|协议|声明|须知|隐私政策|条款")
_STRIP = re.compile(r"^[\s*＊:：]+|[\s*＊:：]+$")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def clean_label(text: str | None) -> str:
    """A field label without required-field stars, trailing colons and surrounding space ("* 姓名：" → "姓名")."""
    return _STRIP.sub("", re.sub(r"\s+", " ", text or "")).strip()


def is_applicant_info(f: dict[str, Any]) -> bool:
    """False for a field of the gatherer's ``dom.fields`` that is no 申报页面信息 (附件2 注 2: what applicants fill
    in and submit): a password, a captcha or SMS code (:data:`_CAPTCHA` on name, id, label, placeholder, nearby
    text), or a lone consent checkbox (its label or the text after it reads like :data:`_CONSENT`)."""
    typ = f.get("type")
    if typ == "password":
        return False
    words = " ".join(str(f.get(k) or "") for k in ("name", "id", "label", "placeholder", "near_text", "autocomplete"))
    if _CAPTCHA.search(words) or (f.get("autocomplete") or "").strip() == "one-time-code":
        return False
    if typ == "checkbox" and _CONSENT.search(" ".join(str(f.get(k) or "") for k in ("label", "after_text", "near_text"))):
        return False
    return True


def form_fields(dom: dict[str, Any]) -> list[dict[str, Any]]:
    """The fields a person fills in on a form page, in document order, from the gatherer's ``dom.fields``.

    Passwords, captcha/SMS codes and consent boxes are left out (:func:`is_applicant_info`). Visible fields only (all of them when none is visible, e.g. a form behind a step); a group of radio buttons
    or checkboxes sharing a name is one entry named by its group caption (fieldset legend, radiogroup name), else
    by the text before it, else by its options. Returns [{"label", "source", "type", "required", "name"}] where
    source is label, aria-labelledby, aria-label, placeholder, title, group, nearby-text, options or None (no
    label at all: the label is then empty).
    """
    fields = [f for f in dom.get("fields", []) if f.get("type") not in ("hidden", "submit", "button", "image", "reset")
              and is_applicant_info(f)]
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


def merge_fields(before: list[dict[str, Any]], more: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``before`` followed by the fields of ``more`` it does not hold yet (same label, or for an unlabelled field
    the same name and type): the fields of an item whose form spans several pages or steps, each once, in order."""
    out = list(before)
    seen = {(f["label"],) if f["label"] else (None, f.get("name"), f.get("type")) for f in out}
    for f in more:
        key = (f["label"],) if f["label"] else (None, f.get("name"), f.get("type"))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _library_codes(declared: str | None) -> set[str]:
    """Codes of the item library a system declares (``catalog_path``), else of every library under
    ``specs/catalogs/``; a library that cannot be read adds none."""
    from .. import catalog as catalog_mod
    from ..errors import SpecError
    from ..paths import specs_dir

    paths = [Path(declared)] if declared else sorted((specs_dir() / "catalogs").glob("*.json"))
    codes: set[str] = set()
    for path in paths:
        try:
            codes |= set(catalog_mod.load(path).by_code)
        except (OSError, ValueError, SpecError):
            continue
    return codes


def collect(out_dir: str | Path | RunDir, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The 附件2 content of one department, from its results and saved artifacts (no file is written).

    Returns one entry per registered system that is not a portal website (``kind: website``): {"id", "name",
    "address", "device" (the capture's device name and CSS width: {"name", "width"}, or None), "items": [{"n",
    "name", "type", "code", "page", "url", "target", "fields", "labels", "shot" (the form page's screenshot path
    relative to ``out_dir``, or None), "capped" (the screenshot was cut: the page is taller than the gatherer's
    limit), "problem" (why fields or screenshot are missing, or None), "steps": [{"target", "name", "url", "fields",
    "labels", "shot", "width" (CSS px of the capture), "capped", "problem"}]}], "left_out": [{"page", "name",
    "reason"}]}. Only service items are items: a form whose ``item.code`` is in the item library (see
    :func:`_library_codes`); other forms are ``left_out``. All form pages and checkpoints of one item (same code)
    are one item: their fields merged in order without repeats (:func:`merge_fields`), a screenshot per step.
    Artifacts are read with :meth:`harness.results.RunDir.artifacts`: a target whose artifacts file is missing or
    unreadable counts as no form page (no error). Raises KeyError only when ``data`` lacks a field the results
    schema requires.
    """
    rd = RunDir(out_dir)
    systems = []
    codes_of: dict[str | None, set[str]] = {}
    for s in data["department"].get("systems", []):
        if s.get("kind") == "website":
            continue
        targets = [t for t in data["targets"] if t["system"] == s["id"]]
        address = s.get("entry") or (targets[0]["url"] if targets else "")
        items: list[dict[str, Any]] = []
        left_out: list[dict[str, Any]] = []
        by_code: dict[str, dict[str, Any]] = {}  # item code -> its item: the pages and steps of one item join
        device = None
        for t in targets:
            art = rd.artifacts(t)
            info = art.get("target") or {}
            if info.get("role") != "form":
                continue
            item = info.get("item") or {}
            name = item.get("name") or t["page"]
            declared = (info.get("items") or {}).get("catalog_path")
            if declared not in codes_of:
                codes_of[declared] = _library_codes(declared)
            code = item.get("code") or ""
            if not code or code not in codes_of[declared]:
                reason = ("表单未登记事项编码，不是事项库中的政务服务事项" if not code
                          else f"事项编码 {code} 不在事项库中，不是政务服务事项")
                if not any(x["name"] == name for x in left_out):
                    left_out.append({"page": t["page"], "name": name, "reason": reason})
                continue
            dom = art.get("dom")
            # A checkpoint its journey never reached holds the DOM of the state where the journey stopped: not its own.
            unreached = not (art.get("journey") or {}).get("reached", True)
            fields = form_fields(dom) if dom and not unreached else []
            problem = None
            if t.get("status") == "error" or not dom:
                problem = t.get("error") or "表单页面未能加载，无法读取表单项"
            elif not fields and not any(f.get("type") not in ("hidden", "submit", "button", "image", "reset")
                                        for f in dom.get("fields", [])):  # a step of only a consent box is no problem
                problem = "页面上没有找到表单输入项"
            vp = (art.get("device") or {}).get("viewport") or {}
            if device is None and vp.get("width"):
                device = {"name": (art.get("device") or {}).get("name"), "width": int(vp["width"])}
            step = {"target": t["id"], "name": info.get("checkpoint_name") or t["page"], "url": t.get("final_url") or t["url"],
                    "fields": fields, "labels": join_labels(fields), "shot": t.get("screenshot"),
                    "width": int(vp.get("width") or 0) or None,
                    "capped": bool((art.get("screenshot") or {}).get("capped")), "problem": problem}
            if code in by_code:  # a further page or step of the item: its new fields follow those before
                it = by_code[code]
                it["steps"].append(step)
                it["fields"] = merge_fields(it["fields"], fields)
                it["labels"] = join_labels(it["fields"])
                it["capped"] = it["capped"] or step["capped"]
                if problem:
                    it["problem"] = "；".join(p for p in (it["problem"], f"{step['name']}：{problem}") if p)
                continue
            several = bool(info.get("journey"))
            it = {"n": len(items) + 1, "name": name, "type": item.get("type") or "",
                  "code": code, "page": t["page"], "url": step["url"],
                  "target": t["id"], "fields": merge_fields([], fields), "labels": "", "shot": step["shot"],
                  "capped": step["capped"], "problem": f"{step['name']}：{problem}" if problem and several else problem,
                  "steps": [step]}
            it["labels"] = join_labels(it["fields"])
            items.append(it)
            by_code[code] = it
        systems.append({"id": s["id"], "name": s["name"], "address": address, "device": device,
                        "items": items, "left_out": left_out})
    return systems


def _sheet_title(name: str, used: set[str], n: int) -> str:
    base = _SHEET_BAD.sub("_", f"{n}.{name}").strip("'") or f"事项{n}"
    title, k = base[:31], 2
    while title.casefold() in used:
        suffix = f"~{k}"
        title, k = base[:31 - len(suffix)] + suffix, k + 1
    used.add(title.casefold())
    return title


def fit(width: int, height: int, box_w: float, box_h: float) -> tuple[int, int]:
    """(width, height) in px of a ``width`` × ``height`` picture scaled, aspect kept, to fit a ``box_w`` × ``box_h``
    px box (never enlarged)."""
    k = min(1.0, box_w / width, box_h / height)
    return max(1, int(width * k)), max(1, int(height * k))


def col_px(chars: float) -> int:
    """Width in px (at 96 dpi) of an Excel column ``chars`` characters wide (Calibri 11: 7 px a character + 5)."""
    return int(chars * 7 + 5)


def workbook(system: dict[str, Any], shots: dict[str, bytes]) -> bytes:
    """附件2 for one system as an .xlsx workbook (bytes), one sheet per item (``system["items"]``, at least one),
    laid out like the notice: a title row, 系统名称 / 互联网访问地址, then 系统办理事项信息 with the columns of
    :data:`HEADERS`, the form screenshot (``shots[target id]``, JPEG bytes at :data:`SHOT_SCALE`) anchored in its
    cell and scaled to fit it (:data:`SHOT_COL_WIDTH` × :data:`SHOT_ROW_PT`), and the notice's notes below.
    The workbook is the department's: it names no tool (no run note; creator empty).

    Raises:
        ValueError: the system has no item (a system without service items gets no workbook)."""
    if not system["items"]:
        raise ValueError(f"附件2: system {system.get('id')!r} has no service item, hence no workbook")
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image as XLImage
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = ""
    wb.properties.lastModifiedBy = None
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="E8EEF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    used: set[str] = set()
    for item in system["items"]:
        ws = wb.create_sheet(_sheet_title(item["name"], used, item["n"]))
        for col, width in zip("ABCDEFG", (12, 6, 22, 12, 48, SHOT_COL_WIDTH, 20)):
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
        values = [item["n"], item["name"], item["type"], item["labels"] or (item["problem"] or ""), None, None]
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
        ws.row_dimensions[4].height = SHOT_ROW_PT
        box_w, box_h = col_px(SHOT_COL_WIDTH) - 8, SHOT_ROW_PT * 96 / 72 - 8  # a 4 px margin inside the cell
        # Several pages or steps: one screenshot per step, side by side (an item without steps is its own one step).
        for k, step in enumerate(item.get("steps") or [{"target": item["target"], "name": item["name"]}]):
            if step["target"] not in shots:
                continue
            img = XLImage(io.BytesIO(shots[step["target"]]))
            img.width, img.height = fit(img.width, img.height, box_w, box_h)
            col = "F" if k == 0 else chr(ord("H") + min(k, 18) - 1)  # G keeps the notice's last column
            if k:
                ws.column_dimensions[col].width = SHOT_COL_WIDTH
                ws[f"{col}3"] = f"{HEADERS[4]}（{step['name']}）"
                ws[f"{col}3"].font = Font(bold=True)
            ws.add_image(img, f"{col}4")
        notes = ["注："] + [f"{i + 1}. {n}" for i, n in enumerate(NOTES)]
        notes.append(f"表单页面：{item['page']}  {item['url']}" + (f"；事项编码：{item['code']}" if item["code"] else ""))
        if item["capped"]:
            notes.append("截图已按高度上限截断，页面更长。")
        if item["problem"]:
            notes.append(f"问题：{item['problem']}")
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
    department registers no system but portal websites. Only systems with service items get a workbook. Screenshots
    are kept at :data:`SHOT_SCALE` pixels per CSS px of their capture (no wider). A form screenshot that is missing or unreadable is left out (the item
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
                    jpeg = annotate.downscale(rd.read_asset(step["shot"]), SHOT_SCALE * (step.get("width") or 375), quality=80)
                except (OSError, ValueError):
                    continue
                name = f"{safe_name(s['id'], 'system', 40)}-{it['n']}" + (f"-{k + 1}" if k else "") + ".jpg"
                annotate.save(base / name, jpeg)
                shots[step["target"]] = jpeg
                step["shot_file"] = name
            it["shot_file"] = it["steps"][0]["shot_file"] if it["steps"] else None
    workbooks = []
    used: set[str] = set()
    for s in systems:
        if not s["items"]:
            s["xlsx"] = None
            continue
        name = f"附件2-{safe_name(s['name'], s['id'], 50)}.xlsx"
        if name.casefold() in used:
            name = f"附件2-{safe_name(s['name'], s['id'], 40)}-{s['id']}.xlsx"
        used.add(name.casefold())
        atomic_write(base / name, workbook(s, shots))
        s["xlsx"] = name
        workbooks.append({"system": s["name"], "path": f"attachment2/{folder}/{name}"})
    atomic_write(base / "index.html", render_html(systems, folder))
    return {"html": f"attachment2/{folder}/index.html", "workbooks": workbooks, "items": sum(len(s["items"]) for s in systems)}
