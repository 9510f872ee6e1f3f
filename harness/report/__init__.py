"""HTML reports: one page per department, an index of all departments, 附件2 sheets, rendered with Jinja2.

Reports open from disk with no server and load nothing from the network: styles and the one small script are
inline, the script is allowed by its hash in a Content-Security-Policy that forbids everything else, images are
files beside the report. Everything taken from a page (titles, text, URLs, selectors, console messages) is
escaped by Jinja2's autoescaping.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..paths import TEMPLATES_DIR
from ..results import atomic_write
from . import annotate, attachment2, summary
from . import diff as diff_mod
from . import sections as sections_mod
from . import strings as strings_mod

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
        "run": "检查批次", "checklist": "检查清单", "device": "模拟设备", "browser": "浏览器", "date": "检查时间", "must_fix": "必须整改",
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
        "run": "Run", "checklist": "Checklist", "device": "Device", "browser": "Browser", "date": "Date", "must_fix": "Must fix",
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


strings_mod.merge(STRINGS)


def _fmt(value: Any) -> str:
    """Render a measured value or threshold compactly for a table cell."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_fmt(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_fmt(v) for v in value)
    return str(value)


_ENV: Environment | None = None


def _env() -> Environment:
    """The Jinja2 environment (autoescaping on for .html templates), built once per process."""
    global _ENV
    if _ENV is None:
        env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=select_autoescape(["html"]),
                          trim_blocks=True, lstrip_blocks=True)
        env.filters["fmt"] = _fmt
        _ENV = env
    return _ENV


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return (f"default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
            "form-action 'none'; base-uri 'none'; connect-src 'none'; frame-src 'none'")


def _page(template: str, script_name: str | None, **ctx) -> str:
    script = (TEMPLATES_DIR / script_name).read_text(encoding="utf-8") if script_name else ""
    return _env().get_template(template).render(csp=_csp(script), script=Markup(script), **ctx)


def _check_meta(checklist) -> dict[str, dict[str, Any]]:
    out = {}
    for c in checklist.checks:
        out[c.id] = {"title_zh": c.title_zh, "title_en": c.title_en, "category": c.category, "mode": c.mode,
                     "weight": c.weight, "veto": c.veto, "fix_zh": c.fix_zh, "fix_en": c.fix_en,
                     "sources": [{"doc": checklist.sources[s["doc"]]["title"], "clause": s["clause"],
                                  "kind": checklist.sources[s["doc"]].get("kind")} for s in c.sources]}
    return out


def must_fix(data: dict[str, Any], checklist) -> list[dict[str, Any]]:
    """Failed checks of a department, vetoes first, then by the points each fix wins back (see
    :func:`harness.report.summary.must_fix`)."""
    return summary.must_fix(data, checklist)


def _target_images(out_dir: Path, data: dict[str, Any], t: dict[str, Any], lang: str) -> dict[str, Any]:
    """Write the annotated overview and the close-ups of one page's evidence; return {"view" (image shown, path
    relative to ``departments/``), "full" (the screenshot as taken), "boxes", "crops" {marker: path}}.

    The overview is written only when there is something to mark; close-ups for the first
    :data:`annotate.CROPS_PER_CHECK` boxes of each check, at most :data:`annotate.CROPS_PER_TARGET` per page. Old
    close-ups of the page are removed first (re-rendering)."""
    out = {"view": None, "full": None, "boxes": [], "crops": {}}
    if not t.get("screenshot"):
        return out
    folder = data["department"]["folder"]
    shot = out_dir / t["screenshot"]
    out["view"] = out["full"] = "../" + t["screenshot"]
    stem = Path(t["screenshot"]).stem
    dest_dir = out_dir / "assets" / folder
    for old in dest_dir.glob(f"{stem}-ev*.jpg"):
        try:
            old.unlink()
        except OSError:
            pass
    try:
        # Numbered in the order the report lists the checks: vetoes, then the heaviest deductions first.
        boxes = annotate.boxes_for(summary.problem_order(t["checks"]), data["run"]["device"]["viewport"]["width"])
        meta = _shot_meta(out_dir, t)
        scale = float(meta.get("scale") or data["run"]["device"].get("device_scale_factor") or 2.0)
        edge = meta.get("layout_width")
        over_wide = bool(edge) and meta.get("css_width", 0) > edge + 1
        if not boxes and not over_wide:
            return out
        img = annotate._open(shot.read_bytes())
        ann = annotate.annotate(img, boxes, scale, edge=edge if over_wide else None, edge_label=STRINGS[lang]["screen_edge"])
        name = f"{stem}-annotated.jpg"
        annotate.save(dest_dir / name, ann)
        out["view"] = f"../assets/{folder}/{name}"
        out["boxes"] = boxes
        per_check: dict[str, int] = {}
        for b in boxes:
            if len(out["crops"]) >= annotate.CROPS_PER_TARGET or per_check.get(b["check"], 0) >= annotate.CROPS_PER_CHECK:
                continue
            per_check[b["check"]] = per_check.get(b["check"], 0) + 1
            try:
                data_ = annotate.crop(img, b["box"], scale, number=b["n"], outcome=b["outcome"])
            except ValueError:
                continue
            cname = f"{stem}-ev{b['n']}.jpg"
            annotate.save(dest_dir / cname, data_)
            out["crops"][b["n"]] = f"../assets/{folder}/{cname}"
    except (OSError, ValueError) as e:  # a broken screenshot never stops the report
        out["error"] = f"{type(e).__name__}: {e}"
    return out


