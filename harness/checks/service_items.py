"""The item library comparisons of 事项同源 (青政公〔2019〕24号 一): "发布的政务服务事项编码、名称、类型、依据、办事指南等要素，
必须与省政府审改办梳理核定的政务服务事项库保持同源，未被省政府审改办核定的政务服务事项，不得展示和提供在线办理服务".

Used by SV-01 (the items a page shows agree with the library) and SV-02 (a service guide shows every element the
library requires). Both read ``artifacts["items"]`` (see :mod:`harness.gather.items`): ``configured``, the page's
``role`` (list, guide, form), its labelled ``fields`` ([{label, value, selector, box, …}], boxes in CSS px) and
the ``library`` items it is compared with.
"""

from __future__ import annotations

from typing import Any

from ..catalog import norm
from ..outcomes import Outcome, inapplicable


def not_applicable(items: dict[str, Any], what: tuple[str, ...], what_zh: tuple[str, str]) -> Outcome | None:
    """``inapplicable`` when the system declares no item library (``items["configured"]`` false) or the page's
    ``role`` is not one of ``what`` (e.g. ``("guide",)``); else None. ``what_zh`` is (the page kind in Chinese,
    the page kind in English with its article) for the message."""
    if not items.get("configured"):
        return inapplicable("The system declares no item library (registry `items`).", "该系统未登记事项库（登记表 items）。")
    if items.get("role") not in what:
        return inapplicable(f"Not {what_zh[1]} page of the system's items declaration.", f"该页面不是事项声明中的{what_zh[0]}页面。")
    return None


def field(items: dict[str, Any], labels: list[str]) -> dict[str, Any] | None:
    """The first labelled field whose label is one of ``labels`` and that has a value."""
    for f in items.get("fields") or []:
        if f["label"] in labels and (f.get("value") or "").strip():
            return f
    return None


def library(items: dict[str, Any]) -> tuple[dict[str, dict], dict[str, list[dict]]]:
    """The library items of ``items["library"]`` indexed: ({code: item}, {normalised name
    (:func:`harness.catalog.norm`): [items]})."""
    lib = items.get("library") or []
    by_code = {i["code"]: i for i in lib}
    by_name: dict[str, list[dict]] = {}
    for i in lib:
        by_name.setdefault(norm(i["name"]), []).append(i)
    return by_code, by_name
