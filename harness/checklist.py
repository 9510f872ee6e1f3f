"""The checklist: policy over the checks of :mod:`harness.checks` (``specs/checklists/*.json``).

A check's own definition (titles, clauses, mode, parameters with units and defaults, required artifacts) lives in
its folder, ``harness/checks/<id>/check.json``. A checklist says which checks it uses, in which order, their
weight (points deducted, 扣分), whether a failure is a veto (单项否决), the reasoning for each (``why``), parameter
defaults of its own, the report categories (by id prefix) and which checks decide 青松办 readiness — as
Lighthouse's ``default-config.js`` is policy over its audits. A second checklist is a second policy file over the
same checks. Parameters can be overridden per run (``--set EL-05.min_size=48``) and per registry entry;
:meth:`Checklist.params_for` resolves and validates them.
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
    definition: Any = None  # the check's own harness.checks.CheckDef
    why: str = ""  # the policy's reasoning for this weight and veto
    #: When the veto applies to a failure (None: to every failure): {"value": key of the outcome's value,
    #: "any_of": [items]} (the value is a list sharing an item with ``any_of``, or one of them) or
    #: {"value": key, "equals": x}. A failure that does not meet it deducts ``weight`` instead (see
    #: :func:`veto_applies`).
    veto_when: dict[str, Any] | None = None

    @property
    def requires(self) -> tuple[str, ...]:
        """Artifacts, optional stages and variant loads the check reads (from its definition)."""
        return self.definition.requires if self.definition else ()

    @property
    def evaluate(self):
        """The check's evaluate function (None for manual checks)."""
        return self.definition.evaluate if self.definition else None

    def defaults(self) -> dict[str, Any]:
        """Default parameter values: {name: value}."""
        return {k: v["value"] for k, v in self.params.items()}


def veto_applies(check: Check, value: Any) -> bool:
    """Whether a ``failed`` outcome of ``check`` with outcome value ``value`` (the outcome's ``value`` dict) is a
    veto (单项否决) under the policy: ``check.veto`` and, when the policy gives ``veto_when``, the value meets it
    (see :attr:`Check.veto_when`; a value without the key never meets it, so the failure deducts). E.g. SV-02
    vetoes only when a missing element is one of the categories 国办秘函〔2019〕19号 names."""
    if not check.veto:
        return False
    cond = check.veto_when
    if not cond:
        return True
    got = (value or {}).get(cond["value"]) if isinstance(value, dict) else None
    if "equals" in cond:
        return got == cond["equals"]
    wanted = set(cond.get("any_of") or [])
    if isinstance(got, list):
        return bool(wanted.intersection(x for x in got if isinstance(x, (str, int, float, bool))))
    return got in wanted


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


def check_value(check: Check, name: str, value: Any, origin: str) -> Any:
    """Validate ``value`` for parameter ``name`` of ``check`` against its declaration (same JSON type as the
    default, within minimum/maximum); ``origin`` names where it came from. Returns the value.

    Raises:
        OptionError: unknown parameter, wrong JSON type, or outside minimum/maximum.
    """
    decl = check.params.get(name)
    if decl is None:
        known = ", ".join(check.params) or "none"
        raise OptionError(f"{origin}: check {check.id} has no parameter {name!r} (parameters: {known})")
    want, got = _json_type(decl["value"]), _json_type(value)
    if want != got:
        raise OptionError(f"{origin}: {check.id}.{name} must be a JSON {want} like {json.dumps(decl['value'])}, got {json.dumps(value, ensure_ascii=False)}")
    if got == "number":
        if "minimum" in decl and value < decl["minimum"]:
            raise OptionError(f"{origin}: {check.id}.{name}={value} is below the minimum {decl['minimum']}")
        if "maximum" in decl and value > decl["maximum"]:
            raise OptionError(f"{origin}: {check.id}.{name}={value} is above the maximum {decl['maximum']}")
    return value


