"""Report section of the monitoring week (AV-04): for each monitored URL of the department, the samples per day
of the period AV-04 judged, the failing or slow ones marked, against 19号's 20-a-day line, drawn as inline SVG
(no script, nothing loaded).

Reads only the department's results (each target's AV-04 ``value.days``, see
:func:`harness.checks.av_04.check.days_of`); absent when no target has a monitoring record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .sections import Section, register_section

#: Chart geometry (SVG user units = CSS px).
WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 420, 160, 34, 28, 10
CST = dt.timezone(dt.timedelta(hours=8))


def chart(days: list[dict[str, Any]], min_per_day: int) -> dict[str, Any]:
    """Bar geometry for one URL's days: {"bars": [{"x", "w", "ok_y", "ok_h", "bad_y", "bad_h", "label",
    "samples", "bad", "short"}], "line_y" (the min_per_day line), "top" (the axis maximum), "width", "height",
    "base" (y of the axis)}. Heights scale to the largest of the day counts and ``min_per_day``."""
    top = max([min_per_day, *(d["samples"] for d in days)]) or 1
    plot_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    base = HEIGHT - PAD_BOTTOM
    step = (WIDTH - PAD_LEFT) / max(1, len(days))
    bars = []
    for i, d in enumerate(days):
        good, bad = d["samples"] - d["bad"], d["bad"]
        gh, bh = plot_h * good / top, plot_h * bad / top
        label = dt.datetime.fromtimestamp(d["end"] / 1000 - 1, CST).strftime("%m-%d")
        bars.append({"x": round(PAD_LEFT + i * step + step * 0.15, 1), "w": round(step * 0.7, 1),
                     "ok_y": round(base - gh, 1), "ok_h": round(gh, 1), "bad_y": round(base - gh - bh, 1), "bad_h": round(bh, 1),
                     "label": label, "label_x": round(PAD_LEFT + i * step + step / 2, 1), "samples": d["samples"], "bad": bad,
                     "short": d["samples"] < min_per_day})
    return {"bars": bars, "line_y": round(base - plot_h * min_per_day / top, 1), "top": top, "width": WIDTH, "height": HEIGHT,
            "base": base, "pad_left": PAD_LEFT}


def _context(data: dict[str, Any], target, checklist, lang: str, out_dir) -> dict[str, Any] | None:
    seen, charts = set(), []
    for t in data.get("targets") or []:
        c = next((c for c in t.get("checks") or [] if c.get("id") == "AV-04"), None)
        v = (c or {}).get("value")
        if not isinstance(v, dict) or not v.get("days") or v.get("url") in seen:
            continue
        seen.add(v.get("url"))
        p = c.get("params") or {}
        charts.append({"url": v.get("url"), "outcome": c["outcome"], "message": c.get("message_zh") if lang == "zh" else c.get("message"),
                       "samples": v.get("samples"), "bad": v.get("bad"), "share": v.get("share"), "missing": v.get("missing"),
                       "min_per_day": p.get("min_samples_per_day", 20), "chart": chart(v["days"], p.get("min_samples_per_day", 20))})
    return {"charts": charts} if charts else None


register_section(Section("monitoring", "section_monitoring.html", "department", _context, order=25))
