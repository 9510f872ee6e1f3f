"""Route discovery (``harness discover``): explore a system from its entry URL and write a registry fragment.

Every route is loaded in a fresh browser context set up as an audit's load is (device emulation, the system's login
session, the host platform's recording bridge: :func:`harness.gather.opened`). What counts as a route of the app:

- same-origin ``<a href>`` links (``how`` = ``link``; another origin's links are listed in ``external``, never
  followed); a link to a hash route (``#/route`` or ``#!/route``) is ``hash``: unlike the crawler of
  :mod:`harness.gather.links`, a different hash route IS a different page (a plain ``#anchor`` is the same page);
- routes the app makes itself: ``pushState`` / ``replaceState`` / ``hashchange`` (an init script installed before
  any page script keeps the engine's own ``History.prototype`` methods and reports through a DevTools-protocol binding
  (``Runtime.addBinding``, a native function) whose name is random per run; what it says only *labels* a URL change
  that the browser itself reports: CDP
  ``Page.navigatedWithinDocument`` and the tab's navigation history, which no page script can fake);
- page views the app reports to the host bridge (``pv``, when a ``platform`` profile is active: harness/gather/host.py);
- ``sitemap.xml`` entries (``sitemap``; the sitemaps robots.txt names, else ``/sitemap.xml``);
- controls without an ``href`` that navigate: elements with click listeners (CDP ``DOMDebugger.getEventListeners``
  over the whole document, which the page cannot hide), ``[onclick]``, ``role=link|tab|button|menuitem``, the
  outermost ``cursor:pointer`` element, ``button`` elements. Each is clicked in a FRESH load of its route; the URL it leads to is a route
  found by ``click`` (or by the history kind the click caused: ``pushState``, ``hashchange``); a click that changes
  the content but not the URL (a tab that swaps panels) gives a page ``{"url": ROUTE, "steps": [{"click": SEL}]}``.

Never clicked: controls whose text or attributes match the checklist's deny list (``discovery.deny``: 退出, 删除,
支付, 提交, logout, delete, pay, submit …), submit buttons and every button inside a ``<form>``; every request other
than GET/HEAD/OPTIONS is aborted in discovery contexts and every ``submit`` event is cancelled before the page sees it.
robots.txt is honoured for every route found (the group for :data:`ROBOTS_AGENT`, else ``*``; longest match wins,
``Allow`` on ties); the entry itself is loaded whatever robots.txt says, as the operator named it.

Bounds (checklist ``discovery``, overridable): ``depth`` (links from the entry: 0 is the entry), ``max_routes``
(pages listed), ``time_ms`` (wall time; loads still running are cancelled), ``samples`` (routes kept per pattern:
numeric, hex and uuid path segments and query values read as ``:id``, so ``#/detail/1..20`` → ``#/detail/:id``).
Loads run ``concurrency`` at a time (default 2 contexts). A control with the same selector and text on several routes
(a tab bar) is clicked once, on the first route it was seen on. The session's login (once) comes before the clock
starts. Model: Unlighthouse's route discovery and its dynamic sampling of routes of one pattern.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
import secrets as secrets_mod
import time
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from .errors import OptionError

#: The robots.txt user-agent token of the harness (a group for it, else the ``*`` group, applies).
ROBOTS_AGENT = "qh-mobile-harness"
#: Listener types that make an element a control worth clicking.
CLICK_TYPES = frozenset({"click", "tap", "touchstart", "touchend", "pointerup", "pointerdown", "mouseup", "mousedown"})
#: Most click-listener elements resolved, and most controls probed, per route.
MAX_LISTENED = 300
#: File types a link may point at that are not pages (not followed).
NOT_PAGES = re.compile(r"\.(pdf|docx?|xlsx?|pptx?|zip|rar|7z|apk|ipa|exe|dmg|jpe?g|png|gif|webp|svg|mp[34]|avi|mov|css|js|json|xml|txt)$", re.I)
_ID_SEGMENT = re.compile(r"^(\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{8,})$")
_OBJ = "qh-discover"

# The init script of discovery contexts (page world, before any page script). ``__BINDING__`` is replaced by the
# run's random binding name. It keeps the engine's History methods and Reflect.apply as they are before the page
# runs; it only labels URL changes (the browser reports them itself).
_INIT = r"""(() => {
  const name = "__BINDING__";
  const apply = Reflect.apply, H = History.prototype, orig = {pushState: H.pushState, replaceState: H.replaceState};
  let f = null;
  // The binding is the DevTools protocol's own (Runtime.addBinding: a native function taking one string), so the
  // record crosses no page built-in: no JSON.stringify, no Array method, no call/apply of the page's.
  const send = (kind) => {
    try {
      if (f === null && typeof window[name] === "function") f = window[name];
      if (f !== null) f(kind + "\n" + location.href);
    } catch (e) {}
  };
  for (const m of ["pushState", "replaceState"]) {
    const o = orig[m];
    H[m] = function (...a) { const r = apply(o, this, a); send(m); return r; };
  }
  addEventListener("hashchange", () => send("hashchange"), true);
  addEventListener("popstate", () => send("popstate"), true);
  addEventListener("submit", (e) => { e.preventDefault(); send("submit-blocked"); }, true);
})();"""

# Read in the harness's isolated world: title, same-document facts, links, form fields, a signature of the text.
_SURVEY = r"""() => {
  const vis = (el) => { const r = el.getBoundingClientRect(); if (r.width < 1 || r.height < 1) return false;
    const s = getComputedStyle(el); return s.visibility !== "hidden" && s.display !== "none"; };
  const links = [];
  for (const a of document.querySelectorAll("a[href], area[href]")) {
    if (links.length >= 2000) break;
    links.push({href: a.href, text: (a.innerText || a.getAttribute("aria-label") || a.title || "").trim().replace(/\s+/g, " ").slice(0, 60),
                rel: a.getAttribute("rel") || ""});
  }
  let fields = 0;
  for (const f of document.querySelectorAll("input, select, textarea")) {
    if (f.type === "hidden" || !vis(f)) continue; fields++;
  }
  const text = (document.body ? document.body.innerText : "").replace(/\s+/g, " ").trim();
  return {title: (document.title || "").trim(), links, fields, text: text.slice(0, 20000)};
}"""

# The controls of the page: listened elements (handed in), [onclick], roles, outermost cursor:pointer.
_CONTROLS = r"""function (arg, ...listened) {
  const out = [], index = new Map();
  const vw = innerWidth, vh = innerHeight;
  const vis = (el) => { const r = el.getBoundingClientRect(); if (r.width < 1 || r.height < 1) return false;
    const s = getComputedStyle(el); return s.visibility !== "hidden" && s.display !== "none" && s.pointerEvents !== "none"; };
  const uniq = (sel) => { try { return document.querySelectorAll(sel).length === 1; } catch (e) { return false; } };
  const css = (el) => {
    if (el.id && uniq("#" + CSS.escape(el.id))) return "#" + CSS.escape(el.id);
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && e !== document.documentElement; e = e.parentElement) {
      if (e !== el && e.id && uniq("#" + CSS.escape(e.id))) { parts.unshift("#" + CSS.escape(e.id)); break; }
      let s = e.localName;
      const cls = [...e.classList].filter((c) => /^[A-Za-z][\w-]*$/.test(c)).slice(0, 2);
      if (cls.length) s += "." + cls.join(".");
      const p = e.parentElement;
      if (p) { const same = [...p.children].filter((c) => c.localName === e.localName); if (same.length > 1) s += ":nth-of-type(" + (same.indexOf(e) + 1) + ")"; }
      parts.unshift(s);
    }
    return parts.join(" > ");
  };
  const add = (el, why) => {
    if (!el || el.nodeType !== 1 || el === document.body || el === document.documentElement) return;
    if (index.has(el)) { const c = out[index.get(el)]; if (!c.why.includes(why)) c.why.push(why); return; }
    const tag = el.localName;
    const form = el.closest("form");
    const r = el.getBoundingClientRect();
    const text = (el.innerText || "").trim().replace(/\s+/g, " ");
    const attrs = [];
    for (const a of el.attributes) if (a.name !== "style") attrs.push(a.name + "=" + a.value);
    const c = {tag, why: [why], text: text.slice(0, 60), long: text.length > 60, role: el.getAttribute("role") || "",
               label: el.getAttribute("aria-label") || el.getAttribute("title") || "", attrs: attrs.join(" ").slice(0, 500),
               css: css(el), in_link: !!el.closest("a[href]"), in_form: !!form,
               submit: !!((tag === "button" && form && (el.getAttribute("type") || "submit").toLowerCase() === "submit") ||
                          (tag === "input" && ["submit", "image", "reset"].includes((el.type || "").toLowerCase()))),
               visible: vis(el), large: r.width * r.height > 0.5 * vw * vh};
    c.field = ["input", "select", "textarea", "option", "label"].includes(tag) && !c.submit;
    index.set(el, out.length); out.push(c);
  };
  for (const el of listened) add(el, "listener");
  for (const el of document.querySelectorAll("[onclick]")) add(el, "onclick");
  for (const el of document.querySelectorAll("[role=link], [role=tab], [role=button], [role=menuitem]")) add(el, "role");
  for (const el of document.querySelectorAll("button, input[type=button], input[type=submit], input[type=image]")) add(el, "button");
  let n = 0;
  for (const el of document.body ? document.body.querySelectorAll("*") : []) {
    if (++n > 5000) break;
    if (getComputedStyle(el).cursor !== "pointer") continue;
    const p = el.parentElement;
    if (p && getComputedStyle(p).cursor === "pointer") continue;
    if (el.localName === "a" && el.hasAttribute("href")) continue;
    add(el, "pointer");
  }
  return out;
}"""

_TEXT = "() => (document.body ? document.body.innerText : '').replace(/\\s+/g, ' ').trim().slice(0, 20000)"

_FETCH = r"""async (u) => {
  try { const r = await fetch(u, {credentials: "same-origin", redirect: "follow", cache: "no-store"});
        return {status: r.status, url: r.url, text: r.ok ? (await r.text()).slice(0, 1000000) : ""}; }
  catch (e) { return {status: 0, error: String(e).slice(0, 200)}; }
}"""


@dataclass
class DiscoveredPage:
    """A page discovery found.

    Attributes:
        id: a stable slug from the route (``home``, ``news``, ``detail-1``), unique in the discovery.
        name: the document title, or the text of the link or control that led there (when titles repeat).
        url: the page's URL (for a page reached by steps: the route it starts on).
        steps: None, or the registry steps that reach it from ``url`` (``[{"click": SELECTOR}]``).
        role: ``home`` (the entry), ``form`` (visible form fields), or None.
        how: ``entry``, ``link``, ``hash``, ``pushState``, ``replaceState``, ``hashchange``, ``pv``, ``click`` or
            ``sitemap``: how the route was found.
        depth: links and clicks from the entry (0).
        from_url: the page it was found on (the sitemap's URL for ``sitemap``), None for the entry.
        fields: visible form fields (input, select, textarea; not hidden) on the page.
        control: the selector of the control clicked to get there (``how`` click or a history kind), else None.
    """

    id: str
    name: str
    url: str | None
    steps: list | None
    role: str | None
    how: str
    depth: int
    from_url: str | None
    fields: int
    control: str | None = None
    title: str = ""
    hint: str = ""

    def registry_page(self) -> dict[str, Any]:
        """The page in the registry's format (``specs/schemas/registry.schema.json``, system ``pages`` item):
        {"id", "name", "url"} (+ "steps", + "role" when guessed)."""
        out: dict[str, Any] = {"id": self.id, "name": self.name, "url": self.url}
        if self.steps:
            out["steps"] = list(self.steps)
        if self.role:
            out["role"] = self.role
        return out

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in dataclasses.asdict(self).items() if k not in ("title", "hint")}


@dataclass
class Discovery:
    """What :func:`discover` found.

    Attributes:
        entry: the entry URL as given.
        pages: the pages, in the order found (the entry first).
        external: other-origin URLs linked to (not followed), sorted.
        not_followed: [{"url" or "selector", "reason", "from"?}]: denied controls, robots.txt, bounds (depth,
            max_routes, time), sampled routes, redirects, errors.
        patterns: [{"pattern", "seen", "kept"}] for URL patterns with ``:id`` parts.
        bounds: {"depth", "max_routes", "time_ms", "samples", "hit": [the bounds that stopped something]}.
        loads: page loads made (fresh contexts). elapsed_ms: wall time, ms (the login, if any, not counted).
        robots: what robots.txt said: {"url", "status", "agent" (the group used: ``*`` or ROBOTS_AGENT), "rules",
            "sitemaps", "sitemap_urls"?}, None when the entry did not load.
    """

    entry: str
    pages: list[DiscoveredPage]
    external: list[str]
    not_followed: list[dict[str, Any]]
    patterns: list[dict[str, Any]]
    bounds: dict[str, Any]
    loads: int
    elapsed_ms: float
    robots: dict[str, Any] | None = None

    def fragment(self) -> dict[str, Any]:
        """{"pages": [...]}: the registry's own page format, ready to paste into a system."""
        return {"pages": [p.registry_page() for p in self.pages]}

    def to_json(self) -> dict[str, Any]:
        """The whole report as plain data."""
        return {"entry": self.entry, "pages": [p.to_json() for p in self.pages], "external": self.external,
                "not_followed": self.not_followed, "patterns": self.patterns, "bounds": self.bounds,
                "loads": self.loads, "elapsed_ms": round(self.elapsed_ms, 1), "robots": self.robots}

    def report_lines(self) -> list[str]:
        """A short text report: what was found, what could not be followed and why, which bounds were hit."""
        lines = [f"{len(self.pages)} page(s) found from {self.entry} in {self.elapsed_ms / 1000:.1f} s, {self.loads} load(s)"]
        hows: dict[str, int] = {}
        for p in self.pages:
            hows[p.how] = hows.get(p.how, 0) + 1
        lines.append("  by how: " + ", ".join(f"{k} {v}" for k, v in sorted(hows.items())))
        for p in self.patterns:
            lines.append(f"  pattern {p['pattern']}: {p['seen']} seen, {p['kept']} kept")
        if self.external:
            lines.append(f"  external (not followed): {len(self.external)}")
        for n in self.not_followed:
            if n["reason"].startswith("sampled:"):  # counted in the pattern lines
                continue
            lines.append(f"  not followed: {n.get('url') or n.get('selector')}: {n['reason']}")
        lines.append("  bounds hit: " + (", ".join(self.bounds.get("hit") or []) or "none"))
        return lines


# ---------------------------------------------------------------- URLs, patterns, robots.txt

def is_hash_route(fragment: str) -> bool:
    """True for a fragment that names a route of a hash router (``/x``, ``!/x``), not an in-page anchor."""
    return fragment.startswith("/") or fragment.startswith("!/")


def route_key(url: str) -> str:
    """``url`` as discovery tells routes apart: scheme and host lower-cased, the fragment kept only when it is a
    hash route (``#/news``), an empty query dropped."""
    p = urlsplit(url)
    frag = p.fragment if is_hash_route(p.fragment) else ""
    return urlunsplit((p.scheme.lower(), p.netloc.lower(), p.path or "/", p.query, frag))


def pattern_of(url: str) -> str:
    """The pattern of a route: path segments, hash-route segments and query values that are ids (numbers, hex of
    8+ characters with a digit, UUIDs) become ``:id``: ``…#/detail/7`` → ``…#/detail/:id``."""
    p = urlsplit(route_key(url))

    def segs(path: str) -> str:
        return "/".join(":id" if _ID_SEGMENT.match(s) else s for s in path.split("/"))

    def query(q: str) -> str:
        return "&".join(f"{k}={':id' if _ID_SEGMENT.match(v) else v}" for k, v in parse_qsl(q, keep_blank_values=True))

    frag = p.fragment
    if frag:
        fpath, _, fq = frag.partition("?")
        frag = segs(fpath) + (f"?{query(fq)}" if fq else "")
    return urlunsplit((p.scheme, p.netloc, segs(p.path), query(p.query), frag))


@dataclass
class Robots:
    """The robots.txt rules that apply to the harness: ``rules`` = [(allow, pattern)], ``sitemaps`` = URLs."""

    rules: list[tuple[bool, str]] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    agent: str = ""

    def allows(self, url: str) -> bool:
        """Whether ``url``'s path (and query) may be fetched: the longest matching rule decides, ``Allow`` wins a
        tie; ``*`` matches any characters and a final ``$`` anchors (RFC 9309)."""
        p = urlsplit(url)
        path = (p.path or "/") + (f"?{p.query}" if p.query else "")
        best: tuple[int, bool] | None = None
        for allow, pat in self.rules:
            if not pat:
                continue
            rx = "^" + re.escape(pat).replace(r"\*", ".*")
            if rx.endswith(r"\$"):
                rx = rx[:-2] + "$"
            if re.match(rx, path):
                cand = (len(pat), allow)
                if best is None or cand[0] > best[0] or (cand[0] == best[0] and allow):
                    best = cand
        return True if best is None else best[1]


def parse_robots(text: str, agent: str = ROBOTS_AGENT) -> Robots:
    """The rules of robots.txt ``text`` for ``agent`` (its own group, else ``*``), and every ``Sitemap:`` URL."""
    groups: list[tuple[list[str], list[tuple[bool, str]]]] = []
    sitemaps: list[str] = []
    cur: tuple[list[str], list[tuple[bool, str]]] | None = None
    last_was_agent = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        k, v = (s.strip() for s in line.split(":", 1))
        k = k.lower()
        if k == "user-agent":
            if cur is None or not last_was_agent:
                cur = ([], [])
                groups.append(cur)
            cur[0].append(v.lower())
            last_was_agent = True
            continue
        last_was_agent = False
        if k == "sitemap":
            sitemaps.append(v)
        elif k in ("allow", "disallow") and cur is not None:
            cur[1].append((k == "allow", v))
    own = [g for g in groups if any(a != "*" and a in agent.lower() for a in g[0])]
    star = [g for g in groups if "*" in g[0]]
    chosen = own or star
    return Robots(rules=[r for g in chosen for r in g[1]], sitemaps=sitemaps, agent=(agent if own else "*") if chosen else "")


def sitemap_locs(text: str) -> tuple[list[str], list[str]]:
    """(page URLs, nested sitemap URLs) of a sitemap or sitemap index (``<loc>`` of ``<url>`` / ``<sitemap>``)."""
    pages, nested = [], []
    for m in re.finditer(r"<(url|sitemap)\b[^>]*>(.*?)</\1>", text, re.S | re.I):
        loc = re.search(r"<loc>\s*(.*?)\s*</loc>", m.group(2), re.S | re.I)
        if loc:
            u = loc.group(1).replace("&amp;", "&")
            (nested if m.group(1).lower() == "sitemap" else pages).append(u)
    return pages, nested


def deny_match(control: dict[str, Any], deny: list[str]) -> str | None:
    """The deny-list word ``control`` (text, aria-label/title, attributes) matches, or None. Words with Latin
    letters match at a word start (``pay`` matches ``payBtn`` and ``pay-now``, not ``display``); others anywhere."""
    raw = " ".join(str(control.get(k) or "") for k in ("text", "label", "attrs"))
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", raw).lower()
    for w in deny:
        wl = w.lower()
        if re.search(r"[a-z]", wl):
            if re.search(r"(?<![a-z])" + re.escape(wl), spaced):
                return w
        elif wl in spaced:
            return w
    return None


def _slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9._-]+", "-", text or "").strip("-._")
    return s[:40].strip("-._")


