"""EL-09: Captcha can be enlarged ≥ 2×; its time limit is announced and extendable (semi) (验证码可放大（≥2倍），时效有语音提示并可延长（半自动）). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, cant_tell, inapplicable
from .. import ev


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-09 (semi): when the page shows a picture captcha, a reviewer confirms it can be enlarged to at least
    ``min_zoom`` × and that a time limit under ``min_time_limit_s`` s is announced by voice and can be extended to
    at least twice its length. Inapplicable without a captcha.

    Source: 《互联网网站适老化通用设计规范》 (验证码放大 ≥ 2 倍; 验证码时效: limits of at most 3 minutes are announced by voice
    and can be extended to at least twice — described from the published summaries).
    """
    caps = a["page_facts"].get("captchas", [])
    thr = bi(f"captcha zoom ≥ {p['min_zoom']:g}×; time limit ≤ {p['min_time_limit_s']} s announced and extendable",
             f"验证码可放大 ≥ {p['min_zoom']:g} 倍；时限（≤ {p['min_time_limit_s']} 秒）须提示且可延长")
    if not caps:
        return inapplicable("no picture captcha", zh="页面没有图形验证码", threshold=thr)
    return cant_tell(f"{len(caps)} picture captcha(s): confirm enlargement and time-limit handling",
                     zh=f"发现 {len(caps)} 个图形验证码：请人工确认放大功能及时效提示与延长", value=len(caps), threshold=thr,
                     evidence=[ev(c, text=c.get("alt") or c.get("src")) for c in caps])
