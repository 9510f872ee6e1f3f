"""Gather stages for the layout, 适老化 and content checks: overlaps and clipping, page facts, motion, safe-area
insets, text zoom.

* width probe ``targets`` (every layout width, same load): overlapping tap targets and clipped text
  (``layout_targets.js``) → ``artifacts["layout"][width]["targets"]``.
* optional stage ``page_facts`` (order 25, right after the DOM walk): footer, pop-ups and their close controls,
  picture captchas and their alternatives, elements marked as advertising (``page_facts.js``).
* optional stage ``motion`` (order 56): when the page runs recurring timers (or shows a marquee or an infinite
  moving animation), watch it untouched for one period, at most ``motion.max_watch_ms``, and record what moved
  by itself and whether a pause control exists (``motion_watch.js``).
* optional stage ``safe_area`` (order 70): when the viewport meta says ``viewport-fit=cover``, emulate non-zero
  safe-area insets through CDP ``Emulation.setSafeAreaInsetsOverride`` (computed styles resolve
  ``env(safe-area-inset-*)`` to 0 without it) and measure where the content of the bars touching the top and
  bottom edges lies; the override is removed afterwards.
* optional stage ``text_zoom`` (last: it mutates the page): first whether the page follows the user's text size
  (``text_scale.js``: text-size-adjust: none declarations; the browser's default font size set to
  ``text_zoom.factor`` × 16 px through CDP ``Page.setFontSizes``, a resize event, and which text grew and which
  inline px font sizes the page's scripts wrote meanwhile; the default is restored), then every font size ×
  ``text_zoom.factor``, and horizontal overflow (``layout_probe.js``) and clipped text (``layout_targets.js``) are
  measured again.

Stages read their gathering parameters with ``run.options.param(name)`` (declared below with their defaults).
Sizes are CSS px, times ms.
"""

from __future__ import annotations

import re
from typing import Any

from . import JS, GatherRun, register_param, register_stage, register_width_probe
from .page_functions import page_function

PROBE_JS = {name: page_function(name)
            for name in ("layout_targets", "page_facts", "motion_watch", "text_zoom", "text_scale", "safe_area")}

#: Detection vocabulary of page_facts.js (regular expressions, case-insensitive).
CLOSE_PATTERN = r"^(关闭|关 闭|close|×|✕|✖|╳|x|X|跳过|skip|取消|我知道了|知道了|不再提示|暂不|以后再说|dismiss)$|关闭|close"
CAPTCHA_PATTERN = r"captcha|验证码|verif(?:y|ication)[-_]?code|checkcode|kaptcha|vcode|yzm|validate[-_]?code|randcode|imgcode|piccode"
CAPTCHA_FIELD_PATTERN = r"验证码|captcha|vcode|yzm|checkcode|verif(?:y|ication)[-_]?code|imgcode"
SMS_PATTERN = r"短信|手机验证|sms|动态码|动态验证"
CAPTCHA_ALTERNATIVE_PATTERN = r"语音验证|语音播报|语音收听|收听验证码|听验证码|播放验证码|听不清|audio|voice|短信验证|其他验证方式|换一种验证方式"
AD_PATTERN = r"[\s_-](?:ad|ads|advert|advertisement|adv|adbox|ad-banner|guanggao|gg-?box)[\s_-]"
CAROUSEL_PATTERN = r"carousel|swiper|slick|slide|slider|banner|轮播|marquee|ticker|notice-?roll|scroll-?news|roll"
PAUSE_PATTERN = r"暂停|停止播放|停止滚动|pause|stop"

register_param("targets.min_overlap_px", 4, "min", "CSS px", "Two tap targets overlapping by at least this much are recorded.")
register_param("targets.clip_tolerance", 0.3, "min", "ratio", "Text whose box is cut by more than this share of a line is recorded as clipped.")
register_param("safe_area.inset_top_px", 47, "max", "CSS px", "Safe-area inset emulated at the top (a notch).")
register_param("safe_area.inset_bottom_px", 34, "max", "CSS px", "Safe-area inset emulated at the bottom (a home indicator).")
register_param("text_zoom.factor", 2.0, "max", "factor", "Every font size is multiplied by this.")
register_param("motion.max_watch_ms", 4000, "max", "ms", "Longest time the page is watched untouched.")
register_param("motion.min_interval_ms", 500, "min", "ms", "Timers repeating faster than this are not watched for (animation frames).")