def page_slug(url: str, entry: str) -> str:
    """The id base of a route: its hash-route segments (``#/detail/1`` → ``detail-1``), else its path below the
    entry's folder without ``index.html`` or extension, plus query values; ``home`` when nothing is left."""
    p, e = urlsplit(url), urlsplit(entry)
    if is_hash_route(p.fragment):
        fpath, _, fq = p.fragment.lstrip("!").partition("?")
        parts = [s for s in fpath.split("/") if s] + [v for _, v in parse_qsl(fq)]
    else:
        base = e.path.rsplit("/", 1)[0] + "/"
        path = p.path[len(base):] if p.path.startswith(base) else p.path
        path = re.sub(r"(^|/)index\.[a-z]+$", "", path)
        path = re.sub(r"\.[A-Za-z0-9]+$", "", path)
        parts = [s for s in path.split("/") if s] + [v for _, v in parse_qsl(p.query)]
    return _slug("-".join(parts)) or "home"


def default_policy() -> dict[str, Any]:
    """The discovery block of the default checklist (:attr:`harness.checklist.Checklist.discovery`)."""
    from . import checklist as checklist_mod

    return checklist_mod.load().discovery


# ---------------------------------------------------------------- the explorer

@dataclass
class _Job:
    kind: str  # "route" | "probe"
    url: str
    depth: int
    how: str = ""
    from_url: str | None = None
    hint: str = ""
    control: dict[str, Any] | None = None
    page: DiscoveredPage | None = None


