"""Journeys: the steps a registry page runs after its load, and the checkpoints audited on the way.

A page of the registry may carry ``steps`` (``specs/schemas/registry.schema.json``, ``$defs/step``): each step is a
pa11y action string, accepted as pa11y writes it, or a one-key JSON object::

    "click element SEL"                  {"click": SEL}
    "set field SEL to VALUE"             {"fill": {SEL: VALUE, …}}
    "clear field SEL"                    {"clear": SEL}
    "check field SEL" / "uncheck field SEL"   {"check": SEL} / {"uncheck": SEL}
    "wait for element SEL to be added|removed|visible|hidden"   {"wait_for": SEL} (visible)
                                         {"wait_for": {"selector": SEL, "state": "attached|detached|visible|hidden"}}
    "wait for url|path|fragment to [not ]be VALUE"   {"wait_for_url": VALUE} / {"wait_for_path": …} / {"wait_for_fragment": …}
    "navigate to URL"                    {"navigate": URL}
    "screen capture FILE"                {"screenshot": NAME}
                                         {"select": {SEL: VALUE}}, {"press": KEY} or {"press": {SEL: KEY}},
                                         {"scroll_to": SEL}
                                         {"checkpoint": ID, "name"?, "role"?, "item"?, "expect"?}

Selectors are Playwright selectors (``css=``, ``text=``, ``role=button[name="下一步"]``, or plain CSS as pa11y
takes them); a step acts on the first element its selector matches. A value may name environment variables,
``${SB_TEST_ID}`` or ``${SB_TEST_ID:-default}``; what came from the environment never reaches results, artifacts or
reports (:func:`scrub`): they keep the ``${…}`` form.

A page without a ``checkpoint`` step is audited once, in the state its last step leaves (target ``system/page``).
A page with checkpoints is audited at each of them, without reloading, as targets ``system/page/checkpoint``; steps
after the last checkpoint are refused (nothing would audit their state). Model: Lighthouse user flows (snapshot and
timespan modes), pa11y's ``actions``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from .errors import SpecError

#: pa11y's action strings (https://github.com/pa11y/pa11y#actions), each → (kind, groups). Order matters.
PA11Y_ACTIONS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"^click(?: element)? (?P<sel>.+)$", re.I), "click"),
    (re.compile(r"^set field (?P<sel>.+?) to (?P<value>.*)$", re.I), "fill"),
    (re.compile(r"^clear field (?P<sel>.+)$", re.I), "clear"),
    (re.compile(r"^check field (?P<sel>.+)$", re.I), "check"),
    (re.compile(r"^uncheck field (?P<sel>.+)$", re.I), "uncheck"),
    (re.compile(r"^wait for element (?P<sel>.+) to be (?P<state>added|removed|visible|hidden)$", re.I), "wait_for"),
    (re.compile(r"^wait for (?P<what>url|path|fragment) to (?P<neg>not )?be (?P<value>.*)$", re.I), "wait_for_location"),
    (re.compile(r"^navigate to (?P<value>\S+)$", re.I), "navigate"),
    (re.compile(r"^screen capture (?P<value>.+)$", re.I), "screenshot"),
]
_PA11Y_STATES = {"added": "attached", "removed": "detached", "visible": "visible", "hidden": "hidden"}
#: Kinds of the structured form and the shape of their value.
KINDS = ("click", "fill", "select", "clear", "check", "uncheck", "press", "wait_for", "wait_for_url", "wait_for_path",
         "wait_for_fragment", "scroll_to", "navigate", "screenshot", "checkpoint")
_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Checkpoint:
    """A state of a journey audited as a target of its own: ``id`` (unique in its page), ``name``, ``role`` (the
    page roles of the registry: ``form`` makes it count for 附件2), ``item`` (the service item a form applies
    for), ``expect`` (what must be visible when it is reached, as a page's ``expect``), ``index`` (its position
    among the page's checkpoints, from 0) and ``step`` (its index in the page's ``steps``)."""

    id: str
    name: str = ""
    role: str | None = None
    item: dict[str, Any] | None = None
    expect: dict[str, str] | None = None
    index: int = 0
    step: int = 0


@dataclass(frozen=True)
class Step:
    """One action of a journey.

    Attributes:
        index: its index in the page's ``steps`` (from 0; messages name it as "step N", from 1).
        kind: one of :data:`KINDS` (``wait_for_location`` for pa11y's url/path/fragment waits is stored as
            ``wait_for_url``/``wait_for_path``/``wait_for_fragment``).
        selector: the Playwright selector acted on, or None.
        value: the value typed, chosen, pressed, waited for or navigated to (templates ``${VAR}`` unresolved).
        state: for ``wait_for``: attached, detached, visible or hidden.
        negate: for a location wait: wait until it is *not* the value.
        fields: for ``fill``/``select`` with several fields: [(selector, value)].
        checkpoint: for ``checkpoint``: the :class:`Checkpoint`.
        text: how the step was written (pa11y string or compact JSON), for messages; templates unresolved.
    """

    index: int
    kind: str
    selector: str | None = None
    value: str | None = None
    state: str = "visible"
    negate: bool = False
    fields: tuple[tuple[str, str], ...] = ()
    checkpoint: Checkpoint | None = None
    text: str = ""

    def describe(self) -> str:
        """"step N (TEXT)", N from 1."""
        return f"step {self.index + 1} ({self.text})"


@dataclass(frozen=True)
class Journey:
    """The steps of one registry page and its checkpoints. ``segments`` = [(steps before the checkpoint,
    checkpoint or None)] in order: a journey without checkpoints has one segment whose checkpoint is None (the
    state after its last step is audited as the page itself)."""

    steps: tuple[Step, ...]
    checkpoints: tuple[Checkpoint, ...] = ()
    segments: tuple[tuple[tuple[Step, ...], Checkpoint | None], ...] = field(default=())

    def describe(self) -> list[str]:
        """The steps as written, for artifacts and reports (templates unresolved)."""
        return [s.text for s in self.steps]


def _compact(raw: Any) -> str:
    import json

    return raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False, separators=(",", ":"))


def parse_step(raw: Any, index: int, path: str, where: str, page_ids: set[str] | None = None) -> Step:
    """One step from the registry (a pa11y string or a one-key object) at JSON path ``where`` of file ``path``.

    Raises:
        SpecError: an unknown action, an empty selector, a bad checkpoint id, a ``navigate`` that is not http(s);
            the message names the file and the step's JSON path.
    """
    text = _compact(raw)
    if isinstance(raw, str):
        s = raw.strip()
        for pattern, kind in PA11Y_ACTIONS:
            m = pattern.match(s)
            if not m:
                continue
            g = m.groupdict()
            if kind == "wait_for":
                return Step(index, "wait_for", selector=g["sel"].strip(), state=_PA11Y_STATES[g["state"].lower()], text=text)
            if kind == "wait_for_location":
                return Step(index, f"wait_for_{g['what'].lower()}", value=g["value"], negate=bool(g["neg"]), text=text)
            if kind in ("navigate", "screenshot"):
                return _checked(Step(index, kind, value=g["value"].strip(), text=text), path, where)
            if kind == "fill":
                return Step(index, "fill", fields=((g["sel"].strip(), g["value"]),), text=text)
            return Step(index, kind, selector=g["sel"].strip(), text=text)
        raise SpecError(path, where, f"unknown action {raw!r}: pa11y's actions are 'click element SEL', 'set field SEL to VALUE', "
                                     "'clear field SEL', 'check field SEL', 'uncheck field SEL', 'wait for element SEL to be "
                                     "added|removed|visible|hidden', 'wait for url|path|fragment to be VALUE', 'navigate to URL', "
                                     "'screen capture FILE'")
    if not isinstance(raw, dict) or not raw:
        raise SpecError(path, where, f"a step is a pa11y action string or an object such as {{\"click\": SEL}}, not {text}")
    kinds = [k for k in raw if k in KINDS]
    if len(kinds) != 1:
        raise SpecError(path, where, f"a step object has exactly one of {', '.join(KINDS)}; got {', '.join(raw) or 'nothing'}")
    kind, value = kinds[0], raw[kinds[0]]
    if kind == "checkpoint":
        extra = set(raw) - {"checkpoint", "name", "role", "item", "expect"}
        if extra:
            raise SpecError(path, where, f"a checkpoint step takes name, role, item and expect, not {', '.join(sorted(extra))}")
        if not isinstance(value, str) or not _ID.match(value):
            raise SpecError(path, f"{where}.checkpoint", f"checkpoint id {value!r} must match {_ID.pattern}")
        cp = Checkpoint(id=value, name=raw.get("name", ""), role=raw.get("role"), item=raw.get("item"), expect=raw.get("expect"),
                        step=index)
        return Step(index, "checkpoint", checkpoint=cp, text=text)
    if len(raw) != 1:
        raise SpecError(path, where, f"a {kind} step takes no other keys ({', '.join(sorted(set(raw) - {kind}))})")
    if kind in ("fill", "select"):
        if not isinstance(value, dict) or not value or not all(isinstance(k, str) and k.strip() and isinstance(v, str) for k, v in value.items()):
            raise SpecError(path, f"{where}.{kind}", f"{kind} takes {{SELECTOR: VALUE, …}} with text values, not {_compact(value)}")
        return Step(index, kind, fields=tuple((k.strip(), v) for k, v in value.items()), text=text)
    if kind == "press":
        if isinstance(value, dict) and len(value) == 1:
            (sel, key), = value.items()
            return Step(index, "press", selector=sel, value=key, text=text)
        if not isinstance(value, str) or not value:
            raise SpecError(path, f"{where}.press", f"press takes a key (\"Enter\") or {{SELECTOR: KEY}}, not {_compact(value)}")
        return Step(index, "press", value=value, text=text)
    if kind == "wait_for" and isinstance(value, dict):
        state = value.get("state", "visible")
        if state not in ("attached", "detached", "visible", "hidden") or not isinstance(value.get("selector"), str):
            raise SpecError(path, f"{where}.wait_for", "wait_for takes SEL or {\"selector\": SEL, \"state\": attached|detached|visible|hidden}")
        return Step(index, "wait_for", selector=value["selector"], state=state, text=text)
    if not isinstance(value, str) or not value.strip():
        raise SpecError(path, f"{where}.{kind}", f"{kind} takes a non-empty text, not {_compact(value)}")
    if kind in ("wait_for_url", "wait_for_path", "wait_for_fragment", "navigate", "screenshot"):
        return _checked(Step(index, kind, value=value.strip(), text=text), path, f"{where}.{kind}")
    return Step(index, kind, selector=value.strip(), text=text)


def _checked(step: Step, path: str, where: str) -> Step:
    if step.kind == "navigate" and not re.match(r"^https?://[^\s/?#]+", _ENV.sub("x", step.value or "")):
        raise SpecError(path, where, f"navigate takes an absolute http or https URL, not {step.value!r}")
    if step.kind == "screenshot" and not re.sub(r"[^A-Za-z0-9._-]+", "", step.value or ""):
        raise SpecError(path, where, f"screen capture needs a file name with letters or digits, not {step.value!r}")
    return step


def parse(raw_steps: list[Any], path: str, where: str) -> Journey:
    """The journey of the steps at JSON path ``where`` (``$.departments[0].systems[1].pages[2].steps``).

    Raises:
        SpecError: a bad step (see :func:`parse_step`), a duplicate checkpoint id, or steps after the last
            checkpoint (their state would never be audited); the message names the file and JSON path.
    """
    steps = [parse_step(r, i, path, f"{where}[{i}]") for i, r in enumerate(raw_steps)]
    checkpoints: list[Checkpoint] = []
    segments: list[tuple[tuple[Step, ...], Checkpoint | None]] = []
    seen: dict[str, int] = {}
    pending: list[Step] = []
    for s in steps:
        if s.kind != "checkpoint":
            pending.append(s)
            continue
        cp = s.checkpoint
        if cp.id in seen:
            raise SpecError(path, f"{where}[{s.index}].checkpoint", f"duplicate checkpoint {cp.id!r} (also at {where}[{seen[cp.id]}])")
        seen[cp.id] = s.index
        cp = Checkpoint(**{**cp.__dict__, "index": len(checkpoints)})
        checkpoints.append(cp)
        segments.append((tuple(pending), cp))
        pending = []
    if checkpoints and pending:
        raise SpecError(path, f"{where}[{pending[0].index}]",
                        f"steps after the last checkpoint ({pending[0].describe()} …) are never audited: end the steps with a checkpoint")
    if not checkpoints:
        segments.append((tuple(pending), None))
    return Journey(steps=tuple(steps), checkpoints=tuple(checkpoints), segments=tuple(segments))


#: Words of a control that sends the user's application, payment or a deletion: a ``click``/``press`` step on a
#: selector with one of them *submits* (:func:`submits`). Matched in the selector as written (``text=提交申请``,
#: ``#submit-btn``, ``role=button[name="确认支付"]``), case-insensitively.
SUBMIT_WORDS = ("提交", "确认申请", "确认办理", "支付", "缴费", "付款", "删除", "注销", "撤销", "submit", "pay", "delete", "confirm")


def submits(step: Step) -> bool:
    """Whether ``step`` sends something the app's backend acts on (an application, a payment, a deletion): a
    ``click`` or ``press`` on a selector with one of :data:`SUBMIT_WORDS`, or a ``press`` of Enter in a field."""
    if step.kind not in ("click", "press"):
        return False
    sel = (step.selector or "").lower()
    if step.kind == "press" and (step.value or "").lower() == "enter":
        return True
    return any(w in sel for w in SUBMIT_WORDS)


def before_submitting(journey: Journey) -> tuple[Journey | None, int | None]:
    """The journey up to its last checkpoint before its first submitting step (:func:`submits`), for a replay
    that must not send the application again (variant loads), and how many checkpoints it keeps. ``(journey,
    None)`` when no step submits; ``(None, 0)`` when the first checkpoint already comes after one."""
    for k, (steps, _) in enumerate(journey.segments):
        if any(submits(st) for st in steps):
            if k == 0:
                return None, 0
            kept = journey.segments[:k]
            last = kept[-1][1]
            upto = last.step if last is not None else max(st.index for seg, _ in kept for st in seg)
            return Journey(steps=tuple(st for st in journey.steps if st.index <= upto),
                           checkpoints=tuple(c for _, c in kept if c is not None), segments=kept), k
    return journey, None


class MissingVariable(Exception):
    """A step names an environment variable that is not set and has no default. The message names it."""


def resolve(value: str, secrets: dict[str, str], env: dict[str, str] | None = None) -> str:
    """``value`` with ``${VAR}`` / ``${VAR:-default}`` replaced from ``env`` (default ``os.environ``); every value
    taken from the environment is added to ``secrets`` ({value: "${VAR}"}) so :func:`scrub` can take it out again.

    Raises:
        MissingVariable: a variable is not set and has no default.
    """
    env = os.environ if env is None else env

    def sub(m: re.Match) -> str:
        name, default = m.group(1), m.group(2)
        if name in env:
            v = env[name]
            if v:
                secrets[v] = "${" + name + "}"
            return v
        if default is not None:
            return default
        raise MissingVariable(f"environment variable {name} is not set (and ${{{name}}} has no :-default)")

    return _ENV.sub(sub, value)


def scrub(value: Any, secrets: dict[str, str]) -> Any:
    """``value`` (artifacts: JSON-like data) with every string holding a secret (a value taken from the environment
    by :func:`resolve`) rewritten with the ``${VAR}`` it came from. Pure; dicts and lists are copied."""
    if not secrets:
        return value
    order = sorted(secrets, key=len, reverse=True)

    def walk(v: Any) -> Any:
        if isinstance(v, str):
            for s in order:
                if s in v:
                    v = v.replace(s, secrets[s])
            return v
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v

    return walk(value)