def _targets_arg(run: GatherRun) -> dict[str, Any]:
    o = run.options
    return {"max": 30, "minOverlap": o.param("targets.min_overlap_px"), "clipTolerance": o.param("targets.clip_tolerance")}


register_width_probe("targets", PROBE_JS["layout_targets"], _targets_arg)


async def _page_facts(run: GatherRun) -> None:
    run.artifacts["page_facts"] = await run.evaluate(PROBE_JS["page_facts"], {
        "closePattern": CLOSE_PATTERN, "captchaPattern": CAPTCHA_PATTERN, "captchaFieldPattern": CAPTCHA_FIELD_PATTERN,
        "smsPattern": SMS_PATTERN, "alternativePattern": CAPTCHA_ALTERNATIVE_PATTERN, "adPattern": AD_PATTERN})


def recurring_timers(timers: list[dict[str, Any]], min_interval_ms: float) -> list[dict[str, Any]]:
    """Timers that repeat: setInterval with a delay ≥ ``min_interval_ms``, or setTimeout scheduled at least twice
    with the same delay and source (a timeout chain). Returns one record per distinct (kind, delay, source)."""
    seen: dict[tuple, dict] = {}
    for t in timers or []:
        if (t.get("delay") or 0) < min_interval_ms:
            continue
        key = (t.get("kind"), t.get("delay"), t.get("source"))
        rec = seen.setdefault(key, {**t, "count": 0})
        rec["count"] += 1
    return [r for r in seen.values() if r["kind"] == "setInterval" or r["count"] >= 2]


async def _motion(run: GatherRun) -> None:
    p = {"max_watch_ms": run.options.param("motion.max_watch_ms"), "min_interval_ms": run.options.param("motion.min_interval_ms")}
    timers = await run.evaluate("() => window.__harness ? window.__harness.timers.slice(0, 200) : []")
    hints = await run.evaluate(
        "() => ({marquee: document.querySelectorAll('marquee').length, "
        "animations: (document.getAnimations ? document.getAnimations() : []).filter(a => a.playState === 'running' && "
        "a.effect && a.effect.getComputedTiming().iterations === Infinity).length})")
    rec = recurring_timers(timers, p["min_interval_ms"])
    longest = max((t["delay"] for t in rec), default=0)
    if rec:
        watch = min(p["max_watch_ms"], longest + 500)
    elif hints["marquee"] or hints["animations"]:
        watch = 300  # enough to read the animations; nothing timer-driven to wait for
    else:
        run.artifacts["motion"] = {"watched_ms": 0, "recurring_timers": [], "changed": [], "scrolled": [], "animations": [],
                                   "marquees": [], "pause_controls": [], "reason": "no recurring timer, marquee or infinite animation"}
        return
    res = await run.evaluate(PROBE_JS["motion_watch"], {"watch": watch, "carouselPattern": CAROUSEL_PATTERN, "pausePattern": PAUSE_PATTERN},
                             timeout_ms=watch + run.options.gatherer_ms)
    res["recurring_timers"] = [{k: t[k] for k in ("kind", "delay", "count", "source")} for t in rec[:10]]
    run.artifacts["motion"] = res


