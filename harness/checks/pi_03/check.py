"""PI-03: Privacy policy states its publication and effective dates (隐私政策标注发布日期和生效日期). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any

from ...outcomes import Outcome, bi, failed, inapplicable, passed
from .. import ev
from ..privacy_policy import find_policy


DATE = r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})"


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
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
