"""HTML reports: one page per department, an index of all departments, 附件2 sheets, rendered with Jinja2.

Reports open from disk with no server and load nothing from the network: styles and the one small script are
inline, the script is allowed by its hash in a Content-Security-Policy that forbids everything else, images are
files beside the report. Everything taken from a page (titles, text, URLs, selectors, console messages) is
escaped by Jinja2's autoescaping.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..paths import TEMPLATES_DIR
from ..personal_data import scrub
from ..results import RunDir, atomic_write
from . import annotate, attachment2, summary
from . import diff as diff_mod
from . import sections as sections_mod
from . import trend as trend_mod
from .strings import STRINGS



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
        env.filters["target_label"] = summary.target_label
        env.tests["all_inapplicable"] = lambda pages: bool(pages) and all(p["outcome"] == "inapplicable" for p in pages)
        _ENV = env
    return _ENV


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return (f"default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
            "form-action 'none'; base-uri 'none'; connect-src 'none'; frame-src 'none'")


def _page(template: str, script_name: str | tuple[str, ...] | None, **ctx) -> str:
    names = script_name if isinstance(script_name, tuple) else (script_name,) if script_name else ()
    script = "\n".join((TEMPLATES_DIR / n).read_text(encoding="utf-8") for n in names)
    return _env().get_template(template).render(csp=_csp(script), script=Markup(script), **ctx)


def _check_meta(checklist) -> dict[str, dict[str, Any]]:
    out = {}
    for c in checklist.checks:
        out[c.id] = {"title_zh": c.title_zh, "title_en": c.title_en, "category": c.category, "mode": c.mode,
                     "weight": c.weight, "veto": c.veto, "fix_zh": c.fix_zh, "fix_en": c.fix_en,
                     "sources": [{"doc": checklist.sources[s["doc"]]["title"], "clause": s["clause"],
                                  "kind": checklist.sources[s["doc"]].get("kind"),
                                  "unverified": bool(checklist.sources[s["doc"]].get("unverified"))}
                                 for s in c.sources],
                     "tool_params": sorted(k for k, p in c.params.items() if p.get("origin") == "tool")}
    return out


def must_fix(data: dict[str, Any], checklist) -> list[dict[str, Any]]:
    """Failed checks of a department, vetoes first, then by the points each fix wins back (see
    :func:`harness.report.summary.must_fix`)."""
    return summary.must_fix(data, checklist)


def _target_images(rd: RunDir, data: dict[str, Any], t: dict[str, Any], lang: str) -> dict[str, Any]:
    """Write the annotated overview and the close-ups of one page's evidence; return {"view" (image shown, path
    relative to ``departments/``), "full" (the screenshot as taken), "boxes", "crops" {marker: path}}.

    The overview is written only when there is something to mark; close-ups for the first
    :data:`annotate.CROPS_PER_CHECK` boxes of each check, at most :data:`annotate.CROPS_PER_TARGET` per page. Old
    close-ups of the page are removed first (re-rendering)."""
    out = {"view": None, "full": None, "boxes": [], "crops": {}}
    if not t.get("screenshot"):
        return out
    folder = data["department"]["folder"]
    out["view"] = out["full"] = "../" + t["screenshot"]
    stem = Path(t["screenshot"]).stem
    dest_dir = rd.asset_dir(folder)
    for old in rd.assets(folder, f"{stem}-ev*.jpg"):
        try:
            old.unlink()
        except OSError:
            pass
    try:
        # Numbered in the order the report lists the checks: vetoes, then the heaviest deductions first.
        boxes = annotate.boxes_for(summary.problem_order(t["checks"]), data["run"]["device"]["viewport"]["width"])
        meta = _shot_meta(rd, t)
        scale = float(meta.get("scale") or data["run"]["device"].get("device_scale_factor") or 2.0)
        edge = meta.get("layout_width")
        over_wide = bool(edge) and meta.get("css_width", 0) > edge + 1
        if not boxes and not over_wide:
            return out
        img = annotate._open(rd.read_asset(t["screenshot"]))
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


def render_department(out_dir: str | Path | RunDir, data: dict[str, Any] | None, checklist, lang: str = "zh") -> Path | None:
    """Write ``departments/<folder>.html`` for one department's results, with its annotated screenshots and
    close-ups (``assets/<folder>/``) and its 附件2 (``attachment2/<folder>/``).

    The report is shaped like the decision (issue 18): a table of contents; the verdict and why (for an
    ``incomplete`` one, 待复核, each veto not measured with its pages and reason), the score with how much of the
    checklist was measured, the 青松办 readiness line, the comparison with the previous run of the same registry
    and the before/after per check over the last few runs (:mod:`harness.report.trend`); the must-fix list, each
    row linking to its finding; the reviewer's list (where reviewer decisions go); the findings grouped by check
    across pages (one row per check with a problem, listing the pages, linking to each page's evidence); the score
    by category, the pages, the registered report sections, then every page folded (``<details>``, no script):
    its screenshot and its problems (clause, measured value against threshold, evidence boxed and numbered,
    close-ups, how to fix), with passed, inapplicable, not-for-this-kind and manual checks each folded again into
    one line with a count. Returns the report path, or None when ``data`` is None.

    Reads the run directory through :class:`harness.results.RunDir` only (run.json, saved artifacts,
    screenshots, the previous run's results). A broken screenshot or an unreadable previous run leaves out the
    pictures or the comparison instead of raising; OSError is raised when a report file cannot be written.
    """
    if data is None:
        return None
    data = scrub(data)  # what the report and 附件2 show is masked like the results (URL secrets, personal data)
    rd = RunDir(out_dir)
    out_dir = rd.dir
    folder = data["department"]["folder"]
    s = STRINGS[lang]
    meta = _check_meta(checklist)
    views = []
    for i, t in enumerate(data["targets"]):
        img = _target_images(rd, data, t, lang)
        shown, folded = summary.folds(t, checklist)
        views.append({"t": t, "n": i + 1, **img, "checks": summary.problem_order(t["checks"]), "shown": shown, "folded": folded,
                      "problems": sum(1 for c in t["checks"] if c["outcome"] in summary.PROBLEM_OUTCOMES),
                      "sections": sections_mod.render_list("target", data, t, checklist, lang, out_dir)})
    prev = None
    prev_dir = rd.previous(folder, run=rd.run_record() or data["run"])
    if prev_dir is not None:
        try:
            old = prev_dir.read_results(folder)
            prev = {"href": f"../../{prev_dir.name}/departments/{folder}.html", "run": old["run"]["id"],
                    "started": old["run"].get("started"), "diff": diff_mod.diff_department(old, data)}
        except Exception:
            prev = None
    a2 = None
    if data["department"].get("systems"):
        a2 = attachment2.write(rd, data, lambda systems, f: _attachment2_html(data, systems, checklist, lang), lang)
    mf = must_fix(data, checklist)
    try:
        trend = trend_mod.department_trend(rd, data, checklist.scoring["pass_mark"])
    except Exception:  # an unreadable earlier run leaves out the before/after table, never the report
        trend = None
    html = _page("department.html", ("report.js", "decisions.js"), s=s, lang=lang, d=data, views=views, meta=meta, checklist=checklist,
                 categories=summary.category_scores(data, checklist), must_fix=mf,
                 findings=summary.findings(data, checklist, mf), trend=trend,
                 reason=summary.verdict_reason(data, checklist, lang), readiness=summary.readiness(data, checklist),
                 unmeasured_vetoes=summary.unmeasured_vetoes(data, checklist) if data["summary"]["verdict"] == "incomplete" else [],
                 pass_mark=checklist.scoring["pass_mark"], start=checklist.scoring["start"], prev=prev, a2=a2,
                 dep_sections=sections_mod.render_list("department", data, None, checklist, lang, out_dir),
                 review=summary.review_items(data, checklist))
    dest = rd.department_report_path(folder)
    atomic_write(dest, html)
    return dest


def _attachment2_html(data: dict[str, Any], systems: list[dict[str, Any]], checklist, lang: str) -> str:
    return _page("attachment2.html", None, s=STRINGS[lang], lang=lang, d=data, systems=systems)


def _shot_meta(out_dir: str | Path | RunDir, t: dict[str, Any]) -> dict[str, Any]:
    """The screenshot artifact of a target (scale in device px per CSS px, layout width in CSS px), from its
    saved artifacts; {} when unavailable."""
    try:
        art = RunDir(out_dir).artifacts(t)
        return art.get("screenshot") or {}
    except Exception:
        return {}


def index_rows(out_dir: str | Path | RunDir, results: list[dict[str, Any] | None], checklist, registry=None) -> list[dict[str, Any]]:
    """One row per department for the index: every department of ``registry`` in registry order (those without
    results are ``not-audited`` when they register no system, ``not-run`` otherwise), then departments found only
    in ``results``. Each row: {"d" (department record), "summary", "href" (or None), "readiness", "a2" (附件2 page
    or None), "prev_score", "delta", "order"}. ``prev_score`` is None when the previous run's results file of
    the department is missing or unreadable."""
    from ..results import department_record
    from ..scoring import counts

    rd = RunDir(out_dir)
    by_folder = {r["department"]["folder"]: r for r in results if r}
    prev_dir = rd.previous(run=rd.run_record() or next((r["run"] for r in results if r), None))
    rows = []

    def row(d: dict[str, Any], r: dict[str, Any] | None, n_targets: int) -> dict[str, Any]:
        folder = d["folder"]
        if r is None:
            verdict = "not-run" if n_targets else "not-audited"
            sm = {"score": None, "verdict": verdict, "targets": n_targets, "counts": counts([]), "vetoes": [], "incomplete": False}
            href = None
        else:
            sm = r["summary"]
            href = f"departments/{folder}.html" if rd.has_department_report(folder) else None
        prev_score = delta = None
        if prev_dir is not None and r is not None and r["targets"]:
            try:
                old = prev_dir.read_results(folder)
                prev_score = old["summary"].get("score")
                if prev_score is not None and sm.get("score") is not None:
                    delta = round(sm["score"] - prev_score, 2)
            except (OSError, ValueError, KeyError):
                pass
        a2 = f"attachment2/{folder}/index.html" if rd.has_attachment2(folder) else None
        from ..coverage import totals

        cov = totals(r["coverage"]) if r is not None and r.get("coverage") else None
        return {"d": d, "summary": sm, "href": href, "a2": a2, "prev_score": prev_score, "delta": delta, "coverage": cov,
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


def render_index(out_dir: str | Path | RunDir, results: list[dict[str, Any] | None], checklist, registry=None, lang: str = "zh",
                 mixed: list[str] | None = None) -> Path:
    """Write ``index.html``: every department of the run, and of the registry when given (so that departments
    without a registered system are listed as such, not hidden), with kind, region, score, verdict, 青松办
    readiness, counts and the change since the previous run; sortable by any column and filterable by text,
    verdict, kind, region and readiness in the browser (one inline script, no server, nothing loaded). Returns
    the path of ``index.html``; raises OSError when it cannot be written. ``mixed``: the provenance fields in
    which the results differ (:func:`harness.results.mixed`), said at the top of the index."""
    rd = RunDir(out_dir)
    results = [scrub(r) if r else r for r in results]
    rows = index_rows(rd, results, checklist, registry)
    run = next((r["run"] for r in results if r), None) or rd.run_record()
    prev_dir = rd.previous(run=rd.run_record() or run)
    regions = sorted({r["d"].get("region") or r["d"].get("parent") or "" for r in rows} - {""})
    try:
        trends = trend_mod.index_trends(rd, results, checklist.scoring["pass_mark"], run=rd.run_record() or run)
    except Exception:  # unreadable earlier runs leave out the sparklines, never the index
        trends = {}
    html = _page("index.html", "report.js", s=STRINGS[lang], lang=lang, rows=rows, run=run, regions=regions, trends=trends,
                 checklist=checklist, generated=_now(), mixed=mixed or [],
                 prev={"href": f"../{prev_dir.name}/index.html", "id": prev_dir.name} if prev_dir else None)
    dest = rd.index_path
    atomic_write(dest, html)
    return dest


def registry_of_run(out_dir: str | Path | RunDir, notice=None):
    """The registry a run directory was made from (its run.json names it), or None when it cannot be loaded.
    The embedded demo's registry is loaded with placeholder URLs (only its departments matter here). A run folder
    is data: only a registry named by an absolute path is read (never a relative one, which would depend on
    where the command runs), and ``notice(text)`` is told which file was read."""
    from .. import registry as registry_mod

    rd = RunDir(out_dir)
    rec = rd.run_record() or {}
    path = (rec.get("registry") or {}).get("path")
    try:
        if path == "(embedded demo)":
            from .. import demo

            return demo.load_registry()
        if isinstance(path, str) and Path(path).is_absolute() and Path(path).is_file():
            if notice:
                notice(f"registry {path} (named by {rd.run_json_path}; --registry to choose another)")
            return registry_mod.load(path)
    except Exception:
        return None
    return None


def render_run(out_dir: str | Path | RunDir, checklist, registry=None, lang: str = "zh", departments: bool = True,
               allow_mixed: bool = False, notice=None) -> Path:
    """Render a whole run directory from its saved results: every department's report (unless ``departments``
    is False) and the index. ``registry`` defaults to the one named in run.json (see :func:`registry_of_run`;
    ``notice(text)`` is told). Returns the index path.

    Raises:
        HarnessError: no ``results/*.json`` in ``out_dir``; results made with different registries, checklists,
            parameters or devices (:func:`harness.results.mixed`) unless ``allow_mixed`` (then the index says so).
        SpecError: a ``results/<folder>.json`` is not schema-valid JSON, or names a folder that is not a plain
            name (the message names the file).
    """
    from ..errors import HarnessError
    from ..results import mixed as mixed_fields

    rd = RunDir(out_dir)
    results = rd.all() if rd.is_run_dir() else []
    if not results:
        raise HarnessError(f"{rd.dir}: no results/*.json (not a run directory)")
    differ = mixed_fields([r["run"] for r in results])
    if differ and not allow_mixed:
        raise HarnessError(f"{rd.dir}: its results were made under different {', '.join(differ)} (an --out reused with "
                           "other options?): re-run them, `harness recheck` them with one checklist, or --allow-mixed")
    if differ and notice:
        notice(f"results made under different {', '.join(differ)} rendered together (--allow-mixed); the index says so")
    if departments:
        for r in results:
            render_department(rd, r, checklist, lang=lang)
    return render_index(rd, results, checklist, registry if registry is not None else registry_of_run(rd, notice), lang=lang,
                        mixed=differ)


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
