"""EL-14: No random advertising or temporary pop-ups or floating windows (semi) (无随机弹出的广告或临时性弹窗、浮窗（半自动）). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, cant_tell, passed
from .. import ev


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-14 (semi): pop-ups and floating windows open without any user action (dialogs and small fixed windows that
    are not edge bars) are listed for a reviewer to confirm they are not advertising or random temporary pop-ups;
    passed when there are none.

    Source: 《互联网网站适老化通用设计规范》/《移动互联网应用（APP）适老化通用设计规范》 (no random advertising or temporary
    advertising pop-ups — described).
    """
    pops = a["page_facts"].get("popups", [])
    thr = bi("no unsolicited pop-up or floating window",
             "无主动弹出的弹窗或浮窗")
    if not pops:
        return passed("no pop-up or floating window at load", zh="加载时无弹窗或浮窗", value=0, threshold=thr)
    return cant_tell(f"{len(pops)} pop-up(s) or floating window(s) at load: confirm none is advertising",
                     zh=f"加载时出现 {len(pops)} 个弹窗或浮窗：请人工确认不是广告", value=len(pops), threshold=thr,
                     evidence=[ev(x, text=(x.get("text") or "")[:80], note=x["kind"]) for x in pops[:10]])
