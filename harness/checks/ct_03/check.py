"""CT-03: Content kept up to date, no empty sections (内容及时更新，无空白栏目). Definition: check.json beside this file."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ...outcomes import Outcome, bi, cant_tell, failed, inapplicable, passed

CST = dt.timezone(dt.timedelta(hours=8))
#: A column page with no dated entry, no link of its own and fewer characters of its own than this is empty.
EMPTY_CHARS = 20

#: Full dates: 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日 (with an optional time after them).
FULL_DATE = re.compile(r"(?<!\d)(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?")
#: Dates without a year, as lists print them beside each entry: 11-20, [11-20], 11月20日.
SHORT_DATE = re.compile(r"(?<![\d./-])(\d{1,2})\s*(?:-|月)\s*(\d{1,2})(?![\d./-])\s*日?")
#: Text just before a date that makes it no entry's date (a date widget: 今天是2026年12月2日 星期三).
NOT_AN_ENTRY = re.compile(r"(今天|今日|当前(?:日期|时间)?|现在|星期.|天气)\s*(?:是|为)?\s*[：:]?\s*$")


def _valid(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def dates_in(text: str, times: list[str] | None, today: dt.date) -> list[dt.date]:
    """The entry dates of a text: full dates, and month-day dates (the year inferred: this year, or last year when
    that would be in the future), and ``<time datetime>`` values; dates after ``today`` (+1 day of clock skew) and
    dates a widget shows (preceded by 今天, 当前, 星期 …) are dropped."""
    out = []
    spans = []
    for m in FULL_DATE.finditer(text or ""):
        spans.append(m.span())
        if NOT_AN_ENTRY.search(text[max(0, m.start() - 8):m.start()]):
            continue
        d = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            out.append(d)
    for m in SHORT_DATE.finditer(text or ""):
        if any(a <= m.start() < b for a, b in spans) or NOT_AN_ENTRY.search(text[max(0, m.start() - 8):m.start()]):
            continue
        mo, da = int(m.group(1)), int(m.group(2))
        d = _valid(today.year, mo, da)
        if d and d > today + dt.timedelta(days=1):
            d = _valid(today.year - 1, mo, da)
        if d:
            out.append(d)
    for t in times or []:
        m = re.match(r"(20\d{2})-(\d{2})-(\d{2})", t or "")
        d = _valid(*(int(x) for x in m.groups())) if m else None
        if d:
            out.append(d)
    return [d for d in out if d <= today + dt.timedelta(days=1)]


def _today(a: dict[str, Any]) -> dt.date:
    s = a.get("started")
    try:
        return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S%z").astimezone(CST).date()
    except (TypeError, ValueError):
        return dt.datetime.now(CST).date()


def _kind(label: str, p: dict[str, Any]) -> str | None:
    if any(w in label for w in p["notice_words"]):
        return "notice"
    if any(w in label for w in p["news_words"]):
        return "news"
    return None


def lists_of(a: dict[str, Any], p: dict[str, Any]) -> list[dict[str, Any]]:
    """The lists CT-03 judges, each {"kind" (home, news, notice, column), "label", "url", "text", "times",
    "links" (links of its own: not also on the home page), "own_chars" (characters of its own: not the title nor a
    home page link's text)}: for a website its home page and each page the crawl
    reached at depth 1; for an app the page itself when registered with role ``list`` and named (page name or
    title) as news or notices (``news_words``, ``notice_words``: 新闻动态, 通知公告; not 事项列表)."""
    dom = a.get("dom") or {}
    target = a.get("target") or {}
    url = (a.get("navigation") or {}).get("final_url") or target.get("url")
    if target.get("system_kind") == "website":
        pages = (a.get("crawl") or {}).get("pages", [])
        home_links = {l.get("href") for l in dom.get("links", [])} | {l.get("href") for l in (pages[0]["links"] if pages else [])}
        home_texts = {l.get("text") for l in (pages[0]["links"] if pages else []) if l.get("text")}
        out = [{"kind": "home", "label": dom.get("title") or "首页", "url": url, "text": dom.get("visible_text") or "", "times": [], "links": 1}]
        for pg in pages:
            if pg.get("depth") != 1 or not pg.get("status") or pg["status"] >= 400 or "html" not in (pg.get("content_type") or "text/html"):
                continue
            label = (pg.get("via") or "") + " " + (pg.get("title") or "")
            own = [l for l in pg.get("links", []) if l.get("href") not in home_links]
            body = pg.get("text") or ""
            for t in sorted(home_texts, key=len, reverse=True):  # the site's navigation, repeated on every page
                body = body.replace(t, "")
            body = body.replace(pg.get("title") or "", "")
            out.append({"kind": _kind(label, p) or "column", "label": (pg.get("via") or pg.get("title") or "").strip(),
                        "url": pg.get("final_url") or pg["url"], "text": (pg.get("title") or "") + " " + (pg.get("text") or ""),
                        "times": pg.get("times") or [], "links": len(own), "own_chars": len(re.sub(r"\s", "", body))})
        return out
    label = (target.get("page") or "") + " " + (dom.get("title") or "")
    if target.get("role") == "list" and _kind(label, p):  # a news or notice list, not a list of service items
        return [{"kind": _kind(label, p), "label": label.strip(), "url": url, "text": dom.get("visible_text") or "",
                 "times": [], "links": len(dom.get("links", []))}]
    return []


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """CT-03: the newest entry date of each list (see :func:`lists_of`) against 19号's thresholds — home page
    ``home_days``, news ``news_days``, notices and policies ``notice_days`` — and the number of empty columns
    (no dated entry and either ``empty_patterns`` or no link and fewer than :data:`EMPTY_CHARS` characters of its
    own) against ``max_empty_columns``.
    "Today" is the day the page was loaded (``artifacts.started``, Asia/Shanghai).

    failed: a list older than its threshold, or too many empty columns; cantTell: a home page or news/notice list
    whose date cannot be read, or a column of the home page the crawl did not reach (so nothing unseen passes);
    passed: every such list dated and fresh; inapplicable: an app page not registered as a news or notice list.
    Source: 国办秘函〔2019〕19号 单项否决·栏目不更新; 政务新媒体·内容不更新. Value: {"lists": [{"kind", "label", "url",
    "newest" (YYYY-MM-DD or None), "age_days", "limit_days", "empty"}], "stale", "undated", "empty_columns",
    "unvisited"}.
    """
    lists = lists_of(a, p)
    if not lists:
        return inapplicable("not a website nor a page registered as a news or notice list (role list, named as news or notices)",
                            zh="非网站，且未登记为资讯或通知列表页（role=list，名称含动态、通知等）")
    today = _today(a)
    limits = {"home": p["home_days"], "news": p["news_days"], "notice": p["notice_days"]}
    empty_rx = [re.compile(x) for x in p["empty_patterns"]]
    rows, evidence = [], []
    for l in lists:
        ds = dates_in(l["text"], l["times"], today)
        newest = max(ds) if ds else None
        limit = limits.get(l["kind"])
        age = (today - newest).days if newest else None
        empty = l["kind"] != "home" and not ds and (any(r.search(l["text"]) for r in empty_rx)
                                                    or (l["links"] == 0 and l.get("own_chars", 99) < EMPTY_CHARS))
        row = {"kind": l["kind"], "label": l["label"][:60], "url": l["url"], "newest": newest.isoformat() if newest else None,
               "age_days": age, "limit_days": limit, "empty": empty,
               "stale": bool(limit is not None and age is not None and age > limit)}
        rows.append(row)
    stale = [r for r in rows if r["stale"]]
    empty = [r for r in rows if r["empty"]]
    undated = [r for r in rows if r["kind"] in limits and r["newest"] is None and not r["empty"]]
    unvisited = []
    if (a.get("target") or {}).get("system_kind") == "website":
        pages = (a.get("crawl") or {}).get("pages", [])
        reached = {pg["url"] for pg in pages if pg.get("depth") == 1}
        from urllib.parse import urldefrag, urljoin

        for l in (pages[0]["links"] if pages else []):
            u = urldefrag(urljoin(pages[0]["final_url"], l["href"]))[0]
            if _kind(l.get("text") or "", p) and u not in reached and u != urldefrag(pages[0]["final_url"])[0]:
                unvisited.append({"label": l.get("text"), "url": u})
    for r in rows:
        note = {"home": "home page", "news": "news column", "notice": "notice/policy column"}.get(r["kind"], "column")
        what = ("empty" if r["empty"] else f"newest {r['newest']} ({r['age_days']} days)" if r["newest"] else "no date read")
        evidence.append({"url": r["url"], "text": f"{r['label']}: {what}" + (f", limit {r['limit_days']} days" if r["limit_days"] else ""), "note": note})
    value = {"lists": rows, "stale": len(stale), "undated": len(undated), "empty_columns": len(empty), "unvisited": len(unvisited)}
    thr = bi(f"home ≤ {p['home_days']} d, news ≤ {p['news_days']} d, notices ≤ {p['notice_days']} d since the newest entry; "
             f"≤ {p['max_empty_columns']} empty columns",
             f"首页 ≤ {p['home_days']} 天、动态要闻 ≤ {p['news_days']} 天、通知公告政策文件 ≤ {p['notice_days']} 天内有更新；空白栏目 ≤ {p['max_empty_columns']} 个")
    if stale or len(empty) > p["max_empty_columns"]:
        parts = [f"{r['label']} last updated {r['newest']} ({r['age_days']} days > {r['limit_days']})" for r in stale]
        parts_zh = [f"{r['label']} 最新 {r['newest']}（{r['age_days']} 天，超过 {r['limit_days']} 天）" for r in stale]
        if len(empty) > p["max_empty_columns"]:
            parts.append(f"{len(empty)} empty columns (more than {p['max_empty_columns']})")
            parts_zh.append(f"空白栏目 {len(empty)} 个（超过 {p['max_empty_columns']} 个）")
        return failed("; ".join(parts), zh="；".join(parts_zh), value=value, threshold=thr, evidence=evidence)
    if undated or unvisited:
        names = [r["label"] or r["url"] for r in undated] + [f"{u['label']} (not reached)" for u in unvisited]
        names_zh = [r["label"] or r["url"] for r in undated] + [f"{u['label']}（未爬取到）" for u in unvisited]
        return cant_tell(f"no date could be read for: {', '.join(names[:8])}", zh=f"无法读取更新日期：{'、'.join(names_zh[:8])}",
                         value=value, threshold=thr, evidence=evidence)
    return passed(f"{len(rows)} list(s) dated within their limits; {len(empty)} empty column(s)",
                  zh=f"{len(rows)} 个列表均在时限内更新；空白栏目 {len(empty)} 个", value=value, threshold=thr, evidence=evidence)
