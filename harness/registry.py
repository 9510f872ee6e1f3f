"""The registry: departments → self-built systems → H5 pages (targets), loaded from ``specs/registries/``.

A registry file follows ``specs/schemas/registry.schema.json``. Rows of 附件1 keep their printed name and
address; only departments with ``systems`` have targets to audit. Beyond the schema, loading checks that
department names are unique and that system and page ids are unique within their parent, and raises
:class:`~harness.errors.SpecError` naming the file and JSON path otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from . import journeys as journeys_mod
from . import sessions as sessions_mod
from . import specs
from .errors import OptionError, SpecError
from .paths import specs_dir

#: Characters that may not appear in a folder name on any common file system.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_name(name: str, fallback: str = "unnamed", limit: int = 60) -> str:
    """Return ``name`` made safe as one path component: no separators, NUL, control or reserved characters,
    no leading dots or spaces, not a Windows reserved name, at most ``limit`` characters. Never empty."""
    s = unicodedata.normalize("NFC", name or "")
    s = _UNSAFE.sub("_", s)
    s = re.sub(r"\s+", "_", s).strip("._ ")
    s = s[:limit].rstrip("._ ")
    if not s or s.upper().split(".")[0] in _WINDOWS_RESERVED:
        s = f"{fallback}_{s}" if s else fallback
    return s


def _slug(text: str, fallback: str) -> str:
    s = re.sub(r"[^A-Za-z0-9._-]+", "-", text or "").strip("-.")
    return s[:40] or fallback


@dataclass
class Page:
    """One H5 page of a system: ``url`` (http/https), ``name``, ``role`` (home, list, guide, form …), and
    ``expect`` ({"selector"?, "text"?}): what must be visible on it when it is reached (see
    :mod:`harness.checks.reach`; None: reached when the load ends on the registered host, path and hash route)."""

    id: str
    url: str
    name: str = ""
    role: str = "other"
    item: dict[str, Any] | None = None
    params: dict[str, dict] = field(default_factory=dict)
    expect: dict[str, str] | None = None  # {"selector"?, "text"?}: present when the page is reached (harness.checks.reach)
    journey: Any = None  # harness.journeys.Journey: the steps run after the load, and its checkpoints; None: no steps
    origin: str = "registry"  # "discovered": found by ``harness run --discover``, not listed (harness.coverage)


@dataclass
class System:
    """A self-built app or mini-program of a department, with the pages to audit."""

    id: str
    name: str
    kind: str = "h5"
    service_name: str | None = None
    provider: str | None = None
    hotline: str | None = None
    entry: str | None = None
    platform: str | None = None
    params: dict[str, dict] = field(default_factory=dict)
    items: dict[str, Any] | None = None
    pages: list[Page] = field(default_factory=list)
    #: Name of the device (harness.devices) its pages are audited and captured on; None: the run's device.
    device: str | None = None
    #: How the user is logged in (harness.sessions.Session), the system's own or its department's; None: logged out.
    session: Any = None


@dataclass
class Department:
    """A row of the registry: a region (市、州, 县、区, 园区) or a provincial department.

    ``key`` is unique in the registry and ``folder`` is a safe, unique directory name for its reports.
    """

    key: str
    name: str | None
    kind: str
    index: int
    region: str | None = None
    parent: str | None = None
    seq: int | None = None
    table: str | None = None
    address: str | None = None
    website: str | None = None
    platform: str | None = None
    params: dict[str, dict] = field(default_factory=dict)
    systems: list[System] = field(default_factory=list)
    folder: str = ""
    raw: dict[str, Any] = field(default_factory=dict)
    #: The names of every department of the registry (shared by its departments): CT-02 looks for them written wrong.
    peer_names: list[str] = field(default_factory=list, repr=False)

    @property
    def display_name(self) -> str:
        """The printed name, or a placeholder naming the row when the printed row has none."""
        if self.name:
            return self.name
        return f"（无名称：{self.table or ''}第{self.seq}行）" if self.seq else "（无名称）"

    def targets(self) -> list["Target"]:
        """Every page of every system of this department, in registry order; a page whose steps have checkpoints
        gives one target per checkpoint (``system/page/checkpoint``), in journey order."""
        out = []
        for s in self.systems:
            for p in s.pages:
                cps = p.journey.checkpoints if p.journey is not None else ()
                out.extend([Target(self, s, p, cp) for cp in cps] or [Target(self, s, p)])
        return out


@dataclass
class Target:
    """One page to audit: (department, system, page). ``id`` is unique within the department."""

    department: Department
    system: System
    page: Page
    checkpoint: Any = None  # harness.journeys.Checkpoint of the page's journey, or None (the page as it loads)

    @property
    def id(self) -> str:
        base = f"{self.system.id}/{self.page.id}"
        return f"{base}/{self.checkpoint.id}" if self.checkpoint is not None else base

    @property
    def journey_id(self) -> str:
        """``system/page``: the targets of one journey (its checkpoints) share it and are audited in one load."""
        return f"{self.system.id}/{self.page.id}"

    @property
    def url(self) -> str:
        return self.page.url

    @property
    def label(self) -> str:
        page = self.page.name or self.page.id
        base = f"{self.system.name} · {page}"
        cp = (self.checkpoint.name or self.checkpoint.id) if self.checkpoint is not None else None
        return f"{base} · {cp}" if cp and cp != page else base  # as harness.report.summary.target_label

    @property
    def role(self) -> str:
        """The page's role, or its checkpoint's when the checkpoint gives one."""
        return (self.checkpoint.role if self.checkpoint is not None and self.checkpoint.role else None) or self.page.role

    @property
    def item(self) -> dict[str, Any] | None:
        """The service item of the page (a form's, for 附件2), or its checkpoint's when the checkpoint gives one."""
        return (self.checkpoint.item if self.checkpoint is not None and self.checkpoint.item else None) or self.page.item

    def info(self) -> dict[str, Any]:
        """Plain-data description of the target, stored in artifacts (``artifacts["target"]``) for checks.

        Besides the system's and page's facts it carries the department's 附件1 ``address`` (the 政务服务
        column of a website must link to it, WS-02) and the system's ``items`` declaration with the item
        library's resolved ``catalog_path`` (事项同源, SV-01/SV-02)."""
        s, p = self.system, self.page
        return {
            "id": self.id,
            "url": p.url,
            "department": self.department.display_name,
            "system": s.name,
            "system_kind": s.kind,
            "device": s.device,
            "page": p.name or p.id,
            "role": self.role,
            "service_name": s.service_name,
            "provider": s.provider,
            "hotline": s.hotline,
            "platform": s.platform or self.department.platform,
            "item": self.item,
            "page_id": p.id,
            "address": self.department.address,
            "items": s.items,
            "expect": self.checkpoint.expect if self.checkpoint is not None else p.expect,
            "lexicon": self.lexicon_entries(),
            **({"checkpoint": self.checkpoint.id, "checkpoint_name": self.checkpoint.name or self.checkpoint.id,
                "journey": p.id} if self.checkpoint is not None else {}),
            **({"steps": p.journey.describe()} if p.journey is not None else {}),
        }

    def lexicon_entries(self) -> list[dict[str, Any]]:
        """The lexicon entries the registry gives this target (CT-02): the registry's department names written
        wrong and the department's own ``lexicon`` lists (:func:`harness.lexicon.department_entries`)."""
        from . import lexicon

        return lexicon.department_entries(self.department.raw, self.department.peer_names)


