"""事项同源 (青政公〔2019〕24号 一): "发布的政务服务事项编码、名称、类型、依据、办事指南等要素，必须与省政府审改办梳理核定的
政务服务事项库保持同源，未被省政府审改办核定的政务服务事项，不得展示和提供在线办理服务".

SV-01 — every item a list, guide or form page shows exists in the item library with the same code, name and type,
and no item outside it (or one the library does not allow online) is offered for online handling. SV-02 — each
service guide shows every element the library requires of it with a value (国办秘函〔2019〕19号 单项否决: 服务不实用,
办事指南重点要素缺失). Both read ``artifacts["items"]`` (see :mod:`harness.gather.items`).
"""

from __future__ import annotations

import re
from typing import Any

from ..catalog import IDENTITY_LABELS, norm
from ..outcomes import bi, cant_tell, failed, inapplicable, passed
from . import check, ev


def _not_applicable(items: dict[str, Any], what: str, what_zh: str):
    if not items.get("configured"):
        return inapplicable("The system declares no item library (registry `items`).", "该系统未登记事项库（登记表 items）。")
    if items.get("role") not in what:
        return inapplicable(f"Not {what_zh[1]} page of the system's items declaration.", f"该页面不是事项声明中的{what_zh[0]}页面。")
    return None


def _field(items: dict[str, Any], labels: list[str]) -> dict[str, Any] | None:
    """The first labelled field whose label is one of ``labels`` and that has a value."""
    for f in items.get("fields") or []:
        if f["label"] in labels and (f.get("value") or "").strip():
            return f
    return None


def _library(items: dict[str, Any]) -> tuple[dict[str, dict], dict[str, list[dict]]]:
    lib = items.get("library") or []
    by_code = {i["code"]: i for i in lib}
    by_name: dict[str, list[dict]] = {}
    for i in lib:
        by_name.setdefault(norm(i["name"]), []).append(i)
    return by_code, by_name


def _compare(shown: dict[str, Any], by_code: dict, by_name: dict) -> tuple[dict | None, list[tuple[str, str]]]:
    """Find the library item ``shown`` ({code, name, type}, any may be None) stands for and what disagrees:
    returns (item or None, [(en, zh) problems])."""
    code, name, typ = shown.get("code"), shown.get("name"), shown.get("type")
    code = re.sub(r"\s+", "", code) if code else None
    item = by_code.get(code) if code else None
    problems: list[tuple[str, str]] = []
    if code and item is None:
        cands = by_name.get(norm(name)) if name else None
        if cands:
            item = cands[0]
            problems.append((f"code {code} is not the library's {item['code']}", f"编码 {code} 与事项库的 {item['code']} 不符"))
        else:
            return None, [(f"code {code} is not in the library", f"编码 {code} 不在事项库中")]
    if item is None and name:
        cands = by_name.get(norm(name))
        if not cands:
            return None, [(f"{name!r} is not in the library", f"“{name}”不在事项库中")]
        item = cands[0]
    if item is None:
        return None, [("neither code nor name is shown", "未显示事项编码或名称")]
    if name and norm(name) != norm(item["name"]):
        problems.append((f"name {name!r} is not the library's {item['name']!r}", f"名称“{name}”与事项库的“{item['name']}”不符"))
    if typ and norm(typ) != norm(item["type"]):
        problems.append((f"type {typ!r} is not the library's {item['type']!r}", f"类型“{typ}”与事项库的“{item['type']}”不符"))
    return item, problems


