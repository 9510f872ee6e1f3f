"""UI-03: Fixed bars respect safe-area insets under viewport-fit=cover (全面屏适配：viewport-fit=cover 时固定栏避开安全区域). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, failed, inapplicable, passed
from .. import ev


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """UI-03: when the viewport meta sets ``viewport-fit=cover`` (the page draws under the notch and the home
    indicator), the content of every fixed or sticky bar touching the top or bottom edge stays out of the
    safe-area insets. Measured honestly: computed styles resolve ``env(safe-area-inset-*)`` to 0 on a desktop
    browser, so the ``safe_area`` stage emulates insets of ``inset_top_px``/``inset_bottom_px`` CSS px through CDP
    and measures where each bar's text, images and controls then lie (``tolerance_px`` allowed).

    Source: 浙里办 H5 rules (platform rule: adapt to full-screen phones / safe areas — described); W3C CSS
    Environment Variables (safe-area-inset-*).
    Value: number of bars whose content lies in an inset. Evidence: each bar with its content box (viewport px).
    """
    sa = a["safe_area"]
    top, bottom = sa["insets"]["top"], sa["insets"]["bottom"]
    thr = bi(f"bar content outside insets top {top} px / bottom {bottom} px",
             f"固定栏内容在安全区内（上 {top} px / 下 {bottom} px）")
    if not sa.get("cover"):
        return inapplicable("the viewport meta does not set viewport-fit=cover: the browser keeps the page in the safe area",
                            zh="viewport 未设置 viewport-fit=cover，浏览器自动避开安全区域", threshold=thr)
    if not sa.get("bars"):
        return inapplicable("no fixed or sticky bar at the top or bottom edge", zh="页面顶部或底部没有固定栏", threshold=thr)
    vh = a["device"]["viewport"]["height"]
    tol = p["tolerance_px"]
    bad, ok = [], 0
    for b in sa["bars"]:
        c = b.get("content")
        if not c:
            continue
        if b["edge"] == "top" and c[1] < top - tol:
            bad.append(ev(selector=b["selector"], value=c[1], note=f"top bar content starts {c[1]:g} px from the top, inside the {top} px inset"))
        elif b["edge"] == "bottom" and c[1] + c[3] > vh - bottom + tol:
            end = round(vh - (c[1] + c[3]), 1)
            bad.append(ev(selector=b["selector"], value=end, note=f"bottom bar content ends {end:g} px above the bottom, inside the {bottom} px inset"))
        else:
            ok += 1
    if bad:
        return failed(f"{len(bad)} bar(s) put content under the safe-area insets (viewport-fit=cover without env(safe-area-inset-*))",
                      zh=f"{len(bad)} 个固定栏的内容落在安全区域内（设置了 viewport-fit=cover 但未使用 env(safe-area-inset-*)）",
                      value=len(bad), threshold=thr, evidence=bad)
    return passed(f"{ok} bar(s) keep their content out of the emulated insets", zh=f"{ok} 个固定栏的内容均避开了安全区域",
                  value=0, threshold=thr)