@dataclass
class Registry:
    """A loaded registry. ``path`` is the file it came from; ``departments`` keep file order."""

    id: str
    title: str
    path: str
    departments: list[Department]
    platform: str | None = None
    params: dict[str, dict] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)

    def select(self, names: Iterable[str] | None) -> list[Department]:
        """Departments whose name (whitespace ignored), key or folder is in ``names``; all when empty.

        Raises:
            OptionError: a name matches no department (the message lists close names).
        """
        names = [n for n in (names or []) if n]
        if not names:
            return list(self.departments)
        norm = lambda s: re.sub(r"\s+", "", s or "")  # noqa: E731
        out = []
        for n in names:
            hits = [d for d in self.departments if n in (d.key, d.folder) or norm(d.name) == norm(n)]
            if not hits:
                import difflib

                close = difflib.get_close_matches(n, [d.display_name for d in self.departments], n=3, cutoff=0.3)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise OptionError(f"--department: no department {n!r} in {self.path}{hint}")
            out.extend(h for h in hits if h not in out)
        return out

    def targets(self, names: Iterable[str] | None = None) -> list[Target]:
        """All targets of the selected departments."""
        return [t for d in self.select(names) for t in d.targets()]


def default_path() -> Path:
    """The notice's registry: ``specs/registries/qinghai-2019-24.json``."""
    return specs_dir() / "registries" / "qinghai-2019-24.json"


