"""The checklist: checks declared as data (``specs/checklists/*.json``) and their parameters.

Each check has a stable id, titles (zh, en), a category, the clauses it implements, a weight (points deducted,
扣分), a veto flag (单项否决), a mode (automatic, semi, manual), the name of the function in
:mod:`harness.checks` that evaluates it, and parameters with units. Parameters can be overridden per run
(``--set EL-05.min_size=48``) and per registry entry; :meth:`Checklist.params_for` resolves and validates them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import specs
from .errors import OptionError, SpecError
from .paths import default_checklist


@dataclass
class Check:
    """One declared check (see ``specs/schemas/checklist.schema.json`` for the fields)."""

    id: str
    title_zh: str
    title_en: str
    category: str
    sources: list[dict[str, str]]
    weight: float
    veto: bool
    mode: str
    method: str | None
    params: dict[str, dict[str, Any]]
    fix_zh: str = ""
    fix_en: str = ""
    applies_to: list[str] | None = None
    platform_only: bool = False
    raw: dict[str, Any] = field(default_factory=dict)

    def defaults(self) -> dict[str, Any]:
        """Default parameter values: {name: value}."""
        return {k: v["value"] for k, v in self.params.items()}


def _json_type(v: Any) -> str:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    return "null"


@dataclass
class Checklist:
    """A loaded checklist; ``checks`` keep file order."""

    id: str
    version: str
    path: str
    checks: list[Check]
    scoring: dict[str, Any]
    sources: dict[str, dict[str, Any]]
    categories: dict[str, dict[str, Any]]
    budget: dict[str, int]
    data: dict[str, Any]
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)  # run-level --set values

    @property
    def by_id(self) -> dict[str, Check]:
        return {c.id: c for c in self.checks}

    def check_param(self, check_id: str, name: str, value: Any, origin: str) -> Any:
        """Validate one override ``value`` of parameter ``name`` of ``check_id``; ``origin`` says where it came
        from (``--set``, or ``file: $.json.path``). Returns the value.

        Raises:
            OptionError: unknown check or parameter, wrong JSON type, or outside minimum/maximum.
        """
        check = self.by_id.get(check_id)
        if check is None:
            raise OptionError(f"{origin}: unknown check id {check_id!r} (checklist {self.id})")
        decl = check.params.get(name)
        if decl is None:
            known = ", ".join(check.params) or "none"
            raise OptionError(f"{origin}: check {check_id} has no parameter {name!r} (parameters: {known})")
        want, got = _json_type(decl["value"]), _json_type(value)
        if want != got:
            raise OptionError(f"{origin}: {check_id}.{name} must be a JSON {want} like {json.dumps(decl['value'])}, got {json.dumps(value, ensure_ascii=False)}")
        if got == "number":
            if "minimum" in decl and value < decl["minimum"]:
                raise OptionError(f"{origin}: {check_id}.{name}={value} is below the minimum {decl['minimum']}")
            if "maximum" in decl and value > decl["maximum"]:
                raise OptionError(f"{origin}: {check_id}.{name}={value} is above the maximum {decl['maximum']}")
        return value

    def set_overrides(self, assignments: list[str]) -> None:
        """Apply run-level ``--set CHECK.PARAM=VALUE`` assignments (VALUE parsed as JSON, else a string).

        Raises:
            OptionError: malformed assignment or invalid value (see :meth:`check_param`).
        """
        for a in assignments or []:
            if "=" not in a or "." not in a.split("=", 1)[0]:
                raise OptionError(f"--set {a!r}: expected CHECK.PARAM=VALUE, e.g. EL-05.min_size=48")
            lhs, raw = a.split("=", 1)
            check_id, name = lhs.strip().split(".", 1)
            try:
                value = json.loads(raw)
            except json.JSONDecodeError:
                value = raw
            self.check_param(check_id, name, value, f"--set {a}")
            self.overrides.setdefault(check_id, {})[name] = value

    def validate_entry_params(self, params: dict[str, dict], file: str, where: str) -> None:
        """Validate a registry entry's ``params`` block; raise SpecError naming ``file`` and the JSON path."""
        for cid, values in (params or {}).items():
            for name, value in values.items():
                try:
                    self.check_param(cid, name, value, file)
                except OptionError as e:
                    msg = str(e).split(": ", 1)[1]
                    raise SpecError(file, f"{where}.params[{cid!r}].{name}", msg) from None

    def params_for(self, check: Check, *layers: dict[str, dict]) -> dict[str, Any]:
        """Resolve parameter values of ``check``: defaults < each layer in order (registry, department, system,
        page ``params`` blocks, already validated) < run-level ``--set`` overrides."""
        values = check.defaults()
        for layer in layers:
            values.update((layer or {}).get(check.id, {}))
        values.update(self.overrides.get(check.id, {}))
        return values


def load(path: str | Path | None = None) -> Checklist:
    """Load and validate a checklist (default ``specs/checklists/national-mobile.json``).

    Beyond the schema: ids are unique, every non-manual check's method exists in :mod:`harness.checks`,
    categories and source keys are declared, and default parameter values respect their minimum/maximum.

    Raises:
        SpecError: naming the file and JSON path of the first problem.
    """
    from .checks import METHODS

    path = str(path or default_checklist())
    data = specs.load(path, "checklist")
    checks, seen = [], {}
    for i, c in enumerate(data["checks"]):
        where = f"$.checks[{i}]"
        if c["id"] in seen:
            raise SpecError(path, f"{where}.id", f"duplicate check id {c['id']!r} (also at $.checks[{seen[c['id']]}])")
        seen[c["id"]] = i
        if c["category"] not in data["categories"]:
            raise SpecError(path, f"{where}.category", f"unknown category {c['category']!r} (declared: {', '.join(data['categories'])})")
        for j, s in enumerate(c["sources"]):
            if s["doc"] not in data["sources"]:
                raise SpecError(path, f"{where}.sources[{j}].doc", f"unknown source {s['doc']!r} (declared: {', '.join(data['sources'])})")
        method = c.get("method")
        if c["mode"] != "manual" and method not in METHODS:
            raise SpecError(path, f"{where}.method", f"unknown method {method!r}: no check function of that name in harness.checks")
        for name, p in c.get("params", {}).items():
            v = p["value"]
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                if "minimum" in p and v < p["minimum"] or "maximum" in p and v > p["maximum"]:
                    raise SpecError(path, f"{where}.params.{name}.value", f"default {v} outside [{p.get('minimum')}, {p.get('maximum')}]")
        checks.append(Check(
            id=c["id"], title_zh=c["title_zh"], title_en=c["title_en"], category=c["category"], sources=c["sources"],
            weight=c["weight"], veto=c["veto"], mode=c["mode"], method=method, params=c.get("params", {}),
            fix_zh=c.get("fix_zh", ""), fix_en=c.get("fix_en", ""), applies_to=c.get("applies_to"),
            platform_only=c.get("platform_only", False), raw=c,
        ))
    budget = {"target_ms": 60000, "navigation_ms": 15000, "gatherer_ms": 10000, "settle_ms": 3000, "settle_quiet_ms": 150}
    budget.update(data.get("budget", {}))
    return Checklist(id=data["id"], version=data["version"], path=path, checks=checks, scoring=data["scoring"],
                     sources=data["sources"], categories=data["categories"], budget=budget, data=data)
