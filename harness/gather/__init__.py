"""Gatherers: load one target once per device profile in a fresh browser context and collect artifacts.

Artifacts are plain, JSON-serialisable data (see :func:`gather`); checks never touch the browser. A stage that
fails or runs out of time records its error under ``artifacts["errors"][stage]`` and the load goes on with the
next stage, so that nothing already measured is lost. Times are in ms, sizes in bytes, boxes in CSS px.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import re
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

from PIL import Image, ImageStat

from .. import devices as devices_mod
from . import worlds
from .page_functions import is_deep, page_function, world_of

JS = {name: page_function(name)
      for name in ("page_init", "dom_walk", "layout_probe", "settle")}

#: Response headers kept in the network log (others are dropped to keep artifacts small).
KEPT_HEADERS = ("server", "x-powered-by", "x-aspnet-version", "content-type", "content-length",
                "content-disposition", "location", "strict-transport-security", "content-security-policy",
                "x-frame-options", "set-cookie", "refresh")

#: A function expression (``(o) => …``, ``async () => …``, ``function (o) {…}``), possibly after comments, as opposed
#: to a plain script such as a library's source (which is run as it is; an IIFE would be taken for a function).
_FUNCTION_EXPR = re.compile(r"^(\s*(//[^\n]*\n|/\*.*?\*/))*\s*(async\s+)?(\(|function\b|[A-Za-z_$][\w$]*\s*=>)", re.S)

#: Most records kept per load of each page event. At the cap the harness stops listening (console messages, page
#: errors, dialogs, downloads: the Playwright listener is removed, so the driver stops sending them) and counts in
#: ``artifacts["dropped"][name]`` those that still arrived; ``artifacts["capped"][name]`` = {"at": cap, "t": ms}.
#: Popups and main-frame navigations come whether or not one listens: past the cap they are counted, not kept.
#: The source of the cap: a page logging 100 000 console messages otherwise floods the one driver connection that
#: every target of the run shares.
EVENT_CAPS = {"console": 200, "page_errors": 100, "dialogs": 100, "popups": 100, "downloads": 20, "frame_navigations": 100}
_EVENT_OF = {"console": "console", "page_errors": "pageerror", "dialogs": "dialog", "popups": "popup",
             "downloads": "download", "frame_navigations": "framenavigated"}
#: Most entries of the CDP network log per load; at the cap the browser is told to stop sending network events.
NETWORK_CAP = 5000

#: A stage is an async function (GatherRun) -> None that writes into run.artifacts.
Stage = Callable[["GatherRun"], Awaitable[None]]


@dataclass
class GatherOptions:
    """What and how to gather.

    Attributes:
        device: a device descriptor (see :mod:`harness.devices`).
        navigation_ms: navigation timeout (the load event), ms.
        settle_ms: longest wait for the page to settle after load, ms.
        settle_quiet_ms: quiet period (no request or short timer pending, no DOM mutation; see settle.js) that
            counts as settled, ms of the page's own time.
        gatherer_ms: timeout of each in-page gatherer, ms.
        screenshot_max_height: full-page screenshots are cut at this height, CSS px.
        form_screenshot_max_height: the same for pages with role ``form``, whose whole page 附件2 shows, CSS px.
        jpeg_quality: quality of the stored screenshot (1–100).
        shared: run-wide state shared by every load made with (copies of) these options, e.g. the answers of the
            probes' fetches (one per URL per run); None to share nothing.
        screenshot_scale: ``"css"`` (one image pixel per CSS px: what a reviewer reads, and four times fewer pixels
            to render, encode and store than at the device's DPR 2) or ``"device"``. Pages with role ``form`` are
            always shot at ``"device"`` scale (附件2 shows them, sharp).
        init_scripts: more scripts installed before any page script (e.g. the recording host bridge).
        route_handlers: [(url glob or predicate, async handler(route))] installed on the context.
        network_conditions: CDP ``Network.emulateNetworkConditions`` parameters, or None (no throttling).
        cpu_slowdown: CDP ``Emulation.setCPUThrottlingRate`` rate, or None.
        user_agent: overrides the device's user agent (host apps, WeChat, Alipay).
        optional_stages: names of registered optional stages to run (those some active check needs).
        variant: name of the variant load this is ("" for the primary load); see :mod:`harness.gather.variants`.
        host: plain data for stages that play a host platform (set by the platform support), or None.
        allow_link_local: requests made outside the browser (:mod:`harness.gather.hops`) may reach link-local
            addresses (169.254.0.0/16, fe80::/10: ``--allow-link-local``); default False.
        params: gathering parameters, {name: value} (see :func:`register_param`; e.g. ``layout.widths``, the extra
            layout viewport widths in CSS px measured on the same load). The engine derives them from the
            parameters of the checks that apply (a check parameter with ``gather`` in its definition); a name not
            given takes its registered default (:meth:`GatherOptions.param`).
        skip_stages: names of built-in stages this load skips (a variant that only needs some artifacts).
        storage_state: the user's login state (a Playwright storage-state dict: ``{"cookies": [...], "origins":
            [...]}``) given to the load's context, or None (a fresh, logged-out context). See :mod:`harness.sessions`.
        extra_http_headers: request headers sent with every request of the load ({name: value}), or None.
        cookies: more cookies added to the context before the page opens (Playwright ``add_cookies`` dicts).
        journey: the steps run after the load and the checkpoints audited on the way
            (:class:`harness.journeys.Journey`), or None: the page is audited once, as it loads.
        trace: record a Playwright trace of this load (actions, console and network log, for ``playwright
            show-trace``; no screencast frames and no DOM snapshots) into a temporary file, :attr:`GatherRun.trace_path`, masked like
            every output (:func:`scrub_trace`); the caller keeps or deletes it. Not for variant loads.
    """

    device: dict[str, Any] = field(default_factory=lambda: devices_mod.get())
    navigation_ms: int = 15000
    settle_ms: int = 3000
    settle_quiet_ms: int = 150
    gatherer_ms: int = 10000
    screenshot_max_height: int = 4000
    form_screenshot_max_height: int = 16000
    jpeg_quality: int = 70
    max_records: int = 3000
    init_scripts: list[str] = field(default_factory=list)
    route_handlers: list[tuple[Any, Any]] = field(default_factory=list)
    network_conditions: dict[str, Any] | None = None
    cpu_slowdown: float | None = None
    user_agent: str | None = None
    optional_stages: set[str] = field(default_factory=set)
    variant: str = ""
    host: dict[str, Any] | None = None
    screenshot: bool = True
    screenshot_scale: str = "css"
    shared: dict[str, Any] | None = field(default_factory=dict)
    allow_link_local: bool = False
    params: dict[str, Any] = field(default_factory=dict)
    skip_stages: set[str] = field(default_factory=set)
    storage_state: dict[str, Any] | None = None
    extra_http_headers: dict[str, str] | None = None
    cookies: list[dict[str, Any]] | None = None
    journey: Any = None
    trace: bool = False

    def param(self, name: str) -> Any:
        """Gathering parameter ``name``: this load's value, else its registered default.

        Raises:
            KeyError: ``name`` is not a registered gathering parameter.
        """
        if name in self.params:
            return self.params[name]
        return PARAMS[name].default


@dataclass(frozen=True)
class GatherParam:
    """A parameter of gathering, declared by the gatherer that reads it.

    Attributes:
        name: ``<stage or artifact>.<name>`` (``layout.widths``).
        default: the value when no applicable check sets it.
        merge: how the values of several checks that set it combine: ``union`` (lists: every value, sorted, once),
            ``max``, ``min``, ``any`` (booleans: true when one is) or ``first`` (the first check in checklist order).
        unit: CSS px, ms, kbit/s, ratio …
        description: one line.
    """

    name: str
    default: Any
    merge: str = "first"
    unit: str = ""
    description: str = ""


#: Registered gathering parameters, by name; see :func:`register_param`.
PARAMS: dict[str, GatherParam] = {}


def register_param(name: str, default: Any, merge: str = "first", unit: str = "", description: str = "") -> None:
    """Declare a gathering parameter (its gatherer reads it with ``run.options.param(name)``).

    Raises:
        ValueError: a duplicate name, or an unknown ``merge``.
    """
    if name in PARAMS:
        raise ValueError(f"duplicate gathering parameter {name!r}")
    if merge not in ("union", "max", "min", "any", "first"):
        raise ValueError(f"gathering parameter {name!r}: unknown merge {merge!r}")
    PARAMS[name] = GatherParam(name, default, merge, unit, description)


def merge_params(values: dict[str, list[Any]]) -> dict[str, Any]:
    """Combine the values several checks give each gathering parameter ({name: [value, …]} in checklist order)
    by its ``merge`` rule; returns {name: value}.

    Raises:
        KeyError: a name that is not a registered gathering parameter (a check definition naming an unknown one).
    """
    out: dict[str, Any] = {}
    for name, vals in values.items():
        decl = PARAMS[name]
        if not vals:
            continue
        if decl.merge == "union":
            out[name] = sorted({v for vs in vals for v in vs})
        elif decl.merge == "max":
            out[name] = max(vals)
        elif decl.merge == "min":
            out[name] = min(vals)
        elif decl.merge == "any":
            out[name] = any(vals)
        else:
            out[name] = vals[0]
    return out


def _other_site(url: str, registered: str) -> bool:
    """Whether a main-frame navigation to ``url`` left the registered URL's site (:func:`harness.url_safety.site`:
    registrable domain; host and port for an IP address). ``about:``/``data:`` documents are not another site."""
    from ..url_safety import parse, site

    try:
        u, r = parse(url), parse(registered)
    except ValueError:
        return False
    if u.protocol not in ("http:", "https:"):
        return False
    return site(u.hostname, u.port) != site(r.hostname, r.port)


@dataclass
class GatherRun:
    """State of one load: the Playwright page and context, the artifacts being filled, the screenshot bytes."""

    url: str
    options: GatherOptions
    artifacts: dict[str, Any]
    page: Any = None
    context: Any = None
    cdp: Any = None
    screenshot: bytes | None = None
    unresponsive: str = ""
    t0: float = field(default_factory=time.monotonic)
    preloads: dict[str, "asyncio.Task[Any]"] = field(default_factory=dict)
    main_frame_commits: int = 0  # documents committed in the main frame so far (not capped like frame_navigations)
    besides: list[tuple[str, "asyncio.Task[Any]"]] = field(default_factory=list)
    _world: Any = None  # (main_frame_commits when made, worlds.World) of the main frame's current document
    _world_scripting: Any = None  # (worlds.World, whether its document runs scripts)
    _crash: Any = None  # a future done when the page's renderer crashed (see _unless_crashed)
    deadline: float | None = None  # time.monotonic() by which the load ends
    secrets: dict[str, str] = field(default_factory=dict)  # values a journey took from the environment (scrubbed)
    captures: list[dict[str, Any]] = field(default_factory=list)  # a journey's "screen capture" steps
    checkpoints: list[dict[str, Any]] | None = None  # a journey's checkpoints: [{"id", "artifacts", "screenshot"}]
    trace_path: str | None = None  # the load's Playwright trace (a temporary .zip), when options.trace

    async def finish_besides(self) -> None:
        """Wait for the work started :meth:`beside` the stages (at most until the load's deadline, then
        CLOSE_WAIT_MS more); work not finished then is cancelled and its stage's error says so. Never raises."""
        besides, self.besides = self.besides, []
        for stage, task in besides:
            left = max(CLOSE_WAIT_MS / 1000, (self.deadline or time.monotonic()) - time.monotonic())
            try:
                await asyncio.wait_for(asyncio.shield(task), left)
            except asyncio.TimeoutError:
                task.cancel()
                self.artifacts["errors"].setdefault(stage, "not finished when the target's time budget ran out")
            except Exception as e:
                self.artifacts["errors"].setdefault(stage, _err(e))

    def beside(self, stage: str, work: Awaitable[Any]) -> None:
        """Finish ``work`` (e.g. image analysis in a thread) beside the next stages; the load waits for it before
        it returns, and a failure is recorded as stage ``stage``'s error."""
        self.besides.append((stage, asyncio.ensure_future(work)))

    async def preloaded(self, name: str) -> bool:
        """Wait for stage ``name``'s preload (see :func:`register_stage`); True when it ran and succeeded, False
        when there was none or it failed (the stage then does the work itself). Never raises."""
        task = self.preloads.get(name)
        if task is None:
            return False
        try:
            await task
            return True
        except Exception:
            return False

    async def next_commit(self, before: int, until: float) -> None:
        """Wait until a document commits in the main frame after ``before`` commits (``main_frame_commits``), or
        until ``until`` (time.monotonic() s). Until it commits, the frame still reports the old document's load
        state, so ``wait_for_load_state`` alone returns at once."""
        while self.main_frame_commits == before and time.monotonic() < until:
            await asyncio.sleep(0.025)

    def elapsed_ms(self) -> int:
        return int((time.monotonic() - self.t0) * 1000)

    async def world(self) -> "worlds.World":
        """The harness's isolated world in the main frame's current document (made again after each new document:
        its execution context dies with the document; see :mod:`harness.gather.worlds`).

        Raises:
            worlds.ContextGone: the frame is gone.
        """
        if self._world is None or self._world[0] != self.main_frame_commits:
            commits = self.main_frame_commits
            try:
                frame_id = await worlds.main_frame_id(self.cdp)
            except Exception as e:
                worlds._raise(e)
            self._world = (commits, await worlds.World.create(self.cdp, frame_id))
        return self._world[1]

    async def _unless_crashed(self, work: Awaitable[Any], timeout: float) -> Any:
        """``work``'s result within ``timeout`` s. A DevTools call to a renderer that crashed never answers: when
        the page crashes first, this raises at once as Playwright's own evaluate does.

        Raises:
            asyncio.TimeoutError: no answer in time.
            RuntimeError: "Target crashed".
        """
        if self._crash is None:
            crash = self._crash = asyncio.get_running_loop().create_future()
            self.page.on("crash", lambda _: crash.done() or crash.set_result(True))
        task = asyncio.ensure_future(work)
        try:
            done, _ = await asyncio.wait({task, self._crash}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        except BaseException:
            task.cancel()
            raise
        if task in done:
            return task.result()
        task.cancel()
        if self._crash.done():
            raise RuntimeError("Target crashed")
        raise asyncio.TimeoutError()

    async def evaluate(self, script: str, arg: Any = None, timeout_ms: int | None = None) -> Any:
        """Evaluate the function expression ``script`` in the page with ``arg``, with a timeout (ms); retry once
        if the page navigated meanwhile. The script runs in the harness's isolated world of the main frame
        (:meth:`world`), where the page's overrides of built-ins and DOM methods do not reach, unless it reads the
        harness's recorder in the page's world (:func:`~harness.gather.page_functions.world_of`); a script that
        walks across shadow roots (:func:`~harness.gather.page_functions.is_deep`) is handed the closed ones. The
        result travels as one JSON string made in the isolated world (or by value through the DevTools protocol
        from the page's world), never through the page's own JSON.stringify. A plain script (not a function
        expression, e.g. a library's source) runs as it is in the isolated world.

        Raises:
            asyncio.TimeoutError: the page did not answer in time (e.g. its main thread is blocked).
            worlds.ScriptError: the script threw.
        """
        timeout = (timeout_ms or self.options.gatherer_ms) / 1000
        plain = not _FUNCTION_EXPR.match(script)
        where = world_of(script)

        async def once() -> Any:
            if plain:
                return await (await self.world()).run(script)
            if where == "page":
                world = await self.world()
                if self._world_scripting is None or self._world_scripting[0] is not world:
                    self._world_scripting = (world, await world.scripting_enabled())
                if self._world_scripting[1]:
                    return await worlds.call_in_page_world(self.cdp, script, arg)
                # A document that runs no script (CSP sandbox): the page's world runs no timer or promise either;
                # the script runs in the isolated world, where it finds no recorder (as in a page without one).
            return await (await self.world()).call(script, arg, deep=is_deep(script))

        for attempt in (1, 2):
            before = self.main_frame_commits
            try:
                return await self._unless_crashed(once(), timeout)
            except Exception as e:
                if attempt == 1 and _navigated_away(e):
                    self._world = None
                    if plain:
                        continue
                    await self.next_commit(before, time.monotonic() + self.options.settle_ms / 1000)
                    try:
                        await self.page.wait_for_load_state("load", timeout=self.options.navigation_ms)
                    except Exception:
                        pass
                    continue
                raise


def _navigated_away(e: BaseException) -> bool:
    """True when ``e`` is Playwright's error for a script whose document was replaced by a navigation."""
    text = str(e)
    return "Execution context was destroyed" in text or "navigat" in text.lower()


def _err(e: BaseException) -> str:
    if isinstance(e, asyncio.TimeoutError):
        return "timeout"
    text = str(e).strip().splitlines()
    return f"{type(e).__name__}: {text[0] if text else ''}"[:500]


async def _stage(run: GatherRun, name: str, fn: Stage) -> bool:
    """Run one stage, timing it; record an error instead of raising. Returns True on success.

    A stage that times out marks the page unresponsive (its main thread is blocked, or it is stuck in dialogs):
    the stages after it are skipped instead of each waiting for its own timeout.
    """
    t = time.monotonic()
    try:
        await fn(run)
        return True
    except Exception as e:  # a stage's failure never stops the others
        msg = _err(e)
        if msg == "timeout" or "Timeout" in msg:
            run.unresponsive = name
            msg = f"timeout after {int((time.monotonic() - t) * 1000)} ms (page unresponsive)"
        run.artifacts["errors"][name] = msg
        return False
    finally:
        run.artifacts["timings"][name] = int((time.monotonic() - t) * 1000)


# ---------------------------------------------------------------- built-in stages

async def _setup(run: GatherRun) -> None:
    o, a = run.options, run.artifacts
    ctx_args = devices_mod.context_args(o.device)
    if o.user_agent:
        ctx_args["user_agent"] = o.user_agent
    if o.storage_state:
        ctx_args["storage_state"] = o.storage_state
    if o.extra_http_headers:
        ctx_args["extra_http_headers"] = dict(o.extra_http_headers)
    run.context = await run._browser.new_context(
        **ctx_args, locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=False,
        ignore_https_errors=False, java_script_enabled=True)
    if o.cookies:
        await run.context.add_cookies(list(o.cookies))
    run.context.set_default_timeout(o.gatherer_ms)
    run.context.set_default_navigation_timeout(o.navigation_ms)
    if o.trace and not o.variant:
        # Actions, network log and console: no screencast frames (pixels cannot be masked) and no DOM snapshots (with
        # them, a browser lost mid-load held the driver until the target's whole budget was spent: 6 s became 60 s).
        await run.context.tracing.start(screenshots=False, snapshots=False, sources=False)
        a["trace"] = {"recording": True}
    await run.context.add_init_script(script=JS["page_init"])
    for s in INIT_SCRIPTS.values():
        await run.context.add_init_script(script=s)
    for s in o.init_scripts:
        await run.context.add_init_script(script=s)
    for pattern, handler in o.route_handlers:
        await run.context.route(pattern, handler)
    for hook in CONTEXT_HOOKS:  # e.g. the recording host of a platform (harness/gather/host.py)
        await hook(run)

    a["console"], a["page_errors"], a["dialogs"], a["popups"], a["downloads"], a["frame_navigations"] = [], [], [], [], [], []
    a["dropped"] = {}
    page = run.page = await run.context.new_page()

    def keep(name: str, record: dict, listener=None) -> None:
        """Append ``record`` to ``a[name]`` up to EVENT_CAPS[name]; at the cap, remove ``listener`` (Playwright then
        unsubscribes: the driver stops sending those events) and count what arrives past it in ``a["dropped"]``."""
        if len(a[name]) < EVENT_CAPS[name]:
            a[name].append(record)
            if len(a[name]) < EVENT_CAPS[name] or listener is None:
                return
        else:
            a["dropped"][name] = a["dropped"].get(name, 0) + 1
        if listener is not None and name not in run.artifacts.setdefault("capped", {}):
            a["capped"][name] = {"at": EVENT_CAPS[name], "t": run.elapsed_ms()}
            try:
                page.remove_listener(_EVENT_OF[name], listener)
            except Exception:
                pass

    def on_console(msg):
        loc = msg.location or {}
        keep("console", {"type": msg.type, "text": msg.text[:500], "url": loc.get("url"), "line": loc.get("lineNumber"),
                         "t": run.elapsed_ms()}, on_console)

    def on_pageerror(err):
        keep("page_errors", {"message": str(err)[:500], "stack": (getattr(err, "stack", None) or "")[:1500],
                             "t": run.elapsed_ms()}, on_pageerror)

    async def on_dialog(dialog):
        # Past the cap the listener is gone: Playwright dismisses dialogs itself when no one listens.
        keep("dialogs", {"type": dialog.type, "message": dialog.message[:300], "t": run.elapsed_ms()}, on_dialog)
        try:
            await dialog.dismiss()
        except Exception:
            pass

    async def on_popup(p):
        # A popup is a page the driver reports whether or not one listens: past the cap it is counted and closed
        # (so that a page opening windows in a loop holds no renderers), not recorded.
        keep("popups", {"url": p.url, "t": run.elapsed_ms()})
        a["popup_count"] = a.get("popup_count", 0) + 1
        try:
            await p.close()
        except Exception:
            pass

    def on_download(d):
        keep("downloads", {"url": d.url, "suggested_filename": d.suggested_filename, "t": run.elapsed_ms()}, on_download)

    def on_framenavigated(frame):
        if frame == page.main_frame:  # frames are tracked by the driver anyway; the commit count stays exact
            run.main_frame_commits += 1
            keep("frame_navigations", {"url": frame.url, "t": run.elapsed_ms(), "other_site": _other_site(frame.url, run.url)})

    def on_crash(_):
        a["errors"]["crash"] = "renderer crashed"

    page.on("console", on_console)
    page.on("pageerror", on_pageerror)
    page.on("dialog", on_dialog)
    page.on("popup", on_popup)
    page.on("download", on_download)
    page.on("framenavigated", on_framenavigated)
    page.on("crash", on_crash)

    # Network log through the DevTools protocol: sizes, statuses, failures, blocked mixed content, TLS.
    requests: dict[str, dict] = {}
    a["network"] = []
    cdp = run.cdp = await run.context.new_cdp_session(page)

    def will_be_sent(ev):
        rid = ev["requestId"]
        if ev.get("redirectResponse") and rid in requests:
            prev = requests.pop(rid)
            r = ev["redirectResponse"]
            prev.update(status=r.get("status"), redirected_to=ev["request"]["url"],
                        headers={k.lower(): v[:300] for k, v in r.get("headers", {}).items() if k.lower() in KEPT_HEADERS})
            a["network"].append(prev)
        if len(requests) + len(a["network"]) >= NETWORK_CAP:
            stop_network()
            return
        req = ev["request"]
        requests[rid] = {"url": req["url"][:2000], "method": req["method"], "type": ev.get("type"),
                         "document": ev.get("documentURL", "")[:500], "t": run.elapsed_ms(),
                         "has_post_data": bool(req.get("hasPostData")), "status": None, "bytes": 0,
                         "mime": None, "failed": None, "blocked": None, "from_cache": False}

    def response_received(ev):
        r = requests.get(ev["requestId"])
        if r is None:
            return
        resp = ev["response"]
        r.update(status=resp.get("status"), mime=resp.get("mimeType"), protocol=resp.get("protocol"),
                 remote_ip=resp.get("remoteIPAddress"), from_cache=bool(resp.get("fromDiskCache")),
                 security_state=resp.get("securityState"),
                 headers={k.lower(): v[:300] for k, v in resp.get("headers", {}).items() if k.lower() in KEPT_HEADERS})
        sd = resp.get("securityDetails")
        if sd:
            r["tls"] = {"protocol": sd.get("protocol"), "subject": sd.get("subjectName"), "issuer": sd.get("issuer"),
                        "valid_from": sd.get("validFrom"), "valid_to": sd.get("validTo"),
                        "san": sd.get("sanList", [])[:20]}

    def loading_finished(ev):
        r = requests.pop(ev["requestId"], None)
        if r is not None:
            r["bytes"] = int(ev.get("encodedDataLength") or 0)
            a["network"].append(r)

    def loading_failed(ev):
        r = requests.pop(ev["requestId"], None)
        if r is not None:
            r["failed"] = ev.get("errorText")
            r["blocked"] = ev.get("blockedReason")
            r["canceled"] = bool(ev.get("canceled"))
            a["network"].append(r)

    network_listeners = {"Network.requestWillBeSent": will_be_sent, "Network.responseReceived": response_received,
                         "Network.loadingFinished": loading_finished, "Network.loadingFailed": loading_failed}

    def stop_network() -> None:
        """At NETWORK_CAP entries: stop the browser sending network events (Network.disable, unless the load is
        throttled through the Network domain) and stop listening; requests still pending stay unfinished."""
        a["dropped"]["network"] = a["dropped"].get("network", 0) + 1
        if "network" in a.setdefault("capped", {}):
            return
        a["capped"]["network"] = {"at": NETWORK_CAP, "t": run.elapsed_ms()}
        for event, fn in network_listeners.items():
            try:
                cdp.remove_listener(event, fn)
            except Exception:
                pass
        if not o.network_conditions:
            asyncio.ensure_future(_quietly(cdp.send("Network.disable")))

    for event, fn in network_listeners.items():
        cdp.on(event, fn)
    await cdp.send("Network.enable")
    run._pending_requests = requests
    for hook in PAGE_HOOKS:  # e.g. the recorder of where the main frame goes (harness/gather/reach.py)
        await hook(run)
    if o.network_conditions:
        await cdp.send("Network.emulateNetworkConditions", o.network_conditions)
    if o.cpu_slowdown:
        await cdp.send("Emulation.setCPUThrottlingRate", {"rate": o.cpu_slowdown})


async def _quietly(work: Awaitable[Any]) -> None:
    """Await ``work`` (fire and forget), ignoring its failure."""
    try:
        await work
    except Exception:
        pass


async def _navigate(run: GatherRun) -> None:
    nav: dict[str, Any] = {"url": run.url, "ok": False, "status": None, "error": None, "timed_out": False,
                           "redirects": [], "final_url": None}
    run.artifacts["navigation"] = nav
    t = time.monotonic()
    response = None
    try:
        response = await run.page.goto(run.url, wait_until="load", timeout=run.options.navigation_ms)
        nav["load_ms"] = int((time.monotonic() - t) * 1000)
    except Exception as e:
        msg = _err(e)
        nav["error"] = msg
        nav["timed_out"] = "Timeout" in msg
        nav["load_ms"] = None
    nav["elapsed_ms"] = int((time.monotonic() - t) * 1000)
    nav["final_url"] = run.page.url
    if response is not None:
        nav["status"] = response.status
        nav["headers"] = {k: v[:300] for k, v in (await response.all_headers()).items() if k in KEPT_HEADERS}
        try:
            sd = await response.security_details()
        except Exception:
            sd = None
        nav["tls"] = ({"protocol": sd.get("protocol"), "subject": sd.get("subjectName"), "issuer": sd.get("issuer"),
                       "valid_from": sd.get("validFrom"), "valid_to": sd.get("validTo")} if sd else None)
        chain, req = [], response.request.redirected_from
        while req is not None:
            chain.insert(0, req.url)
            req = req.redirected_from
        nav["redirects"] = chain
    else:
        # The load event never came (or the navigation failed): take the document's status from the network log.
        docs = [r for r in run.artifacts.get("network", []) + list(run._pending_requests.values())
                if r.get("type") == "Document" and r.get("status")]
        if docs:
            nav["status"] = docs[-1]["status"]
    # Committed means a document other than about:blank is in the page (even if the load event never came).
    nav["committed"] = nav["final_url"] not in (None, "", "about:blank") and not nav["final_url"].startswith("chrome-error:")
    nav["ok"] = response is not None and nav["error"] is None and (nav["status"] or 0) < 400


# An instant (< 1 s) meta refresh to another address: the page is about to leave.
_LEAVING = ("() => { const m = document.querySelector('meta[http-equiv=\"refresh\" i]'); const c = m && m.content || ''; "
            "const d = parseFloat(c); return !isNaN(d) && d < 1 && /url\\s*=/i.test(c); }")
SETTLE_ROUNDS = 8  # documents of one redirect chain the settle stage follows before it reads the page as it is

#: CDP resource types of the requests that keep a page from being settled while pending: all but streams and
#: connections that may stay open for good (EventSource, WebSocket, Media), fire-and-forget requests (Ping,
#: CSPViolationReport), speculative ones (Prefetch, SignedExchange), CORS preflights (their request counts) and the
#: manifest, which no page renders.
SETTLE_IGNORED_TYPES = frozenset({"EventSource", "WebSocket", "Media", "Ping", "CSPViolationReport", "Prefetch",
                                  "SignedExchange", "Preflight", "Manifest"})
_NET_EVENTS = ("Network.requestWillBeSent", "Network.loadingFinished", "Network.loadingFailed")
_NET_MARK = ("(n) => { const h = window.__harness; if (h) { h.netPending = n; "
             "h.lastNetMark = Math.round(performance.now()); } }")


class RequestWatch:
    """The load's CDP network log (``run._pending_requests``, filled from Network.requestWillBeSent and emptied on
    Network.loadingFinished / loadingFailed) as the settle stage reads it, reported into the page while settle.js
    waits: a request counts as pending until its body has been read off the network or it failed, not when its
    headers arrive. Use as ``async with RequestWatch(run) as watch``; ``pending()`` is the number of pending
    requests (of types not in SETTLE_IGNORED_TYPES), ``reported()`` whether the page knows every change so far."""

    def __init__(self, run: GatherRun):
        self.run = run
        self.events = 0  # network-log events seen since the watch started
        self.sent = 0  # events the page's h.netPending reflects (settle.js's argument or the last mark)
        self._changed = asyncio.Event()
        self._task: asyncio.Task[Any] | None = None

    def _on_event(self, _ev: Any) -> None:
        self.events += 1
        self._changed.set()

    def pending(self) -> int:
        """Requests of the load pending now: sent, body not yet finished, not failed."""
        return sum(1 for r in list(getattr(self.run, "_pending_requests", {}).values())
                   if r.get("type") not in SETTLE_IGNORED_TYPES)

    def snapshot(self) -> int:
        """pending() for settle.js's argument, marking every event so far as reported."""
        self.sent = self.events
        return self.pending()

    def reported(self) -> bool:
        """True when no network-log event came since the page was last told the pending count."""
        return self.sent == self.events

    async def _feed(self) -> None:
        while True:
            await self._changed.wait()
            self._changed.clear()
            seen, n = self.events, self.pending()  # read after every handler of the event ran
            try:
                await self.run.evaluate(_NET_MARK, n, timeout_ms=self.run.options.gatherer_ms)
                self.sent = max(self.sent, seen)
            except Exception:  # the page is gone or blocked: settle.js's own wait and the final check decide
                pass

    async def __aenter__(self) -> "RequestWatch":
        if self.run.cdp is not None:
            for name in _NET_EVENTS:
                self.run.cdp.on(name, self._on_event)
        self._task = asyncio.ensure_future(self._feed())
        return self

    async def __aexit__(self, *exc: Any) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self.run.cdp is not None:
            for name in _NET_EVENTS:
                try:
                    self.run.cdp.remove_listener(name, self._on_event)
                except Exception:
                    pass


async def _settle_document(run: GatherRun, watch: RequestWatch) -> dict[str, Any]:
    """Settle the current document: settle.js until it ends quiet with no request pending in the network log and
    none started or ended unreported meanwhile (else again, a fresh quiet window), for at most settle_ms of the
    page's own time (settle.js's ``live``: time its event loop ran) and 2 × settle_ms of its clock (``waited``),
    so a starved renderer gets more time but a page never holds the stage longer. Returns settle.js's last result
    with ``waited`` and ``live`` the totals (ms), ``quiet`` False when the time ran out, ``requests`` the
    network-log requests pending at the end."""
    o = run.options
    waited = live = 0
    wall = 2 * o.settle_ms
    while True:
        result = await run.evaluate(JS["settle"], {"quiet": o.settle_quiet_ms, "max": max(0, o.settle_ms - live),
                                                   "maxWall": max(0, wall - waited), "requests": watch.snapshot()},
                                    timeout_ms=wall + o.gatherer_ms) or {}
        waited += int(result.get("waited") or 0)
        live += int(result.get("live") or 0)
        settled = bool(result.get("quiet")) and watch.pending() == 0 and watch.reported()
        if settled or live >= o.settle_ms or waited >= wall or not result:
            return {**result, "waited": waited, "live": live, "quiet": settled, "requests": watch.pending()}


async def _settle(run: GatherRun) -> None:
    """Wait until the page is settled (:func:`_settle_document`: quiet in the page's own time, no request pending
    until its body is read, no short timer pending); when the main frame moved on meanwhile, or is about to (an
    instant meta refresh), wait for the next document and settle again, up to SETTLE_ROUNDS documents and
    2 × settle_ms, so the DOM read next is the page the chain ends on, not one it passes through. Writes artifact
    ``settle``: {waited, live (ms), quiet, pending (page fetch/XHR), requests (network log), timers} of the last
    round and ``documents``, the rounds taken."""
    o = run.options
    result: dict[str, Any] = {}
    deadline = time.monotonic() + 2 * o.settle_ms / 1000  # a page that never stops moving is read as it is then
    async with RequestWatch(run) as watch:
        for rounds in range(1, SETTLE_ROUNDS + 1):
            before = run.main_frame_commits
            try:
                result = await _settle_document(run, watch)
                leaving = run.main_frame_commits == before and await run.evaluate(_LEAVING)
            except Exception as e:
                if not _navigated_away(e) or time.monotonic() > deadline:
                    raise
                result, leaving = {"navigated": True}, True  # the old document is gone: wait for the next one
            else:
                if (run.main_frame_commits == before and not leaving) or time.monotonic() > deadline:
                    break
            if leaving:
                await run.next_commit(before, deadline)
            try:
                await run.page.wait_for_load_state("load", timeout=o.navigation_ms)
            except Exception:
                pass
    run.artifacts["settle"] = {**result, "documents": rounds}


async def _dom(run: GatherRun) -> None:
    """The DOM walk (dom_walk.js) of the top document, shadow roots included, then of every frame, whose records
    join the top document's with their frame and boxes in top-document coordinates (:mod:`harness.gather.frames`)."""
    from .frames import walk_frames

    o = run.options
    arg = {"maxRecords": o.max_records, "maxText": 1000, "maxVisibleText": 200_000}
    dom = run.artifacts["dom"] = await run.evaluate(JS["dom_walk"], arg)
    if isinstance(dom, dict):
        # How many closed shadow roots the walk was handed; None: the document was too large to search for them.
        dom["closed_shadow_roots"] = run._world[1].closed_roots if run._world else None
        try:
            await walk_frames(run, dom, arg)
        except Exception as e:  # the top document's walk is kept; the frames' failure is said
            dom["frames_error"] = _err(e)


async def _page_state(run: GatherRun) -> None:
    # Read in the page's world, where the recorder is, using no built-in a page script could replace (no slice,
    # no Math): the DevTools protocol copies the values; the caps and rounding are applied here.
    h = await run.evaluate(
        "() => { const h = window.__harness; return h ? {lcp: h.lcp, cls: h.cls, opens: h.opens, timers: h.timers, "
        "errors: h.errors, now: performance.now()} : null }")
    if isinstance(h, dict):
        def items(name: str, cap: int) -> list[Any]:
            v = h.get(name)
            return list(v[:cap]) if isinstance(v, list) else []
        h = {"lcp": h.get("lcp"), "cls": round(float(h.get("cls") or 0), 3), "opens": items("opens", 100),
             "timers": items("timers", 200), "errors": items("errors", 50), "now": round(float(h.get("now") or 0))}
    run.artifacts["page_state"] = h


async def _layout(run: GatherRun) -> None:
    o = run.options
    vp = dict(o.device["viewport"])
    results: dict[str, Any] = {}
    widths = list(dict.fromkeys([vp["width"], *o.param("layout.widths")]))
    try:
        for w in widths:
            if w != vp["width"]:
                await run.page.set_viewport_size({"width": w, "height": vp["height"]})
            await run.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            results[str(w)] = await run.evaluate(JS["layout_probe"], {"max": 20})
            for name, (script, arg) in WIDTH_PROBES.items():
                try:
                    results[str(w)][name] = await run.evaluate(script, arg(run) if callable(arg) else arg)
                except Exception as e:  # one probe's failure keeps the width's other measurements
                    results[str(w)][name] = {"error": _err(e)}
    finally:
        run.artifacts["layout"] = results
        await run.page.set_viewport_size(vp)


#: More measurements made at each layout width: name -> (script, arg or arg(run)); results land in
#: ``artifacts["layout"][width][name]``. Register with :func:`register_width_probe`.
WIDTH_PROBES: dict[str, tuple[str, Any]] = {}


register_param("layout.widths", [320, 375, 414], merge="union", unit="CSS px",
               description="Layout viewport widths measured on the same load besides the device's own (resizing the viewport).")


def register_width_probe(name: str, script: str, arg: Any = None) -> None:
    """Register an in-page script evaluated at every layout width (after the overflow probe). ``arg`` is passed
    to the script, or called with the GatherRun to make it. Raises ValueError on a duplicate name."""
    if name in WIDTH_PROBES or name in ("width", "scroll_width", "client_width", "inner_width", "offenders"):
        raise ValueError(f"duplicate width probe {name!r}")
    WIDTH_PROBES[name] = (script, arg)


#: Marks what shows a journey's secret values while a screenshot is taken (removed right after).
_MASK_ATTR = "data-harness-mask"
_MARK_SECRETS_JS = """([values, attr]) => {
  let n = 0;
  const mark = (el) => { if (el && el.setAttribute && !el.hasAttribute(attr)) { el.setAttribute(attr, ''); n++; } };
  const walk = (root) => {
    const it = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = it.currentNode; node; node = it.nextNode()) {
      if (node.nodeType === 3) { if (values.some(v => node.data.includes(v))) mark(node.parentElement); continue; }
      if ('value' in node && typeof node.value === 'string' && values.some(v => node.value.includes(v))) mark(node);
      if (node.shadowRoot) walk(node.shadowRoot);
    }
  };
  walk(document.documentElement);
  return n;
}"""
_UNMARK_SECRETS_JS = "(attr) => { for (const el of document.querySelectorAll('[' + attr + ']')) el.removeAttribute(attr); }"


async def masked_screenshot(run: GatherRun, **kwargs) -> bytes:
    """``run.page.screenshot(**kwargs)`` with every field and text that shows a value the journey took from the
    environment (the keys of ``run.secrets``, {value: "${VAR}"}; 4 characters or more) painted over, so that a secret typed
    by a ``fill`` step appears in no screenshot, as it appears in no artifact. Returns the image bytes.

    Raises: as ``Page.screenshot`` (a timeout, a closed page)."""
    values = sorted({v for v in (run.secrets or {}) if isinstance(v, str) and len(v) >= 4})  # {value: "${VAR}"}
    if not values:
        return await run.page.screenshot(**kwargs)
    marked = 0
    try:
        marked = await run.evaluate(_MARK_SECRETS_JS, [values, _MASK_ATTR])
    except Exception:  # the page could not be searched: a screenshot that might show a secret is not taken
        raise RuntimeError("screenshot not taken: the fields holding the journey's secret values could not be found to mask them")
    try:
        mask = [run.page.locator(f"[{_MASK_ATTR}]")] if marked else []
        return await run.page.screenshot(mask=mask, mask_color="#555555", **kwargs)
    finally:
        if marked:
            try:
                await run.evaluate(_UNMARK_SECRETS_JS, _MASK_ATTR)
            except Exception:
                pass


#: [layout width, document height, client width, inner scroller: {"selector", "extra"} or null] in CSS px. An
#: inner scroller is looked for only when the document itself does not scroll (a full-screen shell, ``height:100%;
#: overflow:hidden``, whose pages scroll inside an ``overflow-y:auto`` container at least 40 % of the screen tall):
#: the one with the most content out of sight.
JS_PAGE_SIZE = """() => {
  const d = document.documentElement, b = document.body, vh = innerHeight;
  const docH = Math.max(d.scrollHeight, b ? b.scrollHeight : 0);
  let inner = null;
  if (b && docH <= vh + 1) {
    for (const el of b.querySelectorAll("*")) {
      if (el.clientHeight < vh * 0.4) continue;
      const oy = getComputedStyle(el).overflowY;
      if (oy !== "auto" && oy !== "scroll") continue;
      const extra = el.scrollHeight - el.clientHeight;
      if (extra > 1 && (!inner || extra > inner.extra)) {
        const cls = typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\\s+/).join(".") : "";
        inner = { extra, selector: el.id ? "#" + el.id : el.tagName.toLowerCase() + cls, el };
      }
    }
  }
  if (inner) { window.__qhInnerScroller = inner.el; delete inner.el; }
  return [Math.max(d.scrollWidth, b ? b.scrollWidth : 0), docH, d.clientWidth, inner];
}"""
_TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


async def _grow_inner_scroller(run: GatherRun, size: list, cap: int) -> dict[str, Any] | None:
    """For a page that scrolls inside an inner container (``size[3]``, see :data:`JS_PAGE_SIZE`), make the viewport
    tall enough (at most ``cap`` CSS px) for the container to show all its content, so that the whole-page
    screenshot has the whole page, not one screen of it (附件2 asks for the whole form page). The caller restores
    the device's viewport after the screenshot. Updates ``size[1]`` (document height) in place; returns
    {"selector", "extra" (CSS px out of sight), "viewport_height"} when the viewport was grown, else None (also when
    growing it did not let the container show more: a shell of fixed height)."""
    inner = size[3] if len(size) > 3 else None
    vp = run.options.device["viewport"]
    if not inner or not inner.get("extra"):
        return None
    h = int(min(vp["height"] + inner["extra"], cap))
    if h <= vp["height"]:
        return None
    await run.page.set_viewport_size({"width": vp["width"], "height": h})
    await run.evaluate(_TWO_FRAMES)
    left = await run.evaluate("() => { const el = window.__qhInnerScroller; return el && el.isConnected ? el.scrollHeight - el.clientHeight : null; }")
    if left is None or left > inner["extra"] / 2:  # the container did not grow with the viewport
        await run.page.set_viewport_size(dict(vp))
        await run.evaluate(_TWO_FRAMES)
        return None
    size[1] = h
    return {"selector": inner.get("selector"), "extra": int(inner["extra"]), "viewport_height": h}


async def _screenshot(run: GatherRun) -> None:
    if not run.options.screenshot:
        return
    o = run.options
    vp = o.device["viewport"]
    size = await run.evaluate(JS_PAGE_SIZE)
    # The whole layout width, so that content past the screen edge shows; at most 3 screens wide.
    width = int(max(vp["width"], min(size[0] or 0, 3 * max(vp["width"], size[2] or 0))))
    cap, scale = o.screenshot_max_height, o.screenshot_scale
    if (run.artifacts.get("target") or {}).get("role") == "form":
        cap = max(cap, o.form_screenshot_max_height)  # 附件2 asks for the whole form page
        scale = "device"  # ... sharp: at the device's DPR (2 on the reference phone), not one pixel per CSS px
    inner = await _grow_inner_scroller(run, size, cap)
    height = int(max(vp["height"], min(size[1] or 0, cap)))
    try:
        data = await masked_screenshot(run, type="jpeg", quality=o.jpeg_quality, full_page=True, animations="disabled",
                                       caret="hide", clip={"x": 0, "y": 0, "width": width, "height": height},
                                       scale=scale, timeout=o.gatherer_ms)
    finally:
        if inner:
            await run.page.set_viewport_size(dict(vp))
            await run.evaluate(_TWO_FRAMES)
    run.screenshot = data

    def describe() -> None:  # decoding a tall JPEG takes tens of ms: done in a thread beside the next stages
        img = Image.open(io.BytesIO(data)).convert("RGB")
        scale = img.width / width
        first = img.crop((0, 0, min(img.width, int(max(vp["width"], size[2] or 0) * scale)), min(img.height, int(vp["height"] * scale))))
        stat = ImageStat.Stat(first)
        colors = first.resize((64, 64)).getcolors(64 * 64) or []
        run.artifacts["screenshot"] = {
            "width": img.width, "height": img.height, "scale": round(scale, 3), "css_width": width, "css_height": height,
            "layout_width": size[2], "doc_height": size[1], "capped": (size[1] or 0) > height,
            "bytes": len(data), "format": "jpeg", "inner_scroll": inner,
            "first_screen": {"stddev": [round(v, 2) for v in stat.stddev], "mean": [round(v, 1) for v in stat.mean],
                             "colors": len(colors)},
        }

    run.beside("screenshot", asyncio.to_thread(describe))


#: Every gather stage, in the order a load runs them (after ``setup`` and ``navigate``). Reading the page comes
#: first (settle, the host's call log, where the page is and whether it shows what it was registered for (reach),
#: the DOM walk and the facts read from it), then what resizes or scrolls (layout widths, the full-page
#: screenshot), then what watches or injects (motion, axe-core, safe-area insets), then what requests more than the page (crawl, links, probes) or clicks (outbound), and last what
#: mutates the page (text_zoom).
STAGE_ORDER = ("settle", "bridge", "perf_wait", "reach", "dom", "page_facts", "ws_links", "items", "page_state", "pi_state", "exposure", "libraries", "entry_grid",
               "layout", "screenshot", "motion", "axe", "safe_area", "crawl", "links", "probes", "outbound", "text_zoom")


@dataclass
class StageSpec:
    """A registered stage: ``fn(run)`` fills ``run.artifacts``; its place in a load is its index in
    :data:`STAGE_ORDER`; ``optional`` stages run only when named in ``GatherOptions.optional_stages`` (because a
    check that applies requires them)."""

    name: str
    fn: Stage
    optional: bool = False
    preload: Stage | None = None

    @property
    def order(self) -> int:
        return STAGE_ORDER.index(self.name)


#: Extra init scripts installed on every load after ``page_init.js`` (name -> source); see :func:`register_init_script`.
INIT_SCRIPTS: dict[str, str] = {}


def register_init_script(name: str, source: str) -> None:
    """Install ``source`` before any page script on every load (e.g. a recorder of permission requests).
    Raises ValueError on a duplicate name."""
    if name in INIT_SCRIPTS:
        raise ValueError(f"duplicate init script {name!r}")
    INIT_SCRIPTS[name] = source


#: All stages, by name. Built-ins first; other modules add theirs with :func:`register_stage`.
STAGES: dict[str, StageSpec] = {}


def register_stage(name: str, fn: Stage, optional: bool = True, preload: Stage | None = None) -> None:
    """Register a gather stage named in :data:`STAGE_ORDER` (e.g. ``axe``). ``preload(run)``, when given, starts as soon as the
    page has committed, beside the stages before this one (e.g. sending axe-core's 570 KB source while the page
    settles); the stage awaits it with ``await run.preloaded(name)`` and must work when it failed or the page
    navigated since.

    Raises:
        ValueError: a duplicate name, or one not in :data:`STAGE_ORDER`.
    """
    if name in STAGES:
        raise ValueError(f"duplicate gather stage {name!r}")
    if name not in STAGE_ORDER:
        raise ValueError(f"gather stage {name!r} is not in STAGE_ORDER")
    STAGES[name] = StageSpec(name, fn, optional, preload)


for _n, _f in [("settle", _settle), ("dom", _dom), ("page_state", _page_state), ("layout", _layout), ("screenshot", _screenshot)]:
    register_stage(_n, _f, optional=False)


#: Async ``hook(run)`` functions run on every load after the context is set up and before the page opens (they
#: may add init scripts, routes and bindings to ``run.context``). See :func:`register_context_hook`.
CONTEXT_HOOKS: list[Callable[["GatherRun"], Awaitable[None]]] = []

#: ``hook(options, target_info) -> options`` functions deriving a target's gather options from its plain-data
#: description (e.g. the host platform it is opened in). See :func:`options_for_target`.
TARGET_HOOKS: list[Callable[[GatherOptions, dict[str, Any]], GatherOptions]] = []


def register_context_hook(hook: Callable[["GatherRun"], Awaitable[None]]) -> None:
    """Register an async ``hook(run)`` run in every load's set-up, before the page is created."""
    CONTEXT_HOOKS.append(hook)


#: Async ``hook(run)`` functions run on every load once its page and DevTools session exist (``run.page``,
#: ``run.cdp``), before the page navigates. See :func:`register_page_hook`.
PAGE_HOOKS: list[Callable[["GatherRun"], Awaitable[None]]] = []


def register_page_hook(hook: Callable[["GatherRun"], Awaitable[None]]) -> None:
    """Register an async ``hook(run)`` run in every load's set-up after the page and its DevTools session are
    created and before it navigates (it may listen to page and CDP events)."""
    PAGE_HOOKS.append(hook)


def register_target_hook(hook: Callable[[GatherOptions, dict[str, Any]], GatherOptions]) -> None:
    """Register ``hook(options, target_info) -> options`` (it returns a changed copy, never mutates its input)."""
    TARGET_HOOKS.append(hook)


def options_for_target(options: GatherOptions, target_info: dict[str, Any]) -> GatherOptions:
    """The gather options of one target: ``options`` passed through every registered target hook."""
    for hook in TARGET_HOOKS:
        options = hook(options, target_info or {}) or options
    return options


def stages_for(options: GatherOptions) -> list[StageSpec]:
    """The stages a load runs: every built-in and the requested optional ones, in order."""
    return sorted((s for s in STAGES.values()
                   if (not s.optional or s.name in options.optional_stages) and s.name not in options.skip_stages),
                  key=lambda s: s.order)


#: Longest wait for a context to close once the load's time is up (ms); a close still running then finishes in the
#: background (``run.closing``), so that closing never adds more than this to a target's budget. While the budget
#: lasts, a close may take up to CLOSE_MAX_MS.
CLOSE_WAIT_MS = 1500
CLOSE_MAX_MS = 10000


def _new_run(browser, url: str, options: GatherOptions, target_info: dict[str, Any] | None) -> GatherRun:
    """The state of a new load of ``url`` in ``browser``, its artifacts started (:func:`gather`, :func:`opened`)."""
    artifacts: dict[str, Any] = {
        "url": url, "target": target_info or {}, "device": options.device, "user_agent": options.user_agent,
        "variant": options.variant,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "timings": {}, "errors": {},
    }
    run = GatherRun(url=url, options=options, artifacts=artifacts)
    run._browser = browser
    return run


async def run_stages(run: GatherRun, stages: list[StageSpec]) -> None:
    """Run ``stages`` in order on the loaded page, each through :func:`_stage` (timed, its error recorded); stop at
    a renderer crash, and once the page stopped answering record the stages after it as skipped. Never raises."""
    for spec in stages:
        if "crash" in run.artifacts["errors"]:
            break
        if run.unresponsive:
            run.artifacts["errors"][spec.name] = f"skipped: the page stopped answering during {run.unresponsive!r}"
            continue
        await _stage(run, spec.name, spec.fn)


async def gather(browser, url: str, options: GatherOptions, target_info: dict[str, Any] | None = None,
                 budget_ms: int | None = None, deadline: float | None = None) -> GatherRun:
    """Load ``url`` once in a fresh context of ``browser`` and collect artifacts.

    Args:
        browser: a Playwright async Browser.
        url: http or https URL.
        options: see :class:`GatherOptions`.
        target_info: plain data about the target (service name, provider …) stored as ``artifacts["target"]``.
        budget_ms: the target's time budget, ms (default 60 000); when exceeded, the load ends, what was gathered is
            kept and ``artifacts["errors"]["budget"]`` says so.
        deadline: ``time.monotonic()`` time by which the load ends (default: ``budget_ms`` from now): the part of a
            target's one budget left for this load (:class:`harness.engine.Auditor` shares one budget between the
            primary load and every variant load). Once it has passed, finishing work beside the stages and closing
            the context wait at most CLOSE_WAIT_MS more; a close still running then goes on in the background as
            ``run.closing`` (an asyncio task the caller may await or cancel), and ``artifacts["timings"]["close"]``
            is the time waited.

    Returns:
        a :class:`GatherRun` whose ``artifacts`` hold: ``url``, ``target``, ``device``, ``navigation`` (status,
        redirects, TLS, load time), ``settle``, ``dom`` (see dom_walk.js), ``page_state`` (LCP, window.open calls,
        timers, errors), ``layout`` (per width: scroll/client width, offenders), ``screenshot`` (size, first-screen
        statistics), ``network`` (CDP log), ``console``, ``page_errors``, ``dialogs``, ``popups``,
        ``downloads``, ``frame_navigations``, ``timings`` (ms per stage), ``errors`` (stage → message);
        and ``screenshot`` bytes (JPEG) when taken. Never raises for page problems.
    """
    run = _new_run(browser, url, options, target_info)
    artifacts = run.artifacts

    async def body():
        if not await _stage(run, "setup", _setup):
            return
        await _stage(run, "navigate", _navigate)
        nav = artifacts.get("navigation") or {}
        if not nav.get("committed") or "crash" in artifacts["errors"]:
            return
        stages = stages_for(options)
        for spec in stages:
            if spec.preload is not None:
                run.preloads[spec.name] = asyncio.create_task(spec.preload(run))
        if options.journey is not None:  # steps, and the stages at each checkpoint (harness/gather/journey.py)
            from .journey import run_journey

            await run_journey(run, stages)
            return
        await run_stages(run, stages)

    budget_ms = budget_ms or 60000
    if deadline is None:
        deadline = run.t0 + budget_ms / 1000
    run.closing = None
    run.deadline = deadline

    def left(at_least_ms: int = 0) -> float:  # seconds left before the deadline, at least ``at_least_ms``
        return max(at_least_ms / 1000, deadline - time.monotonic())

    try:
        await asyncio.wait_for(body(), left())
    except asyncio.TimeoutError:
        artifacts["errors"]["budget"] = f"target time budget of {budget_ms} ms exceeded"
    finally:
        await run.finish_besides()
        for task in run.preloads.values():  # a preload whose stage never ran (skipped, budget) ends here
            task.cancel()
        if run.preloads:
            await asyncio.gather(*run.preloads.values(), return_exceptions=True)
        # Requests still in flight when gathering ended are logged as unfinished.
        for r in list(getattr(run, "_pending_requests", {}).values()):
            r["unfinished"] = True
            artifacts.setdefault("network", []).append(r)
        artifacts["timings"]["total"] = run.elapsed_ms()
        if run.context is not None and (artifacts.get("trace") or {}).get("recording"):
            # A few seconds at most: a browser that crashed or was lost never answers (the target is not held up).
            await _stop_trace(run, min(TRACE_STOP_MS / 1000, left(CLOSE_WAIT_MS)))
        if run.context is not None:
            t_close = time.monotonic()
            closing = asyncio.ensure_future(run.context.close())
            try:
                await asyncio.wait_for(asyncio.shield(closing), min(CLOSE_MAX_MS / 1000, left(CLOSE_WAIT_MS)))
            except asyncio.TimeoutError:  # the budget is spent: the close goes on in the background
                run.closing = closing
                closing.add_done_callback(_retrieved)
                if time.monotonic() - t_close >= CLOSE_MAX_MS / 1000 - 0.05:
                    artifacts["errors"].setdefault("close", f"context did not close in {CLOSE_MAX_MS // 1000} s")
            except Exception as e:
                artifacts["errors"].setdefault("close", f"context did not close: {_err(e)}")
            artifacts["timings"]["close"] = int((time.monotonic() - t_close) * 1000)
    return run


#: Longest wait for a load's trace to be written when the load ends (ms).
TRACE_STOP_MS = 5000


async def _stop_trace(run: GatherRun, seconds: float) -> None:
    """Stop the load's trace into a temporary file (:attr:`GatherRun.trace_path`) and scrub it
    (:func:`scrub_trace`); ``artifacts["trace"]`` says what became of it ({"bytes"} or {"error"})."""
    import tempfile

    rec = run.artifacts["trace"]
    rec.pop("recording", None)
    browser = getattr(run, "_browser", None)
    try:  # a browser call (not the page's): a lost browser or driver must not hold the target up for its trace
        if browser is not None and not browser.is_connected():
            raise ConnectionError("disconnected")
        await asyncio.wait_for(run.context.cookies(), 1.0)
    except Exception:
        rec["error"] = "trace not saved: the browser did not answer"
        return
    fd, path = tempfile.mkstemp(prefix="harness-trace-", suffix=".zip")
    os.close(fd)
    try:
        await asyncio.wait_for(run.context.tracing.stop(path=path), max(0.5, seconds))
        await asyncio.to_thread(scrub_trace, path, dict(run.secrets))
    except Exception as e:
        rec["error"] = f"trace not saved: {_err(e)}"[:300]
        _unlink(path)
        return
    rec["bytes"] = os.path.getsize(path)
    run.trace_path = path


#: A name/value pair of the trace's network log (HAR ``queryString``, ``headers``, ``cookies``, ``postData.params``).
_HAR_PAIR = re.compile(r'("name":\s*"(?P<name>[^"\\]{1,80})",\s*"value":\s*")(?P<value>(?:[^"\\]|\\.)*)(")')


def _mask_har_pairs(text: str) -> str:
    """Values of name/value pairs whose name is a secret's (``token``, ``sign``, ``cookie``, ``authorization`` …)."""
    from ..personal_data import SECRET_MASK, is_secret_param

    def sub(m: re.Match) -> str:
        name = m.group("name")
        if is_secret_param(name) or name.lower() in ("cookie", "set-cookie", "authorization", "proxy-authorization"):
            return m.group(1) + SECRET_MASK + m.group(4)
        return m.group(0)

    return _HAR_PAIR.sub(sub, text) if '"name"' in text else text


#: Entries of a Playwright trace zip that are text (events, network log, DOM snapshots, page resources).
_TRACE_TEXT = re.compile(r"\.(?:trace|network|stacks|json|html?|css|js|mjs|txt|xml|svg)$|^resources/[0-9a-f]{40}$", re.I)


def scrub_trace(path: str, secrets: dict[str, str]) -> None:
    """Rewrite the trace zip at ``path`` masked as every output of the harness is: each text entry (events,
    network log, DOM snapshots, page resources) with the values a journey took from the environment replaced by
    their ``${VAR}`` (``secrets``: {value: "${VAR}"}), URL secrets, the network log's secret query parameters,
    cookies and authorization headers, and resident ID, mobile and card numbers masked
    (:func:`harness.personal_data.scrub`). Traces are recorded without screencast frames (pixels cannot be
    masked) nor DOM snapshots; images the page itself loads are kept as they are. Raises OSError / zipfile.BadZipFile."""
    import zipfile

    from .. import journeys as journeys_mod
    from ..personal_data import scrub

    tmp = path + ".scrub"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if _TRACE_TEXT.search(info.filename):
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    text = None
                if text is not None:
                    data = scrub(_mask_har_pairs(journeys_mod.scrub(text, secrets))).encode("utf-8")
            zout.writestr(info.filename, data)
    os.replace(tmp, path)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


@contextlib.asynccontextmanager
async def opened(browser, url: str, options: GatherOptions, target_info: dict[str, Any] | None = None,
                 settle: bool = True):
    """Open ``url`` in a fresh context of ``browser`` set up as an audit's load is (device emulation, the user's
    session, init scripts and routes, the host platform's recording bridge, the network log), settle it, and yield
    the :class:`GatherRun` (``run.page`` is the Playwright page, ``run.artifacts`` fills as the page acts); the
    context is closed on exit. For explorers that act on a page themselves (``harness discover``, the
    ``harness_page`` fixture). No stage but ``settle`` runs.

    Raises:
        GatherError: the context could not be set up or the page did not commit (the message says why; the
            page's own navigation error is kept in ``run.artifacts["navigation"]``).
    """
    run = _new_run(browser, url, options, target_info)
    artifacts = run.artifacts
    try:
        if not await _stage(run, "setup", _setup):
            raise GatherError(f"{url}: the browser context could not be set up: {artifacts['errors'].get('setup')}")
        await _stage(run, "navigate", _navigate)
        nav = artifacts.get("navigation") or {}
        if not nav.get("committed"):
            raise GatherError(f"{url}: the page did not load: {nav.get('error') or 'nothing committed'}")
        if settle:
            await _stage(run, "settle", _settle)
        yield run
    finally:
        if run.context is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(run.context.close(), CLOSE_MAX_MS / 1000)


class GatherError(Exception):
    """A page could not be opened for an explorer (:func:`opened`): the message names the URL and why."""


def _retrieved(task: "asyncio.Future[Any]") -> None:
    """Done callback of a background close: read its outcome, so that asyncio logs no unretrieved exception."""
    if not task.cancelled():
        task.exception()


def _import_all() -> None:
    """Import every module of this package so that optional stages and variants register themselves."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


_import_all()