def load(path: str | Path, text: str | None = None, allow_link_local: bool = False) -> Registry:
    """Load and validate a registry file (``text`` overrides the file's content, reported as ``path``).

    Every URL it gives (pages, websites, login pages: any ``url`` or ``website`` value) is parsed by the WHATWG
    URL parser (:func:`harness.url_safety.url_problem`): control characters, userinfo, a bad port or host, and
    link-local hosts (169.254.0.0/16, fe80::/10 in any notation, unless ``allow_link_local``) are refused.

    Raises:
        SpecError: malformed JSON, schema violation, a refused URL, duplicate department name, duplicate system
            or page id; the message names the file and JSON path.
    """
    data = specs.load(path, "registry", text)
    check_urls(data, str(path), allow_link_local)
    return from_data(data, str(path))


#: Keys whose string values in a registry are URLs the harness opens.
URL_KEYS = ("url", "website")


def check_urls(data: Any, path: str, allow_link_local: bool = False, where: str = "$") -> None:
    """Refuse every URL of registry ``data`` (values of :data:`URL_KEYS`, at any depth) that
    :func:`harness.url_safety.url_problem` refuses. Raises SpecError naming ``path`` and the JSON path."""
    from .errors import json_path
    from .personal_data import mask_url_secrets
    from .url_safety import url_problem

    def walk(v: Any, parts: list) -> None:
        if isinstance(v, dict):
            for k, x in v.items():
                if k in URL_KEYS and isinstance(x, str):
                    problem = url_problem(x, allow_link_local=allow_link_local)
                    if problem:
                        raise SpecError(path, json_path(parts + [k]), f"URL {mask_url_secrets(x)!r}: {problem}")
                else:
                    walk(x, parts + [k])
        elif isinstance(v, list):
            for i, x in enumerate(v):
                walk(x, parts + [i])

    walk(data, [])


