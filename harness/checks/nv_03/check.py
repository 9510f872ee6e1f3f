"""NV-03: No timed or looping redirects (无定时自动跳转或循环跳转). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, failed, passed
from ..navigations import automatic_navigations


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """NV-03: the page does not take the user elsewhere by itself: no timed redirect (meta refresh or ``Refresh``
    header with a delay ≥ ``min_delay_s`` s to another URL, a timer writing ``location`` with such a delay, a
    navigation to another document observed during the load after that long), no redirect loop, and at most
    ``max_redirects`` redirect hops (HTTP and instant client-side) before the page.

    Source: WCAG 2.0 SC 2.2.1 Timing Adjustable / SC 3.2.5 Change on Request (failure F40, F41: timed meta
    refresh); GB/T 37668-2019 (same criteria); 国办秘函〔2019〕19号 可用性 (links and pages that users can open).
    Value: {"timed_redirects", "hops", "loops"} counts. Evidence: each source with its delay (s) or URL.
    """
    found = automatic_navigations(a, p["min_delay_s"])
    hops = found["hops"]
    value = {"timed_redirects": len(found["timed_redirects"]), "hops": len(hops), "loops": len(found["loops"])}
    thr = bi(f"no timed redirect (≥ {p['min_delay_s']:g} s), no loop, ≤ {p['max_redirects']} redirect hops",
             f"无定时跳转（≥ {p['min_delay_s']:g} 秒）、无循环跳转、重定向 ≤ {p['max_redirects']} 次")
    en, zh, evidence = [], [], []
    if found["timed_redirects"]:
        en.append(f"{len(found['timed_redirects'])} timed redirect(s)")
        zh.append(f"{len(found['timed_redirects'])} 处定时自动跳转")
        evidence += found["timed_redirects"]
    if found["loops"]:
        en.append("a redirect loop")
        zh.append("循环跳转")
        evidence += found["loops"]
    if len(hops) > p["max_redirects"]:
        en.append(f"a chain of {len(hops)} redirects")
        zh.append(f"连续 {len(hops)} 次重定向")
        evidence += hops
    if en:
        return failed("the page navigates by itself: " + ", ".join(en), zh="页面自动跳转：" + "，".join(zh),
                      value=value, threshold=thr, evidence=evidence[:20])
    return passed(f"no timed or looping redirect; {len(hops)} redirect hop(s)", zh=f"无定时或循环跳转；重定向 {len(hops)} 次",
                  value=value, threshold=thr, evidence=hops[:10])
