"""WS-02: the 政务服务 link leads to the department's address on the Qinghai platform, 附件1 (“政务服务”栏目链接至本部门在青海政务服务平台的地址（附件1）). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ... import addresses
from ...outcomes import Outcome, bi, cant_tell, failed, inapplicable, passed
from .. import ev
from ..zwfw_links import candidates, label_of, viewports


def suggested_addresses(address: str | None, department: str | None) -> list[str]:
    """Addresses the registry lint would derive for a defective 附件1 address (ouname re-encoded from the
    department's name); a website linking to one of them links where the notice meant."""
    if not address or not department:
        return []
    pairs = dict(addresses.query_pairs(address.split("?", 1)[1] if "?" in address else ""))
    if "ouname" not in pairs:
        return []
    fixed = addresses.replace_param(address, "ouname", addresses.encode_component(addresses.strip_space(department)))
    return [fixed] if addresses.normalize_url(fixed) != addresses.normalize_url(address) else []


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """WS-02: the 政务服务 link (the best candidate of each viewport, as in WS-01) leads to the department's 附件1
    address, compared after normalisation.

    Params: ``keywords``; ``accept_suggested`` (a link to the address the registry lint derives from a
    defective printed one — ouname re-encoded from the department's name — passes with a warning).
    Value: {"expected": address, viewport: href}. Inapplicable when no viewport has such a link (WS-01 fails).
    """
    target = a.get("target") or {}
    expected = target.get("address")
    views = viewports(a)
    found = [(label, device, candidates(ws, {**p, "min_size": 1, "min_visible_ratio": 0.0})) for label, device, ws in views]
    if not any(c for _, _, c in found):
        return inapplicable("No link named 政务服务 on the home page (see WS-01).", "首页没有“政务服务”链接（见 WS-01）。")
    value: dict[str, Any] = {"expected": expected}
    if not expected:
        for label, _, cands in found:
            value[label] = cands[0]["href"] if cands else None
        return cant_tell("The department has no 附件1 address in the registry to compare the link with.",
                         "登记表中该部门没有附件1地址，无法比对链接目标。", value=value)
    alternatives = suggested_addresses(expected, target.get("department")) if p["accept_suggested"] else []
    norm_expected = addresses.normalize_url(expected)
    norm_alt = {addresses.normalize_url(alt) for alt in alternatives}
    evidence, bad, bad_zh, warn, warn_zh = [], [], [], [], []
    for label, device, cands in found:
        width = (device.get("viewport") or {}).get("width")
        if not cands:
            value[label] = None
            continue
        best = cands[0]
        href = best.get("href")
        value[label] = href
        norm = addresses.normalize_url(href)
        others = sorted({c.get("href") for c in cands[1:] if addresses.normalize_url(c.get("href")) != norm and c.get("href")})
        if norm == norm_expected:
            note = "links to the 附件1 address"
            if (href or "").startswith("http:"):
                warn.append(f"{label}: links over http")
                warn_zh.append(f"{label}：链接使用 http")
        elif norm in norm_alt:
            note = "links to the corrected address (the printed 附件1 address is defective: see the registry lint)"
            warn.append(f"{label}: links to the address the registry lint derives, not the defective printed one")
            warn_zh.append(f"{label}：链接指向登记表检查推断的正确地址，而非附件1中印错的地址")
        else:
            diff = addresses.urls_differ(href, expected)
            note = f"links elsewhere: {', '.join(diff)} differ{'s' if len(diff) == 1 else ''} from the 附件1 address"
            shown = href if href and len(href) <= 60 else "another address"
            shown_zh = href if href and len(href) <= 60 else "其他地址"
            bad.append(f"{label}: links to {shown} ({', '.join(diff)} differ{'s' if len(diff) == 1 else ''} from the 附件1 address)")
            bad_zh.append(f"{label}：链接到 {shown_zh}（与附件1地址的{'、'.join({'host': '主机', 'path': '路径', 'query': '参数', 'scheme': '协议'}[d] for d in diff)}不同）")
        evidence.append(ev(best, width=width, text=label_of(best), url=href, note=f"{label}: {note}"))
        if others:
            warn.append(f"{label}: other 政务服务 links lead to {', '.join(others[:3])}")
            warn_zh.append(f"{label}：其他“政务服务”链接指向 {'、'.join(others[:3])}")
    threshold = bi("the department's 附件1 address (after normalisation)",
             "本部门的附件1地址（规范化后比较）")
    evidence.append({"url": expected, "note": "expected: the department's 附件1 address"})
    if bad:
        return failed(f"The 政务服务 link does not lead to the 附件1 address: {'; '.join(bad)}.",
                      f"“政务服务”链接未指向附件1地址：{'；'.join(bad_zh)}。", value=value, threshold=threshold, evidence=evidence)
    msg = "The 政务服务 link leads to the department's 附件1 address" + (f" ({'; '.join(warn)})" if warn else "") + "."
    msg_zh = "“政务服务”链接指向本部门附件1地址" + (f"（{'；'.join(warn_zh)}）" if warn_zh else "") + "。"
    return passed(msg, msg_zh, value=value, threshold=threshold, evidence=evidence, warning=bool(warn))
