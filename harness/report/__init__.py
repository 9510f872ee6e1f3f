"""HTML reports: one page per department and an index of all departments, rendered with Jinja2.

Reports open from disk with no server and load nothing from the network: styles and the one small script are
inline, the script is allowed by its hash in a Content-Security-Policy that forbids everything else, images are
files beside the report. Everything taken from a page (titles, text, URLs, selectors, console messages) is
escaped by Jinja2's autoescaping.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..paths import TEMPLATES_DIR
from ..results import atomic_write
from . import annotate
from . import sections as sections_mod

STRINGS = {
    "zh": {
        "report_title": "政务服务移动端合规检查报告", "index_title": "政务服务移动端合规检查 · 总览",
        "verdict": {"pass": "合格", "fail-score": "不合格（得分低于及格线）", "fail-veto": "不合格（单项否决）",
                    "error": "无法检测", "not-audited": "未登记自建系统"},
        "outcome": {"passed": "通过", "failed": "不通过", "cantTell": "待人工确认", "inapplicable": "不适用",
                    "untested": "人工检查项", "error": "无法检测"},
        "kind": {"prefecture": "市、州", "county": "县、区", "park": "园区", "provincial": "省级部门", "demo": "演示", "other": "其他"},
        "score": "得分", "department": "部门/地区", "kind_h": "类别", "region": "所属市州", "targets": "页面数",
        "checks": "检查项", "value": "测量值", "threshold": "要求", "evidence": "证据", "source": "依据", "fix": "整改建议",
        "run": "检查批次", "checklist": "检查清单", "device": "模拟设备", "date": "检查时间", "must_fix": "必须整改",
        "must_fix_note": "按整改后可挽回的分数排序；单项否决项必须首先整改。", "veto": "单项否决", "points": "分",
        "page": "页面", "url": "地址", "screenshot": "页面截图（已标注问题位置）", "filter": "筛选名称…",
        "all": "全部", "no_targets": "该部门尚未登记自建 App、小程序或 H5 系统，本次未检测。", "open": "查看报告",
        "counts": "结果统计", "manual_list": "人工检查清单", "params": "参数", "errors": "检测过程中的问题",
        "back": "返回总览", "category": "类别", "id": "编号", "title": "检查项", "outcome_h": "结果", "message": "说明",
        "incomplete": "部分检查项未能完成检测，结论仅供参考。", "departments": "部门/地区", "audited": "已检测",
        "address": "网上办事地址（附件1）", "generated": "生成时间", "legend": "图例", "timings": "耗时",
        "fails": "不通过", "vetoes": "单项否决", "screen_edge": "屏幕边缘", "veto_item": "否决项", "warning": "警告",
    },
    "en": {
        "report_title": "Government mobile service conformance report", "index_title": "Government mobile service conformance · Index",
        "verdict": {"pass": "Pass", "fail-score": "Fail (score below pass mark)", "fail-veto": "Fail (veto)",
                    "error": "Could not be measured", "not-audited": "No system registered"},
        "outcome": {"passed": "Passed", "failed": "Failed", "cantTell": "Can't tell", "inapplicable": "Inapplicable",
                    "untested": "Manual", "error": "Error"},
        "kind": {"prefecture": "Prefecture", "county": "County/district", "park": "Park", "provincial": "Provincial dept.", "demo": "Demo", "other": "Other"},
        "score": "Score", "department": "Department / region", "kind_h": "Kind", "region": "Region", "targets": "Pages",
        "checks": "Checks", "value": "Measured", "threshold": "Required", "evidence": "Evidence", "source": "Source", "fix": "How to fix",
        "run": "Run", "checklist": "Checklist", "device": "Device", "date": "Date", "must_fix": "Must fix",
        "must_fix_note": "Ordered by the points each fix wins back; vetoes first.", "veto": "veto", "points": "pts",
        "page": "Page", "url": "URL", "screenshot": "Screenshot (problems marked)", "filter": "Filter by name…",
        "all": "All", "no_targets": "No self-built app, mini-program or H5 system is registered for this department: nothing was audited.", "open": "Open report",
        "counts": "Outcomes", "manual_list": "Manual checklist", "params": "Parameters", "errors": "Problems while measuring",
        "back": "Back to index", "category": "Category", "id": "ID", "title": "Check", "outcome_h": "Outcome", "message": "Details",
        "incomplete": "Some checks could not be measured; the verdict is provisional.", "departments": "Departments", "audited": "Audited",
        "address": "网上办事 address (附件1)", "generated": "Generated", "legend": "Legend", "timings": "Timings",
        "fails": "Failed", "vetoes": "Vetoes", "screen_edge": "screen edge", "veto_item": "veto item", "warning": "warning",
    },
}


def _fmt(value: Any) -> str:
    """Render a measured value or threshold compactly for a table cell."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_fmt(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_fmt(v) for v in value)
    return str(value)


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["fmt"] = _fmt
    return env


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return (f"default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
            "form-action 'none'; base-uri 'none'; connect-src 'none'; frame-src 'none'")


