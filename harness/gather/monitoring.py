"""Gathering the monitoring record of a target: the availability samples ``harness probe`` stored in the history
database (:mod:`harness.history`) for the target's URL over the last ``monitoring.days`` days.

A context hook (it runs in every load's set-up, before the page opens, so the record is read whether or not this
run's own load succeeds), and only when the gathering parameter ``monitoring.history`` names a history folder
(set by a check parameter that says ``"gather": "monitoring.history"``); not on variant loads.
``artifacts["monitoring"]``::

    {"history": folder, "url", "since": UTC ms, "until": UTC ms (the time it was read), "days": n,
     "samples": [{"t" (UTC ms), "ok", "elapsed_ms", "status", "method", "error"}], "error": None | reason}

The URL looked up is the target's registry URL (``target.url``), else the loaded URL.
"""

from __future__ import annotations

import asyncio
from typing import Any

from .. import history as history_mod
from . import GatherRun, register_context_hook, register_param

DAY_MS = 24 * 3600 * 1000

register_param("monitoring.history", "", unit="folder", description="history folder (harness probe --history) whose samples are read; empty: none")
register_param("monitoring.days", 7, merge="max", unit="days", description="days of samples read, back from now")


def read_record(folder: str, url: str, days: int, until_ms: int | None = None) -> dict[str, Any]:
    """The monitoring record of ``url`` (the shape of ``artifacts["monitoring"]``). Never raises: a missing or
    unreadable database gives ``samples`` [] and ``error``."""
    until = until_ms if until_ms is not None else history_mod.now_ms()
    since = until - days * DAY_MS
    rec: dict[str, Any] = {"history": folder, "url": url, "since": since, "until": until, "days": days, "samples": [], "error": None}
    try:
        with history_mod.open_history(folder, create=False) as h:
            rec["samples"] = [{k: v for k, v in s.to_dict().items() if k in ("t", "ok", "elapsed_ms", "status", "method", "error")}
                              for s in h.samples(url, since, until)]
    except Exception as e:  # no database yet, a newer schema, a locked file …
        rec["error"] = f"{type(e).__name__}: {e}"
    return rec


async def _monitoring(run: GatherRun) -> None:
    folder = run.options.param("monitoring.history")
    if not folder or run.options.variant:
        return
    url = (run.artifacts.get("target") or {}).get("url") or run.url
    run.artifacts["monitoring"] = await asyncio.to_thread(read_record, str(folder), url, int(run.options.param("monitoring.days")))


register_context_hook(_monitoring)
