"""Checks: pure functions over artifacts.

A check function takes ``(artifacts, params)`` — the plain-data artifacts of one target (see
:func:`harness.gather.gather`) and the resolved parameter values of its checklist entry — and returns an
:class:`~harness.outcomes.Outcome`. It never touches the browser, the network or the file system, so it can be
unit-tested on hand-made artifacts and re-run on saved artifacts (``harness recheck``).

Functions register themselves with :func:`check`; the checklist names them by ``method``. :func:`evaluate` runs
one declared check and turns missing artifacts and exceptions into ``error`` outcomes.
"""

from __future__ import annotations

import traceback
from typing import Any, Callable

from ..outcomes import ERROR, INAPPLICABLE, UNTESTED, Outcome

CheckFn = Callable[[dict[str, Any], dict[str, Any]], Outcome]

#: method name -> function
METHODS: dict[str, CheckFn] = {}
#: method name -> artifact keys it needs
REQUIRES: dict[str, tuple[str, ...]] = {}


def check(*requires: str) -> Callable[[CheckFn], CheckFn]:
    """Register the decorated function as a check method under its own name.

    ``requires`` lists the artifacts the check reads: top-level keys (``"dom"``, ``"layout"``, ``"network"``),
    optional gather stages (``"axe"``: the engine then runs that stage) and variant loads
    (``"variants.elder"``: the engine then loads the page again under that variant). When one is missing (its
    gatherer failed, the page never loaded) :func:`evaluate` returns ``error`` with the gatherer's reason
    instead of calling the function.
    """

    def deco(fn: CheckFn) -> CheckFn:
        if fn.__name__ in METHODS:
            raise ValueError(f"duplicate check method {fn.__name__}")
        METHODS[fn.__name__] = fn
        REQUIRES[fn.__name__] = tuple(requires)
        return fn

    return deco


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
        err = (artifacts.get("variant_errors") or {}).get(name)
        return f"variant load {name!r} failed: {err}" if err else f"variant load {name!r} was not made"
    errors = artifacts.get("errors", {})
    nav = artifacts.get("navigation") or {}
    if nav and not nav.get("committed"):
        return f"page not loaded: {nav.get('error') or 'no document'}"
    stage = {"dom": "dom", "layout": "layout", "screenshot": "screenshot", "page_state": "page_state",
             "axe": "axe", "navigation": "navigate", "network": "setup"}.get(key, key)
    if stage in errors:
        return f"gatherer {stage!r} failed: {errors[stage]}"
    for k in ("budget", "crash"):
        if k in errors:
            return errors[k]
    return f"artifact {key!r} was not gathered"


#: System kinds a check without ``applies_to`` applies to: all but ``website``.
DEFAULT_APPLIES_TO = ("h5", "mini-program", "app")


def applicability(check_decl, target: dict[str, Any]) -> Outcome | None:
    """None when ``check_decl`` applies to a target described by ``target`` (its ``info()``: system_kind,
    platform …); otherwise the ``untested`` (manual) or ``inapplicable`` outcome it gets without any measurement.
    The engine also uses it to skip the gather stages and variant loads no applicable check needs."""
    applies_to = check_decl.applies_to or DEFAULT_APPLIES_TO
    if target.get("system_kind") and target["system_kind"] not in applies_to:
        return Outcome(INAPPLICABLE, message=f"does not apply to {target['system_kind']} systems",
                       message_zh=f"不适用于 {target['system_kind']} 类系统")
    if check_decl.mode == "manual":
        return Outcome(UNTESTED, message="manual check: a reviewer decides", message_zh="人工检查项：由审核人员判断")
    if check_decl.platform_only and not target.get("platform"):
        return Outcome(INAPPLICABLE, message="no host platform registered for this system", message_zh="该系统未登记宿主平台")
    return None


def evaluate(check_decl, artifacts: dict[str, Any], params: dict[str, Any]) -> Outcome:
    """Evaluate one declared check (a :class:`harness.checklist.Check`) on a target's artifacts.

    Manual checks give ``untested``; checks whose ``applies_to`` excludes the system kind, or that are
    ``platform_only`` for a system without a host platform, give ``inapplicable``; a missing artifact or an
    exception in the function gives ``error`` (with the reason). A check without ``applies_to`` applies to
    every kind but ``website`` (:data:`DEFAULT_APPLIES_TO`): the checklist's H5 checks are about mobile service
    pages, and a department's website is audited only by the checks that name it (the 政务服务 column, WS-*).
    Never raises.
    """
    not_applicable = applicability(check_decl, artifacts.get("target") or {})
    if not_applicable is not None:
        return not_applicable
    fn = METHODS.get(check_decl.method)
    if fn is None:
        return Outcome(ERROR, message=f"no check method {check_decl.method!r}")
    for key in REQUIRES.get(check_decl.method, ()):
        skipped = (artifacts.get("variants_skipped") or {}).get(key.split(".", 1)[-1]) if key.startswith("variants.") else None
        if skipped and lookup(artifacts, key) is None:  # the variant load does not apply to this target
            return Outcome(INAPPLICABLE, message=f"variant load {key.split('.', 1)[1]!r} does not apply: {skipped}",
                           message_zh=f"不适用：本页面不做 {key.split('.', 1)[1]} 变体加载（{skipped}）")
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
        return Outcome(ERROR, message=f"check {check_decl.method} returned {type(out).__name__}, not an Outcome")
    return out


def ev(record: dict[str, Any] | None = None, **extra) -> dict[str, Any]:
    """Build one evidence item from a DOM record (its ``selector`` and ``box``) plus extra fields."""
    item: dict[str, Any] = {}
    if record:
        for k in ("selector", "box"):
            if record.get(k) is not None:
                item[k] = record[k]
    item.update({k: v for k, v in extra.items() if v is not None})
    return item


def needs(methods) -> tuple[set[str], set[str]]:
    """Optional gather stages and variant loads the given check methods require: (stages, variants)."""
    stages, variants = set(), set()
    for m in methods:
        for key in REQUIRES.get(m, ()):
            if key.startswith("variants."):
                variants.add(key.split(".", 1)[1])
            else:
                stages.add(key.split(".", 1)[0])
    return stages, variants


def _import_all() -> None:
    """Import every module of this package so that each check registers itself (no list to keep in sync)."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


_import_all()
