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
from pathlib import Path
from typing import Any

from .sections import Section, register_section

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

TEXT = {
    "zh": {
        "readiness": "{name}对接就绪情况", "readiness_any": "宿主平台对接就绪情况", "system": "系统", "platform": "宿主平台",
        "summary": "小结", "present": "有", "missing": "缺", "confirm": "待确认", "na": "不适用", "error": "无法检测",
        "of_pages": "{n}/{m} 页", "hooks_ok": "{ok} 项已具备", "hooks_missing": "缺：{names}", "hooks_confirm": "待确认：{names}",
        "assumed": "假设配置", "published": "公开接口", "partial": "部分已知",
        "legend": "✓ 有：各页面均通过；✗ 缺：至少一页不通过；? 待确认：需人工确认；— 不适用：该平台配置未定义或页面无相关内容。",
        "timeline": "宿主桥接调用记录", "t": "时间（ms，自页面开始加载）", "what": "调用", "args": "参数", "answer": "宿主应答", "note": "说明",
        "before_ready": "就绪前调用", "before_sdk": "SDK 加载前调用", "on_click": "点击“{x}”时", "doc": "第 {n} 个文档",
        "k_call": "调用", "k_ready": "桥接就绪", "k_sdk": "加载 SDK", "k_pv": "页面访问 PV", "k_route": "路由",
        "k_ticket": "票据发往服务端", "requests": "由检测工具代答的平台请求", "served_sdk": "SDK 脚本（本地应答）",
        "served_sso": "单点登录跳转（本地签发票据）", "served_blocked": "平台地址（已拦截，404）", "ua": "宿主 User-Agent",
        "ticket": "本次签发的票据", "no_calls": "页面未调用宿主桥接、统计或单点登录。", "calls_n": "共 {n} 条记录",
        "note_assumed": "{name}的 SDK 未公开：本表依据假设的平台配置（{path}，仿照浙里办公开接口）检测，省级规范公布后只需更正该配置文件。",
        "note_partial": "{name}仅部分接口公开（{path}）：未公开的接口对应的检查项不适用。",
    },
    "en": {
        "readiness": "{name} readiness", "readiness_any": "Host platform readiness", "system": "System", "platform": "Host platform",
        "summary": "Summary", "present": "present", "missing": "missing", "confirm": "to confirm", "na": "n/a", "error": "error",
        "of_pages": "{n}/{m} pages", "hooks_ok": "{ok} hook(s) present", "hooks_missing": "missing: {names}", "hooks_confirm": "to confirm: {names}",
        "assumed": "assumed profile", "published": "published interface", "partial": "partly known",
        "legend": "✓ present: every page passes; ✗ missing: a page fails; ? to confirm: a person decides; — n/a: the profile does not define it or the page has nothing of the kind.",
        "timeline": "Host bridge call log", "t": "Time (ms since navigation start)", "what": "Call", "args": "Arguments", "answer": "Host's answer", "note": "Notes",
        "before_ready": "before ready", "before_sdk": "before the SDK", "on_click": "on click of “{x}”", "doc": "document {n}",
        "k_call": "call", "k_ready": "bridge ready", "k_sdk": "SDK loaded", "k_pv": "page view", "k_route": "route",
        "k_ticket": "ticket sent to the server", "requests": "Platform requests answered by the harness", "served_sdk": "SDK script (answered locally)",
        "served_sso": "SSO redirect (ticket issued locally)", "served_blocked": "platform address (blocked, 404)", "ua": "Host user agent",
        "ticket": "Ticket issued for this load", "no_calls": "The page made no call to the host's bridge, analytics or single sign-on.",
        "note_assumed": "{name}'s SDK is not public: this table checks against an assumed profile ({path}, modelled on 浙里办's published interface); when the province publishes its specification only that file changes.",
        "note_partial": "{name} publishes only part of its interface ({path}): the checks needing the rest are not applicable.",
        "calls_n": "{n} record(s)",
    },
}


def _artifacts(out_dir: Any, target: dict[str, Any]) -> dict[str, Any] | None:
    rel = target.get("artifacts")
    if not rel:
        return None
    try:
        return json.loads((Path(out_dir) / rel).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


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
    t = TEXT[lang]
    systems: dict[str, dict[str, Any]] = {}
    for tr in data["targets"]:
        art = _artifacts(out_dir, tr) or {}
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
    art = _artifacts(out_dir, target or {}) or {}
    b = art.get("bridge") or {}
    prof = b.get("profile")
    if not prof:
        return None
    t = TEXT[lang]
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
