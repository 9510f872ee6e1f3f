"""Hand-made ``items`` artifacts (see :mod:`harness.gather.items`) of item list, service guide and form pages, for
the unit tests of the 事项同源 checks (SV-01, SV-02: ``harness/checks/sv_0?/test_sv_0?.py``) and of the item
library (``tests/test_catalog.py``), compared with the demo item library ``specs/catalogs/demo-items.json``.
"""

from __future__ import annotations

import functools

from harness import catalog as catalog_mod


@functools.cache
def demo_library():
    """The demo item library (:class:`harness.catalog.Catalog`), loaded once (do not mutate it)."""
    return catalog_mod.load(catalog_mod.resolve("demo-items"))


def item_page(lib, role, fields=(), entries=(), declared=None):
    """Artifacts of a page of ``role`` (list, guide, form) of a system declaring library ``lib``: the labelled
    ``fields`` it shows ([(label, value)], 40 CSS px apart), its list ``entries`` ([{code, name, type, online}],
    80 CSS px apart) and the item ``declared`` for it in the registry."""
    return {"target": {"system_kind": "h5"}, "items": {
        "configured": True, "role": role, "declared": declared or {}, "catalog": lib.meta(), "library": lib.items,
        "fields": [{"label": k, "value": v, "selector": f"#f{i}", "box": [0, i * 40, 300, 30], "visible": True} for i, (k, v) in enumerate(fields)],
        "entries": [{"selector": f"li:nth-of-type({i + 1})", "box": [0, i * 80, 300, 70], "visible": True, "text": e.get("name", ""), **e}
                    for i, e in enumerate(entries)]}}
