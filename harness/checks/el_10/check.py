"""EL-10: No timed refresh; auto-advancing content can be paused (无定时自动刷新，自动轮播须可暂停). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, failed, passed
from .. import ev
from ..navigations import automatic_navigations


def _motion_items(a: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(auto-advancing content, pause controls) from the ``motion`` artifact."""
    m = a.get("motion") or {}
    moving = []
    for c in m.get("changed") or []:
        if c.get("carousel"):
            moving.append(ev(c, text=c.get("text"), note=f"changed {c.get('changes')} time(s) by itself ({', '.join(c.get('what') or [])})"))
    for s in m.get("scrolled") or []:
        moving.append(ev(s, text=s.get("text"), note=f"scrolled by itself ({s.get('events')} scroll events)"))
    for an in m.get("animations") or []:
        moving.append(ev(an, text=an.get("text"), note=f"infinite moving animation {an.get('name')!s} ({an.get('duration_ms')} ms)"))
    for mq in m.get("marquees") or []:
        moving.append(ev(mq, text=mq.get("text"), note="<marquee>"))
    return moving, [ev(pc, text=pc.get("text")) for pc in m.get("pause_controls") or []]


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-10: nothing on the page changes by itself on a timer: no meta refresh, ``Refresh`` header or timer that
    reloads the page, no reload during the load, and no carousel, ticker, scrolling or marquee content that
    advances by itself unless a pause control (暂停/停止/pause/stop) is on the page.

    Carousels are elements (or ancestors) named like one (carousel, swiper, slide, banner, 轮播 …) whose style,
    class or children changed while the page was watched untouched for one period of its recurring timers (at
    most ``max_watch_ms`` ms); elements that scrolled by themselves; infinite CSS animations that translate.

    Source: 《移动互联网应用（APP）适老化通用设计规范》 (where a time limit is not essential, leave users enough time;
    the interface does not change before the user has finished); WCAG 2.0 SC 2.2.2 Pause, Stop, Hide and SC 2.2.1
    (F41: meta refresh reload); GB/T 37668-2019 (same criteria).
    Value: {"refreshes", "auto_advancing", "pause_controls"}. Evidence: each source.
    """
    found = automatic_navigations(a, 0.001)
    refreshes = found["refreshes"]
    moving, pauses = _motion_items(a)
    value = {"refreshes": len(refreshes), "auto_advancing": len(moving), "pause_controls": len(pauses)}
    thr = bi("no timed refresh; auto-advancing content only with a pause control",
             "无定时刷新；自动轮播须有暂停控制")
    if refreshes or (moving and not pauses):
        en, zh = [], []
        if refreshes:
            en.append(f"{len(refreshes)} timed refresh(es)")
            zh.append(f"{len(refreshes)} 处定时自动刷新")
        if moving and not pauses:
            en.append(f"{len(moving)} element(s) advancing by themselves with no pause control")
            zh.append(f"{len(moving)} 处内容自动轮播/滚动且无暂停控件")
        return failed("the page changes by itself: " + ", ".join(en), zh="页面内容自动变化：" + "，".join(zh),
                      value=value, threshold=thr, evidence=(refreshes + (moving if not pauses else []))[:20])
    if moving:
        return passed(f"{len(moving)} auto-advancing element(s), with a pause control", zh=f"{len(moving)} 处自动轮播内容，提供暂停控件",
                      value=value, threshold=thr, evidence=(moving + pauses)[:20])
    watched = (a.get("motion") or {}).get("watched_ms", 0)
    return passed("no timed refresh or auto-advancing content" + (f" (watched {watched} ms)" if watched else ""),
                  zh="无定时刷新或自动轮播内容", value=value, threshold=thr)
