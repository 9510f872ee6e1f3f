"""IN-03: a page view sent to the host's analytics on each route, required fields present, all strings (每个页面路由向宿主平台统计上报页面访问（PV），必填字段齐全且均为字符串). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, error, failed, passed
from .. import ev
from ..host_log import final_calls, gate


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


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """IN-03: a page view is sent to the host's analytics on each route the page shows (its first URL and each
    pushState/replaceState/hash change), carrying the profile's required fields, every value a string.

    Source: 浙里办 浙江政务埋点 (zwlog sendPV, flat key-value pairs) and 服务开发指引 §7.2.3 (required: miniAppId, miniAppName,
    pageId, pageName, t0, t2, log_status; `_user_id` for apps with login is not checked yet); 青松办 assumed alike.
    Value: "routes with a valid PV / routes". Evidence: each route without one, with what its PVs lack.
    """
    if (o := gate(a, "IN-03")) is not None:
        return o
    b = a["bridge"]
    an = b["profile"]["analytics"]
    need_sdk = any(s["provides"] == "analytics" for s in b["profile"]["scripts"])
    final = final_calls(b)
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