@check("items")
def items_in_catalog(artifacts: dict[str, Any], params: dict[str, Any]):
    """SV-01: the items a page shows agree with the item library (code, name, type) and nothing outside it is
    offered for online handling.

    List pages: every entry (``items.entry``) is looked up by code, else by name; an entry not in the library, or
    offering online handling of an item the library does not allow online, fails. Guide pages: the item the
    registry says the guide documents must be in the library, and the code, name and type the guide shows must
    match it. Form pages: the declared item (the page's ``item``) must be in the library with the same code, name
    and type. Value: {"shown": n, "in_library": n, "problems": n}.
    """
    items = artifacts["items"]
    na = _not_applicable(items, ("list", "guide", "form"), ("事项列表、办事指南或申请表", "an item list, guide or form"))
    if na:
        return na
    by_code, by_name = _library(items)
    role = items["role"]
    evidence, bad, bad_zh = [], [], []
    shown_n = ok_n = 0
    if role == "list":
        entries = [e for e in items.get("entries") or [] if e.get("visible") or params["include_hidden"]]
        if not entries:
            return cant_tell("No item entry found on the list page (check the registry's items.entry selector).",
                             "列表页未找到事项条目（请核对登记表 items.entry 选择器）。", value={"shown": 0})
        for e in entries:
            shown_n += 1
            item, problems = _compare(e, by_code, by_name)
            label = e.get("name") or e.get("code") or e.get("text", "")[:30]
            if item is not None and e.get("online") and item.get("online") is False:
                problems.append(("offered for online handling, which the library does not allow", "提供在线办理，但事项库未核定其可在线办理"))
            if item is None and e.get("online"):
                problems = [(p[0] + ", yet offered for online handling", p[1] + "，却提供在线办理") for p in problems]
            if problems:
                bad.append(f"{label}: {'; '.join(p[0] for p in problems)}")
                bad_zh.append(f"“{label}”：{'；'.join(p[1] for p in problems)}")
                evidence.append(ev(e, text=label, value=e.get("code"), note="; ".join(p[0] for p in problems)))
            else:
                ok_n += 1
    else:
        declared = items.get("declared") or {}
        shown = {
            "code": (_field(items, IDENTITY_LABELS["code"]) or {}).get("value"),
            "name": (_field(items, IDENTITY_LABELS["name"]) or {}).get("value"),
            "type": (_field(items, IDENTITY_LABELS["type"]) or {}).get("value"),
        }
        shown_n = 1
        ref = {"code": declared.get("code") or shown["code"], "name": declared.get("name") or shown["name"],
               "type": declared.get("type") or shown["type"]}
        if role == "guide" and not shown["name"] and not declared.get("name"):
            ref["name"] = None
        item, problems = _compare(ref, by_code, by_name)
        if item is not None:
            for key, en, zh in (("code", "code", "编码"), ("name", "name", "名称"), ("type", "type", "类型")):
                val = shown[key]
                if val and norm(val) != norm(item[key]) and (en, zh) and not any(en in p[0] for p in problems):
                    problems.append((f"the page shows {en} {val!r}, the library {item[key]!r}", f"页面显示的{zh}“{val}”与事项库的“{item[key]}”不符"))
            if role == "form" and item.get("online") is False:
                problems.append(("an online form for an item the library does not allow online", "事项库未核定该事项可在线办理，却提供在线申请表"))
        label = (item or {}).get("name") or ref.get("name") or ref.get("code") or "?"
        for key in ("code", "name", "type"):
            f = _field(items, IDENTITY_LABELS[key])
            if f and problems:
                evidence.append(ev(f, text=f"{f['label']}：{f['value']}"))
        if problems:
            bad.append(f"{label}: {'; '.join(p[0] for p in problems)}")
            bad_zh.append(f"“{label}”：{'；'.join(p[1] for p in problems)}")
            if not evidence:
                evidence.append(ev(None, text=label, value=ref.get("code"), note="; ".join(p[0] for p in problems)))
        else:
            ok_n = 1
            missing = [zh for key, zh in (("code", "编码"), ("name", "名称"), ("type", "类型")) if not shown[key]]
            if missing and role == "guide":
                evidence.append(ev(None, text=label, note=f"the guide does not show: {', '.join(missing)}"))
    value = {"shown": shown_n, "in_library": ok_n, "problems": len(bad)}
    lib = items.get("catalog") or {}
    threshold = bi(f"every item shown is in {lib.get('id', 'the item library')} ({lib.get('version', '')}) with the same code, name and type",
             f"展示的每个事项都在 {lib.get('id', '事项库')}（{lib.get('version', '')}）中，编码、名称、类型一致")
    if bad:
        return failed(f"Items disagree with the item library: {'; '.join(bad)}.", f"事项与事项库不同源：{'；'.join(bad_zh)}。",
                      value=value, threshold=threshold, evidence=evidence)
    return passed(f"{ok_n} item(s) shown agree with the item library.", f"页面所示 {ok_n} 个事项与事项库一致。",
                  value=value, threshold=threshold, evidence=evidence)