def render_department(out_dir: str | Path, data: dict[str, Any] | None, checklist, lang: str = "zh") -> Path | None:
    """Write ``departments/<folder>.html`` for one department's results, with its annotated screenshots and
    close-ups (``assets/<folder>/``) and its 附件2 (``attachment2/<folder>/``).

    The report shows: the verdict and why, the score by category, the 青松办 readiness line, the comparison with
    the previous run of the same registry (when there is one), the must-fix list, the registered report sections,
    every page with every check (problems first: clause, measured value against threshold, evidence boxed and
    numbered, close-ups, how to fix), and the reviewer's checklist. Returns the report path, or None when
    ``data`` is None.
    """
    if data is None:
        return None
    out_dir = Path(out_dir)
    folder = data["department"]["folder"]
    s = STRINGS[lang]
    meta = _check_meta(checklist)
    views = []
    for i, t in enumerate(data["targets"]):
        img = _target_images(out_dir, data, t, lang)
        views.append({"t": t, "n": i + 1, **img, "checks": summary.problem_order(t["checks"]),
                      "problems": sum(1 for c in t["checks"] if c["outcome"] in summary.PROBLEM_OUTCOMES),
                      "sections": sections_mod.render_list("target", data, t, checklist, lang, out_dir)})
    prev = None
    prev_dir = diff_mod.previous_run(out_dir, folder, run=_run_record(out_dir) or data["run"])
    if prev_dir is not None:
        try:
            old = json.loads((prev_dir / "results" / f"{folder}.json").read_text(encoding="utf-8"))
            prev = {"href": f"../../{prev_dir.name}/departments/{folder}.html", "run": old["run"]["id"],
                    "started": old["run"].get("started"), "diff": diff_mod.diff_department(old, data)}
        except Exception:
            prev = None
    a2 = None
    if data["department"].get("systems"):
        a2 = attachment2.write(out_dir, data, lambda systems, f: _attachment2_html(data, systems, checklist, lang), lang)
    html = _page("department.html", "report.js", s=s, lang=lang, d=data, views=views, meta=meta,
                 categories=summary.category_scores(data, checklist), must_fix=must_fix(data, checklist),
                 reason=summary.verdict_reason(data, checklist, lang), readiness=summary.readiness(data, checklist),
                 pass_mark=checklist.scoring["pass_mark"], start=checklist.scoring["start"], prev=prev, a2=a2,
                 dep_sections=sections_mod.render_list("department", data, None, checklist, lang, out_dir),
                 review=summary.review_items(data, checklist))
    dest = out_dir / "departments" / f"{folder}.html"
    atomic_write(dest, html)
    return dest


def _attachment2_html(data: dict[str, Any], systems: list[dict[str, Any]], checklist, lang: str) -> str:
    return _page("attachment2.html", None, s=STRINGS[lang], lang=lang, d=data, systems=systems)


def _shot_meta(out_dir: Path, t: dict[str, Any]) -> dict[str, Any]:
    """The screenshot artifact of a target (scale in device px per CSS px, layout width in CSS px), from its
    saved artifacts; {} when unavailable."""
    try:
        art = json.loads((out_dir / t["artifacts"]).read_text(encoding="utf-8"))
        return art.get("screenshot") or {}
    except Exception:
        return {}


