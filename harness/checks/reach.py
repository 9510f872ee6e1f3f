"""Whether a load reached the page it was registered for, judged from its artifacts (``reach``, ``navigation``,
``downloads``, ``errors``): the rule :func:`harness.checks.evaluate` applies before any check that reads the page's
content, and the line the department report shows for a target that did not get there.

A target is **not reached** when, by the page's own doing (navigations the harness itself makes while it probes
controls are not counted):

* it went to another site: its main frame ended on another host than the registered URL's (a plain ``http`` →
  ``https`` upgrade on the same host is not a change of site; a round trip through another host that comes back,
  such as a single sign-on, is not an exit) — ``left``;
* it turned into a download: a main-frame navigation (the registered URL itself, an HTTP redirect, a script's
  ``location`` write) was answered with a file (``Content-Disposition: attachment``) — ``download``;
* its renderer crashed — ``crashed``;
* the registry gave ``expect`` (a selector and/or a text, see ``specs/schemas/registry.schema.json``) and it was
  not visible on the page when the harness began reading the page (just before the DOM walk) — ``expect_missing``;
  or it could not be looked for (the stage failed or never ran) — ``unverified``. With ``expect`` present the
  page is reached even if the URL changed within the same site (``?from=x``, another path);
* without ``expect``: the main frame ended on another place than the registered one — ``redirected``. Places are
  compared by host, path and hash route: query parameters, a trailing slash, a directory's index document
  (``/app/`` ≡ ``/app/index.html``) and a plain fragment (``#top``) are ignored; a hash route (``#/list``,
  ``#!/list``: a hash that starts with ``/`` or ``!/``) is compared only when the registered URL has one.

A load that never committed a document and started no download is not judged here (None): the checks then give
``error`` with "page not loaded" (and AV-01 fails) as before.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

#: Kinds of not reaching the registered page, in the order :func:`judge` looks for them.
KINDS = ("crashed", "download", "left", "unverified", "expect_missing", "redirected", "journey")

_INDEX = re.compile(r"/(?:index|default)\.(?:html?|shtml)$", re.I)
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def _host(s) -> str:
    host = (s.hostname or "").lower()
    port = s.port
    if port is not None and str(port) != _DEFAULT_PORTS.get(s.scheme, ""):
        return f"{host}:{port}"
    return host


def place(url: str) -> tuple[str, str, str | None]:
    """The place a URL names, as compared by the reach rule: (host with a non-default port, path without a
    trailing slash or index document, hash route without its query and trailing slash, or None when the hash is
    not a route). ``"https://a.gov.cn/app/index.html?x=1#/list/?id=2"`` → ``("a.gov.cn", "/app", "/list")``.
    Never raises (an unparsable URL gives ``("", url, None)``)."""
    try:
        s = urlsplit(url or "")
        host = _host(s)
    except ValueError:
        return "", url or "", None
    path = _INDEX.sub("", s.path).rstrip("/")
    frag = s.fragment
    route = None
    if frag.startswith(("/", "!/")):
        route = frag.split("?", 1)[0].lstrip("!").rstrip("/") or "/"
    return host, path, route


def host_of(url: str) -> str:
    """The host (with a non-default port) of ``url``: ``"http://localhost:8080/x"`` → ``"localhost:8080"``."""
    return place(url)[0]


def same_place(registered: str, final: str) -> bool:
    """True when ``final`` is the place ``registered`` names: same host, same path and, when ``registered`` has a
    hash route, the same route (see :func:`place`)."""
    rh, rp, rr = place(registered)
    fh, fp, fr = place(final)
    return rh == fh and rp == fp and (rr is None or rr == (fr or "/"))


def _own(items: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [x for x in items or [] if not x.get("by_harness")]


def final_url(a: dict[str, Any]) -> str | None:
    """Where the main frame ended by the page's own doing: the URL of its last committed navigation (a document
    or a same-document route change) recorded in ``reach``, else ``navigation.final_url``; None when neither is
    known."""
    reach = a.get("reach") or {}
    commits = [n for n in _own(reach.get("navigations")) if n.get("committed")]
    if commits:
        return commits[-1].get("url")
    return (a.get("navigation") or {}).get("final_url")


def _describe_expect(expect: dict[str, Any]) -> str:
    parts = []
    if expect.get("selector"):
        parts.append(f"selector {expect['selector']}")
    if expect.get("text"):
        parts.append(f"text “{expect['text']}”")
    return " and ".join(parts) or "nothing"


#: How each cause of a navigation (see :mod:`harness.gather.reach`) reads in a reason, (en, zh).
CAUSES = {"http-redirect": ("HTTP redirect", "HTTP 重定向"), "script": ("by script", "脚本跳转"),
          "meta-refresh": ("meta refresh", "meta refresh 跳转"), "refresh-header": ("Refresh header", "Refresh 响应头跳转"),
          "form": ("form submission", "表单提交"), "link": ("link", "链接"), "reload": ("reload", "重新加载"),
          "history": ("history.pushState/replaceState", "history.pushState/replaceState"),
          "hashchange": ("hash route change", "hash 路由切换")}


def _redirect_cause(reach: dict[str, Any], to: str) -> str:
    """How the main frame got to ``to``: the cause of the last page-own navigation that reached it."""
    for n in reversed(_own(reach.get("navigations"))):
        if n.get("url") == to or n.get("to") == to:
            return n.get("cause") or ""
    return ""


def _how(cause: str | None, lang: int) -> str:
    label = CAUSES.get(cause or "")
    return f" ({label[lang]})" if lang == 0 and label else (f"（{label[lang]}）" if label else "")


def judge(a: dict[str, Any]) -> dict[str, Any] | None:
    """Whether the load whose artifacts are ``a`` reached its registered page.

    Returns None when the load committed no document and started no download (not judged: "page not loaded"),
    else {"reached": bool, "kind": one of :data:`KINDS` or None, "registered": the registered URL, "final_url":
    where the main frame ended (see :func:`final_url`), "to": where it went (a URL) or None, "host": the other host
    for ``left``, "cause": how it got there (``http-redirect``, ``script``, ``meta-refresh``, ``history``,
    ``hashchange`` … see :mod:`harness.gather.reach`), "reason" and "reason_zh": one line each ("" when
    reached)}. Reads ``target.expect``, ``reach``, ``navigation``, ``downloads`` and ``errors.crash``; artifacts
    without ``reach`` (saved before it was gathered, or hand-made) are judged on ``navigation`` alone. Pure; never
    raises.
    """
    nav = a.get("navigation") or {}
    reach = a.get("reach") or {}
    registered = reach.get("registered") or nav.get("url") or a.get("url") or ""
    expect = (a.get("target") or {}).get("expect") or reach.get("expect")
    downloads = [d for d in _own(reach.get("downloads")) if d.get("navigation")]
    if not reach and not nav.get("committed"):  # old artifacts: the load's own download record
        downloads = [d for d in a.get("downloads") or [] if d.get("url")]
    end = final_url(a)
    out: dict[str, Any] = {"reached": True, "kind": None, "registered": registered, "final_url": end, "to": None,
                           "host": None, "cause": None, "reason": "", "reason_zh": ""}

    def no(kind: str, reason: str, reason_zh: str, **kw) -> dict[str, Any]:
        out.update(reached=False, kind=kind, reason=f"page not reached: {reason}", reason_zh=f"页面未到达：{reason_zh}", **kw)
        return out

    journey = a.get("journey") or {}
    if journey and not journey.get("reached", True):  # a journey's step failed, here or before this checkpoint
        why = str(journey.get("error") or "the journey did not reach this checkpoint")
        out.update(reached=False, kind="journey", reason=f"checkpoint not reached: {why}",
                   reason_zh=f"检查点未到达：{why}")
        return out
    if not nav.get("committed") and not downloads:
        return None
    if "crash" in (a.get("errors") or {}):
        return no("crashed", "the renderer crashed", "页面渲染进程崩溃")
    if downloads:
        d = downloads[0]
        name = d.get("filename") or d.get("url")
        return no("download", f"turned into a download ({name}, {d.get('url')})", f"页面变成了文件下载（{name}，{d.get('url')}）",
                  to=d.get("url"), cause="download")
    if end and host_of(end) != host_of(registered):  # a round trip through another host (an SSO) that came back is not an exit
        host = host_of(end)
        return no("left", f"left for {host} ({end})", f"离开本站，转至 {host}（{end}）", to=end, host=host,
                  cause=_redirect_cause(reach, end) or None)
    if expect:
        what = _describe_expect(expect)
        checked = reach.get("checked") or {}
        found = checked.get("expect")
        if not isinstance(found, dict) or found.get("error"):
            why = (found or {}).get("error") if isinstance(found, dict) else "the page was not checked for it"
            return no("unverified", f"could not look for the expected {what}: {why}", f"无法确认页面已到达（未能查找 {what}：{why}）")
        if not found.get("present"):
            at = checked.get("url") or end or registered
            moved = not same_place(registered, at)
            where = f"; redirected to {at}" if moved else f" ({at})"
            return no("expect_missing", f"the expected {what} is not on the page{where}",
                      f"页面上没有应有的 {what}{'；被重定向至 ' + at if moved else '（' + at + '）'}",
                      to=at if moved else None, cause=_redirect_cause(reach, at) if moved else None)
        later = end if end and checked.get("url") and not same_place(checked["url"], end) else None
        if later:  # found, then the page went on to another place which the later stages read
            return no("redirected", f"redirected to {later} after the expected {what} was seen",
                      f"出现应有内容后被重定向至 {later}", to=later, cause=_redirect_cause(reach, later))
        return out
    if end and not same_place(registered, end):
        cause = _redirect_cause(reach, end) or ("http-redirect" if nav.get("redirects") else "")
        return no("redirected", f"redirected to {end}{_how(cause, 0)}", f"被重定向至 {end}{_how(cause, 1)}", to=end,
                  cause=cause or None)
    return out
