"""Host platform integration checks (青松办 hooks): SDK and bridge ready (IN-01), analytics page views (IN-03),
outbound actions through the host (IN-04), title through the host (IN-05), the same content in WeChat and
Alipay (IN-06), the host's elder mode (EL-01), the 好差评 entry (IN-07, semi) and the host's back (NV-01, semi).

They read ``artifacts["bridge"]`` (the recording host's call log, see :mod:`harness.gather.host`), the outbound
probe (``artifacts["outbound"]``) and the variant loads ``platform_elder``, ``ua_wechat``, ``ua_alipay``. All are
``platform_only`` in the checklist; a check the target's profile does not list (``profile.checks``) is
inapplicable, because the profile does not know what to look for (e.g. the national platform has no public SDK).
Times are ms since the document's navigation start.
"""

from __future__ import annotations

import difflib
import re
from typing import Any
from urllib.parse import urlsplit

from ..outcomes import Outcome, bi, cant_tell, error, failed, inapplicable, passed
from . import check, ev
from .elder import undersized_targets
from .text import effective_scale

#: Bridge roles that send the user somewhere through the host (IN-04).
OUTBOUND_ROLES = {"pay", "open_link", "phone_call", "download", "close"}
#: Roles of records that are not bridge method calls.
NOT_BRIDGE = {"ready", "analytics_init", "analytics_ready", "analytics_event"}
#: Second-level domains under which the registrable domain has three labels (x.gov.cn, x.com.cn …).
_SLD = {"gov", "com", "net", "org", "edu", "ac", "co"}


