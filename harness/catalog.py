"""Item libraries (政务服务事项库, ``specs/catalogs/*.json``): the service items the review office approved, with
their code, name, type, basis (设定依据) and service guide elements (办事指南要素).

青政公〔2019〕24号 一 requires every item a 政务服务 column (or a department's app) shows to agree with the library
(同源: code, name, type, basis, guide), and forbids showing or offering online an item outside it. The format is
``specs/schemas/catalog.schema.json``; :func:`load` validates a library and its internal consistency, and
:class:`Catalog` answers the questions the checks SV-01 and SV-02 ask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import specs
from .errors import SpecError
from .paths import specs_dir

#: Labels under which a page shows an item's identity (not guide elements).
IDENTITY_LABELS = {"code": ["事项编码", "实施编码", "事项代码", "编码"], "name": ["事项名称", "名称"], "type": ["事项类型", "类型"]}


def norm(text: str | None) -> str:
    """``text`` without whitespace and the punctuation around labels (：:【】[]（）"“”), for comparisons."""
    return re.sub(r"[\s：:【】\[\]“”\"'‘’]+", "", text or "")


@dataclass
class Catalog:
    """A loaded item library. ``items`` keep file order; ``by_code`` indexes them."""

    id: str
    title: str
    version: str
    path: str
    elements: dict[str, dict[str, Any]]
    required_elements: list[str]
    items: list[dict[str, Any]]
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def by_code(self) -> dict[str, dict[str, Any]]:
        return {i["code"]: i for i in self.items}

    def by_name(self, name: str) -> list[dict[str, Any]]:
        """Items whose name equals ``name`` (whitespace ignored)."""
        n = norm(name)
        return [i for i in self.items if norm(i["name"]) == n]

    def required_for(self, item: dict[str, Any] | None) -> list[str]:
        """The elements a guide of ``item`` must show (the item's own list, else the library's)."""
        if item and item.get("required_elements") is not None:
            return list(item["required_elements"])
        return list(self.required_elements)

    def labels(self) -> dict[str, list[str]]:
        """Element name → every label a guide may print for it (the name first, then its aliases)."""
        return {k: [k, *v.get("aliases", [])] for k, v in self.elements.items()}

    def meta(self) -> dict[str, Any]:
        """Plain data for artifacts: id, title, version, path, elements (with aliases), required elements."""
        return {"id": self.id, "title": self.title, "version": self.version, "path": self.path,
                "elements": self.labels(), "elements_en": {k: v["en"] for k, v in self.elements.items()},
                "required_elements": self.required_elements}


def resolve(ref: str, registry_path: str | Path | None = None, where: str = "$") -> Path:
    """The file of library ``ref``: an id (``demo-items`` → ``specs/catalogs/demo-items.json``) or a path to a
    .json file (relative to the registry file's folder). Raises SpecError naming the registry file and ``where``
    when the file does not exist."""
    if "/" not in ref and "\\" not in ref and not ref.endswith(".json"):
        path = specs_dir() / "catalogs" / f"{ref}.json"
    else:
        path = Path(ref)
        if not path.is_absolute() and registry_path:
            path = Path(registry_path).parent / path
    if not path.is_file():
        raise SpecError(str(registry_path or ref), where, f"item library {ref!r} not found (looked for {path})")
    return path.resolve()


@lru_cache(maxsize=32)
def _load(path: str) -> Catalog:
    data = specs.load(path, "catalog")
    elements = data["elements"]
    for k, e in enumerate(data["required_elements"]):
        if e not in elements:
            raise SpecError(path, f"$.required_elements[{k}]", f"unknown element {e!r} (declared: {', '.join(elements)})")
    seen: dict[str, int] = {}
    for i, item in enumerate(data["items"]):
        where = f"$.items[{i}]"
        if item["code"] in seen:
            raise SpecError(path, f"{where}.code", f"duplicate item code {item['code']!r} (also at $.items[{seen[item['code']]}])")
        seen[item["code"]] = i
        for key in item["guide"]:
            if key not in elements:
                raise SpecError(path, f"{where}.guide", f"unknown element {key!r} (declared: {', '.join(elements)})")
        required = item.get("required_elements", data["required_elements"])
        for e in required:
            if e not in elements:
                raise SpecError(path, f"{where}.required_elements", f"unknown element {e!r}")
            if e not in item["guide"] and e != "设定依据":
                raise SpecError(path, f"{where}.guide", f"the library requires {e!r} of every guide but gives none for {item['name']!r}")
    return Catalog(id=data["id"], title=data["title"], version=data["version"], path=path, elements=elements,
                   required_elements=list(data["required_elements"]), items=data["items"], data=data)


def load(path: str | Path) -> Catalog:
    """Load and validate an item library (cached per path).

    Beyond the schema: item codes are unique, required elements and guide keys are declared elements, and every
    item's guide gives each element the library requires (设定依据 comes from ``basis``).

    Raises:
        SpecError: naming the file and JSON path of the first problem.
    """
    return _load(str(Path(path).resolve()))


def subset(cat: Catalog, codes: set[str], names: set[str]) -> list[dict[str, Any]]:
    """The library items whose code is in ``codes`` or whose name (whitespace ignored) is in ``names``, for
    artifacts (a page's audit keeps only the part of the library it was compared with)."""
    nn = {norm(n) for n in names if n}
    return [i for i in cat.items if i["code"] in codes or norm(i["name"]) in nn]
