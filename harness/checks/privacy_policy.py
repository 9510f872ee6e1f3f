"""Finding the privacy policy page of a target in its crawl (the ``crawl`` gather stage, same-site links followed
breadth-first from the loaded page). Used by PI-01 (reachable within 4 taps), PI-03 (dated) and PI-08 (content).

Sources: 《App违法违规收集使用个人信息行为认定方法》 (国信办秘字〔2019〕191号, below 认定方法) 一.1, 一.3;
GB/T 35273-2020 5.5 个人信息保护政策.
"""

from __future__ import annotations

from typing import Any

from .pattern_params import compile_any


def find_policy(a: dict[str, Any], p: dict[str, Any]) -> dict[str, Any] | None:
    """The privacy policy page of a target, from the crawl: the loaded page itself when the registry gives it the
    role "privacy" or its title names a policy (0 taps), else the shallowest crawled page reached through a link
    whose text (or whose own title) matches ``p["link_patterns"]``.

    Returns {"url", "depth" (taps), "via" (link text), "text", "title", "path": [link texts from the loaded
    page]} or None. Raises KeyError when ``a`` has no ``crawl`` or ``p`` no ``link_patterns``.

    Source: 认定方法 一.1 (没有隐私政策), 一.3 (隐私政策难以访问); GB/T 35273-2020 5.5 个人信息保护政策.
    """
    crawl = a["crawl"]
    rx = compile_any(p["link_patterns"])
    pages = crawl.get("pages", [])
    if not pages:
        return None
    first = pages[0]
    if (a.get("target") or {}).get("role") == "privacy" or rx.search(first.get("title") or ""):
        return {"url": first["url"], "depth": 0, "via": None, "text": first.get("text") or (a.get("dom") or {}).get("visible_text", ""),
                "title": first.get("title"), "path": []}
    best = None
    for pg in pages[1:]:
        if not pg.get("status") or pg["status"] >= 400:
            continue
        if rx.search(pg.get("via") or "") or rx.search(pg.get("title") or ""):
            if best is None or pg["depth"] < best["depth"]:
                best = pg
    if best is None:
        return None
    path, cur = [], best
    while cur is not None and cur.get("via") is not None:
        path.insert(0, cur["via"])
        cur = pages[cur["parent"]] if cur.get("parent") is not None else None
    return {"url": best.get("final_url") or best["url"], "depth": best["depth"], "via": best.get("via"),
            "text": best.get("text") or "", "title": best.get("title"), "path": path}
