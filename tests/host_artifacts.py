"""Hand-made artifacts of a page opened in a host platform (青松办 by default), for the unit tests of the host
integration checks (IN-01…IN-07, EL-01, NV-01: ``harness/checks/<id>/test_<id>.py``) and of their gating
(``tests/test_host_log.py``).

The shapes are those of the recording host's call log (``artifacts["bridge"]``, see :mod:`harness.gather.host`),
the DOM walk and the variant loads, reduced to what these checks read: a 375 × 667 CSS px phone, an H5 system
named 测试服务 on its home page, a committed HTTPS load of https://a.gov.cn/. Times are ms since the document's
navigation start.
"""

from __future__ import annotations

from harness import platforms

#: The profile summaries (``Profile.summary()``) the call log carries, by platform name.
PROFILES = {n: platforms.load(n).summary() for n in ("qingsongban", "zheliban", "national")}


def call(seq, name, role, t, ready=True, sdk=True, doc=0, **kw):
    """A bridge method call record (kind ``call``) number ``seq`` of document ``doc`` at ``t`` ms, made after
    the ready signal (``ready``) and the SDK (``sdk``); ``args`` and ``answer`` in ``kw``, other fields added."""
    return {"seq": seq, "doc": doc, "t": t, "kind": "call", "name": name, "role": role, "args": kw.pop("args", []),
            "answer": kw.pop("answer", None), "ready": ready, "sdk": sdk, "analytics_sdk": True, **kw}


def rec(seq, kind, name, t, doc=0, **kw):
    """A call log record of any ``kind`` (route, sdk, ready, pv, ticket …) number ``seq`` at ``t`` ms; ``args`` in
    ``kw``, other fields (``role``, ``params``, ``provides`` …) added."""
    return {"seq": seq, "doc": doc, "t": t, "kind": kind, "name": name, "args": kw.pop("args", []), "ready": True,
            "sdk": True, "analytics_sdk": True, **kw}


def good_log():
    """A well-integrated page: route, SDKs, ready, title, ui style, ticket, PV."""
    pv = {"miniAppId": "1", "miniAppName": "测试服务", "pageId": "home", "pageName": "首页", "t0": "0.1", "t2": "0.2",
          "log_status": "02", "Page_duration": "0"}
    return [rec(1, "route", "load", 5, args=["https://a.gov.cn/"], role="route", ready=False, sdk=False),
            rec(2, "sdk", "bridge", 20, provides="bridge", role="sdk", ready=False),
            rec(3, "sdk", "qslog", 22, provides="analytics", role="sdk", ready=False),
            call(4, "onReady", "ready", 23, ready=False),
            rec(5, "ready", "onReady", 40, role="ready_signal"),
            call(6, "setTitle", "set_title", 41, args=[{"title": "测试服务"}]),
            call(7, "getUiStyle", "ui_style", 42, answer={"uiStyle": "normal"}),
            call(8, "ssoTicket", "sso_ticket", 43),
            call(9, "new QSLog", "analytics_init", 44),
            rec(10, "pv", "QSLog.sendPV", 45, role="pv", params=pv)]


def art(platform="qingsongban", calls=None, dom=None, **kw):
    """Artifacts of the page hosted by ``platform`` with call log ``calls`` (None: :func:`good_log`); ``dom`` adds
    to the DOM walk, ``kw`` replaces top-level artifacts (``outbound``, ``variants``, ``page_state`` …)."""
    a = {"url": "https://a.gov.cn/", "device": {"viewport": {"width": 375, "height": 667}},
         "target": {"system_kind": "h5", "platform": platform, "service_name": "测试服务", "role": "home"},
         "navigation": {"url": "https://a.gov.cn/", "final_url": "https://a.gov.cn/", "ok": True, "status": 200, "committed": True},
         "errors": {}, "network": [], "page_state": {"opens": []}, "frame_navigations": [],
         "dom": {"visible_text": "测试服务\n正文", "texts": [], "targets": [], "fields": [], "forms": [], "doc": {"visual_scale": 1},
                 **(dom or {})},
         "bridge": {"platform": platform, "profile": PROFILES.get(platform), "calls": good_log() if calls is None else calls,
                    "requests": [], "documents": ["https://a.gov.cn/"]}}
    a.update(kw)
    return a


def variant(text="测试服务\n正文", dom=None):
    """A variant load (``variants.ua_wechat`` …) whose page shows ``text``; ``dom`` adds to its DOM walk."""
    return {"dom": {"visible_text": text, "texts": [], "targets": [], "doc": {"visual_scale": 1}, **(dom or {})}, "errors": {}}


def text(t, fs, sel="p"):
    """A text record of the DOM walk: ``t`` in a ``<p>`` at ``selector`` ``sel``, font size ``fs`` CSS px."""
    return {"selector": sel, "tag": "p", "text": t, "chars": len(t), "font_size": fs, "line_height": fs * 1.6, "heading": False,
            "in_control": False, "box": [0, 0, 200, 30]}


def target(sel, w, h, **kw):
    """A tap target of the DOM walk: a link 链接 at ``sel``, ``w`` × ``h`` CSS px at (0, 0); ``kw`` replaces fields."""
    return {"selector": sel, "tag": "a", "name": "链接", "box": [0, 0, w, h], "inline": False, **kw}


def elder(texts, targets, asked=True):
    """``variants`` holding the ``platform_elder`` load (the host answers elder) with these texts and targets;
    ``asked``: the page asked the host for its UI style (getUiStyle)."""
    calls = [call(1, "getUiStyle", "ui_style", 30, answer={"uiStyle": "elder"})] if asked else []
    return {"platform_elder": {"dom": {"texts": texts, "targets": targets, "doc": {"visual_scale": 1}}, "errors": {},
                               "bridge": {"calls": calls}}}
