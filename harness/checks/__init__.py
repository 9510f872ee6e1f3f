"""Checks: one folder per check, pure functions over artifacts.

Each check lives in ``harness/checks/<id>/`` (``EL-05`` → ``el_05/``) and holds everything that is its own:

* ``check.json`` — its definition (schema ``specs/schemas/check.schema.json``): id, titles (zh, en), the clauses
  of the sources it implements, mode (automatic, semi, manual), the artifacts it ``requires``, its parameters with
  units and defaults (a parameter with ``gather`` also sets the gathering parameter of that name, e.g. UI-01's
  ``widths`` → ``layout.widths``), whom it applies to, and how to fix a failure;
* ``check.py`` — ``evaluate(artifacts, params) -> Outcome``, pure, with its messages in zh-CN and en (absent for
  manual checks);
* ``fixtures/`` — pages that pass and fail it, and ``expected.json`` with the outcome each must give (run in real
  Chromium by ``tests/test_check_fixtures.py``);
* ``test_<id>.py`` — its unit tests on hand-made artifacts.

Which checks a checklist uses, their weights, vetoes and categories are policy (``specs/checklists/*.json``, see
:mod:`harness.checklist`), not part of a check. Code several checks share lives in modules of this package named
by subject (e.g. :mod:`harness.checks.axe_results`).

A check function takes ``(artifacts, params)`` — the plain-data artifacts of one target (see
:func:`harness.gather.gather`) and the resolved parameter values — and returns an :class:`~harness.outcomes.Outcome`.
It never touches the browser, the network or the file system, so it can be unit-tested on hand-made artifacts and
re-run on saved artifacts (``harness recheck``). :func:`evaluate` runs one check and turns missing artifacts and
exceptions into ``error`` outcomes.
"""

from __future__ import annotations

import functools
import importlib
import json
import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..errors import SpecError
from ..outcomes import ERROR, INAPPLICABLE, UNTESTED, Outcome
from . import reach as reach_mod

CheckFn = Callable[[dict[str, Any], dict[str, Any]], Outcome]

CHECKS_DIR = Path(__file__).resolve().parent
#: The documents checks cite (``sources[].doc`` of a definition), by short key: ``harness/checks/sources.json``.
SOURCES_FILE = CHECKS_DIR / "sources.json"

_ID = re.compile(r"^[A-Z]{2}-[0-9]{2}$")


def slug(check_id: str) -> str:
    """The folder (and Python package) name of check ``check_id``: ``"EL-05"`` → ``"el_05"``."""
    return check_id.lower().replace("-", "_")


@dataclass(frozen=True)
class CheckDef:
    """A check's own definition, read from ``harness/checks/<slug>/check.json``, and its evaluate function.

    Attributes:
        id: stable id (``EL-05``); never changes once published.
        folder: the check's folder.
        title_zh, title_en: titles.
        sources: [{"doc": key into sources.json, "clause": text}].
        mode: ``automatic``, ``semi`` or ``manual``.
        requires: artifacts read: top-level keys (``dom``, ``layout``, ``network``), optional gather stages
            (``axe``: the engine then runs that stage) and variant loads (``variants.platform_elder``).
        params: {name: {"value", "unit"?, "minimum"?, "maximum"?, "description"?, "gather"?}}.
        applies_to: system kinds (None: every kind but ``website``).
        platform_only: applies only to systems hosted by a platform whose profile lists the check.
        fix_zh, fix_en: one line on how to fix a failure.
        judges: ``content`` (the page's content: not evaluated on a target that did not reach its registered page,
            see :func:`evaluate`) or ``load`` (the load itself: AV-01, NV-03).
        evaluate: the check function (None for manual checks).
        raw: the definition as read.
    """

    id: str
    folder: Path
    title_zh: str
    title_en: str
    sources: list[dict[str, str]]
    mode: str
    requires: tuple[str, ...]
    params: dict[str, dict[str, Any]]
    applies_to: tuple[str, ...] | None
    platform_only: bool
    fix_zh: str
    fix_en: str
    evaluate: CheckFn | None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    judges: str = "content"

    def gathers(self) -> dict[str, str]:
        """{parameter name: gathering parameter it sets} (e.g. ``{"widths": "layout.widths"}``)."""
        return {n: p["gather"] for n, p in self.params.items() if p.get("gather")}


