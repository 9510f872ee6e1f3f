"""CT-04: no greyed-out module entries (不存在置灰模块)."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, failed, inapplicable, passed
from .. import ev


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """CT-04: no entry of a module grid (宫格: three or more tappable sibling entries of the same tag and first class, each with a
    label of 2–12 characters, outside any form; ``entry_grid`` stage) is drawn greyed out: effective opacity ≤ 0.5,
    a grayscale filter ≥ 0.8, ``pointer-events: none``, ``aria-disabled`` or a disabled class. The limits are
    the tool's. Text such as “建设中” or “敬请期待” is CT-01's subject.

    Source: 浙里办 服务开发指引 §6.5.4 审核用例 (by the issue's account; text not read).
    Value: number of greyed entries. Evidence: each entry with its label and why it counts as greyed.
    """
    g = a["entry_grid"]
    thr = bi("0 greyed-out module entries", "置灰的模块入口 0 个")
    if not g.get("entries"):
        return inapplicable("no module grid on the page", zh="页面无功能模块宫格", threshold=thr)
    grey = g.get("greyed") or []
    if grey:
        names = "、".join(x["text"] for x in grey[:6])
        return failed(f"{len(grey)} greyed-out module entr{'y' if len(grey) == 1 else 'ies'}: {', '.join(x['text'] for x in grey[:6])}",
                      zh=f"{len(grey)} 个模块入口置灰：{names}", value=len(grey), threshold=thr,
                      evidence=[ev(x, text=x["text"], note=", ".join(x["why"])) for x in grey[:30]])
    return passed(f"{g['entries']} module entries in {g['groups']} group(s), none greyed out",
                  zh=f"{g['groups']} 组共 {g['entries']} 个模块入口，均未置灰", value=0, threshold=thr)
