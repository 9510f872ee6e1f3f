"""Where a page keeps data the user does not see: browser storage, cookies, the bodies of its XHR/fetch (and JSONP)
responses, hidden form fields, HTML comments and inline scripts; the optional stage ``exposure`` scans each with
:func:`harness.personal_data.find_personal_data` and stores what it found, never the raw text::

    {"read": {"local_storage": entries, "session_storage": entries, "cookies": count, "responses": bodies read,
              "hidden_inputs": count, "comments": count, "inline_scripts": count},
     "unread_responses": bodies that could not be read (gone, too large, binary) or still pending at the stage,
     "findings": [{"where": "local_storage" | "session_storage" | "cookie" | "response" | "hidden_input" |
                   "comment" | "inline_script", "key": storage key, cookie name, input name or selector, or None,
                   "url": response URL (masked secrets) or None, "kind": "resident_id" | "mobile" | "bank_card",
                   "masked": the number masked (:func:`~harness.personal_data.mask`), "note"}],
     "responses": [{"url", "type": "xhr" | "fetch" | "script", "status", "bytes", "jsonp": callback name or None}]}

Only the findings are kept, masked: the artifacts hold no copy of a leak, and a re-evaluation of stored artifacts
judges the same findings. Bodies are read up to ``MAX_BODY`` characters each, at most ``MAX_RESPONSES`` of them.
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any
from urllib.parse import unquote

from ..personal_data import find_personal_data, mask, mask_url_secrets
from . import GatherRun, register_page_hook, register_stage

#: Most characters of one response body scanned.
MAX_BODY = 500_000
#: Most responses whose bodies are read per load.
MAX_RESPONSES = 200
#: Every kind the personal-data module knows; a check picks those it judges.
KINDS = ["resident_id", "mobile", "bank_card"]
#: A JSONP callback parameter in a script URL (``callback=``, ``jsonp=``, ``cb=``, jQuery's ``jsoncallback=``).
_CALLBACK = re.compile(r"[?&](?:callback|jsonp|jsoncallback|cb)=([A-Za-z_$][\w$.]{0,80})", re.I)

_PAGE_READ = """() => {
  const entries = (s) => { const out = []; try { for (let i = 0; i < s.length && i < 500; i++) { const k = s.key(i); out.push([k, String(s.getItem(k) || '').slice(0, 100000)]); } } catch (e) {} return out; };
  const comments = []; const w = document.createTreeWalker(document, NodeFilter.SHOW_COMMENT);
  while (w.nextNode() && comments.length < 500) comments.push(w.currentNode.data.slice(0, 100000));
  const scripts = [...document.scripts].filter(s => !s.src).slice(0, 200).map(s => s.text.slice(0, 200000));
  const hidden = [...document.querySelectorAll('input[type=hidden]')].slice(0, 500).map((el, i) =>
    [el.name || el.id || ('input[type=hidden]:nth(' + i + ')'), el.value.slice(0, 100000)]);
  return {local: entries(localStorage), session: entries(sessionStorage), comments, scripts, hidden};
}"""


def _found(text: str) -> list[tuple[str, str, str]]:
    return [(kind, mask(kind, s), note) for kind, s, note in find_personal_data(text or "", KINDS)]


async def _watch(run: GatherRun) -> None:
    """Page hook: on a load that runs ``exposure``, read the body of each XHR/fetch response, and of each script
    response whose URL names a JSONP callback, as it arrives."""
    if "exposure" not in run.options.optional_stages:
        return
    state = {"tasks": [], "skipped": 0}
    run.exposure_bodies = state  # read by the stage; kept off the artifacts (tasks are not plain data)

    async def read(response, kind: str, callback: str | None) -> dict[str, Any]:
        rec = {"url": mask_url_secrets(response.url[:500]), "type": kind, "status": response.status, "bytes": None,
               "jsonp": None, "findings": [], "read": False}
        try:
            body = await response.text()
        except Exception:
            return rec
        rec["bytes"], rec["read"] = len(body), True
        if callback and re.match(r"\s*(?:/\*\*/\s*)?(?:typeof\s+\S+\s*===?\s*['\"]function['\"]\s*&&\s*)?" + re.escape(callback) + r"\s*\(", body):
            rec["jsonp"] = callback
        rec["findings"] = _found(body[:MAX_BODY])
        return rec

    def on_response(response) -> None:
        try:
            rtype = response.request.resource_type
        except Exception:
            return
        m = _CALLBACK.search(response.url) if rtype == "script" else None
        if rtype not in ("xhr", "fetch") and m is None:
            return
        if len(state["tasks"]) >= MAX_RESPONSES:
            state["skipped"] += 1
            return
        state["tasks"].append(asyncio.ensure_future(read(response, rtype, m.group(1) if m else None)))

    run.page.on("response", on_response)


async def _exposure(run: GatherRun) -> None:
    """Stage ``exposure``: scan storage, cookies, hidden inputs, comments, inline scripts and the response bodies
    read by :func:`_watch` (waiting for those still being read at most ``gatherer_ms``); see the module docstring."""
    a = run.artifacts
    state = getattr(run, "exposure_bodies", None) or {"tasks": [], "skipped": 0}
    out: dict[str, Any] = {"read": {}, "unread_responses": state["skipped"], "findings": [], "responses": []}
    a["exposure"] = out

    def add(where: str, text: str, key: str | None = None, url: str | None = None) -> None:
        for kind, masked, note in _found(text):
            out["findings"].append({"where": where, "key": key, "url": url, "kind": kind, "masked": masked, "note": note or None})

    page = await run.evaluate(_PAGE_READ)
    for where, rows in (("local_storage", page["local"]), ("session_storage", page["session"])):
        out["read"][where] = len(rows)
        for k, v in rows:
            add(where, f"{k}\n{v}", key=k)
    cookies = await run.context.cookies()
    out["read"]["cookies"] = len(cookies)
    for c in cookies:
        add("cookie", unquote(c.get("value") or ""), key=c.get("name"))
    out["read"]["hidden_inputs"] = len(page["hidden"])
    for name, value in page["hidden"]:
        add("hidden_input", value, key=name)
    out["read"]["comments"] = len(page["comments"])
    for text in page["comments"]:
        add("comment", text)
    out["read"]["inline_scripts"] = len(page["scripts"])
    for text in page["scripts"]:
        add("inline_script", text)
    tasks = state["tasks"]
    if tasks:
        left = max(0.5, min(run.options.gatherer_ms / 1000, (run.deadline or 1e18) - time.monotonic()))
        done, pending = await asyncio.wait(tasks, timeout=left)
        for t in pending:
            t.cancel()
        out["unread_responses"] += len(pending)
        for t in done:
            rec = t.result()
            if not rec.pop("read"):
                out["unread_responses"] += 1
                continue
            for kind, masked, note in rec.pop("findings"):
                out["findings"].append({"where": "response", "key": None, "url": rec["url"], "kind": kind, "masked": masked, "note": note or None})
            out["responses"].append(rec)
    out["read"]["responses"] = len(out["responses"])
    out["findings"] = out["findings"][:200]


register_page_hook(_watch)
register_stage("exposure", _exposure)