class _Explorer:
    """One discovery: the queue of route loads and click probes, the pages found and what was not followed."""

    def __init__(self, browser, entry: str, options, policy: dict[str, Any], info: dict[str, Any], concurrency: int,
                 progress: Callable[[str], None] | None):
        self.browser, self.entry, self.options, self.policy, self.info = browser, entry, options, policy, info
        self.concurrency = max(1, int(concurrency or 1))
        self.progress = progress or (lambda s: None)
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(entry)).lower()
        self.binding = "__qhd" + secrets_mod.token_hex(6)
        self.pages: list[DiscoveredPage] = []
        self.keys: dict[str, DiscoveredPage | None] = {}  # route key → its page (None: queued, or not a page)
        self.patterns: dict[str, dict[str, Any]] = {}
        self.external: set[str] = set()
        self.not_followed: list[dict[str, Any]] = []
        self.hit: set[str] = set()
        self.controls_seen: set[tuple[str, str]] = set()
        self.states_seen: set[tuple[str, int]] = set()
        self.robots: Robots | None = None
        self.robots_info: dict[str, Any] | None = None
        self.loads = 0
        self.queue: asyncio.PriorityQueue = asyncio.PriorityQueue()
        self.seq = 0
        self.t0 = time.monotonic()
        self.deadline = self.t0 + int(policy["time_ms"]) / 1000
        self.queued_routes = 0

    # -- bookkeeping

    def _skip(self, what: str, value: str, reason: str, frm: str | None = None) -> None:
        entry = {what: value, "reason": reason}
        if frm:
            entry["from"] = frm
        if entry not in self.not_followed:
            self.not_followed.append(entry)

    def _put(self, job: _Job) -> None:
        self.seq += 1
        self.queue.put_nowait((job.depth, 0 if job.kind == "route" else 1, self.seq, job))

    def offer(self, url: str, depth: int, how: str, from_url: str | None, hint: str = "", control: str | None = None) -> None:
        """Consider ``url`` as a route: same origin, a page, allowed by robots.txt, within bounds, sampled."""
        p = urlsplit(url)
        if p.scheme not in ("http", "https"):
            return
        origin = f"{p.scheme}://{p.netloc}".lower()
        if origin != self.origin:
            self.external.add(urlunsplit((p.scheme, p.netloc, p.path, p.query, "")))
            return
        key = route_key(url)
        if key in self.keys:
            return
        if NOT_PAGES.search(p.path):
            self.keys[key] = None
            self._skip("url", key, "not a page (file type)", from_url)
            return
        if self.robots is not None and not self.robots.allows(key):
            self.keys[key] = None
            self._skip("url", key, f"robots.txt disallows it for {self.robots.agent or '*'}", from_url)
            return
        if depth > int(self.policy["depth"]):
            self.hit.add("depth")
            self._skip("url", key, f"depth {depth} is beyond the bound {self.policy['depth']}", from_url)
            self.keys[key] = None
            return
        pat = pattern_of(key)
        if pat != key:
            rec = self.patterns.setdefault(pat, {"pattern": pat, "seen": 0, "kept": 0})
            rec["seen"] += 1
            if rec["kept"] >= int(self.policy["samples"]):
                self.keys[key] = None
                self._skip("url", key, f"sampled: {rec['kept']} routes of pattern {pat} are kept")
                return
            rec["kept"] += 1
        if self.queued_routes >= int(self.policy["max_routes"]):
            self.hit.add("max_routes")
            self.keys[key] = None
            self._skip("url", key, f"max_routes {self.policy['max_routes']} reached", from_url)
            if pat != key:
                self.patterns[pat]["kept"] -= 1
            return
        self.keys[key] = None
        self.queued_routes += 1
        self._put(_Job("route", url, depth, how=how, from_url=from_url, hint=hint, control={"selector": control} if control else None))

    def add_page(self, page: DiscoveredPage) -> DiscoveredPage:
        self.pages.append(page)
        self.progress(f"  found {page.url}{' + steps' if page.steps else ''} ({page.how}, depth {page.depth})")
        return page

    # -- loads

    def _opts(self):
        async def guard(route):
            req = route.request
            if req.method.upper() not in ("GET", "HEAD", "OPTIONS"):
                self._skip("url", req.url[:300], f"blocked: a {req.method} request (discovery never sends data)")
                await route.abort()
            else:
                await route.fallback()

        init = _INIT.replace("__BINDING__", self.binding)
        return dataclasses.replace(self.options, init_scripts=[*self.options.init_scripts, init],
                                   route_handlers=[*self.options.route_handlers, ("**/*", guard)],
                                   optional_stages=set(), journey=None, screenshot=False)

    def _open(self, url: str):
        from .gather import opened

        self.loads += 1
        return opened(self.browser, url, self._opts(), {**self.info, "url": url})

    async def _watch(self, run) -> list[dict[str, Any]]:
        """Start recording URL changes of ``run``'s page: [{"kind", "url"}] (kinds from the init script; a change
        the browser reports that the script did not label is ``hashchange`` for a fragment, else ``pushState``)."""
        events: list[dict[str, Any]] = []

        def on_binding(ev):
            if ev.get("name") != self.binding or not isinstance(ev.get("payload"), str) or "\n" not in ev["payload"]:
                return
            kind, url = ev["payload"].split("\n", 1)
            events.append({"kind": kind[:20], "url": url[:2000], "src": "script"})

        def on_nav(ev):
            if ev.get("frameId") and ev.get("url"):
                t = ev.get("navigationType")
                events.append({"kind": "hashchange" if t == "fragment" else "pushState", "url": ev["url"], "src": "cdp"})

        run.cdp.on("Runtime.bindingCalled", on_binding)
        run.cdp.on("Page.navigatedWithinDocument", on_nav)
        try:
            await run.cdp.send("Runtime.addBinding", {"name": self.binding})
        except Exception:
            pass
        try:
            await run.cdp.send("Page.enable")
        except Exception:
            pass
        return events

    @staticmethod
    def _kind_of(events: list[dict[str, Any]], url: str) -> str | None:
        key = route_key(url)
        labelled = [e["kind"] for e in events if e["src"] == "script" and route_key(e["url"]) == key
                    and e["kind"] in ("pushState", "replaceState", "hashchange")]
        if labelled:
            return labelled[-1]
        seen = [e["kind"] for e in events if e["src"] == "cdp" and route_key(e["url"]) == key]
        return seen[-1] if seen else None

    async def _history(self, run) -> list[str]:
        try:
            h = await run.cdp.send("Page.getNavigationHistory")
            return [e["url"] for e in h.get("entries", []) if e.get("url")]
        except Exception:
            return []

    def _pv_urls(self, run) -> list[tuple[str, str]]:
        """(url, name) of the page views the app reported to the host bridge (a platform profile is active)."""
        out = []
        for c in ((run.artifacts.get("bridge") or {}).get("calls") or []):
            if c.get("kind") != "pv":
                continue
            params = c.get("params") if isinstance(c.get("params"), dict) else {}
            name = next((str(params[k]) for k in ("pageName", "page_name", "title") if params.get(k)), "")
            for k in ("url", "pageUrl", "page_url", "href"):
                v = params.get(k)
                if isinstance(v, str) and (v.startswith("http") or v.startswith("#/") or v.startswith("/")):
                    out.append((urljoin(c.get("url") or self.entry, v), name))
            if c.get("url"):
                out.append((c["url"], name))
        return out

    async def _listened(self, run, world) -> list[str]:
        """Remote object ids, in the isolated world, of the elements with click-like listeners (CDP)."""
        cdp = run.cdp
        try:
            doc = await cdp.send("Runtime.evaluate", {"expression": "document", "contextId": world.context_id,
                                                      "objectGroup": _OBJ})
            res = await cdp.send("DOMDebugger.getEventListeners", {"objectId": doc["result"]["objectId"], "depth": -1, "pierce": True})
        except Exception:
            return []
        ids: list[int] = []
        for lst in res.get("listeners", []):
            b = lst.get("backendNodeId")
            if lst.get("type") in CLICK_TYPES and b and b not in ids:
                ids.append(b)
        out = []
        for b in ids[:MAX_LISTENED]:
            try:
                r = await cdp.send("DOM.resolveNode", {"backendNodeId": b, "executionContextId": world.context_id, "objectGroup": _OBJ})
                out.append(r["object"]["objectId"])
            except Exception:
                continue
        return out

    async def _controls(self, run) -> list[dict[str, Any]]:
        world = await run.world()
        objs = await self._listened(run, world)
        try:
            resp = await run.cdp.send("Runtime.callFunctionOn", {
                "functionDeclaration": _CONTROLS, "executionContextId": world.context_id,
                "arguments": [{"value": None}] + [{"objectId": o} for o in objs], "returnByValue": True})
        finally:
            try:
                await run.cdp.send("Runtime.releaseObjectGroup", {"objectGroup": _OBJ})
            except Exception:
                pass
        return (resp.get("result") or {}).get("value") or []

    async def _selector(self, run, c: dict[str, Any]) -> str | None:
        """A Playwright selector that matches exactly this one control on the page: ``role=ROLE[name="…"]``, else
        ``text="…"``, else its CSS path."""
        text = c.get("text") or ""
        cands = []
        name = c.get("label") or text
        if c.get("role") in ("tab", "link", "button", "menuitem") and name and '"' not in name:
            cands.append(f'role={c["role"]}[name="{name}"]')
        if text and '"' not in text and not c.get("long"):
            cands.append(f'text="{text}"')
        if c.get("css"):
            cands.append(c["css"] if not c["css"].startswith(("text=", "role=")) else f"css={c['css']}")
        for sel in cands:
            try:
                loc = run.page.locator(sel)
                if await loc.count() == 1 and await loc.first.is_visible():
                    return sel
            except Exception:
                continue
        return None

    async def survey(self, job: _Job) -> None:
        """Load a route fresh: record its page, offer its links, app-made routes and page views, queue its controls."""
        from .gather import GatherError

        try:
            async with self._open(job.url) as run:
                events = await self._watch(run)
                final = run.page.url
                facts = await run.evaluate(_SURVEY) or {}
                if job.depth == 0 and self.robots is None:
                    await self._site_files(run)
                fkey = route_key(final)
                fp = urlsplit(final)
                if job.depth == 0 and fp.hostname == urlsplit(self.entry).hostname and fp.scheme in ("http", "https"):
                    self.origin = f"{fp.scheme}://{fp.netloc}".lower()  # the entry moved to https or another port
                if urlsplit(final).scheme not in ("http", "https") or "{0.scheme}://{0.netloc}".format(urlsplit(final)).lower() != self.origin:
                    self._skip("url", route_key(job.url), f"redirected off the system's origin to {final}", job.from_url)
                    self.external.add(final)
                    return
                if isinstance(self.keys.get(fkey), DiscoveredPage):  # listed already (another route led there first)
                    if fkey != route_key(job.url) and job.depth > 0:
                        self._skip("url", route_key(job.url), f"redirected to {fkey}", job.from_url)
                    self.queued_routes -= 1
                    return
                if fkey != route_key(job.url):
                    if job.depth > 0:
                        self._skip("url", route_key(job.url), f"redirected to {fkey}", job.from_url)
                    self.keys[fkey] = None
                how = job.how
                if job.depth == 0:
                    how = "entry"
                page = self.add_page(DiscoveredPage(
                    id="", name="", url=final, steps=None, role="home" if job.depth == 0 else ("form" if facts.get("fields") else None),
                    how=how, depth=job.depth, from_url=job.from_url, fields=int(facts.get("fields") or 0),
                    control=(job.control or {}).get("selector"), title=facts.get("title") or "", hint=job.hint))
                self.keys[route_key(job.url)] = page
                self.keys[fkey] = page
                self.states_seen.add((fkey, hash(facts.get("text") or "")))
                nd = job.depth + 1
                for link in facts.get("links") or []:
                    href = link.get("href") or ""
                    frag = urlsplit(href).fragment
                    same_doc = route_key(href.split("#")[0]) == route_key(final.split("#")[0])
                    self.offer(href, nd, "hash" if is_hash_route(frag) and same_doc else "link", final, link.get("text") or "")
                for u in await self._history(run):
                    if route_key(u) != fkey:
                        self.offer(u, nd, self._kind_of(events, u) or "pushState", final)
                for u, name in self._pv_urls(run):
                    self.offer(u, nd, "pv", final, name)
                await self._queue_controls(run, page)
        except GatherError as e:
            self._skip("url", route_key(job.url), f"error: {e}", job.from_url)

    async def _queue_controls(self, run, page: DiscoveredPage) -> None:
        controls = await self._controls(run)
        deny = list(self.policy.get("deny") or [])
        probes = 0
        for c in controls:
            if not c.get("visible") or c.get("in_link") or c.get("field") or c.get("large"):
                continue
            word = deny_match(c, deny)
            label = c.get("text") or c.get("label") or c.get("css")
            if word or c.get("submit") or (c.get("in_form") and c.get("tag") == "button"):
                why = f"denied: matches {word!r} of the deny list" if word else "denied: it would submit a form"
                self._skip("selector", c.get("css") or label, f"{why} ({label})", page.url)
                continue
            sel = await self._selector(run, c)
            if sel is None:
                continue
            sig = (sel, c.get("text") or "")
            if sig in self.controls_seen:
                continue
            self.controls_seen.add(sig)
            if page.depth >= int(self.policy["depth"]):
                self.hit.add("depth")
                self._skip("selector", sel, f"not clicked: its page is at the depth bound {self.policy['depth']}", page.url)
                continue
            if probes >= int(self.policy.get("controls_per_route", 30)):
                self._skip("selector", sel, "not clicked: controls_per_route reached", page.url)
                continue
            probes += 1
            self._put(_Job("probe", page.url, page.depth + 1, from_url=page.url, control={**c, "selector": sel}, page=page))

    async def probe(self, job: _Job) -> None:
        """Click one control in a fresh load of its route and record where it leads."""
        from .gather import GatherError, _settle

        sel = job.control["selector"]
        text = job.control.get("text") or job.control.get("label") or ""
        try:
            async with self._open(job.url) as run:
                events = await self._watch(run)
                before = route_key(run.page.url)
                try:
                    await run.page.locator(sel).first.click(timeout=int(self.policy.get("click_ms", 3000)))
                except Exception as e:
                    self._skip("selector", sel, f"error: could not click it ({str(e).splitlines()[0][:150]})", job.url)
                    return
                try:
                    await _settle(run)
                except Exception:
                    pass
                now = run.page.url
                popups = [p.get("url") for p in run.artifacts.get("popups") or [] if p.get("url") not in (None, "", "about:blank")]
                targets = ([now] if route_key(now) != before else []) + popups
                if targets:
                    for u in targets:
                        kind = self._kind_of(events, u) or "click"
                        if kind == "popstate":
                            kind = "click"
                        self.offer(u, job.depth, kind, job.url, text, control=sel)
                    return
                facts = await run.evaluate(_SURVEY) or {}
                state = (route_key(now), hash(facts.get("text") or ""))
                if state in self.states_seen:
                    return
                self.states_seen.add(state)
                if self.queued_routes >= int(self.policy["max_routes"]):
                    self.hit.add("max_routes")
                    self._skip("selector", sel, f"max_routes {self.policy['max_routes']} reached", job.url)
                    return
                self.queued_routes += 1
                self.add_page(DiscoveredPage(
                    id="", name="", url=job.page.url, steps=[{"click": sel}], role="form" if facts.get("fields") else None,
                    how="click", depth=job.depth, from_url=job.url, fields=int(facts.get("fields") or 0), control=sel,
                    title="", hint=text or sel, ))
        except GatherError as e:
            self._skip("selector", sel, f"error: {e}", job.url)

    async def _site_files(self, run) -> None:
        """Read robots.txt and the sitemaps (from the entry's page, same origin)."""
        r = await run.evaluate(_FETCH, self.origin + "/robots.txt") or {}
        self.robots = parse_robots(r.get("text") or "") if r.get("status") == 200 else Robots()
        self.robots_info = {"url": self.origin + "/robots.txt", "status": r.get("status"), "agent": self.robots.agent or None,
                            "rules": len(self.robots.rules), "sitemaps": list(self.robots.sitemaps)}
        maps = [u for u in self.robots.sitemaps if u.lower().startswith(self.origin)] or [self.origin + "/sitemap.xml"]
        done = 0
        while maps and done < 5:
            u = maps.pop(0)
            done += 1
            s = await run.evaluate(_FETCH, u) or {}
            if s.get("status") != 200:
                continue
            pages, nested = sitemap_locs(s.get("text") or "")
            maps.extend(n for n in nested if n.lower().startswith(self.origin))
            self.robots_info.setdefault("sitemap_urls", 0)
            self.robots_info["sitemap_urls"] += len(pages)
            for p in pages:
                self.offer(p, 1, "sitemap", u)

    async def _worker(self) -> None:
        while True:
            _, _, _, job = await self.queue.get()
            try:
                if time.monotonic() >= self.deadline:
                    self.hit.add("time")
                    self._skip("url" if job.kind == "route" else "selector",
                               job.url if job.kind == "route" else job.control["selector"], "time_ms reached", job.from_url)
                    continue
                if job.kind == "route":
                    await self.survey(job)
                else:
                    await self.probe(job)
            except asyncio.CancelledError:  # the time bound: the load in flight is given up
                self._skip("url" if job.kind == "route" else "selector",
                           job.url if job.kind == "route" else job.control["selector"], "time_ms reached", job.from_url)
                raise
            except Exception as e:  # one route's failure never ends the discovery
                self._skip("url" if job.kind == "route" else "selector",
                           job.url if job.kind == "route" else job.control["selector"],
                           f"error: {type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}", job.from_url)
            finally:
                self.queue.task_done()

    async def run(self) -> Discovery:
        self.keys[route_key(self.entry)] = None
        self.queued_routes = 1
        self._put(_Job("route", self.entry, 0, how="entry"))
        workers = [asyncio.ensure_future(self._worker()) for _ in range(self.concurrency)]
        try:
            await asyncio.wait_for(self.queue.join(), max(0.0, self.deadline - time.monotonic()))
        except asyncio.TimeoutError:
            self.hit.add("time")
        finally:
            for w in workers:
                w.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
        while not self.queue.empty():
            _, _, _, job = self.queue.get_nowait()
            self._skip("url" if job.kind == "route" else "selector",
                       job.url if job.kind == "route" else job.control["selector"], "time_ms reached", job.from_url)
        self._name_pages()
        return Discovery(
            entry=self.entry, pages=self.pages, external=sorted(self.external), not_followed=self.not_followed,
            patterns=[p for p in self.patterns.values() if p["seen"] > 0],
            bounds={"depth": int(self.policy["depth"]), "max_routes": int(self.policy["max_routes"]),
                    "time_ms": int(self.policy["time_ms"]), "samples": int(self.policy["samples"]), "hit": sorted(self.hit)},
            loads=self.loads, elapsed_ms=(time.monotonic() - self.t0) * 1000, robots=self.robots_info)

    def _name_pages(self) -> None:
        titles: dict[str, int] = {}
        for p in self.pages:
            if p.title:
                titles[p.title] = titles.get(p.title, 0) + 1
        ids: set[str] = set()
        by_url: dict[str, str] = {}
        for p in self.pages:
            if p.steps:
                base = by_url.get(p.url or "", page_slug(p.url or self.entry, self.entry))
                tail = _slug(p.hint) if p.hint and not p.hint.startswith(("#", ".", "text=", "role=")) else ""
                base = f"{base}-{tail or 'view'}"
            else:
                base = "home" if p.how == "entry" else page_slug(p.url or self.entry, self.entry)
            pid, n = base, 2
            while pid in ids:
                pid, n = f"{base}-{n}", n + 1
            ids.add(pid)
            p.id = pid
            if not p.steps:
                by_url.setdefault(p.url or "", pid)
            if p.steps:
                p.name = p.hint or pid
            elif p.title and (titles[p.title] == 1 or not p.hint):
                p.name = p.title
            else:
                p.name = p.hint or p.title or pid