def _page(template: str, script_name: str | None, **ctx) -> str:
    env = _env()
    script = (TEMPLATES_DIR / script_name).read_text(encoding="utf-8") if script_name else ""
    return env.get_template(template).render(csp=_csp(script), script=Markup(script), **ctx)


def _check_meta(checklist) -> dict[str, dict[str, Any]]:
    out = {}
    for c in checklist.checks:
        out[c.id] = {"title_zh": c.title_zh, "title_en": c.title_en, "category": c.category, "mode": c.mode,
                     "weight": c.weight, "veto": c.veto, "fix_zh": c.fix_zh, "fix_en": c.fix_en,
                     "sources": [{"doc": checklist.sources[s["doc"]]["title"], "clause": s["clause"],
                                  "kind": checklist.sources[s["doc"]].get("kind")} for s in c.sources]}
    return out


def must_fix(data: dict[str, Any], checklist) -> list[dict[str, Any]]:
    """Failed checks of a department, each with the targets failing it and the points a fix wins back
    (sum of deductions over targets); vetoes first, then by points, then by check id."""
    by_id: dict[str, dict[str, Any]] = {}
    for t in data["targets"]:
        for c in t["checks"]:
            if c["outcome"] != "failed":
                continue
            m = by_id.setdefault(c["id"], {"id": c["id"], "veto": c["veto"], "points": 0.0, "targets": []})
            m["points"] += c["deducted"]
            m["targets"].append(t["id"])
    n = max(1, len([t for t in data["targets"] if t.get("score") is not None]))
    for m in by_id.values():
        m["points_department"] = round(m["points"] / n, 2)  # effect on the department's mean score
    return sorted(by_id.values(), key=lambda m: (not m["veto"], -m["points"], m["id"]))


def render_department(out_dir: str | Path, data: dict[str, Any] | None, checklist, lang: str = "zh") -> Path | None:
    """Write ``departments/<folder>.html`` for one department's results (and its annotated screenshots).

    Returns the report path, or None when ``data`` is None.
    """
    if data is None:
        return None
    out_dir = Path(out_dir)
    folder = data["department"]["folder"]
    dev_w = data["run"]["device"]["viewport"]["width"]
    meta = _check_meta(checklist)
    views = []
    for t in data["targets"]:
        view = {"t": t, "annotated": None, "boxes": [],
                "sections": sections_mod.render_list("target", data, t, checklist, lang, out_dir)}
        if t.get("screenshot"):
            shot = out_dir / t["screenshot"]
            try:
                jpeg = shot.read_bytes()
                boxes = annotate.boxes_for(t["checks"], dev_w)
                shot_meta = _shot_meta(out_dir, t)
                ann = annotate.annotate(jpeg, boxes, float(shot_meta.get("scale") or 2.0), edge=shot_meta.get("layout_width"),
                                        edge_label=STRINGS[lang]["screen_edge"])
                name = Path(t["screenshot"]).stem + "-annotated.jpg"
                dest = out_dir / "assets" / folder / name
                atomic_write(dest, ann)
                view["annotated"] = f"../assets/{folder}/{name}"
                view["boxes"] = boxes
            except (OSError, ValueError):
                view["annotated"] = "../" + t["screenshot"]
        views.append(view)
    html = _page("department.html", "report.js", s=STRINGS[lang], lang=lang, d=data, views=views, meta=meta,
                 categories=checklist.categories, must_fix=must_fix(data, checklist),
                 dep_sections=sections_mod.render_list("department", data, None, checklist, lang, out_dir),
                 manual=[c for c in checklist.checks if c.mode in ("manual", "semi")])
    dest = out_dir / "departments" / f"{folder}.html"
    atomic_write(dest, html)
    return dest


def _shot_meta(out_dir: Path, t: dict[str, Any]) -> dict[str, Any]:
    """The screenshot artifact of a target (scale in device px per CSS px, layout width in CSS px), from its
    saved artifacts; {} when unavailable."""
    try:
        art = json.loads((out_dir / t["artifacts"]).read_text(encoding="utf-8"))
        return art.get("screenshot") or {}
    except Exception:
        return {}


def render_index(out_dir: str | Path, results: list[dict[str, Any] | None], checklist, registry=None, lang: str = "zh") -> Path:
    """Write ``index.html``: every department of the run (and of the registry, when given, so that
    departments without a registered system are listed as such), sortable and filterable."""
    out_dir = Path(out_dir)
    rows = []
    seen = set()
    for r in results:
        if r is None:
            continue
        d = r["department"]
        seen.add(d["folder"])
        rows.append({"d": d, "summary": r["summary"], "href": f"departments/{d['folder']}.html",
                     "targets": len(r["targets"])})
    run = next((r["run"] for r in results if r), None)
    html = _page("index.html", "report.js", s=STRINGS[lang], lang=lang, rows=rows, run=run,
                 checklist=checklist, generated=_now())
    dest = out_dir / "index.html"
    atomic_write(dest, html)
    return dest


def _now() -> str:
    import time

    return time.strftime("%Y-%m-%d %H:%M:%S %z")


def _import_sections() -> None:
    """Import every ``section_*`` module of this package so that its report section registers itself."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("section_"):
            importlib.import_module(f"{__name__}.{info.name}")


_import_sections()
