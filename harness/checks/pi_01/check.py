"""PI-01: Privacy policy reachable within 4 taps (4次点击内可访问隐私政策). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any

from ...outcomes import Outcome, bi, cant_tell, failed, passed
from .. import ev
from ..pattern_params import compile_any
from ..privacy_policy import find_policy


def _link_in_crawl(crawl: dict[str, Any], rx: re.Pattern) -> tuple[dict, dict] | None:
    """The shallowest (page, link) whose link text matches ``rx``."""
    best = None
    for pg in crawl.get("pages", []):
        for l in pg.get("links", []):
            if rx.search(l.get("text") or ""):
                if best is None or pg["depth"] < best[0]["depth"]:
                    best = (pg, l)
                break
    return best


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """PI-01: a privacy policy (隐私政策/隐私协议/个人信息保护政策 …, ``link_patterns``) is reachable from the page
    within ``max_taps`` taps, following same-site links breadth-first (the ``crawl`` stage).

    cantTell when the only candidate is a control without a link (a person confirms that it opens the policy),
    or when the crawl stopped at its fetch or time limit before exhausting ``max_taps`` levels, or when the
    links are script-driven (hash-only or javascript:) so a static crawl cannot follow them.

    Source: 认定方法 一.3 (隐私政策等收集使用规则难以访问，如进入App主界面后需多于4次点击等操作才能访问到) and
    一.1 (没有隐私政策); GB/T 35273-2020 5.5 个人信息保护政策.
    Value: taps to the policy (None when not found). Evidence: the link path, the policy URL.
    """
    crawl, dom = a["crawl"], a["dom"]
    rx = compile_any(p["link_patterns"])
    limit = p["max_taps"]
    thr = bi(f"≤ {limit} taps",
             f"≤ {limit} 次点击")
    pol = find_policy(a, p)
    if pol is not None and pol["depth"] <= limit:
        how = " → ".join(pol["path"]) or "this page"
        return passed(f"privacy policy reachable in {pol['depth']} tap(s): {how}",
                      zh=f"{pol['depth']} 次点击可达隐私政策：{how}", value=pol["depth"], threshold=thr,
                      evidence=[ev(url=pol["url"], text=how, value=pol["depth"])])
    if pol is not None:
        return failed(f"privacy policy needs {pol['depth']} taps (more than {limit})",
                      zh=f"隐私政策需 {pol['depth']} 次点击才能访问（超过 {limit} 次）", value=pol["depth"], threshold=thr,
                      evidence=[ev(url=pol["url"], text=" → ".join(pol["path"]), value=pol["depth"])])
    # A policy link found in the crawl whose page could not be fetched still shows where the policy would be.
    hit = _link_in_crawl(crawl, rx)
    if hit is not None and hit[0]["depth"] + 1 <= limit:
        return cant_tell(f"a link {hit[1]['text']!r} names the policy but its page could not be read",
                         zh=f"找到链接“{hit[1]['text']}”，但无法读取其页面，需人工确认", value=None, threshold=thr,
                         evidence=[ev(url=hit[1].get("href"), text=hit[1]["text"])])
    controls = [t for t in dom.get("targets", []) if t.get("tag") != "a" and rx.search(t.get("name") or "")]
    controls += [{"selector": None, "name": c} for pg in crawl.get("pages", [])[1:] if pg["depth"] < limit
                 for c in pg.get("controls", []) if rx.search(c)]
    if controls:
        return cant_tell("a control names the privacy policy but is not a link: a person must confirm it opens the policy",
                         zh="有控件提及隐私政策但不是链接，需人工确认能否打开隐私政策", threshold=thr,
                         evidence=[ev(c, text=c.get("name")) for c in controls[:10]])
    script_links = [l for l in dom.get("links", []) if (l.get("raw_href") or "").startswith(("#", "javascript:"))]
    if crawl.get("truncated"):
        return cant_tell(f"no privacy policy found in {crawl.get('fetches')} fetched page(s), but the crawl stopped at its limit",
                         zh=f"已抓取 {crawl.get('fetches')} 个页面未找到隐私政策，但抓取已达上限，需人工确认",
                         threshold=thr, value=None)
    if script_links and len(crawl.get("pages", [])) <= 1:
        return cant_tell("no privacy policy link found, and the page navigates by script (links a static crawl cannot follow)",
                         zh="未找到隐私政策链接，且页面通过脚本导航（静态抓取无法跟随），需人工确认", threshold=thr,
                         evidence=[ev(l, text=l.get("text")) for l in script_links[:5]])
    return failed(f"no privacy policy within {limit} taps ({len(crawl.get('pages', []))} page(s) examined)",
                  zh=f"{limit} 次点击内找不到隐私政策（已检查 {len(crawl.get('pages', []))} 个页面）", value=None, threshold=thr,
                  evidence=[ev(url=pg.get("final_url") or pg["url"], value=pg["depth"]) for pg in crawl.get("pages", [])[:10]])