def _check_policy(policy: dict[str, Any], where: str) -> dict[str, Any]:
    for k in ("depth", "max_routes", "time_ms", "samples"):
        v = policy.get(k)
        if not isinstance(v, int) or isinstance(v, bool) or v < (0 if k == "depth" else 1):
            raise OptionError(f"{where}: discovery {k} must be a whole number ≥ {0 if k == 'depth' else 1}, got {v!r}")
    return policy


async def discover(browser, entry: str, options=None, *, policy: dict | None = None, session=None,
                   storage_state=None, extra_http_headers=None, cookies=None, platform=None,
                   concurrency: int = 2, progress=None) -> Discovery:
    """Explore the system whose entry is ``entry`` (an http(s) URL) in ``browser`` (a Playwright Browser).

    Args:
        options: :class:`harness.gather.GatherOptions` of the loads (device, time budgets; default GatherOptions()).
        policy: the bounds and deny list (``depth``, ``max_routes``, ``time_ms`` in ms, ``samples``, ``deny``,
            optional ``click_ms``, ``controls_per_route``); default the checklist's ``discovery`` block
            (:attr:`harness.checklist.Checklist.discovery`).
        session: a :class:`harness.sessions.Session` (a registry system's ``session``): its login runs once
            (:class:`harness.sessions.Sessions`), its storage state, headers and cookies go to every context.
        storage_state, extra_http_headers, cookies: given to every context (override the session's).
        platform: a host platform profile name (``qingsongban`` …): pages open in its recording host, whose page
            views (``pv``) are routes too.
        concurrency: contexts loaded at once (default 2).
        progress: called with one line per page found.

    Returns:
        :class:`Discovery`.

    Raises:
        OptionError: ``entry`` is not an http(s) URL, or a policy value is not a whole number in range.
        harness.sessions.LoginFailed: the session's login failed.
    """
    from .gather import GatherOptions, options_for_target
    from .sessions import Sessions

    p = urlsplit(entry or "")
    if p.scheme not in ("http", "https") or not p.netloc:
        raise OptionError(f"{entry}: discovery starts from an http or https URL")
    policy = _check_policy(dict(policy if policy is not None else default_policy()), "policy")
    options = options or GatherOptions()
    info = {"url": entry, "platform": platform, "system_kind": "h5"}
    options = options_for_target(options, info)
    if session is not None:
        options = dataclasses.replace(options, **(await Sessions().options(session, browser, options, info)))
    extra = {k: v for k, v in (("storage_state", storage_state), ("extra_http_headers", extra_http_headers),
                               ("cookies", cookies)) if v is not None}
    if extra:
        options = dataclasses.replace(options, **extra)
    return await _Explorer(browser, entry, options, policy, info, concurrency, progress).run()


def run_discover(entry: str, options=None, *, browser_options=None, **kwargs) -> Discovery:
    """:func:`discover` with its own Playwright and Chromium (``browser_options``: :class:`harness.browser.BrowserOptions`);
    for the CLI and scripts. Same arguments and errors as :func:`discover`, plus BrowserError."""
    from playwright.async_api import async_playwright

    from .browser import BrowserOptions, start

    async def go() -> Discovery:
        async with async_playwright() as pw:
            browser = await start(pw, browser_options or BrowserOptions())
            try:
                return await discover(browser, entry, options, **kwargs)
            finally:
                await browser.close()

    return asyncio.run(go())


def write_json(path: str, data: Any) -> None:
    """Write ``data`` as UTF-8 JSON (indented) to ``path``, masked as every output is
    (:func:`harness.personal_data.scrub`: URL secrets such as the SSO ticket, personal numbers)."""
    from pathlib import Path

    from .personal_data import scrub

    Path(path).write_text(json.dumps(scrub(data), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
