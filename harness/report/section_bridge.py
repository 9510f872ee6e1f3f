"""Report sections of the host platform integration (青松办 hooks).

- ``readiness`` (department level): for each system, which hooks of its host platform are present, missing, to
  be confirmed, or not applicable, from the IN-*/EL-01/NV-01 check results of its pages; with the profile's status
  (an *assumed* 青松办 profile is said to be so).
- ``bridge`` (target level): the page's bridge call log as a timeline: time (ms since the document's navigation
  start), method, arguments, the host's answer, and notes (before the SDK or the ready signal, on a probe click),
  with the SDK, SSO and blocked requests the harness answered in the platform's place.

Both read only the results and the saved artifacts of the run directory.
"""

from __future__ import annotations

import json
from typing import Any

from ..results import RunDir
from .sections import Section, register_section
from .strings import STRINGS

#: The hooks of the readiness summary: (check id, zh, en), in the order a developer integrates them.
HOOKS = [
    ("IN-01", "SDK 与就绪", "SDK & ready"),
    ("IN-02", "单点登录", "Single sign-on"),
    ("IN-05", "标题", "Title"),
    ("IN-03", "统计上报", "Page views"),
    ("IN-04", "支付·下载·外链·电话", "Pay · download · links · calls"),
    ("EL-01", "长辈版", "Elder mode"),
    ("IN-06", "微信·支付宝一致", "Same in WeChat · Alipay"),
    ("IN-07", "好差评", "好差评 evaluation"),
    ("NV-01", "返回", "Back"),
]



def _cell(outcomes: list[str], t: dict[str, str]) -> dict[str, Any]:
    """Aggregate one hook's outcomes over a system's pages into a readiness cell."""
    n = len(outcomes)
    fails = outcomes.count("failed")
    if fails:
        return {"state": "missing", "mark": "✗", "label": t["missing"], "detail": t["of_pages"].format(n=fails, m=n) if n > 1 else ""}
    if "error" in outcomes:
        return {"state": "error", "mark": "!", "label": t["error"], "detail": ""}
    if "passed" in outcomes:
        return {"state": "present", "mark": "✓", "label": t["present"], "detail": ""}
    if "cantTell" in outcomes:
        return {"state": "confirm", "mark": "?", "label": t["confirm"], "detail": ""}
    return {"state": "na", "mark": "—", "label": t["na"], "detail": ""}


def readiness_context(data: dict, target: dict | None, checklist, lang: str, out_dir) -> dict[str, Any] | None:
    """Context of the department readiness section; None when no target of the department has a host platform."""
    t = STRINGS[lang]["bridge"]
    systems: dict[str, dict[str, Any]] = {}
    for tr in data["targets"]:
        art = RunDir(out_dir).artifacts(tr)
        b = art.get("bridge") or {}
        prof = b.get("profile")
        if not prof:
            continue
        s = systems.setdefault(tr["system"], {"name": tr.get("system_name") or tr["system"], "profile": prof, "outcomes": {}})
        for c in tr["checks"]:
            s["outcomes"].setdefault(c["id"], []).append(c["outcome"])
    if not systems:
        return None
    known = {c.id for c in checklist.checks}
    hooks = [{"id": h, "label": zh if lang == "zh" else en} for h, zh, en in HOOKS if h in known]
    rows = []
    for sid, s in systems.items():
        cells = [_cell(s["outcomes"].get(h["id"], []), t) for h in hooks]
        prof = s["profile"]
        names = lambda state: "、".join(h["label"] for h, c in zip(hooks, cells) if c["state"] == state) if lang == "zh" \
            else ", ".join(h["label"] for h, c in zip(hooks, cells) if c["state"] == state)  # noqa: E731
        parts = [t["hooks_ok"].format(ok=sum(c["state"] == "present" for c in cells))]
        if names("missing"):
            parts.append(t["hooks_missing"].format(names=names("missing")))
        if names("confirm"):
            parts.append(t["hooks_confirm"].format(names=names("confirm")))
        rows.append({"id": sid, "name": s["name"], "platform": prof["name_zh"] if lang == "zh" else prof["name_en"],
                     "status": prof["status"], "status_label": t[prof["status"]], "cells": cells,
                     "summary": "；".join(parts) if lang == "zh" else "; ".join(parts),
                     "missing": sum(c["state"] == "missing" for c in cells)})
    notes = []
    for prof in {s["profile"]["id"]: s["profile"] for s in systems.values()}.values():
        if prof["status"] in ("assumed", "partial"):
            notes.append(t[f"note_{prof['status']}"].format(name=prof["name_zh"] if lang == "zh" else prof["name_en"],
                                                           path=f"specs/platforms/{prof['id']}.json"))
    platforms = {r["platform"] for r in rows}
    title = t["readiness"].format(name=platforms.pop()) if len(platforms) == 1 else t["readiness_any"]
    return {"t": t, "title": title, "hooks": hooks, "rows": rows, "notes": notes}


def _json(v: Any, limit: int = 160) -> str:
    if v is None:
        return ""
    s = json.dumps(v, ensure_ascii=False, separators=(", ", ": "))
    return s if len(s) <= limit else s[: limit - 1] + "…"


def bridge_context(data: dict, target: dict | None, checklist, lang: str, out_dir) -> dict[str, Any] | None:
    """Context of a target's bridge timeline; None when the target has no host platform."""
    art = RunDir(out_dir).artifacts(target or {})
    b = art.get("bridge") or {}
    prof = b.get("profile")
    if not prof:
        return None
    t = STRINGS[lang]["bridge"]
    glob = (prof.get("bridge") or {}).get("global")
    rows = []
    for c in b.get("calls", []):
        kind = c.get("kind")
        name = c.get("name") or ""
        bridge_call = kind == "call" and glob and "." not in name and not name.startswith("new ") and name != "addEventListener"
        what = f"{glob}.{name}" if bridge_call else name
        notes = []
        if kind == "call" and c.get("role") not in ("ready", "analytics_init", "analytics_ready", "analytics_event"):
            if not c.get("sdk"):
                notes.append(("bad", t["before_sdk"]))
            elif not c.get("ready"):
                notes.append(("bad", t["before_ready"]))
        if c.get("probe"):
            notes.append(("info", t["on_click"].format(x=c["probe"])))
        if c.get("doc"):
            notes.append(("info", t["doc"].format(n=c["doc"] + 1)))
        args = c.get("params") if kind == "pv" else c.get("args")
        if kind in ("route", "sdk", "ticket"):
            args = (c.get("args") or [None])[0]
        rows.append({"t": c.get("t"), "kind": kind, "kind_label": t.get(f"k_{kind}", kind), "what": what,
                     "args": _json(args) if not isinstance(args, str) else args[:200],
                     "answer": _json(c.get("answer")), "notes": notes, "bad": any(k == "bad" for k, _ in notes)})
    served = {"sdk": t["served_sdk"], "sso": t["served_sso"], "blocked": t["served_blocked"]}
    requests = [{"url": r["url"], "label": served.get(r.get("served"), r.get("served")), "location": r.get("location")}
                for r in b.get("requests", [])]
    return {"t": t, "rows": rows, "requests": requests, "platform": prof["name_zh"] if lang == "zh" else prof["name_en"],
            "status_label": t[prof["status"]], "status": prof["status"], "ua": b.get("user_agent"), "ticket": b.get("ticket"),
            "count": t["calls_n"].format(n=len(rows))}


register_section(Section("readiness", "section_readiness.html", "department", readiness_context, order=10))
register_section(Section("bridge", "section_bridge.html", "target", bridge_context, order=10))
