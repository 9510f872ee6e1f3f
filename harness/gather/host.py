"""The recording host: the harness plays the host platform (青松办, 浙里办 …) a target is opened in.

For a target whose ``target_info["platform"]`` names a profile (``specs/platforms/<name>.json``):

- a *target hook* sets ``GatherOptions.host`` (plain data: platform, ui style, user type) and the user agent of the
  host's web view (the device's user agent plus the profile's marker);
- a *context hook* installs, before any page script runs, the recording bridge generated from the profile
  (``host_bridge.js``), a binding that receives every record as it happens, and routes that answer the profile's
  SDK scripts and SSO address locally (nothing reaches the real platform: other requests to its hosts get 404);
- the optional stage ``bridge`` completes the call log, which is ``artifacts["bridge"]``::

      {"platform", "profile" (Profile.summary()), "ui_style", "user_agent", "ticket",
       "calls": [{"seq", "doc", "t" (ms since that document's navigation start), "t_load" (ms since the load
                  began), "kind" (call|ready|sdk|pv|route|ticket), "name", "args", "answer", "role", "ready",
                  "sdk", "analytics_sdk", "url", "params"?, "probe"?}],
       "requests": [{"t_load", "url", "served": "sdk"|"sso"|"blocked", "name"?, "location"?}],
       "documents": [url of each document of the load, in order],
       "dropped"?: records past the cap (MAX_CALLS) not kept: never sent by the current document, or sent by one
                   before it after the load's cap was reached}

- variant loads ``platform_elder`` (the host answers ``elder``), ``ua_wechat`` and ``ua_alipay`` (the same page in
  WeChat's and Alipay's in-app browsers) for the checks that compare them (elder mode; the same content in
  every channel).

Source of the model: 浙里办's ZWJSBridge/zwlog interface (see specs/platforms/zheliban.json).
"""

from __future__ import annotations

import dataclasses
import json
import random
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .. import platforms
from . import GatherOptions, GatherRun, register_context_hook, register_stage, register_target_hook
from .page_functions import page_function
from .variants import Variant, register_variant

JS_HOST = page_function("host_bridge")

#: Name of the binding through which the in-page host reports each record.
BINDING = "__qhHostReport"
#: Most records kept per load, and per document the most the in-page host sends through the binding (capped at the
#: source: a page calling the bridge in a loop sends no more; the records past the cap are counted in the page and,
#: those that still reached the binding, here, as ``artifacts["bridge"]["dropped"]``).
MAX_CALLS = 1000

#: In-app browser user-agent suffixes (appended to the device's user agent): the same service in every channel.
WECHAT_UA = " MicroMessenger/8.0.49.2600(0x2800313D) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64"
ALIPAY_UA = (" NebulaSDK/1.8.100112 Nebula AlipayDefined(nt:WIFI,ws:375|667|2.0) AliApp(AP/10.5.88.8000)"
             " AlipayClient/10.5.88.8000 Language/zh-Hans Region/CN")


def substitute(value: Any, values: dict[str, str]) -> Any:
    """``value`` (a profile answer) with the strings ``{ui_style}``, ``{ticket}``, ``{user_type}`` replaced."""
    if isinstance(value, str):
        for k, v in values.items():
            if value == "{" + k + "}":
                return v
            value = value.replace("{" + k + "}", str(v))
        return value
    if isinstance(value, list):
        return [substitute(v, values) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, values) for k, v in value.items()}
    return value


def new_ticket(profile: platforms.Profile) -> str | None:
    """A fresh SSO ticket in the profile's ``ticket_format`` (None when the profile knows no SSO)."""
    if not profile.sso:
        return None
    return profile.sso["ticket_format"].replace("{n}", str(random.randrange(10**9, 10**10)))


