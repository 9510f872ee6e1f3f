"""Coverage: what of each system the run audited, against what the registry lists and what discovery found.

``harness run --discover`` (item 5 of the reach issue) explores every system from its entry
(:func:`harness.discover.discover`) after the system's registered pages are audited, audits the pages discovery
found that the registry does not list, and records per system:

- the **registered** targets (pages and journey checkpoints) and which of them were **reached**
  (:func:`harness.checks.reach.judge`; a target whose load failed or whose session could not be had is not reached);
- the **discovered** pages not registered, each audited as a target of its own (``system/found-ID``) and tagged
  ``origin: "discovered"``;
- what discovery could not follow, the bounds that stopped it, the route patterns it sampled.

Discovered pages are **audited and reported, not scored**: they are kept in the department results'
``discovered`` list, apart from ``targets``, so that neither the department's score and verdict nor its must-fix
list, 附件2 or the pytest suite count them. Why: the registry is the department's declaration of its service
pages (事项同源 and 附件2 are about registered items); what a crawler finds beyond it may be samples of one
route pattern, duplicates reached another way, or pages outside the mobile service (a news article), and its
set changes with the crawl's bounds and the app's data, so a score that counted them would change from run to
run for reasons that are not the department's conformance. A discovered page that fails is a finding to act
on by registering it: the coverage table shows its verdict and failed checks next to the registered pages.

All functions here are pure: they read results dicts and a discovery's JSON form, and never raise on odd input.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from .checks.reach import place

#: The prefix of a discovered page's id in the run (``system/found-ID``): never the id of a registered page.
FOUND_PREFIX = "found-"


def same_place(a: str | None, b: str | None) -> bool:
    """Whether two URLs name the same page by the reach rule (:func:`harness.checks.reach.place`: host with a
    non-default port, path without a trailing slash or index document, hash route); a plain fragment and query
    parameters are ignored, as when a registered page is judged reached."""
    if not a or not b:
        return False
    pa, pb = place(a), place(b)
    return pa[0] == pb[0] and pa[1] == pb[1] and (pa[2] or "") == (pb[2] or "")


def registered_places(system_id: str, registered_urls: Iterable[str], results: Iterable[dict[str, Any]]) -> list[str]:
    """Every URL by which a system's registered pages are known: their registered URLs and, from their results,
    where their loads ended (``final_url``: a journey's checkpoint routes, a redirect within the site)."""
    out = [u for u in registered_urls if u]
    for r in results:
        if r.get("system") == system_id:
            for u in (r.get("url"), r.get("final_url")):
                if u:
                    out.append(u)
    return out


def unregistered(pages: Iterable[dict[str, Any]], known: list[str]) -> list[dict[str, Any]]:
    """The discovered pages (a discovery's ``pages``: dicts with ``url`` and ``steps``) that no registered
    place names. A page reached only by steps (a tab that swaps content in place) is new unless a registered
    page has the same URL and the same steps; pages that discovery reports twice are kept once."""
    out: list[dict[str, Any]] = []
    seen: set[tuple] = set()
    for p in pages:
        url = p.get("url")
        steps = p.get("steps") or None
        if not url:
            continue
        pl = place(url)
        key = (pl[0], pl[1], pl[2] or "", repr(steps))
        if key in seen:
            continue
        seen.add(key)
        if p.get("how") == "entry" or (not steps and any(same_place(url, k) for k in known)):
            continue
        out.append(p)
    return out


def found_id(page_id: str, taken: set[str]) -> str:
    """A discovered page's id in its system: ``found-<slug>``, made unique against ``taken`` (which it joins)."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", page_id or "page").strip("-") or "page"
    pid, n = FOUND_PREFIX + slug, 2
    while pid in taken:
        pid, n = f"{FOUND_PREFIX}{slug}-{n}", n + 1
    taken.add(pid)
    return pid


def _reached(result: dict[str, Any]) -> tuple[bool, str]:
    reach = result.get("reach")
    if reach is not None:
        return bool(reach.get("reached")), (reach.get("reason_zh") or reach.get("reason") or "")
    if result.get("status") == "error" or result.get("verdict") == "error":
        return False, str(result.get("error") or "not loaded")[:300]
    return True, ""


def _failed(result: dict[str, Any]) -> list[str]:
    return [c["id"] for c in result.get("checks") or [] if c.get("outcome") == "failed"]


def system_coverage(system: dict[str, Any], registered: list[dict[str, Any]], results: dict[str, dict[str, Any]],
                    discovery: dict[str, Any] | None, discovered: list[dict[str, Any]]) -> dict[str, Any]:
    """The coverage of one system.

    Args:
        system: {"id", "name"}.
        registered: the system's registered targets, in registry order: [{"id", "label"}].
        results: target results by id (a target without one is not reached: "not audited").
        discovery: the system's discovery in JSON form (:meth:`harness.discover.Discovery.to_json`), or
            {"error": message} when it failed, or None when discovery did not run.
        discovered: the results of the discovered pages audited for this system (records with ``found``).

    Returns {"system", "name", "registered": [{"id", "label", "reached", "why", "verdict", "score"}],
    "registered_count", "reached_count", "not_reached": [ids], "discovered": [{"id", "url", "name", "how",
    "verdict", "score", "failed": [check ids], "steps"}], "discovered_count", "discovery": None | {"ran",
    "error", "entry", "pages", "loads", "elapsed_ms", "bounds", "not_followed" (first 20), "not_followed_count",
    "patterns", "external_count"}}.
    """
    rows = []
    for t in registered:
        r = results.get(t["id"])
        if r is None:
            rows.append({"id": t["id"], "label": t.get("label") or t["id"], "reached": False, "why": "not audited",
                         "verdict": None, "score": None})
            continue
        ok, why = _reached(r)
        rows.append({"id": t["id"], "label": t.get("label") or t["id"], "reached": ok, "why": why,
                     "verdict": r.get("verdict"), "score": r.get("score")})
    found = [{"id": r["id"], "url": r.get("url"), "name": (r.get("found") or {}).get("name") or r.get("page"),
              "how": (r.get("found") or {}).get("how"), "steps": (r.get("found") or {}).get("steps"),
              "verdict": r.get("verdict"), "score": r.get("score"), "failed": _failed(r)} for r in discovered]
    disc = None
    if discovery is not None:
        nf = list(discovery.get("not_followed") or [])
        disc = {"ran": "error" not in discovery, "error": discovery.get("error"), "entry": discovery.get("entry"),
                "pages": len(discovery.get("pages") or []), "loads": discovery.get("loads"),
                "elapsed_ms": discovery.get("elapsed_ms"), "bounds": discovery.get("bounds") or {},
                "not_followed": nf[:20], "not_followed_count": len(nf), "patterns": discovery.get("patterns") or [],
                "external_count": len(discovery.get("external") or [])}
    return {"system": system["id"], "name": system.get("name") or system["id"], "registered": rows,
            "registered_count": len(rows), "reached_count": sum(1 for r in rows if r["reached"]),
            "not_reached": [r["id"] for r in rows if not r["reached"]], "discovered": found,
            "discovered_count": len(found), "discovery": disc}


def totals(coverage: list[dict[str, Any]]) -> dict[str, Any]:
    """A department's coverage in one line's figures: {"registered", "reached", "not_reached", "discovered",
    "discovery_ran" (bool: discovery ran for some system)} summed over its systems."""
    return {"registered": sum(c["registered_count"] for c in coverage),
            "reached": sum(c["reached_count"] for c in coverage),
            "not_reached": sum(len(c["not_reached"]) for c in coverage),
            "discovered": sum(c["discovered_count"] for c in coverage),
            "discovery_ran": any(c.get("discovery") for c in coverage)}


def refresh(coverage: list[dict[str, Any]], targets: Iterable[dict[str, Any]], discovered: Iterable[dict[str, Any]] = ()) -> list[dict[str, Any]]:
    """``coverage`` (as written in results) with each row's reached, verdict, score and failed checks taken again
    from the target results (after ``harness recheck`` re-evaluated them); the registered and discovered sets
    stay. Returns the same list, updated in place."""
    by_id = {t["id"]: t for t in targets}
    found = {t["id"]: t for t in discovered}
    for c in coverage:
        for row in c.get("registered") or []:
            r = by_id.get(row["id"])
            if r is not None:
                row["reached"], row["why"] = _reached(r)
                row["verdict"], row["score"] = r.get("verdict"), r.get("score")
        for row in c.get("discovered") or []:
            r = found.get(row["id"])
            if r is not None:
                row.update(verdict=r.get("verdict"), score=r.get("score"), failed=_failed(r))
        rows = c.get("registered") or []
        c["reached_count"] = sum(1 for r in rows if r["reached"])
        c["not_reached"] = [r["id"] for r in rows if not r["reached"]]
    return coverage