#: Discovery bounds when the checklist's ``discovery`` block leaves them out (schema: checklist ``discovery``).
DISCOVERY_DEFAULTS: dict[str, Any] = {"depth": 3, "max_routes": 50, "time_ms": 60000, "samples": 3, "concurrency": 2,
                                      "click_ms": 3000, "controls_per_route": 30, "deny": []}


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
    readiness: list[str] = field(default_factory=list)  # checks outside the integration category that also decide 青松办 readiness
    #: Route discovery's bounds and deny list (``harness discover``, :mod:`harness.discover`): {"depth" (links and
    #: clicks from the entry), "max_routes" (pages listed), "time_ms" (wall time, ms), "samples" (routes kept per URL
    #: pattern), "concurrency" (contexts at once), "click_ms" (ms), "controls_per_route", "deny" (words that keep a
    #: control from being clicked)}; the checklist's ``discovery`` block over :data:`DISCOVERY_DEFAULTS`.
    discovery: dict[str, Any] = field(default_factory=lambda: dict(DISCOVERY_DEFAULTS))
    #: The policy the ``checks`` list is (``policy`` block: {"id", "title_zh", "title_en", "kinds", "why"}) and
    #: the other policies over the same checks, per name ({"id", "title_zh", "title_en", "kinds", "why",
    #: "checks": {check id: {"weight"?, "veto"?, "why"?, "veto_when"?}}}); a target is scored by the policy
    #: whose ``kinds`` hold its system's kind (registry ``systems[].kind``), see :meth:`for_kind`.
    policy: dict[str, Any] = field(default_factory=dict)
    policies: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def by_id(self) -> dict[str, Check]:
        return {c.id: c for c in self.checks}

    def policy_for(self, kind: str | None) -> str:
        """The id of the policy scoring a system of ``kind`` (``h5``, ``mini-program``, ``app``, ``website``):
        the policy among :attr:`policies` whose ``kinds`` hold it, else the base policy (:attr:`policy`)."""
        for name, pol in self.policies.items():
            if kind in pol.get("kinds", []):
                return name
        return self.policy.get("id", self.id)

    def for_kind(self, kind: str | None) -> "Checklist":
        """This checklist as the policy for a system of ``kind`` (:meth:`policy_for`): the same checks, their
        weight, veto, ``why`` and ``veto_when`` replaced by that policy's entries. Returns ``self`` for the
        base policy; otherwise a copy whose :attr:`policy` is the chosen one. Pure: no I/O."""
        name = self.policy_for(kind)
        pol = self.policies.get(name)
        if pol is None:
            return self
        import dataclasses
        over = pol.get("checks") or {}
        checks = [dataclasses.replace(c, **{k: v for k, v in over.get(c.id, {}).items()
                                            if k in ("weight", "veto", "why", "veto_when")}) for c in self.checks]
        for c in checks:  # an override that sets veto false and no veto_when drops the base condition
            o = over.get(c.id, {})
            if "veto" in o and "veto_when" not in o and not o["veto"]:
                c.veto_when = None
        return dataclasses.replace(self, checks=checks, policy={"id": name, **{k: v for k, v in pol.items() if k != "checks"}},
                                   policies={})

    def check_param(self, check_id: str, name: str, value: Any, origin: str) -> Any:
        """Validate one override ``value`` of parameter ``name`` of ``check_id``; ``origin`` says where it came
        from (``--set``, or ``file: $.json.path``). Returns the value.

        Raises:
            OptionError: unknown check or parameter, wrong JSON type, or outside minimum/maximum.
        """
        check = self.by_id.get(check_id)
        if check is None:
            raise OptionError(f"{origin}: unknown check id {check_id!r} (checklist {self.id})")
        return check_value(check, name, value, origin)

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
                value = specs.loads_finite(raw)
            except specs.NonFiniteNumber as e:
                raise OptionError(f"--set {a}: {e}") from None
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
    """Load and validate a checklist (default ``specs/checklists/national-mobile.json``): the policy file saying
    which checks of :mod:`harness.checks` it uses, with their weights, vetoes and parameter defaults, over the
    checks' own definitions (``harness/checks/<id>/check.json``).

    Beyond the schema: ids are unique and name a check folder, every check's id prefix has a category, policy
    parameter defaults name real parameters and respect their minimum/maximum, and readiness names used checks.

    Raises:
        SpecError: naming the file and JSON path of the first problem (the policy file, or the check's own
            ``check.json`` when its definition is at fault).
    """
    from . import checks as checks_mod

    path = str(path or default_checklist())
    data = specs.load(path, "checklist")
    defs = checks_mod.definitions()
    by_prefix = {}
    for key, cat in data["categories"].items():
        if cat["prefix"] in by_prefix:
            raise SpecError(path, f"$.categories.{key}.prefix", f"prefix {cat['prefix']} also belongs to category {by_prefix[cat['prefix']]!r}")
        by_prefix[cat["prefix"]] = key
    checks, seen = [], {}
    for i, c in enumerate(data["checks"]):
        where = f"$.checks[{i}]"
        if c["id"] in seen:
            raise SpecError(path, f"{where}.id", f"duplicate check id {c['id']!r} (also at $.checks[{seen[c['id']]}])")
        seen[c["id"]] = i
        d = defs.get(c["id"])
        if d is None:
            raise SpecError(path, f"{where}.id", f"unknown check {c['id']!r}: no folder harness/checks/{checks_mod.slug(c['id'])}/ with a check.json")
        category = by_prefix.get(c["id"][:2])
        if category is None:
            raise SpecError(path, f"{where}.id", f"no category has prefix {c['id'][:2]!r} (declared: {', '.join(by_prefix)})")
        params = {k: dict(v) for k, v in d.params.items()}
        check = Check(
            id=d.id, title_zh=d.title_zh, title_en=d.title_en, category=category, sources=d.sources,
            weight=c["weight"], veto=c["veto"], mode=d.mode, method=d.id if d.evaluate else None, params=params,
            fix_zh=d.fix_zh, fix_en=d.fix_en, applies_to=list(d.applies_to) if d.applies_to else None,
            platform_only=d.platform_only, raw={**d.raw, **c, "category": category}, definition=d, why=c.get("why", ""),
            veto_when=c.get("veto_when"))
        _check_veto_when(path, where, c)
        for name, value in (c.get("params") or {}).items():  # this checklist's own defaults
            try:
                check_value(check, name, value, path)
            except OptionError as e:
                raise SpecError(path, f"{where}.params.{name}", str(e).split(": ", 1)[1]) from None
            params[name]["value"] = value
        checks.append(check)
    used = {c.id for c in checks}
    for j, rid in enumerate(data.get("readiness", [])):
        if rid not in used:
            raise SpecError(path, f"$.readiness[{j}]", f"{rid} is not a check of this checklist")
    base = dict(data.get("policy") or {"id": data["id"]})
    policies = _load_policies(path, data, used, base)
    budget = {"target_ms": 60000, "navigation_ms": 15000, "gatherer_ms": 10000, "settle_ms": 3000, "settle_quiet_ms": 150}
    budget.update(data.get("budget", {}))
    return Checklist(id=data["id"], version=data["version"], path=path, checks=checks, scoring=data["scoring"],
                     sources=checks_mod.sources(), categories=data["categories"], budget=budget, data=data,
                     readiness=list(data.get("readiness", [])), policy=base, policies=policies,
                     discovery={**DISCOVERY_DEFAULTS, **{k: v for k, v in (data.get("discovery") or {}).items() if k != "about"}})