def _present(items: dict[str, Any], labels: list[str], empty: list[str]) -> dict[str, Any] | None:
    """The labelled field showing one of ``labels`` with a real value (not a placeholder like 暂无)."""
    placeholders = {norm(x) for x in empty}
    for f in items.get("fields") or []:
        if f["label"] in labels and norm(f.get("value")) not in placeholders:
            return f
    return None


@check("items")
def guide_elements_complete(artifacts: dict[str, Any], params: dict[str, Any]):
    """SV-02: a service guide page shows every element the item library requires of its item (受理条件, 申请材料,
    办理流程, 办理时限, 收费标准, 咨询方式, 设定依据 … — the library's ``required_elements``, or the item's own),
    each under its name or an alias, with a value that is not a placeholder (``empty_values``).

    Value: {"item": code, "required": [...], "missing": [...]}. Evidence: each element found (its box), each
    missing element (no box), and elements whose text differs from the library's (a note; not a failure).
    """
    items = artifacts["items"]
    na = _not_applicable(items, ("guide",), ("办事指南", "a service guide"))
    if na:
        return na
    by_code, by_name = _library(items)
    declared = items.get("declared") or {}
    item = by_code.get(declared.get("code") or "")
    if item is None:
        f = _field(items, IDENTITY_LABELS["code"])
        item = by_code.get(re.sub(r"\s+", "", f["value"])) if f else None
    cat = items.get("catalog") or {}
    required = list(item["required_elements"]) if item and item.get("required_elements") is not None else list(cat.get("required_elements") or [])
    aliases = cat.get("elements") or {}
    found, missing, evidence, differs = [], [], [], []
    for el in required:
        f = _present(items, aliases.get(el, [el]), params["empty_values"])
        if f is None:
            missing.append(el)
            evidence.append(ev(None, text=el, note="missing (not shown, or only a placeholder)"))
            continue
        found.append(el)
        lib_value = (item or {}).get("guide", {}).get(el)
        if el == "设定依据" and item:
            lib_value = [b["title"] for b in item.get("basis", [])]
        note = None
        if lib_value:
            want = lib_value if isinstance(lib_value, list) else [lib_value]
            absent = [w for w in want if norm(w) not in norm(f.get("value"))]
            if absent:
                note = f"differs from the library: {'; '.join(absent)} not found"
                differs.append(el)
        evidence.append(ev(f, text=f"{f['label']}：{(f.get('value') or '')[:80]}", note=note))
    value = {"item": (item or {}).get("code") or declared.get("code"), "required": required, "missing": missing}
    threshold = bi("every required element shown: " + "、".join(required),
             "展示全部重点要素：" + "、".join(required))
    if missing:
        return failed(f"The service guide lacks {len(missing)} required element(s): {', '.join(missing)}.",
                      f"办事指南缺少 {len(missing)} 项重点要素：{'、'.join(missing)}。", value=value, threshold=threshold, evidence=evidence)
    extra = "" if item else " (the item is not in the library: the library's default elements were checked)"
    extra_zh = "" if item else "（该事项不在事项库中，按事项库的默认要素检查）"
    if differs:
        return passed(f"The service guide shows all {len(required)} required elements; {', '.join(differs)} differ from the library's text{extra}.",
                      f"办事指南 {len(required)} 项重点要素齐全；其中{'、'.join(differs)}与事项库内容不一致{extra_zh}。",
                      value=value, threshold=threshold, evidence=evidence, warning=True)
    return passed(f"The service guide shows all {len(required)} required elements{extra}.", f"办事指南 {len(required)} 项重点要素齐全{extra_zh}。",
                  value=value, threshold=threshold, evidence=evidence, warning=not item)
