"""SV-02: service guides show every element the item library requires (办事指南要素齐全：受理条件、申请材料、办理流程、办理时限、收费标准、咨询方式等). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any

from ...catalog import IDENTITY_LABELS, norm
from ...outcomes import Outcome, bi, failed, passed
from .. import ev
from ..service_items import field, library, not_applicable


def _present(items: dict[str, Any], labels: list[str], empty: list[str]) -> dict[str, Any] | None:
    """The labelled field showing one of ``labels`` with a real value (not a placeholder like 暂无)."""
    placeholders = {norm(x) for x in empty}
    for f in items.get("fields") or []:
        if f["label"] in labels and norm(f.get("value")) not in placeholders:
            return f
    return None


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """SV-02: a service guide page shows every element the item library requires of its item (受理条件, 申请材料,
    办理流程, 办理时限, 收费标准, 咨询方式, 设定依据 … — the library's ``required_elements``, or the item's own),
    each under its name or an alias, with a value that is not a placeholder (``empty_values``).

    Value: {"item": code, "required": [...], "missing": [...]}. Evidence: each element found (its box), each
    missing element (no box), and elements whose text differs from the library's (a note; not a failure).
    """
    items = a["items"]
    na = not_applicable(items, ("guide",), ("办事指南", "a service guide"))
    if na:
        return na
    by_code, by_name = library(items)
    declared = items.get("declared") or {}
    item = by_code.get(declared.get("code") or "")
    if item is None:
        f = field(items, IDENTITY_LABELS["code"])
        item = by_code.get(re.sub(r"\s+", "", f["value"])) if f else None
    cat = items.get("catalog") or {}
    required = list(item["required_elements"]) if item and item.get("required_elements") is not None else list(cat.get("required_elements") or [])
    aliases = cat.get("elements") or {}
    found, missing, evidence, differs = [], [], [], []
    for el in required:
        f = _present(items, aliases.get(el, [el]), p["empty_values"])
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