def _check_veto_when(path: str, where: str, entry: dict[str, Any]) -> None:
    """A ``veto_when`` needs ``veto: true`` (else it would never apply). Raises SpecError naming the JSON path."""
    if entry.get("veto_when") and entry.get("veto") is False:
        raise SpecError(path, f"{where}.veto_when", f"{entry.get('id', '')}: veto_when without veto: true never applies")


def _load_policies(path: str, data: dict[str, Any], used: set[str], base: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Validate the checklist's ``policies`` block: each names only checks of this checklist and system kinds
    no other policy (nor the base ``policy``) claims. Returns {name: policy}.

    Raises:
        SpecError: naming the file and the JSON path (``$.policies.website.checks.AV-02``) of the first problem.
    """
    claimed = {k: "$.policy" for k in base.get("kinds", [])}
    out = {}
    for name, pol in (data.get("policies") or {}).items():
        if name == base.get("id"):
            raise SpecError(path, f"$.policies.{name}", f"policy {name!r} has the id of the base policy ($.policy.id)")
        for j, k in enumerate(pol.get("kinds", [])):
            if k in claimed:
                raise SpecError(path, f"$.policies.{name}.kinds[{j}]", f"kind {k!r} is already scored by {claimed[k]}")
            claimed[k] = f"$.policies.{name}"
        for cid, entry in (pol.get("checks") or {}).items():
            if cid not in used:
                raise SpecError(path, f"$.policies.{name}.checks.{cid}", f"{cid} is not a check of this checklist")
            _check_veto_when(path, f"$.policies.{name}.checks.{cid}", {"id": cid, **entry})
        out[name] = {"id": name, **pol}
    return out


def _param_text(name: str, p: dict[str, Any]) -> str:
    value = json.dumps(p["value"], ensure_ascii=False)
    origin = "工具规则 / tool policy" if p.get("origin") == "tool" else "依据 / source"
    return (f"{name} = {value}" + (f" {p['unit']}" if p.get("unit") else "")
            + (f" [{origin}: {p['basis']}]" if p.get("basis") else ""))


def table_markdown(checklist: Checklist) -> str:
    """The whole checklist as a human-readable Markdown table, one row per check in checklist order: id, title
    (zh / en), category, sources and clauses, mode, weight, veto, parameters (thresholds with their units) and
    the policy's reasoning; each parameter is marked 依据 / source (a cited document sets it) or 工具规则 / tool
    policy (the harness's own value) with its ``basis``. ``harness checks --markdown`` writes it; the repository keeps the output beside the
    checklist (``specs/checklists/<id>.md``), and a test keeps the two in step."""
    def cell(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    lines = [f"# {checklist.data.get('title_zh', '')} — {checklist.data.get('title_en', '')}", "",
             f"Checklist `{checklist.id}` version {checklist.version}: {len(checklist.checks)} checks. Generated by "
             f"`harness checks --markdown` from `{Path(checklist.path).name}` (policy: weights, vetoes, reasoning) and "
             "each check's `harness/checks/<id>/check.json` (titles, clauses, mode, parameters); do not edit by hand.",
             "", f"Scoring: start {checklist.scoring.get('start')}, pass mark {checklist.scoring.get('pass_mark')}; "
             "each failed check deducts its weight (扣分), a failed veto (单项否决) fails the target (a veto \"when …\" only "
             "for failures that meet it, the others deduct); a department is scored "
             f"{'as one site (each check failed on any page deducts once)' if checklist.scoring.get('department_score', 'site') == 'site' else 'by the ' + checklist.scoring['department_score'] + ' of its pages'}; a veto not measured "
             f"(error or cantTell), or fewer than {checklist.scoring.get('min_measured', 0.5):g} of the applicable automatic checks "
             "measured, leaves it incomplete (待复核), never pass.", "",
             "| id | title | category | source · clause | mode | weight | veto | parameters | why |",
             "|---|---|---|---|---|---|---|---|---|"]
    for c in checklist.checks:
        cat = checklist.categories.get(c.category, {})
        src = "; ".join(f"{s['doc']} · {s['clause']}" + (" (条款未核实 / clause unverified)"
                        if checklist.sources.get(s["doc"], {}).get("unverified") else "") for s in c.sources)
        params = "; ".join(_param_text(n, p) for n, p in c.params.items()) or "—"
        lines.append("| " + " | ".join(cell(x) for x in (
            c.id, f"{c.title_zh} / {c.title_en}", f"{cat.get('zh', c.category)} ({c.category})", src, c.mode,
            f"{c.weight:g}", _veto_text(c), params, c.why or "")) + " |")
    base = checklist.policy
    lines += ["", f"The table is policy `{base.get('id', checklist.id)}` (system kinds: {', '.join(base.get('kinds', [])) or 'all'})"
              + (f": {base['why']}" if base.get("why") else "."), ""]
    for name, pol in checklist.policies.items():
        lines += [f"## Policy `{name}` — {pol.get('title_zh', '')} / {pol.get('title_en', '')}", "",
                  f"System kinds: {', '.join(pol.get('kinds', []))}. {pol.get('why', '')} The checks it names (the others as above):", "",
                  "| policy · id | weight | veto | why |", "|---|---|---|---|"]
        view = checklist.for_kind((pol.get("kinds") or [None])[0]).by_id
        for cid in pol.get("checks") or {}:
            c = view[cid]
            lines.append("| " + " | ".join(cell(x) for x in (f"{name} · {cid}", f"{c.weight:g}", _veto_text(c), c.why or "")) + " |")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _veto_text(c: Check) -> str:
    """The veto cell of the table: "yes", "when …" (its ``veto_when``) or ""."""
    if not c.veto:
        return ""
    w = c.veto_when
    if not w:
        return "yes"
    cond = f"{w['value']} = {json.dumps(w['equals'], ensure_ascii=False)}" if "equals" in w else \
        f"{w['value']} has one of {'、'.join(str(x) for x in w.get('any_of', []))}"
    return f"when {cond}" + (f" ({w['why']})" if w.get("why") else "")
