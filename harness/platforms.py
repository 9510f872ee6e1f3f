"""Host platform profiles (``specs/platforms/<name>.json``): what integration with 青松办, 浙里办 or the national
platform looks like, as data.

A profile (schema ``specs/schemas/platform.schema.json``) names the host's SDK scripts (URL patterns the harness
answers locally), its JS bridge global, ready signal and methods with the answers the harness's host gives, the
single sign-on ticket parameter and redirect address, the analytics object and the page-view fields it requires,
the host's user-agent marker, and which platform-only checks apply. Beyond the schema, loading checks that every
regular expression compiles and matches its ``example``, and that the ready method is not also a method.

A target's platform is ``target.info()["platform"]`` (set per registry, department or system; ``--platform NAME``
overrides it for a run; ``none`` means no host).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import specs
from .errors import OptionError, SpecError
from .paths import specs_dir

#: ``--platform none``: audit without a host platform.
NONE = "none"


def platforms_dir() -> Path:
    """The directory of platform profiles: ``specs/platforms``."""
    return specs_dir() / "platforms"


def names() -> list[str]:
    """Names of the profiles available (file stems of ``specs/platforms/*.json``), sorted."""
    return sorted(p.stem for p in platforms_dir().glob("*.json"))


@dataclass(frozen=True)
class Script:
    """An SDK script of the host: ``name``, compiled ``pattern`` (re.search on the absolute URL), ``provides``
    (bridge, analytics, other)."""

    name: str
    pattern: re.Pattern
    provides: str


@dataclass(frozen=True)
class Profile:
    """A loaded platform profile. ``data`` is the validated JSON; the other attributes are derived from it."""

    id: str
    path: str
    data: dict[str, Any]
    scripts: tuple[Script, ...] = field(default_factory=tuple)
    sso_pattern: re.Pattern | None = None
    hosts_pattern: re.Pattern | None = None

    @property
    def name_zh(self) -> str:
        return self.data["name_zh"]

    @property
    def name_en(self) -> str:
        return self.data["name_en"]

    @property
    def status(self) -> str:
        """published, assumed or partial."""
        return self.data["status"]

    @property
    def bridge(self) -> dict[str, Any] | None:
        return self.data.get("bridge")

    @property
    def sso(self) -> dict[str, Any] | None:
        return self.data.get("sso")

    @property
    def analytics(self) -> dict[str, Any] | None:
        return self.data.get("analytics")

    @property
    def check_params(self) -> dict[str, dict[str, Any]]:
        """The platform's own rule values for checks: {check id: {parameter: value}} from the profile's ``params``
        (each entry's ``values``; its ``source`` and ``basis`` say where they come from). A parameter layer below
        the registry's blocks (see :func:`harness.engine.param_layers`); values are validated against the checks'
        definitions by the tests (tests/test_platforms.py)."""
        return {cid: dict(e["values"]) for cid, e in (self.data.get("params") or {}).items()}

    def applies(self, check_id: str) -> bool:
        """Whether the platform-only check ``check_id`` applies to systems hosted by this platform."""
        return check_id in self.data["checks"]

    def methods(self, role: str) -> list[str]:
        """Bridge method names serving ``role`` (ui_style, sso_ticket, set_title, open_link, pay …)."""
        b = self.bridge or {}
        return [n for n, m in (b.get("methods") or {}).items() if m["role"] == role]

    def user_agent(self, device_ua: str | None) -> str | None:
        """The user agent of the primary load: the device's with the host's ``append`` text (None: unchanged)."""
        extra = self.data["user_agent"].get("append")
        if not extra:
            return None
        return (device_ua or "") + extra

    def summary(self) -> dict[str, Any]:
        """Plain data the checks need, stored in ``artifacts["bridge"]["profile"]`` (checks never read files)."""
        b, s, an = self.bridge, self.sso, self.analytics
        return {
            "id": self.id, "name_zh": self.name_zh, "name_en": self.name_en, "status": self.status,
            "checks": list(self.data["checks"]),
            "ua_marker": self.data["user_agent"].get("marker"),
            "scripts": [{"name": x.name, "provides": x.provides, "example": e.get("example")}
                        for x, e in zip(self.scripts, self.data["sdk"]["scripts"])],
            "bridge": None if b is None else {
                "global": b["global"], "defined_by": b["defined_by"], "ready": dict(b["ready"]),
                "shows_document_title": bool(b.get("shows_document_title")),
                "roles": {n: m["role"] for n, m in b["methods"].items()}},
            "sso": None if s is None else {"ticket_param": s["ticket_param"], "redirect": bool(s.get("redirect"))},
            "analytics": None if an is None else {
                "channels": [f"{c['global']}.{c.get('pv_method') or c.get('pv_action')}" for c in an["channels"]],
                "required_fields": list(an["required_fields"]), "recommended_fields": list(an.get("recommended_fields", [])),
                "string_values": an["string_values"]},
        }


def _compile(path: str, where: str, pattern: str, example: str | None) -> re.Pattern:
    try:
        rx = re.compile(pattern)
    except re.error as e:
        raise SpecError(path, where, f"invalid regular expression: {e}") from None
    if example is not None and not rx.search(example):
        raise SpecError(path, where, f"the pattern does not match its example {example!r}")
    return rx


def from_data(data: dict[str, Any], path: str) -> Profile:
    """Build a :class:`Profile` from schema-valid ``data``; ``path`` names the file in errors.

    Raises:
        SpecError: a regular expression that does not compile or does not match its example, an ``id`` that
            differs from the file name, or a ready method that is also listed as a method.
    """
    stem = Path(path).stem
    if data["id"] != stem:
        raise SpecError(path, "$.id", f"id {data['id']!r} must equal the file name {stem!r}")
    scripts = []
    for i, s in enumerate(data["sdk"]["scripts"]):
        rx = _compile(path, f"$.sdk.scripts[{i}].url_pattern", s["url_pattern"], s.get("example"))
        scripts.append(Script(s["name"], rx, s["provides"]))
    b = data.get("bridge")
    if b is not None and b["ready"]["kind"] == "callback" and b["ready"]["method"] in b["methods"]:
        raise SpecError(path, f"$.bridge.methods.{b['ready']['method']}", "the ready method is declared by bridge.ready, not as a method")
    sso_rx = None
    s = data.get("sso")
    if s and s.get("redirect"):
        sso_rx = _compile(path, "$.sso.redirect.url_pattern", s["redirect"]["url_pattern"], s["redirect"].get("example"))
    hosts = data["sdk"]["platform_hosts"]
    hosts_rx = re.compile(r"^https?://(" + "|".join(re.escape(h) for h in hosts) + r")(:\d+)?([/?#]|$)") if hosts else None
    return Profile(id=data["id"], path=path, data=data, scripts=tuple(scripts), sso_pattern=sso_rx, hosts_pattern=hosts_rx)


@lru_cache(maxsize=None)
def _load_path(path: str) -> Profile:
    return from_data(specs.load(path, "platform"), path)


def load(name: str) -> Profile:
    """Load the profile ``name`` (cached).

    Raises:
        OptionError: no profile of that name (the message lists the available ones).
        SpecError: the profile file is invalid (naming the file and JSON path).
    """
    path = platforms_dir() / f"{name}.json"
    if not re.fullmatch(r"[a-z][a-z0-9_-]*", name or "") or not path.is_file():
        raise OptionError(f"unknown platform {name!r} (profiles in {platforms_dir()}: {', '.join(names()) or 'none'}; or {NONE})")
    return _load_path(str(path))


def for_target(info: dict[str, Any]) -> Profile | None:
    """The profile of a target (``info["platform"]``), or None when it has no host platform."""
    name = (info or {}).get("platform")
    return load(name) if name and name != NONE else None


def check_option(name: str | None) -> str | None:
    """Validate a ``--platform`` value (a profile name or ``none``); return it. Raises OptionError/SpecError."""
    if name is None or name == NONE:
        return name
    try:
        load(name)
    except OptionError as e:
        raise OptionError(f"--platform: {e}") from None
    return name


def validate_registry(registry) -> None:
    """Check that every ``platform`` named in a registry (registry, department, system) is a loadable profile.

    Raises:
        SpecError: naming the registry file and the JSON path of the unknown or invalid platform.
    """
    def one(name: str | None, where: str) -> None:
        if not name or name == NONE:
            return
        try:
            load(name)
        except OptionError as e:
            raise SpecError(registry.path, where, str(e)) from None

    one(registry.platform, "$.platform")
    for d in registry.departments:
        where = f"$.departments[{d.index}]"
        one(d.platform, f"{where}.platform")
        for j, s in enumerate(d.systems):
            one(s.platform, f"{where}.systems[{j}].platform")