def host_config(profile: platforms.Profile, ui_style: str = "normal", user_type: str = "1", ticket: str | None = None) -> dict:
    """The argument of ``host_bridge.js`` for a profile and the host's answers (ui style, user type, ticket)."""
    b = profile.bridge
    values = {"ui_style": ui_style, "user_type": user_type, "ticket": ticket or ""}
    cfg: dict[str, Any] = {"binding": BINDING, "global": None, "ticket": ticket, "maxLog": 500, "maxReport": MAX_CALLS,
                           "analytics": list((profile.analytics or {}).get("channels", []))}
    if b:
        cfg.update({"global": b["global"], "definedBy": b["defined_by"],
                    "ready": {"kind": b["ready"]["kind"], "method": b["ready"].get("method"),
                              "event": b["ready"].get("event"), "delayMs": b["ready"].get("delay_ms", 0)},
                    "methods": {n: {"role": m["role"], "answer": substitute(m["answer"], values)} for n, m in b["methods"].items()}})
    return cfg


def init_script(cfg: dict) -> str:
    """The init script installing the recording host with ``cfg`` (see :func:`host_config`)."""
    return f"({JS_HOST.strip().rstrip(';')})({json.dumps(cfg, ensure_ascii=False)});"


def sdk_stub(name: str, provides: str) -> str:
    """The body served in place of an SDK script: it tells the recording host that the SDK ran."""
    return f"(function(){{var h=window.__qhHost;if(h)h.sdkLoaded({json.dumps(name)},{json.dumps(provides)});}})();\n"


def with_param(url: str, name: str, value: str) -> str:
    """``url`` with the query parameter ``name=value`` added (before any fragment)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + [(name, value)]
    return urlunsplit(parts._replace(query=urlencode(query)))


# ---------------------------------------------------------------- target hook: who hosts the target

def _target_hook(options: GatherOptions, info: dict[str, Any]) -> GatherOptions:
    profile = platforms.for_target(info)
    if profile is None:
        return options
    ua = options.user_agent or profile.user_agent(options.device.get("user_agent"))
    return dataclasses.replace(options, user_agent=ua,
                               host={"platform": profile.id, "ui_style": "normal", "user_type": "1"})


# ---------------------------------------------------------------- context hook: install the host

async def _install(run: GatherRun) -> None:
    host = run.options.host
    if not host or not host.get("platform"):
        return
    profile = platforms.load(host["platform"])
    ticket = new_ticket(profile)
    calls: list[dict[str, Any]] = []
    requests: list[dict[str, Any]] = []
    docs: dict[float, int] = {}
    art = run.artifacts["bridge"] = {
        "platform": profile.id, "profile": profile.summary(), "ui_style": host.get("ui_style", "normal"),
        "user_agent": run.options.user_agent, "ticket": ticket, "calls": calls, "requests": requests, "documents": [],
    }

    def on_record(source, r):
        if not isinstance(r, dict):
            return
        if len(calls) >= MAX_CALLS:  # documents before this one sent their share already
            art["dropped"] = art.get("dropped", 0) + 1
            return
        d = r.get("doc")
        if d not in docs:
            docs[d] = len(docs)
            art["documents"].append(r.get("url"))
        r["doc"] = docs[d]
        r["t_load"] = run.elapsed_ms()
        calls.append(r)

    await run.context.expose_binding(BINDING, on_record)
    await run.context.add_init_script(script=init_script(host_config(profile, art["ui_style"], host.get("user_type", "1"), ticket)))

    async def handle(route):
        url = route.request.url
        for s in profile.scripts:
            if s.pattern.search(url):
                requests.append({"t_load": run.elapsed_ms(), "url": url[:500], "served": "sdk", "name": s.name})
                await route.fulfill(status=200, content_type="text/javascript; charset=utf-8", body=sdk_stub(s.name, s.provides),
                                    headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "no-store"})
                return
        if profile.sso_pattern is not None and profile.sso_pattern.search(url):
            q = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
            back = next((q[p] for p in profile.sso["redirect"]["return_params"] if q.get(p)), None)
            if back and back.startswith(("http://", "https://")):
                loc = with_param(back, profile.sso["ticket_param"], ticket)
                requests.append({"t_load": run.elapsed_ms(), "url": url[:500], "served": "sso", "location": loc[:500]})
                await route.fulfill(status=302, headers={"Location": loc, "Cache-Control": "no-store"}, body="")
            else:
                requests.append({"t_load": run.elapsed_ms(), "url": url[:500], "served": "sso", "location": None})
                await route.fulfill(status=400, content_type="text/plain", body="SSO request without a return URL")
            return
        requests.append({"t_load": run.elapsed_ms(), "url": url[:500], "served": "blocked"})
        await route.fulfill(status=404, content_type="text/plain", body="not served by the harness (platform host)")

    def matches(url: str) -> bool:
        return (any(s.pattern.search(url) for s in profile.scripts)
                or (profile.sso_pattern is not None and bool(profile.sso_pattern.search(url)))
                or (profile.hosts_pattern is not None and bool(profile.hosts_pattern.search(url))))

    if profile.scripts or profile.sso_pattern is not None or profile.hosts_pattern is not None:
        await run.context.route(matches, handle)


# ---------------------------------------------------------------- stage: complete the call log

async def _bridge(run: GatherRun) -> None:
    """Merge records of the current document that did not reach the binding (there should be none)."""
    art = run.artifacts.get("bridge")
    if art is None:
        run.artifacts["bridge"] = {"platform": None}
        return
    page_log = await run.evaluate("() => window.__qhHost ? window.__qhHost.log() : null")
    unreported = await run.evaluate("() => window.__qhHost ? window.__qhHost.state().unreported : 0")
    if unreported:  # the current document's records past the cap, never sent (capped at the source)
        art["dropped"] = art.get("dropped", 0) + int(unreported)
    if not page_log:
        return
    have = {(c.get("seq"), c.get("url")) for c in art["calls"] if c.get("doc") == len(art["documents"]) - 1}
    missing = [r for r in page_log if (r.get("seq"), r.get("url")) not in have]
    for r in missing:
        r["doc"] = max(0, len(art["documents"]) - 1)
        r["t_load"] = None
        art["calls"].append(r)
    if missing:
        art["late"] = len(missing)


register_target_hook(_target_hook)
register_context_hook(_install)
register_stage("bridge", _bridge)


# ---------------------------------------------------------------- variant loads

def _hosted(info: dict[str, Any]) -> bool:
    """Whether the target is opened in a host platform with a known profile. Which hosted targets get a variant
    load is the engine's choice: only those for which a check requiring the load applies (a platform-only check
    applies where the host's profile lists it)."""
    try:
        return platforms.for_target(info) is not None
    except Exception:
        return False