def _load_definition(folder: Path, sources: dict[str, Any]) -> CheckDef:
    from .. import specs

    path = folder / "check.json"
    data = specs.load(str(path), "check")
    if data["id"] != folder.name.upper().replace("_", "-"):
        raise SpecError(str(path), "$.id", f"id {data['id']!r} does not match its folder {folder.name!r} (expected {slug(data['id'])!r})")
    for j, s in enumerate(data["sources"]):
        if s["doc"] not in sources:
            raise SpecError(str(path), f"$.sources[{j}].doc", f"unknown source {s['doc']!r} (declared in {SOURCES_FILE.name}: {', '.join(sources)})")
    for name, p in data.get("params", {}).items():
        v = p["value"]
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if "minimum" in p and v < p["minimum"] or "maximum" in p and v > p["maximum"]:
                raise SpecError(str(path), f"$.params.{name}.value", f"default {v} outside [{p.get('minimum')}, {p.get('maximum')}]")
    fn = None
    if data["mode"] != "manual":
        if not (folder / "check.py").exists():
            raise SpecError(str(path), "$.mode", f"a {data['mode']} check needs {folder.name}/check.py with evaluate(artifacts, params)")
        module = importlib.import_module(f"{__name__}.{folder.name}.check")
        fn = getattr(module, "evaluate", None)
        if not callable(fn):
            raise SpecError(str(folder / "check.py"), "evaluate", "no function evaluate(artifacts, params)")
    return CheckDef(
        id=data["id"], folder=folder, title_zh=data["title_zh"], title_en=data["title_en"], sources=data["sources"],
        mode=data["mode"], requires=tuple(data.get("requires", ())), params=data.get("params", {}),
        applies_to=tuple(data["applies_to"]) if data.get("applies_to") else None,
        platform_only=bool(data.get("platform_only", False)), fix_zh=data.get("fix_zh", ""), fix_en=data.get("fix_en", ""),
        evaluate=fn, raw=data, judges=data.get("judges", "content"))


