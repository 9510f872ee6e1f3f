"""CT-02: Accurate content: no serious misstatements or typos (内容准确：无严重表述错误、错别字). Definition: check.json
beside this file."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ... import lexicon as lexicon_mod
from ...outcomes import Outcome, bi, cant_tell, failed
from .. import ev


def texts_of(a: dict[str, Any]) -> list[dict[str, Any]]:
    """The texts CT-02 reads, each {"text", "where" (selector, "title", "alt" …), "record" (DOM record or None),
    "url", "note"}: the page title, every visible text record of the DOM walk, visible images' alt texts, tap
    targets' names (buttons and links); then the page's whole visible text (``dom.visible_text``, for phrases split
    across elements, kept as ``"page"``); for a website also the title and text of each page the crawl reached at
    depth 1 (the first page of each column: ``crawl.pages[].text`` holds its first 2 000 characters)."""
    dom = a.get("dom") or {}
    url = (a.get("navigation") or {}).get("final_url") or (a.get("target") or {}).get("url")
    out = []
    if dom.get("title"):
        out.append({"text": dom["title"], "where": "title", "record": None, "url": url, "note": "in <title>"})
    for t in dom.get("texts", []):
        out.append({"text": t.get("text") or "", "where": "text", "record": t, "url": url, "note": None})
    for img in dom.get("images", []):
        if img.get("visible") and img.get("alt"):
            out.append({"text": img["alt"], "where": "alt", "record": img, "url": url, "note": "image alt text"})
    for t in dom.get("targets", []):
        if t.get("name") and t.get("tag") != "a":
            out.append({"text": t["name"], "where": "control", "record": t, "url": url, "note": "control label"})
    out.append({"text": dom.get("visible_text") or "", "where": "page", "record": None, "url": url, "note": "page text"})
    if (a.get("target") or {}).get("system_kind") == "website":
        for p in (a.get("crawl") or {}).get("pages", []):
            if p.get("depth") == 1 and p.get("status") and p["status"] < 400:
                col = f"column page (link “{p.get('via') or ''}”)"
                if p.get("title"):
                    out.append({"text": p["title"], "where": "crawl-title", "record": None, "url": p.get("final_url") or p["url"], "note": col + " <title>"})
                out.append({"text": p.get("text") or "", "where": "crawl", "record": None, "url": p.get("final_url") or p["url"], "note": col})
    return out


def candidates(a: dict[str, Any], lex: lexicon_mod.Lexicon) -> list[dict[str, Any]]:
    """Every lexicon match in the texts of :func:`texts_of`, as evidence items: {"selector"?, "box"?, "url",
    "text" (the match in context), "value" (the wrong form), "suggested" (the right form or None), "category",
    "category_zh", "sure" (the category is certain), "serious", "source", "note"}. A match the page text shows
    no more often than the element records already do is not repeated (``page`` matches are the phrases split
    across elements)."""
    out: list[dict[str, Any]] = []
    in_elements: Counter = Counter()  # (url, wrong form) → matches in element records that the page text also holds
    contexts: set = set()
    for src in texts_of(a):
        text = src["text"]
        for m in lex.find(text):
            e = m.entry
            key, ctx = (src["url"], e.wrong), m.context(text)
            if src["where"] == "page" and in_elements[key] > 0:  # already reported from an element record
                in_elements[key] -= 1
                continue
            sel = (src["record"] or {}).get("selector") or src["where"]
            if (key, ctx, sel) in contexts:  # a button's own text and its name: one finding
                continue
            contexts.add((key, ctx, sel))
            if src["where"] in ("text", "control"):
                in_elements[key] += 1
            cat = lex.category(e.category)
            out.append(ev(src["record"], url=src["url"], text=ctx, value=e.wrong, suggested=e.right,
                          category=e.category, category_zh=cat["title_zh"], sure=bool(cat["certain"]),
                          serious=bool(cat["serious"]), source=e.source, note=src["note"]))
    return out


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """CT-02: the page's texts (title, visible text, alt texts, control labels; for a website also the first page
    of each column the crawl reached) matched against the lexicons ``lexicons`` plus the entries the registry
    gives this target (``target.lexicon``: the department names of the registry written wrong, the department's
    leaders with former titles, its item names written wrong).

    Outcome: failed when more than ``max_serious`` matches are sure serious errors (categories marked ``certain``
    and ``serious``: a county that does not exist, the state's name misspelt); otherwise cantTell, with every
    candidate (its text, page URL, selector, category and suggested form) for the reviewer, or with none found
    (a lexicon cannot prove a text right: proofreading stays a reviewer's).

    Source: 国办秘函〔2019〕19号 单项否决 (严重表述错误; 严重错误: 严重错别字); the count rule is ``max_serious``.
    Value: {"candidates", "sure", "serious" (sure serious errors), "chars" (characters read), "lexicon_entries"}.
    """
    lex = lexicon_mod.load(tuple(p["lexicons"]))
    own = lexicon_mod.entries_from_data((a.get("target") or {}).get("lexicon") or [])
    if own:
        lex = lex.merged(own, lexicon_mod.DEPARTMENT_CATEGORIES)
    found = candidates(a, lex)
    found.sort(key=lambda c: (not (c["sure"] and c["serious"]), not c["sure"]))
    sure = [c for c in found if c["sure"]]
    serious = [c for c in sure if c["serious"]]
    chars = sum(len(s["text"]) for s in texts_of(a) if s["where"] in ("page", "crawl", "title", "crawl-title"))
    value = {"candidates": len(found), "sure": len(sure), "serious": len(serious), "chars": chars, "lexicon_entries": len(lex)}
    thr = bi(f"at most {p['max_serious']} sure serious errors (19号 count rule); candidates go to a reviewer",
             f"确定的严重错误不超过 {p['max_serious']} 处（19号计数规则）；候选项由审核人员确认")
    words = "、".join(dict.fromkeys(f"{c['value']}→{c['suggested']}" if c["suggested"] else c["value"] for c in found))[:200]
    evidence = found[:p["max_candidates"]]
    if len(serious) > p["max_serious"]:
        return failed(f"{len(serious)} sure serious error(s) (more than {p['max_serious']}): {words}",
                      zh=f"发现 {len(serious)} 处确定的严重错误（超过 {p['max_serious']} 处）：{words}",
                      value=value, threshold=thr, evidence=evidence)
    if found:
        return cant_tell(f"{len(found)} candidate(s) for a reviewer ({len(sure)} sure, {len(serious)} serious): {words}",
                         zh=f"发现 {len(found)} 处候选错误待审核确认（确定 {len(sure)} 处，其中严重 {len(serious)} 处）：{words}",
                         value=value, threshold=thr, evidence=evidence)
    return cant_tell(f"no lexicon candidate in {chars} characters ({len(lex)} entries); a reviewer still proofreads",
                     zh=f"在 {chars} 个字符中未匹配到词库候选（{len(lex)} 条）；仍需人工校对", value=value, threshold=thr)
