"""Gathering for 事项同源 (青政公〔2019〕24号 一): what a system's item list, service guide and form pages show of
its service items, next to the part of the item library they are compared with.

Registers the optional stage ``items`` (run when a check that requires it applies). ``artifacts["items"]`` is
``{"configured": False}`` for a system without an ``items`` declaration, ``{"configured": True, "role": None}``
for a page that is neither an item list, a guide nor a form with a declared item, and otherwise {"configured":
True, "role": "list" | "guide" | "form", "declared": {code?, name?, type?} (the guide's code from the
registry, or the form page's ``item``), "catalog": library meta (id, title, version, path, elements with their
aliases, required elements), "library": [the library items whose code or name the page shows or declares],
"fields": [{label, value, selector, box, visible, source}], "entries": [{selector, box, visible, text, code,
name, type, online, online_text}] (list pages), "h1", "title"} (boxes in CSS px, document coordinates).
"""

from __future__ import annotations

from typing import Any

from .. import catalog as catalog_mod
from . import GatherRun, register_stage
from .page_functions import page_function

JS = page_function("items_probe")

#: Default selector of an item entry on a list page (the registry's ``items.entry`` overrides it).
DEFAULT_ENTRY = "[data-item-code], [data-item], .item-entry"
#: Texts of controls that offer online handling (when the registry's ``items.online`` gives no selector).
ONLINE_WORDS = ["在线办理", "网上办理", "在线申请", "网上申请", "立即办理", "我要办", "去办理", "在线申报", "网上申报"]
TYPES = ["其他行政权力", "行政许可", "行政处罚", "行政强制", "行政征收", "行政给付", "行政检查", "行政确认", "行政奖励", "行政裁决", "公共服务"]


def page_role(info: dict[str, Any]) -> str | None:
    """"list", "guide" or "form" for a page of a system with an ``items`` declaration (None otherwise)."""
    cfg = info.get("items") or {}
    pid = info.get("page_id") or (info.get("id") or "").split("/", 1)[-1]
    if not cfg:
        return None
    if pid in (cfg.get("lists") or []):
        return "list"
    if pid in (cfg.get("guides") or {}):
        return "guide"
    if info.get("item"):
        return "form"
    return None


async def _items(run: GatherRun) -> None:
    a = run.artifacts
    info = a.get("target") or {}
    cfg = info.get("items")
    if not cfg or not (cfg.get("catalog_path") or cfg.get("catalog")):
        a["items"] = {"configured": False}
        return
    role = page_role(info)
    if role is None:
        a["items"] = {"configured": True, "role": None}
        return
    cat = catalog_mod.load(cfg.get("catalog_path") or catalog_mod.resolve(cfg["catalog"]))
    labels = sorted({lab for labs in cat.labels().values() for lab in labs}
                    | {lab for labs in catalog_mod.IDENTITY_LABELS.values() for lab in labs})
    probe = await run.evaluate(JS, {
        "labels": labels, "types": TYPES, "entry": cfg.get("entry") or DEFAULT_ENTRY, "online": cfg.get("online"),
        "onlineWords": ONLINE_WORDS, "list": role == "list", "max": 200,
        "codeLabels": catalog_mod.IDENTITY_LABELS["code"], "nameLabels": catalog_mod.IDENTITY_LABELS["name"],
        "typeLabels": catalog_mod.IDENTITY_LABELS["type"],
    })
    declared: dict[str, Any] = {}
    if role == "guide":
        declared = {"code": cfg["guides"][info.get("page_id") or info["id"].split("/", 1)[-1]]}
    elif role == "form":
        declared = dict(info.get("item") or {})
    codes = {declared.get("code")} | {e.get("code") for e in probe["entries"]} | \
            {f["value"] for f in probe["fields"] if f["label"] in catalog_mod.IDENTITY_LABELS["code"]}
    names = {declared.get("name"), probe.get("h1")} | {e.get("name") for e in probe["entries"]} | \
            {f["value"] for f in probe["fields"] if f["label"] in catalog_mod.IDENTITY_LABELS["name"]}
    a["items"] = {"configured": True, "role": role, "declared": declared, "catalog": cat.meta(),
                  "library": catalog_mod.subset(cat, {c for c in codes if c}, {n for n in names if n}), **probe}


# After the DOM walk (20), before the layout stage (40) resizes the viewport.
register_stage("items", _items, optional=True)
