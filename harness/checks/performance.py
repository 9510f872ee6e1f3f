"""Performance checks (性能): largest contentful paint under a mobile 4G profile (PF-01), page weight and request
count (PF-02)."""

from __future__ import annotations

from typing import Any

from ..outcomes import Outcome, bi, cant_tell, error, failed, passed
from . import check, ev
from .links import browser_favicon_guess


def _profile_text(prof: dict[str, Any]) -> str:
    s = (f"latency {prof.get('request_latency_ms'):g} ms, {prof.get('download_kbps'):g}/{prof.get('upload_kbps'):g} kbit/s down/up")
    cpu = prof.get("cpu_slowdown") or 1
    return s + (f", CPU {cpu:g}× slower" if cpu > 1 else "")


@check("variants.throttled")
def largest_contentful_paint(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """PF-01: the largest contentful paint of a cold load under the mobile 4G profile (``throttled`` variant, CDP
    network emulation and CPU throttling with this check's parameters) is ≤ ``warn_ms`` (passed), ≤ ``fail_ms``
    (passed with a warning) or later (failed).

    Source: 国办函〔2021〕105号 (移动端服务应便捷好用, performance of mobile services — described, clause number not
    confirmed); Web Vitals LCP; Lighthouse "mobile slow 4G" profile as the network model.
    Value: LCP in ms. Evidence: the LCP element (selector, box, image URL) and the profile used.
    """
    v = a["variants"]["throttled"]
    perf = v.get("perf")
    thr = bi(f"≤ {p['warn_ms']} ms (warn above), ≤ {p['fail_ms']} ms",
             f"≤ {p['warn_ms']} 毫秒（超过则警告），≤ {p['fail_ms']} 毫秒")
    if perf is None:
        nav = v.get("navigation") or {}
        reason = (v.get("errors") or {}).get("perf_wait") or nav.get("error") or "the throttled load gathered nothing"
        return error(f"throttled load not measured: {reason}", zh=f"限速加载未能测量：{reason}", threshold=thr)
    prof = _profile_text(perf.get("profile") or {})
    lcp = perf.get("lcp_ms")
    info = perf.get("lcp") or {}
    evidence = [ev(info, url=info.get("url"), value=lcp, note=f"LCP <{info.get('tag')}> under {prof}" + ("" if perf.get("network_idle") else
                   f"; {perf.get('requests_in_flight')} request(s) still in flight after {perf.get('waited_ms')} ms"))] if info else []
    if lcp is None:
        fcp = perf.get("fcp_ms")
        return cant_tell("no largest contentful paint was recorded under the 4G profile" + (f" (first contentful paint {fcp} ms)" if fcp else ""),
                         zh="4G 限速下未记录到最大内容绘制（LCP）", value=None, threshold=thr,
                         evidence=[ev(note=f"profile: {prof}")])
    en = f"LCP {lcp} ms under mobile 4G ({prof})"
    zh = f"移动 4G 网络下最大内容绘制（LCP）{lcp} ms"
    if lcp > p["fail_ms"]:
        return failed(en + f", over {p['fail_ms']} ms", zh=zh + f"，超过 {p['fail_ms']} ms", value=lcp, threshold=thr, evidence=evidence)
    if lcp > p["warn_ms"]:
        return passed(en + f": over the {p['warn_ms']} ms goal", zh=zh + f"，超过 {p['warn_ms']} ms 的建议值", value=lcp, threshold=thr,
                      evidence=evidence, warning=True)
    return passed(en, zh=zh, value=lcp, threshold=thr, evidence=evidence)


@check("network", "navigation")
def page_weight(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """PF-02: the page's transfer size (sum of the CDP ``encodedDataLength`` of every request of the load: headers
    and bodies as sent over the network, bytes) is ≤ ``max_bytes`` and its request count ≤ ``max_requests``
    (``data:`` and ``blob:`` URLs are not requests on the network and are not counted, nor is the browser's own
    ``/favicon.ico`` guess when the page references no icon).

    Source: 国办函〔2021〕105号 (mobile services light and fast on mobile networks — described, clause number not
    confirmed); the default budgets follow from PF-01's profile (1 MiB takes about 5 s at 1.6 Mbit/s).
    Value: {"bytes", "requests"}. Evidence: the largest requests.
    """
    reqs = [r for r in a.get("network") or [] if (r.get("url") or "").startswith(("http:", "https:")) and not browser_favicon_guess(r, a)]
    total = sum(int(r.get("bytes") or 0) for r in reqs)
    value = {"bytes": total, "requests": len(reqs)}
    thr = bi(f"≤ {p['max_bytes']} bytes, ≤ {p['max_requests']} requests",
             f"≤ {p['max_bytes']} 字节，≤ {p['max_requests']} 个请求")
    largest = sorted(reqs, key=lambda r: -(r.get("bytes") or 0))[:10]
    evidence = [ev(url=r["url"], value=int(r.get("bytes") or 0), note=f"{r.get('type')}: {int(r.get('bytes') or 0)} bytes") for r in largest if r.get("bytes")]
    en, zh = [], []
    if total > p["max_bytes"]:
        en.append(f"{total} bytes transferred (budget {p['max_bytes']})")
        zh.append(f"传输 {total} 字节（预算 {p['max_bytes']}）")
    if len(reqs) > p["max_requests"]:
        en.append(f"{len(reqs)} requests (budget {p['max_requests']})")
        zh.append(f"{len(reqs)} 个请求（预算 {p['max_requests']}）")
    if en:
        return failed("over budget: " + ", ".join(en), zh="超出预算：" + "，".join(zh), value=value, threshold=thr, evidence=evidence)
    return passed(f"{total} bytes in {len(reqs)} requests", zh=f"共 {len(reqs)} 个请求、{total} 字节", value=value, threshold=thr, evidence=evidence[:3])
