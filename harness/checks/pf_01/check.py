"""PF-01: Largest contentful paint ≤ 3 s (fail above 5 s) on mobile 4G (移动4G网络下最大内容绘制（LCP）不超过3秒（超过5秒不合格）). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, cant_tell, error, failed, passed
from .. import ev


def _profile_text(prof: dict[str, Any]) -> str:
    s = (f"latency {prof.get('request_latency_ms'):g} ms, {prof.get('download_kbps'):g}/{prof.get('upload_kbps'):g} kbit/s down/up")
    cpu = prof.get("cpu_slowdown") or 1
    return s + (f", CPU {cpu:g}× slower" if cpu > 1 else "")


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
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