def site(url: str) -> str | None:
    """The registrable domain of ``url`` (heuristic: the last two labels, three under gov.cn/com.cn …; the whole
    address for IP addresses); None for non-http(s) URLs."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    host = (urlsplit(url).hostname or "").lower()
    if re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host):
        return host
    labels = host.split(".")
    n = 3 if len(labels) >= 3 and labels[-2] in _SLD and len(labels[-1]) == 2 else 2
    return ".".join(labels[-n:])


def _gate(a: dict[str, Any], check_id: str) -> Outcome | None:
    """An outcome when the check cannot apply to this target (no host, or not in the profile's checks)."""
    b = a.get("bridge") or {}
    prof = b.get("profile")
    if not b.get("platform") or not prof:
        return error("the host's call log was not gathered", zh="未采集到宿主平台调用记录")
    if check_id not in prof.get("checks", []):
        return inapplicable(f"the {prof['name_en']} profile does not define what {check_id} looks for ({prof['status']} profile)",
                            zh=f"{prof['name_zh']}平台配置未定义 {check_id} 所需的接口（{prof['status']}）")
    return None


def _final(b: dict[str, Any]) -> list[dict[str, Any]]:
    """Records of the last document of the load (the page the user sees), in order."""
    last = max((c.get("doc", 0) for c in b.get("calls", [])), default=0)
    return [c for c in b.get("calls", []) if c.get("doc", 0) == last]


def _call_text(c: dict[str, Any]) -> str:
    import json

    args = c.get("args") or []
    inner = ", ".join(json.dumps(x, ensure_ascii=False) for x in args)[:120]
    return f"{c.get('name')}({inner})"


@check("dom", "bridge")
def host_sdk_ready(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """IN-01: the host's SDK script is loaded and the page waits for the bridge's ready signal (onReady) before
    any bridge call.

    Source: 浙里办 ZWJSBridge API (“初始化完成即onReady之后再调用jsapi”); 青政公〔2019〕24号 三 (integration with 青松办).
    Value: the number of bridge calls made before ready (or without the SDK). Evidence: each such call, or the SDK
    script expected.
    """
    if (o := _gate(a, "IN-01")) is not None:
        return o
    b = a["bridge"]
    prof = b["profile"]
    final = _final(b)
    bridge_scripts = [s for s in prof["scripts"] if s["provides"] == "bridge"]
    sdk = [c for c in final if c["kind"] == "sdk" and c.get("provides") == "bridge"]
    calls = [c for c in final if c["kind"] == "call" and c.get("role") not in NOT_BRIDGE and not str(c.get("name", "")).startswith("new ")
             and "." not in str(c.get("name", ""))]
    waited = [c for c in final if c.get("role") == "ready"]
    early = [c for c in calls if not c.get("ready")]
    glob = (prof.get("bridge") or {}).get("global", "bridge")
    thr = bi(f"SDK loaded; {glob} calls only after the ready signal",
             f"已加载 SDK；{glob} 调用均在就绪信号之后")
    evidence = [ev(text=_call_text(c), value=c.get("t"), note="before the SDK loaded" if not c.get("sdk") else "before the ready signal")
                for c in early[:15]]
    if bridge_scripts and not sdk:
        example = bridge_scripts[0].get("example") or bridge_scripts[0]["name"]
        return failed(f"the host's SDK script was not loaded (e.g. {example})" + (f"; {len(calls)} bridge call(s) without it" if calls else ""),
                      zh=f"未加载宿主平台 SDK 脚本（如 {example}）" + (f"，无 SDK 的桥接调用 {len(calls)} 次" if calls else ""),
                      value=len(calls), threshold=thr, evidence=[ev(url=example, value="SDK script", note="expected")] + evidence)
    if early:
        return failed(f"{len(early)} of {len(calls)} bridge call(s) made before the bridge was ready"
                      + ("" if waited else f" (the page never waits for {prof['bridge']['ready'].get('method') or 'the ready event'})"),
                      zh=f"{len(calls)} 次桥接调用中有 {len(early)} 次发生在桥接就绪之前" + ("" if waited else "（页面未等待就绪回调）"),
                      value=len(early), threshold=thr, evidence=evidence)
    ready = next((c for c in final if c["kind"] == "ready"), None)
    when = f"SDK loaded at {sdk[0]['t']:g} ms, ready at {ready['t']:g} ms" if sdk and ready else "bridge ready"
    zh_when = f"SDK 于 {sdk[0]['t']:g} ms 加载，{ready['t']:g} ms 就绪" if sdk and ready else "桥接已就绪"
    luck = bool(calls) and not waited  # the calls came after ready, but the page never waited for it
    return passed(f"{when}; all {len(calls)} bridge call(s) after ready" + ("; but the page never registers for the ready signal" if luck else ""),
                  zh=f"{zh_when}；{len(calls)} 次桥接调用均在就绪之后" + ("；但页面未注册就绪回调" if luck else ""),
                  value=0, threshold=thr, evidence=[ev(text=_call_text(c), value=c.get("t")) for c in calls[:10]], warning=luck)


def pv_problems(c: dict[str, Any], analytics: dict[str, Any], need_sdk: bool) -> list[str]:
    """What is wrong with one page-view record: missing or empty required fields, values that are not strings
    (when the profile requires strings), nested values, the analytics SDK not loaded."""
    params = c.get("params")
    if not isinstance(params, dict):
        return ["no PV fields (not a flat object)"]
    out = []
    missing = [f for f in analytics["required_fields"] if params.get(f) in (None, "")]
    if missing:
        out.append("missing " + ", ".join(missing))
    nested = [k for k, v in params.items() if isinstance(v, (dict, list))]
    if nested:
        out.append("nested " + ", ".join(nested))
    if analytics["string_values"]:
        bad = [f"{k} ({type(v).__name__})" for k, v in params.items() if v is not None and not isinstance(v, (str, dict, list))]
        if bad:
            out.append("not strings: " + ", ".join(bad))
    if need_sdk and not c.get("analytics_sdk"):
        out.append("analytics SDK not loaded")
    return out


@check("dom", "bridge")
def host_analytics_pv(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """IN-03: a page view is sent to the host's analytics on each route the page shows (its first URL and each
    pushState/replaceState/hash change), carrying the profile's required fields, every value a string.

    Source: 浙里办 浙江政务埋点 (zwlog sendPV: miniAppId, t0, t2, log_status; flat key-value pairs); 青松办 assumed alike.
    Value: "routes with a valid PV / routes". Evidence: each route without one, with what its PVs lack.
    """
    if (o := _gate(a, "IN-03")) is not None:
        return o
    b = a["bridge"]
    an = b["profile"]["analytics"]
    need_sdk = any(s["provides"] == "analytics" for s in b["profile"]["scripts"])
    final = _final(b)
    routes = [c for c in final if c["kind"] == "route"]
    pvs = [c for c in final if c["kind"] == "pv"]
    fields = ", ".join(an["required_fields"])
    thr = bi(f"a PV on each route with {fields}" + (", all strings" if an["string_values"] else ""),
             f"每个页面路由上报一次 PV，含 {fields}" + ("，字段值均为字符串" if an["string_values"] else ""))
    if not routes:
        return error("no route recorded", zh="未记录到页面路由")
    bad_routes, evidence, missing_recommended = [], [], set()
    for i, r in enumerate(routes):
        end = routes[i + 1]["seq"] if i + 1 < len(routes) else float("inf")
        mine = [c for c in pvs if r["seq"] < c["seq"] < end]
        problems = [(c, pv_problems(c, an, need_sdk)) for c in mine]
        for c, _ in problems:
            if isinstance(c.get("params"), dict):
                missing_recommended |= {f for f in an.get("recommended_fields", []) if c["params"].get(f) in (None, "")}
        url = (r.get("args") or [r.get("url")])[0]
        if not any(not pr for _, pr in problems):
            bad_routes.append(r)
            if not mine:
                evidence.append(ev(url=url, value="no page view", note=f"route via {r['name']} at {r['t']:g} ms"))
            for c, pr in problems[:3]:
                evidence.append(ev(url=url, text=f"{c['name']}", value="; ".join(pr), note=f"{c['t']:g} ms"))
    n_ok = len(routes) - len(bad_routes)
    value = f"{n_ok}/{len(routes)}"
    rec = f"; recommended fields not sent: {', '.join(sorted(missing_recommended))}" if missing_recommended else ""
    if bad_routes:
        return failed(f"{len(bad_routes)} of {len(routes)} route(s) without a valid page view to {' / '.join(an['channels'])}{rec}",
                      zh=f"{len(routes)} 个路由中有 {len(bad_routes)} 个未上报合规的页面访问（PV）{('；未上报推荐字段 ' + '、'.join(sorted(missing_recommended))) if missing_recommended else ''}",
                      value=value, threshold=thr, evidence=evidence[:15])
    return passed(f"a valid page view on each of {len(routes)} route(s) ({len(pvs)} PV){rec}",
                  zh=f"{len(routes)} 个路由均上报了合规的页面访问（共 {len(pvs)} 次）", value=value, threshold=thr,
                  evidence=[ev(text=c["name"], value=", ".join(f"{k}={v}" for k, v in (c.get("params") or {}).items())[:160], note=f"{c['t']:g} ms")
                            for c in pvs[:5]])


@check("dom", "bridge", "outbound", "page_state")
def host_outbound(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """IN-04: payment, download, external links and phone calls go through the host (its pay / downloadFile /
    openLink / phoneCall methods) or ``tel:``; never ``window.open`` or a plain navigation to another site.

    Each visible control that pays, downloads, calls or links to another site is clicked by the outbound probe
    (navigations are stopped before they leave); ``window.open`` calls during the load count too.
    Source: 浙里办 ZWJSBridge (pay, openLink, phoneCall, downloadFile); 青政公〔2019〕24号 三.
    Value: the number of actions that leave the host. Evidence: each control and what it did.
    """
    if (o := _gate(a, "IN-04")) is not None:
        return o
    page_site = site((a.get("navigation") or {}).get("final_url") or a.get("url") or "")
    other = lambda u: (s := site(u)) is not None and s != page_site  # noqa: E731
    bad, good, neutral = [], [], []
    for c in (a.get("outbound") or {}).get("candidates", []):
        label = c.get("text") or c.get("href") or c.get("tag")
        if "tel" in c["kinds"]:
            good.append(ev(c, text=label, value="tel:", url=c.get("href")))
            continue
        eff = c.get("effects") or {}
        host = [x for x in eff.get("bridge", []) if x.get("role") in OUTBOUND_ROLES]
        off = [("window.open", u) for u in eff.get("opens", []) if other(u)] + [("navigation", u) for u in eff.get("navigations", []) if other(u)]
        files = [u for u in eff.get("navigations", []) + eff.get("opens", []) if "download" in c["kinds"] and not other(u)]
        if off:
            how, u = off[0]
            bad.append(ev(c, text=label, value=f"{how} to another site", url=u, note="not through the host"))
        elif host:
            good.append(ev(c, text=label, value=f"through the host: {host[0]['name']}()"))
        elif files:
            bad.append(ev(c, text=label, value="download not through the host", url=files[0], note="plain file link"))
        else:
            neutral.append(ev(c, text=label, value="no outbound action observed on click", note=", ".join(c["kinds"])))
    for o in ((a.get("page_state") or {}).get("opens") or []):
        if other(o.get("url") or ""):
            bad.append(ev(value="window.open to another site during the load", url=o.get("url"), note=f"{o.get('t')} ms"))
    thr = bi("through the host or tel:; no window.open/navigation to another site",
             "经宿主接口或 tel: 链接；不以 window.open 或页面跳转离开到其他网站")
    if bad:
        return failed(f"{len(bad)} outbound action(s) leave the host", zh=f"{len(bad)} 处外链、支付、下载或电话未通过宿主平台",
                      value=len(bad), threshold=thr, evidence=bad + neutral)
    if good:
        return passed(f"{len(good)} outbound action(s), all through the host or tel:", zh=f"{len(good)} 处外链、支付、下载或电话均通过宿主平台或 tel:",
                      value=0, threshold=thr, evidence=good + neutral)
    if neutral:
        return cant_tell(f"{len(neutral)} control(s) look outbound but did nothing observable on click", zh=f"{len(neutral)} 个疑似外链/支付控件点击后无可观察动作，需人工确认",
                         value=0, threshold=thr, evidence=neutral)
    return inapplicable("no payment, download, external link or phone control on the page", zh="页面无支付、下载、外链或电话控件", threshold=thr)


@check("dom", "bridge")
def host_title(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """IN-05: the page sets its title through the host (setTitle) and the title equals the registered service name.

    Source: 浙里办 ZWJSBridge.setTitle; 国办函〔2021〕105号 (名称规范统一).
    Value: the last title set. Evidence: each setTitle call.
    """
    if (o := _gate(a, "IN-05")) is not None:
        return o
    service = ((a.get("target") or {}).get("service_name") or "").strip()
    thr = bi(f"title set through the host = {service!r}" if service else "title set through the host",
             f"经宿主设置标题 = “{service}”" if service else "经宿主设置标题")
    if not service:
        return inapplicable("no service name registered for this system", zh="未登记服务名称", threshold=thr)
    calls = [c for c in _final(a["bridge"]) if c["kind"] == "call" and c.get("role") == "set_title"]
    if not calls:
        return failed("the title is not set through the host", zh="未通过宿主平台设置标题", value=None, threshold=thr)
    arg = (calls[-1].get("args") or [None])[0]
    title = arg.get("title") if isinstance(arg, dict) else arg
    title = title.strip() if isinstance(title, str) else title
    evidence = [ev(text=_call_text(c), value=c.get("t")) for c in calls[:10]]
    if title != service:
        return failed(f"the host's title is {title!r}, not the service name {service!r}", zh=f"宿主标题为“{title}”，与服务名称“{service}”不一致",
                      value=title, threshold=thr, evidence=evidence)
    return passed(f"title set through the host: {title!r}", zh=f"已通过宿主平台设置标题“{title}”", value=title, threshold=thr, evidence=evidence)


def _lines(text: str) -> list[str]:
    """Visible text as comparable lines: whitespace collapsed, digit runs replaced (clocks, counters)."""
    out = []
    for line in (text or "").splitlines():
        line = re.sub(r"\d+", "#", re.sub(r"\s+", " ", line)).strip()
        if line:
            out.append(line)
    return out


@check("dom", "variants.ua_wechat", "variants.ua_alipay")
def same_content_channels(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """IN-06: the page shows the same content under the host's user agent (the primary load), WeChat's and
    Alipay's in-app browsers: the visible text lines agree to at least ``min_similarity``.

    Source: 国办函〔2021〕105号 (多渠道服务同源、同质); 浙里办 rules (the same H5 runs in the app and its WeChat and Alipay
    mini-programs).
    Value: the similarity per channel (0–1). Evidence: lines missing or added under each channel.
    """
    if (o := _gate(a, "IN-06")) is not None:
        return o
    base = _lines(a["dom"].get("visible_text", ""))
    sims, evidence, bad = {}, [], []
    for name, label in (("ua_wechat", "WeChat"), ("ua_alipay", "Alipay")):
        v = a["variants"][name]
        vd = v.get("dom")
        if vd is None:
            err = (v.get("navigation") or {}).get("error") or (v.get("errors") or {}).get("dom") or "not gathered"
            return error(f"the {label} load has no DOM: {err}", zh=f"{label} 渠道加载未取得页面内容：{err}")
        other = _lines(vd.get("visible_text", ""))
        sm = difflib.SequenceMatcher(None, base, other, autojunk=False)
        r = round(sm.ratio(), 3) if base or other else 1.0
        sims[label.lower()] = r
        if r + 1e-9 < p["min_similarity"]:
            bad.append(label)
            for tag, i1, i2, j1, j2 in sm.get_opcodes():
                if tag in ("delete", "replace"):
                    for line in base[i1:i2][:3]:
                        evidence.append(ev(text=line[:80], value=f"missing in {label}"))
                if tag in ("insert", "replace"):
                    for line in other[j1:j2][:3]:
                        evidence.append(ev(text=line[:80], value=f"only in {label}"))
    thr = bi(f"text similarity ≥ {p['min_similarity']} in WeChat and Alipay",
             f"微信与支付宝中的文字相似度 ≥ {p['min_similarity']}")
    if bad:
        return failed(f"different content in {', '.join(bad)} (similarity {', '.join(f'{k} {v:g}' for k, v in sims.items())})",
                      zh=f"在{'、'.join(bad)}中显示的内容不同（相似度 {'，'.join(f'{k} {v:g}' for k, v in sims.items())}）",
                      value=sims, threshold=thr, evidence=evidence[:15])
    return passed(f"the same content in WeChat and Alipay (similarity {', '.join(f'{k} {v:g}' for k, v in sims.items())})",
                  zh=f"微信、支付宝中显示内容一致（相似度 {'，'.join(f'{k} {v:g}' for k, v in sims.items())}）", value=sims, threshold=thr)


def _footer(selector: str | None) -> str | None:
    return "footer" if selector and re.search(r"(^|[\s>])footer\b|contentinfo", selector) else None


@check("variants.platform_elder")
def host_elder_mode(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-01: when the host says ``elder`` (长辈版), the page's text is at least ``min_font_px`` CSS px and its tap
    targets at least ``min_size`` × ``min_size`` CSS px, on the page and its footer (the ``platform_elder``
    variant load, where getUiStyle answers elder).

    Source: 《移动互联网应用（APP）适老化通用设计规范》 (主要文字 ≥ 18 dp; 可点击元素 ≥ 60 × 60 dp in 适老版);
    浙里办 getUiStyle/长辈版 rules.
    Value: {"text_below": characters below, "targets_below": targets below}. Evidence: each text and target.
    """
    if (o := _gate(a, "EL-01")) is not None:
        return o
    v = a["variants"]["platform_elder"]
    vd = v.get("dom")
    if vd is None:
        err = (v.get("navigation") or {}).get("error") or (v.get("errors") or {}).get("dom") or "not gathered"
        return error(f"the elder-mode load has no DOM: {err}", zh=f"长辈版加载未取得页面内容：{err}")
    scale = effective_scale(v)
    mf, ms = p["min_font_px"], p["min_size"]
    texts = [t for t in vd.get("texts", []) if t["chars"] >= p["min_chars"]]
    small = [t for t in texts if t["font_size"] * scale < mf - 0.01]
    total = sum(t["chars"] for t in texts)
    small_chars = sum(t["chars"] for t in small)
    bad_targets, n_targets = undersized_targets(v, ms, p["exempt_inline"])
    asked = [c for c in (v.get("bridge") or {}).get("calls", []) if c.get("kind") == "call" and c.get("role") == "ui_style"]
    thr = bi(f"text ≥ {mf} px; tap targets ≥ {ms} × {ms} px (elder mode)",
             f"长辈版：文字 ≥ {mf} px；点击区域 ≥ {ms} × {ms} px")
    if not texts and n_targets == 0:
        return inapplicable("no text and no tap targets in elder mode", zh="长辈版页面无文字和可点击元素", threshold=thr)
    evidence = [ev(t, text=t["text"][:60], value=f"{t['font_size'] * scale:g} px", note=_footer(t.get("selector")))
                for t in sorted(small, key=lambda t: t["font_size"])[:12]]
    evidence += [ev(t, text=t.get("name") or t["tag"], value=f"{w:g} × {h:g}", note=_footer(t.get("selector"))) for t, (w, h) in bad_targets[:12]]
    value = {"text_below": small_chars, "targets_below": len(bad_targets)}
    ask_en = "" if asked else "; the page never asks the host for its UI style"
    ask_zh = "" if asked else "；页面未向宿主查询界面模式（getUiStyle）"
    share = small_chars / total if total else 0
    if share > p["max_share_below"] + 1e-9 or bad_targets:
        return failed(f"in elder mode {small_chars} of {total} characters are below {mf} px and {len(bad_targets)} of {n_targets} tap targets below {ms} × {ms} px{ask_en}",
                      zh=f"长辈版下 {total} 个字中 {small_chars} 个小于 {mf} px，{n_targets} 个可点击元素中 {len(bad_targets)} 个小于 {ms}×{ms} px{ask_zh}",
                      value=value, threshold=thr, evidence=evidence)
    return passed(f"in elder mode all text ≥ {mf} px and all {n_targets} tap targets ≥ {ms} × {ms} px",
                  zh=f"长辈版下文字均不小于 {mf} px，{n_targets} 个可点击元素均不小于 {ms}×{ms} px", value=value, threshold=thr,
                  evidence=[ev(text=_call_text(c), value=c.get("answer")) for c in asked[:3]])


#: Words saying a service is done (办结), and words of a 好差评 entry.
DONE = re.compile(r"已办结|已完成办理|办理完成|办理成功|提交成功|申请成功|审批通过")
EVALUATE = re.compile(r"好差评|去评价|我要评价|评价|满意度|评一评")


@check("dom", "bridge")
def evaluation_entry(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """IN-07 (semi): a page showing a service as done (办结) offers the 好差评 evaluation. Found → cantTell (a person
    confirms it opens the evaluation); not found → failed (a person confirms); no service shown as done →
    inapplicable.

    Source: 国办发〔2019〕51号 政务服务“好差评”制度; 国办函〔2021〕105号.
    Value: the number of evaluation entries. Evidence: the completion text and each entry.
    """
    if (o := _gate(a, "IN-07")) is not None:
        return o
    dom = a["dom"]
    done = DONE.search(dom.get("visible_text", "") or "")
    role = (a.get("target") or {}).get("role")
    thr = bi("a 好差评 entry after a service is done",
             "办件完成后提供好差评入口")
    if not done and role != "result":
        return inapplicable("no service shown as done on this page", zh="页面未显示已办结的事项", threshold=thr)
    entries = [t for t in dom.get("targets", []) if EVALUATE.search(t.get("name") or "")]
    calls = [c for c in a["bridge"].get("calls", []) if c.get("role") == "evaluate"]
    evidence = [ev(text=done.group(0) if done else "role: result", value="service done")]
    evidence += [ev(t, text=t.get("name"), value="evaluation entry") for t in entries[:5]] + [ev(text=_call_text(c), value="host evaluation") for c in calls[:3]]
    if entries or calls:
        return cant_tell(f"{len(entries) + len(calls)} evaluation entry(ies) offered: confirm it opens the 好差评 evaluation",
                         zh=f"提供了 {len(entries) + len(calls)} 个评价入口，请人工确认可进入好差评", value=len(entries) + len(calls),
                         threshold=thr, evidence=evidence)
    return failed("the service is shown as done but no 好差评 evaluation is offered (confirm)", zh="事项已办结但未提供好差评评价入口（请人工确认）",
                  value=0, threshold=thr, evidence=evidence)


BACK = re.compile(r"^\s*(返回|返回上一页|返回上级|后退|back|[‹<〈←]\s*(返回)?)\s*$", re.I)


@check("dom", "bridge")
def host_back_navigation(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """NV-01 (semi): the app draws no back button of its own in its top ``top_px`` CSS px (the host's title bar
    has the back button, which must return to the previous view). A back button found → failed (a person
    confirms); none → cantTell (a person confirms the host's back returns to the previous view).

    Source: 浙里办 服务开发指引 (容器导航栏与回退); 国办函〔2021〕105号 (操作便捷).
    Value: the number of back buttons of the app's own. Evidence: each one; the routes the page pushed.
    """
    if (o := _gate(a, "NV-01")) is not None:
        return o
    own = [t for t in a["dom"].get("targets", []) if BACK.match(t.get("name") or "") and t["box"][1] < p["top_px"]]
    pushed = [c for c in a["bridge"].get("calls", []) if c.get("kind") == "route" and c.get("name") in ("pushState", "hashchange")]
    thr = bi("no back button of the app's own; the host's back returns to the previous view",
             "不自带返回按钮；宿主返回键回到上一视图")
    if own:
        return failed(f"the app draws {len(own)} back button(s) of its own (confirm)", zh=f"应用自绘了 {len(own)} 个返回按钮（请人工确认）",
                      value=len(own), threshold=thr, evidence=[ev(t, text=t.get("name"), value="back button") for t in own[:5]])
    return cant_tell(f"no back button of the app's own; confirm the host's back returns to the previous view ({len(pushed)} in-page route change(s))",
                     zh=f"未发现应用自绘返回按钮；请人工确认宿主返回键可回到上一视图（页面内路由变化 {len(pushed)} 次）",
                     value=0, threshold=thr, evidence=[ev(url=(c.get("args") or [None])[0], value=c["name"]) for c in pushed[:5]])
