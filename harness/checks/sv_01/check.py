"""SV-01: service items agree with the item library (code, name, type); none outside it is offered online (事项同源：展示的事项编码、名称、类型与事项库一致，库外事项不提供在线办理). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any

from ...catalog import IDENTITY_LABELS, norm
from ...outcomes import Outcome, bi, cant_tell, failed, passed
from .. import ev
from ..service_items import field, library, not_applicable


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


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """SV-01: the items a page shows agree with the item library (code, name, type) and nothing outside it is
    offered for online handling.

    List pages: every entry (``items.entry``) is looked up by code, else by name; an entry not in the library, or
    offering online handling of an item the library does not allow online, fails. Guide pages: the item the
    registry says the guide documents must be in the library, and the code, name and type the guide shows must
    match it. Form pages: the declared item (the page's ``item``) must be in the library with the same code, name
    and type. Value: {"shown": n, "in_library": n, "problems": n}.
    """
    items = a["items"]
    na = not_applicable(items, ("list", "guide", "form"), ("事项列表、办事指南或申请表", "an item list, guide or form"))
    if na:
        return na
    by_code, by_name = library(items)
    role = items["role"]
    evidence, bad, bad_zh = [], [], []
    shown_n = ok_n = 0
    if role == "list":
        entries = [e for e in items.get("entries") or [] if e.get("visible") or p["include_hidden"]]
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
                problems = [(pb[0] + ", yet offered for online handling", pb[1] + "，却提供在线办理") for pb in problems]
            if problems:
                bad.append(f"{label}: {'; '.join(pb[0] for pb in problems)}")
                bad_zh.append(f"“{label}”：{'；'.join(pb[1] for pb in problems)}")
                evidence.append(ev(e, text=label, value=e.get("code"), note="; ".join(pb[0] for pb in problems)))
            else:
                ok_n += 1
    else:
        declared = items.get("declared") or {}
        shown = {
            "code": (field(items, IDENTITY_LABELS["code"]) or {}).get("value"),
            "name": (field(items, IDENTITY_LABELS["name"]) or {}).get("value"),
            "type": (field(items, IDENTITY_LABELS["type"]) or {}).get("value"),
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
                if val and norm(val) != norm(item[key]) and (en, zh) and not any(en in pb[0] for pb in problems):
                    problems.append((f"the page shows {en} {val!r}, the library {item[key]!r}", f"页面显示的{zh}“{val}”与事项库的“{item[key]}”不符"))
            if role == "form" and item.get("online") is False:
                problems.append(("an online form for an item the library does not allow online", "事项库未核定该事项可在线办理，却提供在线申请表"))
        label = (item or {}).get("name") or ref.get("name") or ref.get("code") or "?"
        for key in ("code", "name", "type"):
            f = field(items, IDENTITY_LABELS[key])
            if f and problems:
                evidence.append(ev(f, text=f"{f['label']}：{f['value']}"))
        if problems:
            bad.append(f"{label}: {'; '.join(pb[0] for pb in problems)}")
            bad_zh.append(f"“{label}”：{'；'.join(pb[1] for pb in problems)}")
            if not evidence:
                evidence.append(ev(None, text=label, value=ref.get("code"), note="; ".join(pb[0] for pb in problems)))
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