def from_data(data: dict[str, Any], path: str) -> Registry:
    """Build a :class:`Registry` from already schema-valid data (see :func:`load`)."""
    departments: list[Department] = []
    seen_names: dict[str, int] = {}
    folders: set[str] = set()
    for i, d in enumerate(data["departments"]):
        where = f"$.departments[{i}]"
        name = d.get("name")
        if name:
            key_name = re.sub(r"\s+", "", name)
            if key_name in seen_names:
                raise SpecError(path, f"{where}.name", f"duplicate department name {name!r} (also at $.departments[{seen_names[key_name]}])")
            seen_names[key_name] = i
        table, seq = d.get("table"), d.get("seq")
        key = name or (f"{table}-{seq}" if seq else f"row-{i + 1}")
        base = safe_name(name or key, fallback="department")
        folder, n = base, 2
        while folder.casefold() in folders:
            folder, n = f"{base}-{n}", n + 1
        folders.add(folder.casefold())
        dep = Department(
            key=key, name=name, kind=d["kind"], index=i, region=d.get("region"), parent=d.get("parent"),
            seq=seq, table=table, address=d.get("address"), website=d.get("website"),
            platform=d.get("platform") or data.get("platform"),  # the registry's platform is the default
            params=d.get("params", {}), folder=folder, raw=d,
        )
        sys_ids: set[str] = set()
        dep_session = sessions_mod.parse(d["session"], path, f"{where}.session", owner=dep.key) if "session" in d else None
        for j, s in enumerate(d.get("systems", [])):
            sid = s.get("id") or _slug(s["name"], f"system-{j + 1}")
            if sid in sys_ids:
                sid = f"{sid}-{j + 1}"
                if "id" in s:
                    raise SpecError(path, f"{where}.systems[{j}].id", f"duplicate system id {s['id']!r} in department {name!r}")
            sys_ids.add(sid)
            system = System(
                id=sid, name=s["name"], kind=s.get("kind", "h5"), service_name=s.get("service_name"),
                provider=s.get("provider"), hotline=s.get("hotline"), entry=s.get("entry"),
                platform=s.get("platform"), params=s.get("params", {}), items=s.get("items"), device=s.get("device"),
            )
            if system.device is not None:
                from . import devices as devices_mod

                try:
                    devices_mod.get(system.device)
                except OptionError as e:
                    raise SpecError(path, f"{where}.systems[{j}].device", str(e).removeprefix("--device: ")) from None
            if "session" in s:
                system.session = sessions_mod.parse(s["session"], path, f"{where}.systems[{j}].session", owner=f"{dep.key}/{sid}")
            elif dep_session is not None:
                system.session = dep_session
            page_ids: set[str] = set()
            for k, p in enumerate(s["pages"]):
                pid = p.get("id") or f"p{k + 1}"
                if pid in page_ids:
                    raise SpecError(path, f"{where}.systems[{j}].pages[{k}].id", f"duplicate page id {pid!r} in system {s['name']!r}")
                page_ids.add(pid)
                journey = (journeys_mod.parse(p["steps"], path, f"{where}.systems[{j}].pages[{k}].steps")
                           if p.get("steps") else None)
                system.pages.append(Page(id=pid, url=p["url"], name=p.get("name", ""), role=p.get("role", "other"),
                                         item=p.get("item"), params=p.get("params", {}), expect=p.get("expect"),
                                         journey=journey))
            if system.items is not None:
                system.items = _items_declaration(system, path, f"{where}.systems[{j}].items")
            dep.systems.append(system)
        if dep.website and not any(s.kind == "website" for s in dep.systems):
            dep.systems.append(website_system(dep, taken=sys_ids))
        departments.append(dep)
    peers = [d.name for d in departments if d.name]
    for d in departments:
        d.peer_names = peers
    return Registry(id=data["id"], title=data["title"], path=path, departments=departments,
                    platform=data.get("platform"), params=data.get("params", {}), data=data)


#: Id of the system generated from a department's ``website`` field.
WEBSITE_SYSTEM_ID = "website"


def website_system(dep: Department, taken: set[str] | None = None) -> System:
    """The system of kind ``website`` audited for a department that has a ``website`` (its home page, one
    target ``website/home``): the 政务服务 column checks (WS-01, WS-02; notice 二.一) apply to it and the H5
    checks do not (see :func:`harness.checks.evaluate`)."""
    sid = WEBSITE_SYSTEM_ID
    n = 2
    while taken and sid in taken:
        sid, n = f"{WEBSITE_SYSTEM_ID}-{n}", n + 1
    return System(id=sid, name="门户网站", kind="website", pages=[Page(id="home", url=dep.website, name="首页", role="home")])


def _items_declaration(system: System, path: str, where: str) -> dict[str, Any]:
    """Resolve a system's ``items`` declaration (事项同源): the item library file, the list pages and the guide
    pages (page id → item code). Defaults: list pages are those with role ``list``; guide pages those with role
    ``guide`` and an ``item.code``. Raises SpecError (naming the registry file and JSON path) for an unknown page
    id or a library that does not exist or is invalid."""
    from . import catalog as catalog_mod

    decl = dict(system.items)
    ids = {p.id for p in system.pages}
    lists = decl.get("lists")
    if lists is None:
        lists = [p.id for p in system.pages if p.role == "list"]
    for k, pid in enumerate(lists):
        if pid not in ids:
            raise SpecError(path, f"{where}.lists[{k}]", f"no page {pid!r} in system {system.name!r} (pages: {', '.join(sorted(ids))})")
    guides = decl.get("guides")
    if guides is None:
        guides = {p.id: p.item["code"] for p in system.pages if p.role == "guide" and p.item and p.item.get("code")}
    for pid in guides:
        if pid not in ids:
            raise SpecError(path, f"{where}.guides", f"no page {pid!r} in system {system.name!r} (pages: {', '.join(sorted(ids))})")
    cat_path = catalog_mod.resolve(decl["catalog"], path, where=f"{where}.catalog")
    catalog_mod.load(cat_path)  # validated now, before any browser starts
    decl.update(lists=list(lists), guides=dict(guides), catalog_path=str(cat_path))
    return decl
