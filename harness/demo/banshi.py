"""The backend of the demo SPA 青松办事 (``harness/demo/apps/banshi/``), served by :class:`harness.demo.DemoServer`.

The app is a hash-router single-page app whose routes 我的办件 (``#/items``), 我的 (``#/mine``), the application
form (``#/apply/1..3``) and its result (``#/result/ID``) need the app's own login state: a cookie ``bs_session``
(HttpOnly, path ``/banshi/``) the backend sets after the app sends it the host's single sign-on ticket (青松办's
``QSBridge.ssoTicket()``, or the ``?ticket=`` the SSO redirect brings back: see ``specs/platforms/qingsongban.json``),
or, outside the host, after the demo login button 青松办账号登录 (account ``demo``). One route is a
``history.pushState`` route (``/banshi/news/<n>``): the server answers it with the app's index page.

API (JSON, under ``/banshi/api/``; every call counted in :attr:`BanshiApi.hits`, a ``collections.Counter`` keyed by
endpoint name, which :class:`~harness.demo.DemoServer` exposes as ``hits``)::

    POST login        {"ticket": "QSB…-ticket"} | {"account": "demo"}  → 200 {"user"} + Set-Cookie, 401 bad ticket
    GET  me           → 200 {"user": {"name", "idno", "phone"} (masked)} | 401 {"error"}; header X-QSB-Ticket: the
                        host's ticket of this start of the app, checked (never a login by itself)
    GET  home         → 200 {"notices": [...], "news": [{"id", "title", "date"}], "item": {...}}     (no login)
    GET  news/<n>     → 200 {"id", "title", "date", "body"} | 404                                      (no login)
    GET  applications → 200 {"applications": [{"id", "item", "no", "status", "applicant", "date", "for"?}]} | 401
    POST apply        {"item", "fields": {...}} → 200 {"id", "no"} | 400 | 401
    GET  result/<id>  → 200 {"application"} | 404 | 401
    POST logout       → 200, the session ended (never called by an audit: tests assert it)
    POST delete       → 200, the account closed (注销账户; never called by an audit)

The demo's defect, on purpose: ``applications`` returns the full resident ID number of the person an application
was made for (代办对象, :data:`BENEFICIARY_ID`) unmasked; 我的办件 masks it, 我的 shows it as it comes (PI-06).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import secrets
import ssl
import threading
from collections import Counter
from typing import Any

#: The resident ID number (GB 11643-1999, valid check digit) the backend returns unmasked: the demo's PI-06 defect.
BENEFICIARY_ID = "630102194503180028"
#: The service item the application form applies for (in ``specs/catalogs/demo-items.json``).
ITEM = {"name": "老年人助餐服务申请", "type": "公共服务", "code": "11630000MB3456789W4000121001"}
COOKIE = "bs_session"
PREFIX = "/banshi/api/"
#: pushState routes answered with the index page: ``/banshi/news/<n>``.
NEWS_PATH = re.compile(r"^/banshi/news/\d{1,4}/?$")
_TICKET = re.compile(r"^QSB\d{6,12}-ticket$")
_USER = {"name": "张*明", "idno": "6****************5", "phone": "138****5678"}
_NEWS = [
    ("全省老年人助餐服务点新增四十处", "今年以来，全省新增社区老年人助餐服务点四十处，覆盖西宁市各城区。符合条件的老年人可在“青松办事”线上申请，就近用餐。"),
    ("政务服务“掌上办”事项清单更新", "省政务服务示范局更新“掌上办”事项清单，新增老年人助餐服务申请等高频事项，申请材料可在线上传，办理进度可随时查询。"),
    ("冬季办事大厅服务时间调整", "自十二月起，各级政务服务大厅工作日服务时间调整为上午九点至下午五点，线上服务全天可用。"),
]


def _today() -> _dt.date:
    return _dt.date.today()


class BanshiApi:
    """The app's backend state: sessions (token → the applications listed for that login), the applications
    submitted (id → application, for their result page) and :attr:`hits` per endpoint. Thread-safe (the demo
    server is threaded). A submitted application is not added to the list: every load of a run (the variant loads
    of a journey submit the form again) sees the same 我的办件, so that what one load shows does not depend on
    what another submitted before it."""

    def __init__(self, hits: Counter | None = None):
        self.hits: Counter = hits if hits is not None else Counter()
        self._lock = threading.Lock()
        self._sessions: dict[str, list[dict[str, Any]]] = {}
        self._submitted: dict[str, dict[str, Any]] = {}
        self._seq = 30

    # ------------------------------------------------------------- helpers

    @staticmethod
    def _seed() -> list[dict[str, Any]]:
        d = _today()
        return [
            {"id": "1", "item": "老年人助餐服务申请", "no": "BS%s0017" % (d - _dt.timedelta(days=20)).strftime("%Y%m%d"),
             "status": "已办结", "applicant": _USER["name"], "date": str(d - _dt.timedelta(days=20)),
             "for": {"name": "王*英", "relation": "母亲", "idno": BENEFICIARY_ID}},
            {"id": "2", "item": "老年人优待证办理", "no": "BS%s0009" % (d - _dt.timedelta(days=3)).strftime("%Y%m%d"),
             "status": "审核中，预计五个工作日内办结", "applicant": _USER["name"], "date": str(d - _dt.timedelta(days=3))},
        ]

    def _token(self, handler) -> str | None:
        raw = handler.headers.get("Cookie") or ""
        for part in raw.split(";"):
            k, _, v = part.strip().partition("=")
            if k == COOKIE and v in self._sessions:
                return v
        return None

    @staticmethod
    def _body(handler) -> dict[str, Any]:
        n = int(handler.headers.get("Content-Length") or 0)
        if n <= 0 or n > 100_000:
            return {}
        try:
            data = json.loads(handler.rfile.read(n).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return {}
        return data if isinstance(data, dict) else {}

    @staticmethod
    def _send(handler, status: int, data: dict[str, Any], cookie: str | None = None) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        if cookie is not None:
            handler.send_header("Set-Cookie", cookie)
        handler.end_headers()
        handler.wfile.write(body)

    # ------------------------------------------------------------- the API

    def handle(self, handler, method: str) -> bool:
        """Answer ``handler``'s request (a ``BaseHTTPRequestHandler``, ``method`` GET or POST) when its path is
        under :data:`PREFIX`; returns False for any other path (the static files answer it)."""
        path = handler.path.split("?", 1)[0]
        if not path.startswith(PREFIX):
            return False
        name, _, arg = path[len(PREFIX):].partition("/")
        self.hits[name] += 1
        body = self._body(handler) if method == "POST" else {}
        with self._lock:
            token = self._token(handler)
            apps = self._sessions.get(token) if token else None
        if name == "login" and method == "POST":
            ticket, account = body.get("ticket"), body.get("account")
            if not ((isinstance(ticket, str) and _TICKET.match(ticket)) or account == "demo"):
                self._send(handler, 401, {"error": "单点登录票据无效，请重新登录"})
                return True
            token = secrets.token_hex(16)
            with self._lock:
                self._sessions[token] = self._seed()
            secure = "; Secure" if isinstance(handler.connection, ssl.SSLSocket) else ""
            self._send(handler, 200, {"user": _USER}, cookie=f"{COOKIE}={token}; Path=/banshi/; HttpOnly; SameSite=Lax{secure}")
            return True
        if name == "home" and method == "GET":
            d = _today()
            news = [{"id": str(i + 1), "title": t, "date": str(d - _dt.timedelta(days=2 + 6 * i))} for i, (t, _) in enumerate(_NEWS)]
            self._send(handler, 200, {"item": ITEM, "news": news,
                                      "notices": ["老年人助餐服务申请已实现“掌上办”，提交后五个工作日内完成审核。"]})
            return True
        if name == "news" and method == "GET":
            if not arg.isdigit() or not 1 <= int(arg) <= len(_NEWS):
                self._send(handler, 404, {"error": "没有这条新闻"})
                return True
            t, text = _NEWS[int(arg) - 1]
            self._send(handler, 200, {"id": arg, "title": t, "date": str(_today() - _dt.timedelta(days=2 + 6 * (int(arg) - 1))), "body": text})
            return True
        if apps is None:
            self._send(handler, 401, {"error": "请先登录"})
            return True
        if name == "me" and method == "GET":
            ticket = handler.headers.get("X-QSB-Ticket")
            if ticket is not None and not _TICKET.match(ticket):  # the host's user is not the session's
                self._send(handler, 401, {"error": "单点登录票据无效，请重新登录"})
            else:
                self._send(handler, 200, {"user": _USER})
        elif name == "applications" and method == "GET":
            self._send(handler, 200, {"applications": apps})
        elif name == "apply" and method == "POST":
            fields = body.get("fields")
            if body.get("item") != ITEM["name"] or not isinstance(fields, dict) or not fields.get("agree"):
                self._send(handler, 400, {"error": "申请信息不完整"})
                return True
            with self._lock:
                self._seq += 1
                d = _today()
                app = {"id": str(self._seq), "item": ITEM["name"], "no": "BS%s%04d" % (d.strftime("%Y%m%d"), self._seq),
                       "status": "提交成功，待受理", "applicant": _USER["name"], "date": str(d)}
                self._submitted[app["id"]] = app
            self._send(handler, 200, {"id": app["id"], "no": app["no"]})
        elif name == "result" and method == "GET":
            app = next((a for a in apps if a["id"] == arg), None) or self._submitted.get(arg)
            self._send(handler, 200, {"application": app}) if app else self._send(handler, 404, {"error": "没有这件办件"})
        elif name in ("logout", "delete") and method == "POST":
            with self._lock:
                self._sessions.pop(token, None)
            self._send(handler, 200, {"ok": True}, cookie=f"{COOKIE}=; Path=/banshi/; Max-Age=0; HttpOnly")
        else:
            self._send(handler, 404, {"error": "没有这个接口"})
        return True
