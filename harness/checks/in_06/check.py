"""IN-06: the same content under the host's, WeChat's and Alipay's user agents (在宿主、微信和支付宝环境中显示相同内容). Definition: check.json beside this file."""

from __future__ import annotations

import difflib
import re
from typing import Any

from ...outcomes import Outcome, bi, error, failed, passed
from .. import ev
from ..host_log import gate


def _lines(text: str) -> list[str]:
    """Visible text as comparable lines: whitespace collapsed, digit runs replaced (clocks, counters)."""
    out = []
    for line in (text or "").splitlines():
        line = re.sub(r"\d+", "#", re.sub(r"\s+", " ", line)).strip()
        if line:
            out.append(line)
    return out


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """IN-06: the page shows the same content under the host's user agent (the primary load), WeChat's and
    Alipay's in-app browsers: the visible text lines agree to at least ``min_similarity``.

    Source: 国办函〔2021〕105号 (多渠道服务同源、同质); 浙里办 rules (the same H5 runs in the app and its WeChat and Alipay
    mini-programs).
    Value: the similarity per channel (0–1). Evidence: lines missing or added under each channel.
    """
    if (o := gate(a, "IN-06")) is not None:
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