def _elder(options: GatherOptions, info: dict[str, Any]) -> GatherOptions:
    options.host = {**(options.host or {}), "ui_style": "elder"}
    options.params = {**options.params, "layout.widths": []}
    return options


def _ua(suffix: str):
    def apply(options: GatherOptions, info: dict[str, Any]) -> GatherOptions:
        options.user_agent = (options.device.get("user_agent") or "") + suffix
        options.params = {**options.params, "layout.widths": []}
        options.screenshot = False  # only the visible text of each channel is compared: a screenshot would only cost time
        return options
    return apply


# The elder-mode load keeps the DOM, the bridge log and the screenshot (for the report); the in-app user-agent
# loads keep only the visible text of each channel.
register_variant(Variant("platform_elder", _elder, when=_hosted, stages=frozenset({"bridge"}),
                         skip=frozenset({"layout", "page_state"}),
                         description="the host answers ui style 'elder' (长辈版)"))
register_variant(Variant("ua_wechat", _ua(WECHAT_UA), when=_hosted, skip=frozenset({"layout", "page_state", "screenshot"}),
                         description="WeChat in-app browser user agent"))
register_variant(Variant("ua_alipay", _ua(ALIPAY_UA), when=_hosted, skip=frozenset({"layout", "page_state", "screenshot"}),
                         description="Alipay in-app browser user agent"))