@functools.lru_cache(maxsize=None)
def sources() -> dict[str, dict[str, Any]]:
    """The documents checks cite: {key: {"title", "issuer"?, "year"?, "url"?, "kind"?, "unverified"?}}
    (``sources.json``); ``unverified`` (text) marks a document none of whose cited clauses could be read, so the
    checklist table and the report flag every clause cited from it as 条款未核实 / clause unverified."""
    return json.loads(SOURCES_FILE.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def definitions() -> dict[str, CheckDef]:
    """Every check of this package: {id: CheckDef}, read from the folders that hold a ``check.json``.

    Raises:
        SpecError: a definition that fails its schema or names an unknown source, a folder whose name is not its
            id's, or an automatic/semi check without ``evaluate`` (naming the file and JSON path).
    """
    docs = sources()
    out: dict[str, CheckDef] = {}
    for folder in sorted(p.parent for p in CHECKS_DIR.glob("*/check.json")):
        d = _load_definition(folder, docs)
        out[d.id] = d
    return out


def get(check_id: str) -> CheckDef:
    """The definition of ``check_id``. Raises KeyError for an unknown id."""
    if not _ID.match(check_id or ""):
        raise KeyError(check_id)
    return definitions()[check_id]


def lookup(artifacts: dict[str, Any], key: str) -> Any:
    """``artifacts[key]``, where a dotted key (``variants.elder``) walks nested dicts; None when absent."""
    cur: Any = artifacts
    for part in key.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def _missing_reason(artifacts: dict[str, Any], key: str) -> str:
    if key.startswith("variants."):
        name = key.split(".", 1)[1]
        not_made = (artifacts.get("variants_not_made") or {}).get(name)
        if not_made:  # e.g. "target budget exhausted before the throttled load"
            return not_made
        err = (artifacts.get("variant_errors") or {}).get(name)
        if err:
            return f"variant load {name!r} failed: {err}"
        if artifacts.get("gathered_for"):
            return f"variant load {name!r} was not made: this run measured only the selected checks ({', '.join(artifacts['gathered_for'][:8])})"
        return f"variant load {name!r} was not made"
    errors = artifacts.get("errors", {})
    nav = artifacts.get("navigation") or {}
    if nav and not nav.get("committed"):
        return f"page not loaded: {nav.get('error') or 'no document'}"
    stage = {"navigation": "navigate", "network": "setup"}.get(key, key)
    if stage in errors:
        return f"gatherer {stage!r} failed: {errors[stage]}"
    for k in ("budget", "crash"):
        if k in errors:
            return errors[k]
    if artifacts.get("gathered_for"):  # the pytest suite's selection: only the selected checks' artifacts
        return f"artifact {key!r} was not gathered: this run measured only the selected checks ({', '.join(artifacts['gathered_for'][:8])})"
    return f"artifact {key!r} was not gathered"


#: System kinds a check without ``applies_to`` applies to: all but ``website``.
DEFAULT_APPLIES_TO = ("h5", "mini-program", "app")


def applicability(check_decl, target: dict[str, Any]) -> Outcome | None:
    """None when ``check_decl`` (a :class:`CheckDef` or a checklist :class:`~harness.checklist.Check`) applies to a
    target described by ``target`` (its ``info()``: system_kind, platform …); otherwise the ``untested`` (manual) or
    ``inapplicable`` outcome it gets without any measurement. A ``platform_only`` check applies only when the
    target's host platform profile lists it. The engine also uses this to skip the gather stages and variant loads
    no applicable check needs."""
    applies_to = check_decl.applies_to or DEFAULT_APPLIES_TO
    if target.get("system_kind") and target["system_kind"] not in applies_to:
        return Outcome(INAPPLICABLE, message=f"does not apply to {target['system_kind']} systems",
                       message_zh=f"不适用于 {target['system_kind']} 类系统")
    if check_decl.mode == "manual":
        return Outcome(UNTESTED, message="manual check: a reviewer decides", message_zh="人工检查项：由审核人员判断")
    if check_decl.platform_only:
        if not target.get("platform"):
            return Outcome(INAPPLICABLE, message="no host platform registered for this system", message_zh="该系统未登记宿主平台")
        prof = _platform(target)
        if prof is not None and not prof.applies(check_decl.id):
            return Outcome(INAPPLICABLE, message=f"the {prof.name_en} profile does not define what {check_decl.id} looks for ({prof.status} profile)",
                           message_zh=f"{prof.name_zh}平台配置未定义 {check_decl.id} 所需的接口（{prof.status}）")
    return None


def _platform(target: dict[str, Any]):
    from .. import platforms

    try:
        return platforms.for_target(target)
    except Exception:  # an unknown profile is reported by the check itself (its call log was not gathered)
        return None


def evaluate(check_decl, artifacts: dict[str, Any], params: dict[str, Any]) -> Outcome:
    """Evaluate one check (a :class:`CheckDef` or a checklist :class:`~harness.checklist.Check`) on a target's
    artifacts with resolved ``params``.

    Manual checks give ``untested``; checks that do not apply (see :func:`applicability`) give ``inapplicable``; a
    missing artifact or an exception in the function gives ``error`` (with the reason). On a target that did not
    reach its registered page (:func:`harness.checks.reach.judge`: redirected to another path or route, left for
    another site, turned into a download, crashed, or its registry ``expect`` absent) every check that judges the
    page's content (``judges`` ``content``, the default) gives ``error`` with "page not reached: …" and where it
    went: what the harness read there is another page's. Only the checks that judge the load itself
    (``judges: load``: AV-01, NV-03) are evaluated. Decided here, from the artifacts alone, so that ``harness
    recheck`` decides the same. A check without
    ``applies_to`` applies to every kind but ``website`` (:data:`DEFAULT_APPLIES_TO`): the H5 checks are about
    mobile service pages, and a department's website is audited only by the checks that name it (WS-*).
    Never raises.
    """
    not_applicable = applicability(check_decl, artifacts.get("target") or {})
    if not_applicable is not None:
        return not_applicable
    fn = check_decl.evaluate
    if fn is None:
        return Outcome(ERROR, message=f"check {check_decl.id} has no evaluate function")
    for key in check_decl.requires:
        skipped = (artifacts.get("variants_skipped") or {}).get(key.split(".", 1)[-1]) if key.startswith("variants.") else None
        if skipped and lookup(artifacts, key) is None:  # the variant load does not apply to this target
            return Outcome(INAPPLICABLE, message=f"variant load {key.split('.', 1)[1]!r} does not apply: {skipped}",
                           message_zh=f"不适用：本页面不做 {key.split('.', 1)[1]} 变体加载（{skipped}）")
        stage = key.split(".", 1)[0]
        if (artifacts.get("journey_skipped") or {}).get(stage) and lookup(artifacts, key) is None:
            # a stage that leaves or changes the page (outbound, text_zoom) runs at a journey's last checkpoint only
            return Outcome(INAPPLICABLE, message=f"not measured at this checkpoint: {stage!r} runs only at the journey's last "
                                                 "checkpoint (it changes the page's state)",
                           message_zh=f"本检查点不检测：{stage} 会改变页面状态，只在旅程的最后一个检查点检测")
    if _judges(check_decl) != "load":
        reach = reach_mod.judge(artifacts)
        if reach is not None and not reach["reached"]:
            return Outcome(ERROR, message=reach["reason"], message_zh=f"无法检测：{reach['reason_zh']}",
                           evidence=[ev(url=reach["to"] or reach["final_url"], value=reach["kind"], note=reach["cause"])])
    for key in check_decl.requires:
        if lookup(artifacts, key) is None:
            reason = _missing_reason(artifacts, key)
            return Outcome(ERROR, message=reason, message_zh=f"无法检测：{reason}")
    try:
        out = fn(artifacts, params)
    except Exception as e:  # a broken check never stops the run
        tb = traceback.extract_tb(e.__traceback__)[-1]
        msg = f"check raised {type(e).__name__}: {e} ({tb.filename.rsplit('/', 1)[-1]}:{tb.lineno})"
        return Outcome(ERROR, message=msg, message_zh=f"检查程序出错：{msg}")
    if not isinstance(out, Outcome):
        return Outcome(ERROR, message=f"check {check_decl.id} returned {type(out).__name__}, not an Outcome")
    return out


def _judges(check_decl) -> str:
    """``content`` or ``load`` (see :class:`CheckDef`) for a CheckDef or a checklist Check."""
    d = check_decl if isinstance(check_decl, CheckDef) else getattr(check_decl, "definition", None)
    return getattr(d, "judges", "content") or "content"


def ev(record: dict[str, Any] | None = None, **extra) -> dict[str, Any]:
    """Build one evidence item from a DOM record (its ``selector``, ``box`` and, for a record found in a frame, its
    ``frame``: {"url", "index"}) plus extra fields."""
    item: dict[str, Any] = {}
    if record:
        for k in ("selector", "box", "frame"):
            if record.get(k) is not None:
                item[k] = record[k]
    item.update({k: v for k, v in extra.items() if v is not None})
    return item


def needs(check_decls) -> tuple[set[str], set[str]]:
    """Optional gather stages and variant loads the given checks (CheckDef or Check) require: (stages, variants)."""
    stages, variants = set(), set()
    for c in check_decls:
        for key in c.requires:
            if key.startswith("variants."):
                variants.add(key.split(".", 1)[1])
            else:
                stages.add(key.split(".", 1)[0])
    return stages, variants

