"""Personal-information checks beyond display masking (个人信息保护): the privacy policy (reachable, dated, its
content items), collection before consent, pre-ticked consent, personal data in request URLs, the complaint
entry.

Sources: 《App违法违规收集使用个人信息行为认定方法》 (国信办秘字〔2019〕191号, below 认定方法), GB/T 35273-2020,
国办函〔2026〕12号 《政务移动互联网应用程序规范化管理办法》.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from ..outcomes import Outcome, bi, cant_tell, failed, inapplicable, passed
from . import check, ev
from .privacy import KIND_NAMES, find_personal_data, mask


def _rx(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


# ---------------------------------------------------------------- the privacy policy: where it is

def find_policy(a: dict[str, Any], p: dict[str, Any]) -> dict[str, Any] | None:
    """The privacy policy page of a target, from the crawl: the loaded page itself when the registry gives it the
    role "privacy" or its title names a policy (0 taps), else the shallowest crawled page reached through a link
    whose text (or whose own title) matches ``p["link_patterns"]``.

    Returns {"url", "depth" (taps), "via" (link text), "text", "title", "path": [link texts from the loaded
    page]} or None.
    """
    crawl = a["crawl"]
    rx = _rx(p["link_patterns"])
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


@check("crawl", "dom")
def privacy_policy_reachable(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
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
    rx = _rx(p["link_patterns"])
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


DATE = r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})"


@check("crawl", "dom")
def privacy_policy_dated(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """PI-03: the privacy policy states its publication date and its effective date (a label from
    ``published_labels`` and one from ``effective_labels``, each followed by a date within ``max_gap``
    characters). An 更新日期 alone is not enough. The policy page is the loaded page when the registry gives it
    the role "privacy", else the one the crawl found (see PI-01); inapplicable when none was found.

    Source: GB/T 35273-2020 5.5 个人信息保护政策; 工业和信息化部《关于开展纵深推进APP侵害用户权益专项整治行动的
    通知》 (2020; document number not confirmed): 隐私政策应标注发布、生效日期.
    Value: {"published": date text | None, "effective": date text | None}.
    """
    pol = find_policy(a, p)
    thr = bi("publication date and effective date stated",
             "写明发布日期与生效日期")
    if pol is None:
        return inapplicable("no privacy policy page found (see PI-01)", zh="未找到隐私政策页面（见 PI-01）", threshold=thr)
    text = pol["text"] or ""
    gap = p["max_gap"]

    def find(labels):
        m = re.search(rf"(?:{'|'.join(labels)})[^0-9]{{0,{gap}}}({DATE})", text)
        return re.sub(r"\s+", "", m.group(1)) if m else None

    pub, eff = find(p["published_labels"]), find(p["effective_labels"])
    value = {"published": pub, "effective": eff}
    evid = [ev(url=pol["url"], text=(pol.get("title") or "")[:80] or None)]
    missing_en = [n for n, v in (("publication date", pub), ("effective date", eff)) if not v]
    missing_zh = [n for n, v in (("发布日期", pub), ("生效日期", eff)) if not v]
    if missing_en:
        return failed(f"the privacy policy does not state its {' and '.join(missing_en)}",
                      zh=f"隐私政策未标注{'和'.join(missing_zh)}", value=value, threshold=thr, evidence=evid)
    return passed(f"published {pub}, effective {eff}", zh=f"发布日期 {pub}，生效日期 {eff}", value=value, threshold=thr, evidence=evid)


#: Content items of a privacy policy a person must judge (PI-08): key -> (zh, en, patterns).
POLICY_ITEMS = {
    "purpose": ("收集使用个人信息的目的、方式和范围", "purposes, means and scope of collection", r"目的|用途|用于"),
    "collected": ("收集的个人信息类型", "kinds of personal information collected", r"收集|获取"),
    "third_party": ("委托处理、共享、第三方（含SDK）", "sharing, entrusted processing, third parties (SDKs)", r"第三方|共享|委托|SDK"),
    "storage": ("存储地点与保存期限", "storage place and retention period", r"存储|保存期限|保存期|存放"),
    "security": ("安全保护措施", "security measures", r"加密|安全措施|保护措施|安全保护"),
    "rights": ("查询、更正、删除、撤回同意、注销", "rights: access, correction, deletion, withdrawal, account deletion", r"更正|删除|撤回|注销"),
    "contact": ("联系方式与投诉渠道", "contact and complaint channel", r"联系|投诉|热线|电话"),
}


@check("crawl", "dom")
def privacy_policy_content(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """PI-08 (semi): the policy covers the items 认定方法 二.1 and GB/T 35273-2020 5.5 list (``items`` of
    :data:`POLICY_ITEMS`): found by keyword → passed (a reviewer still reads it); an item without its keywords →
    cantTell (a person decides), never failed. Inapplicable when no policy page was found.

    Source: 认定方法 二.1 (逐一列出收集使用个人信息的目的、方式、范围等), 二.4 (晦涩难懂、冗长繁琐); GB/T 35273-2020
    5.5 个人信息保护政策.
    Value: {"found": [item], "missing": [item]}.
    """
    pol = find_policy(a, p)
    thr = bi("items: " + ", ".join(p["items"]),
             "要素：" + "、".join(p["items"]))
    if pol is None:
        return inapplicable("no privacy policy page found (see PI-01)", zh="未找到隐私政策页面（见 PI-01）", threshold=thr)
    text = pol["text"] or ""
    found = [k for k in p["items"] if k in POLICY_ITEMS and re.search(POLICY_ITEMS[k][2], text, re.I)]
    missing = [k for k in p["items"] if k not in found]
    value = {"found": found, "missing": missing}
    if missing:
        return cant_tell("the policy may lack: " + "; ".join(POLICY_ITEMS[k][1] if k in POLICY_ITEMS else k for k in missing),
                         zh="隐私政策可能缺少：" + "；".join(POLICY_ITEMS[k][0] if k in POLICY_ITEMS else k for k in missing) + "（需人工确认）",
                         value=value, threshold=thr, evidence=[ev(url=pol["url"])])
    return passed("the policy mentions every required item (a reviewer confirms their substance)",
                  zh="隐私政策提及全部必备内容（实质内容由审核人员确认）", value=value, threshold=thr, evidence=[ev(url=pol["url"])])


# ---------------------------------------------------------------- collection before consent

@check("pi_state", "network", "dom")
def no_collection_before_consent(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """PI-04: before any user interaction (the harness never interacts, so: during the whole load) the page
    requests no permission-gated personal data (``apis``: geolocation, camera/microphone …) and sends no form
    data: no form submitted by script, no request body that is FormData/URLSearchParams, carries the names of
    the page's form fields (``min_field_keys`` or more) or their values, or holds a resident ID/mobile/bank card
    number; no POST of a document (auto-submitted form).

    Source: 认定方法 三.1 (征得用户同意前就开始收集个人信息或打开可收集个人信息的权限); GB/T 35273-2020 5.4
    收集个人信息时的授权同意.
    Value: number of events. Evidence: API calls and requests with their time (ms after navigation start).
    """
    st, dom = a["pi_state"], a["dom"]
    apis = p["apis"]
    first = st.get("t_first_input")
    before = lambda t: first is None or t < first  # noqa: E731
    names = {f.get("name") for f in dom.get("fields", []) if f.get("name")} | {f.get("id") for f in dom.get("fields", []) if f.get("id")}
    found = []
    for c in st.get("calls", []):
        if before(c["t"]) and any(c["api"].startswith(x) for x in apis):
            found.append(ev(value=c["api"], note=f"t = {c['t']} ms" + (f"; {c['detail']}" if c.get("detail") else "")))
    for s in st.get("sends", []):
        if not before(s["t"]):
            continue
        keys = [k for k in s.get("keys", []) if k in names]
        pd = [k for k, _, _ in find_personal_data(unquote(s.get("snippet") or ""), ["resident_id", "mobile", "bank_card"])]
        why = []
        if s["api"].startswith("form."):
            why.append("form submitted by script")
        if s.get("body_kind") in ("FormData", "URLSearchParams"):
            why.append(f"{s['body_kind']} body")
        if len(keys) >= p["min_field_keys"]:
            why.append("form field names: " + ", ".join(keys[:8]))
        if s.get("field_values"):
            why.append(f"{s['field_values']} form field value(s)")
        if pd:
            why.append("personal data: " + ", ".join(sorted(set(pd))))
        if why:
            found.append(ev(url=s.get("url"), value=s["api"], note=f"t = {s['t']} ms; " + "; ".join(why)))
    for r in a.get("network", []):
        if r.get("type") == "Document" and r.get("method") == "POST":
            found.append(ev(url=r.get("url"), value="document POST", note=f"t = {r.get('t')} ms; a form was submitted without interaction"))
    thr = bi("0 permission requests or form data sent before interaction",
             "交互之前无权限申请、无表单数据发送")
    if found:
        return failed(f"{len(found)} collection(s) before any user interaction: " + ", ".join(sorted({e['value'] for e in found})),
                      zh=f"用户未操作前即收集个人信息或申请权限 {len(found)} 次", value=len(found), threshold=thr, evidence=found[:30])
    return passed("no permission request and no form data sent before interaction", zh="用户操作前未申请权限、未发送表单数据",
                  value=0, threshold=thr)


@check("dom")
def consent_not_pre_ticked(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """PI-05: no consent checkbox (a checkbox whose label or surrounding text matches ``patterns``: 同意, 已阅读,
    授权 …) is ticked when the page loads. Inapplicable when the page has no consent checkbox.

    Source: GB/T 35273-2020 5.4 收集个人信息时的授权同意; 认定方法 三 (未经用户同意
    收集使用个人信息) 4 (以默认选择同意隐私政策等非明示方式征求用户同意).
    Value: number of pre-ticked consent boxes.
    """
    rx = _rx(p["patterns"])
    boxes = [f for f in a["dom"].get("fields", []) if f.get("type") == "checkbox" and rx.search(f.get("label") or "")]
    thr = bi("0 consent boxes ticked by default",
             "默认勾选的同意框 0 个")
    if not boxes:
        return inapplicable("no consent checkbox on the page", zh="页面没有同意勾选框", threshold=thr, value=0)
    ticked = [f for f in boxes if f.get("checked") or f.get("default_checked")]
    if ticked:
        return failed(f"{len(ticked)} consent checkbox(es) ticked in advance", zh=f"{len(ticked)} 个同意勾选框被默认勾选",
                      value=len(ticked), threshold=thr, evidence=[ev(f, text=f.get("label")) for f in ticked[:10]])
    return passed(f"{len(boxes)} consent checkbox(es), none ticked in advance", zh=f"{len(boxes)} 个同意勾选框均未默认勾选",
                  value=0, threshold=thr)


# ---------------------------------------------------------------- personal data in request URLs

def _mask_value(v: str) -> str:
    return v[:1] + "*" * max(1, len(v) - 1) if v else v


@check("network", "navigation")
def no_personal_data_in_urls(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """PI-07: no personal data in the query string (or path) of any request the page made, its own URL and
    redirects included: resident ID, mobile or bank card numbers (``patterns``), or a non-empty value of a
    parameter named like personal data (``param_names``: name, xm, idcard, sfzh, mobile …).

    Source: GB/T 35273-2020 6.3 个人敏感信息的传输和存储; 支付宝开放平台《应用安全开发指南》 (url 参数中的敏感
    信息也须脱敏; platform rule).
    Value: number of requests. Evidence: the URL (numbers masked), the parameter and kind.
    """
    names = {n.lower() for n in p["param_names"]}
    nav = a["navigation"]
    urls = [nav.get("url"), nav.get("final_url"), *(nav.get("redirects") or [])]
    urls += [r.get("url") for r in a.get("network", [])]
    found, seen = [], set()
    for url in urls:
        if not url or url in seen or not url.startswith(("http:", "https:")):
            continue
        seen.add(url)
        parts = urlsplit(url)
        hits = []
        for k, v in parse_qsl(parts.query, keep_blank_values=False):
            if k.lower() in names and v.strip():
                hits.append((k, "named parameter", v))
            else:
                for kind, s, _ in find_personal_data(v, p["patterns"]):
                    hits.append((k, kind, s))
        for kind, s, _ in find_personal_data(unquote(parts.path), p["patterns"]):
            hits.append(("(path)", kind, s))
        if hits:
            shown = url
            for _, kind, s in hits:
                shown = shown.replace(s, mask(kind, s) if kind in KIND_NAMES else _mask_value(s))
            found.append(ev(url=shown[:300], value=", ".join(sorted({h[1] for h in hits})),
                            note="parameters: " + ", ".join(sorted({h[0] for h in hits}))))
    thr = bi("0 requests with personal data in the URL",
             "URL 中含个人信息的请求 0 个")
    if found:
        return failed(f"{len(found)} request URL(s) carry personal data", zh=f"{len(found)} 个请求的 URL 中含个人信息",
                      value=len(found), threshold=thr, evidence=found[:30])
    return passed(f"no personal data in {len(seen)} request URL(s)", zh=f"{len(seen)} 个请求 URL 中均无个人信息", value=0, threshold=thr)


# ---------------------------------------------------------------- complaint entry

@check("crawl", "dom")
def complaint_entry(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """PI-09: a complaint and suggestion (投诉建议) entry (a link or control whose text matches ``patterns``) on
    the page or within ``max_taps`` taps.

    Source: 国办函〔2026〕12号《政务移动互联网应用程序规范化管理办法》 (单位应在政务应用程序中提供投诉建议功能;
    article number not confirmed); 认定方法 六 (未公布投诉、举报方式等信息).
    Value: taps to the entry (0 = on this page), or None.
    """
    rx = _rx(p["patterns"])
    limit = p["max_taps"]
    thr = bi(f"≤ {limit} taps",
             f"≤ {limit} 次点击")
    dom, crawl = a["dom"], a["crawl"]
    on_page = [t for t in dom.get("targets", []) if rx.search(t.get("name") or "")]
    on_page += [l for l in dom.get("links", []) if rx.search(l.get("text") or "") and l not in on_page]
    if on_page:
        e = on_page[0]
        name = e.get("name") or e.get("text")
        return passed(f"complaint entry on the page: {name!r}", zh=f"本页有投诉建议入口：“{name}”", value=0, threshold=thr,
                      evidence=[ev(e, text=name)])
    best = None
    for pg in crawl.get("pages", [])[1:]:
        if pg["depth"] >= limit:
            continue
        for t in [l.get("text") for l in pg.get("links", [])] + pg.get("controls", []):
            if t and rx.search(t) and (best is None or pg["depth"] < best[0]["depth"]):
                best = (pg, t)
    if best is not None:
        taps = best[0]["depth"] + 1
        return passed(f"complaint entry {best[1]!r} in {taps} tap(s)", zh=f"{taps} 次点击可达投诉建议入口“{best[1]}”", value=taps,
                      threshold=thr, evidence=[ev(url=best[0].get("final_url") or best[0]["url"], text=best[1])])
    if crawl.get("truncated"):
        return cant_tell("no complaint entry found before the crawl reached its limit", zh="抓取达到上限前未找到投诉建议入口，需人工确认",
                         threshold=thr)
    return failed(f"no complaint and suggestion entry within {limit} taps", zh=f"{limit} 次点击内没有投诉建议入口", value=None, threshold=thr)