def _run_record(out_dir: Path) -> dict[str, Any] | None:
    try:
        return json.loads((Path(out_dir) / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def index_rows(out_dir: str | Path, results: list[dict[str, Any] | None], checklist, registry=None) -> list[dict[str, Any]]:
    """One row per department for the index: every department of ``registry`` in registry order (those without
    results are ``not-audited`` when they register no system, ``not-run`` otherwise), then departments found only
    in ``results``. Each row: {"d" (department record), "summary", "href" (or None), "readiness", "a2" (附件2 page
    or None), "prev_score", "delta", "order"}."""
    from ..results import department_record
    from ..scoring import counts

    out_dir = Path(out_dir)
    by_folder = {r["department"]["folder"]: r for r in results if r}
    prev_dir = diff_mod.previous_run(out_dir, run=_run_record(out_dir) or next((r["run"] for r in results if r), None))
    rows = []

    def row(d: dict[str, Any], r: dict[str, Any] | None, n_targets: int) -> dict[str, Any]:
        folder = d["folder"]
        if r is None:
            verdict = "not-run" if n_targets else "not-audited"
            sm = {"score": None, "verdict": verdict, "targets": n_targets, "counts": counts([]), "vetoes": [], "incomplete": False}
            href = None
        else:
            sm = r["summary"]
            href = f"departments/{folder}.html" if (out_dir / "departments" / f"{folder}.html").exists() else None
        prev_score = delta = None
        if prev_dir is not None and r is not None and r["targets"]:
            try:
                old = json.loads((prev_dir / "results" / f"{folder}.json").read_text(encoding="utf-8"))
                prev_score = old["summary"].get("score")
                if prev_score is not None and sm.get("score") is not None:
                    delta = round(sm["score"] - prev_score, 2)
            except (OSError, ValueError, KeyError):
                pass
        a2 = f"attachment2/{folder}/index.html" if (out_dir / "attachment2" / folder / "index.html").exists() else None
        return {"d": d, "summary": sm, "href": href, "a2": a2, "prev_score": prev_score, "delta": delta,
                "readiness": summary.readiness(r, checklist)["state"] if r else "not-audited", "order": len(rows) + 1}

    if registry is not None:
        for dep in registry.departments:
            r = by_folder.pop(dep.folder, None)
            rows.append(row(r["department"] if r else department_record(dep), r, len(dep.targets())))
    for r in results:
        if r and r["department"]["folder"] in by_folder:
            by_folder.pop(r["department"]["folder"])
            rows.append(row(r["department"], r, r["summary"].get("targets", len(r["targets"]))))
    return rows


def render_index(out_dir: str | Path, results: list[dict[str, Any] | None], checklist, registry=None, lang: str = "zh") -> Path:
    """Write ``index.html``: every department of the run, and of the registry when given (so that departments
    without a registered system are listed as such, not hidden), with kind, region, score, verdict, 青松办
    readiness, counts and the change since the previous run; sortable by any column and filterable by text,
    verdict, kind, region and readiness in the browser (one inline script, no server, nothing loaded)."""
    out_dir = Path(out_dir)
    rows = index_rows(out_dir, results, checklist, registry)
    run = next((r["run"] for r in results if r), None) or _run_record(out_dir)
    prev_dir = diff_mod.previous_run(out_dir, run=_run_record(out_dir) or run)
    regions = sorted({r["d"].get("region") or r["d"].get("parent") or "" for r in rows} - {""})
    html = _page("index.html", "report.js", s=STRINGS[lang], lang=lang, rows=rows, run=run, regions=regions,
                 checklist=checklist, generated=_now(),
                 prev={"href": f"../{prev_dir.name}/index.html", "id": prev_dir.name} if prev_dir else None)
    dest = out_dir / "index.html"
    atomic_write(dest, html)
    return dest


def registry_of_run(out_dir: str | Path):
    """The registry a run directory was made from (its run.json names it), or None when it cannot be loaded.
    The embedded demo's registry is loaded with placeholder URLs (only its departments matter here)."""
    from .. import registry as registry_mod

    rec = _run_record(Path(out_dir)) or {}
    path = (rec.get("registry") or {}).get("path")
    try:
        if path == "(embedded demo)":
            from .. import demo

            text = demo.REGISTRY_FILE.read_text(encoding="utf-8")
            return registry_mod.load(demo.REGISTRY_FILE, text=text.replace("{https}", "https://127.0.0.1:1").replace("{http}", "http://127.0.0.1:1"))
        if path and Path(path).is_file():
            return registry_mod.load(path)
    except Exception:
        return None
    return None


def render_run(out_dir: str | Path, checklist, registry=None, lang: str = "zh", departments: bool = True) -> Path:
    """Render a whole run directory from its saved results: every department's report (unless ``departments``
    is False) and the index. ``registry`` defaults to the one named in run.json. Returns the index path.

    Raises:
        HarnessError: no ``results/*.json`` in ``out_dir``.
    """
    from ..errors import HarnessError
    from ..results import ResultsStore

    out_dir = Path(out_dir)
    results = ResultsStore(out_dir).all() if (out_dir / "results").is_dir() else []
    if not results:
        raise HarnessError(f"{out_dir}: no results/*.json (not a run directory)")
    if departments:
        for r in results:
            render_department(out_dir, r, checklist, lang=lang)
    return render_index(out_dir, results, checklist, registry if registry is not None else registry_of_run(out_dir), lang=lang)


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