async def _safe_area(run: GatherRun) -> None:
    p = {"inset_top_px": run.options.param("safe_area.inset_top_px"), "inset_bottom_px": run.options.param("safe_area.inset_bottom_px")}
    dom = run.artifacts.get("dom") or {}
    vp_meta = dom.get("viewport_meta")
    cover = bool(re.search(r"viewport-fit\s*=\s*cover", vp_meta or "", re.I))
    res: dict[str, Any] = {"cover": cover, "viewport_meta": vp_meta, "insets": {"top": p["inset_top_px"], "bottom": p["inset_bottom_px"]},
                           "bars": [], "emulated": False}
    run.artifacts["safe_area"] = res
    if not cover:
        return
    vh = run.options.device["viewport"]["height"]
    bars = []
    for f in dom.get("fixed", []):
        x, y, w, h = f["viewport_box"]
        edges = [e for e, hit in (("top", y <= 1), ("bottom", y + h >= vh - 1)) if hit]
        for e in edges:
            bars.append({"selector": f["selector"], "edge": e, "position": f["position"]})
    if not bars:
        return
    await run.cdp.send("Emulation.setSafeAreaInsetsOverride", {"insets": {"top": p["inset_top_px"], "bottom": p["inset_bottom_px"], "left": 0, "right": 0}})
    res["emulated"] = True
    try:
        await run.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        measured = await run.evaluate(PROBE_JS["safe_area"], {"bars": bars})
        for b, m in zip(bars, measured):
            res["bars"].append({**b, "bar": m["bar"], "content": m["content"]})
    finally:
        try:
            await run.cdp.send("Emulation.setSafeAreaInsetsOverride", {"insets": {}})
        except Exception:
            pass


async def _text_zoom(run: GatherRun) -> None:
    p = {"factor": run.options.param("text_zoom.factor")}
    vp = run.options.device["viewport"]
    await run.page.set_viewport_size(dict(vp))
    scale = await _text_scale(run, p["factor"])
    zoom = await run.evaluate(PROBE_JS["text_zoom"], {"factor": p["factor"]})
    overflow = await run.evaluate(JS["layout_probe"], {"max": 20})
    targets = await run.evaluate(PROBE_JS["layout_targets"], {**_targets_arg(run), "minOverlap": 10 ** 9})
    run.artifacts["text_zoom"] = {"factor": p["factor"], "width": vp["width"], "elements": zoom["elements"],
                                  "scroll_width": overflow["scroll_width"], "client_width": overflow["client_width"],
                                  "offenders": overflow["offenders"], "viewport_clipped": overflow.get("viewport_clipped", False),
                                  "hidden_overflow": overflow.get("hidden_overflow"), "clipped": targets["clipped"],
                                  "text_elements": targets["text_elements"], "scale": scale}


#: Chromium's default font sizes (CSS px): the user's text size that ``_text_scale`` multiplies and restores.
DEFAULT_FONT_SIZES = {"standard": 16, "fixed": 13}


async def _text_scale(run: GatherRun, factor: float) -> dict[str, Any] | None:
    """Whether the page follows a changed text size: {"default_px", "scaled_px", "adjust_none": [{selector, where}],
    "unreadable_sheets", "elements", "chars", "followed_at_once", "followed_after" (shares of characters, 0–1, or
    None without text), "script_px_writes": [{selector, value}]} (``text_scale.js``), or None when the browser
    refused the font-size change (then nothing is known). Sizes CSS px; waits on the page's style writes going
    quiet (500 ms, at most 2500 ms)."""
    before = await run.evaluate(PROBE_JS["text_scale"], {"phase": "before", "max": 400})
    scaled = {k: round(v * factor) for k, v in DEFAULT_FONT_SIZES.items()}
    try:
        await run.cdp.send("Page.setFontSizes", {"fontSizes": scaled})
    except Exception:
        return None
    try:
        after = await run.evaluate(PROBE_JS["text_scale"], {"phase": "after", "quietMs": 500, "maxMs": 2500, "grow": 1 + (factor - 1) / 4})
    finally:
        try:
            await run.cdp.send("Page.setFontSizes", {"fontSizes": DEFAULT_FONT_SIZES})
        except Exception:
            pass
    if after is None:
        return None
    return {"default_px": DEFAULT_FONT_SIZES["standard"], "scaled_px": scaled["standard"], **before, **after}


register_stage("page_facts", _page_facts)
register_stage("motion", _motion)
register_stage("safe_area", _safe_area)
register_stage("text_zoom", _text_zoom)
