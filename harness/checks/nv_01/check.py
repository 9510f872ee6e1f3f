"""NV-01: the host's back returns to the previous view; no back button of the app's own (宿主返回键可回到上一视图，应用不自绘返回按钮). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any

from ...outcomes import Outcome, bi, cant_tell, failed
from .. import ev
from ..host_log import gate


BACK = re.compile(r"^\s*(返回|返回上一页|返回上级|后退|back|[‹<〈←]\s*(返回)?)\s*$", re.I)


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """NV-01 (semi): the app draws no back button of its own in its top ``top_px`` CSS px (the host's title bar
    has the back button, which must return to the previous view). A back button found → failed (a person
    confirms); none → cantTell (a person confirms the host's back returns to the previous view).

    Source: 浙里办 服务开发指引 (容器导航栏与回退); 国办函〔2021〕105号 (操作便捷).
    Value: the number of back buttons of the app's own. Evidence: each one; the routes the page pushed.
    """
    if (o := gate(a, "NV-01")) is not None:
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
