"""The tests' own local server: the demo server's static files (tests/fixtures) plus test behaviours.

Query parameters understood on any path: ``delay=MS`` (answer after MS ms), ``body_delay=MS`` (send the headers
at once and the body MS ms later), ``status=N`` (answer with status N
and a small HTML body), ``redirect=URL`` (answer 302 to URL), ``attachment=1`` (serve the file with
``Content-Disposition: attachment``, so that a navigation to it becomes a download), ``csp=POLICY`` (send
``Content-Security-Policy: POLICY``). ``count=NAME`` (counted in :data:`COUNTS`). Base-URL tokens ``__HTTP_BASE__``/``__HTTPS_BASE__`` in HTML are replaced.

For the discovery fixture (tests/fixtures/discover/): ``/robots.txt`` and ``/sitemap.xml`` answer what a test put in
:data:`SITE_FILES` (404 when it put nothing: the other tests see no robots.txt), ``/discover/app/…`` is the SPA's
history-mode fallback (``/discover/index.html`` whatever the path), and ``/discover/api/…`` answers ``{"ok": true}``.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from harness.demo import DemoServer, _Handler

FIXTURES = Path(__file__).parent / "fixtures"
#: Each check's own fixture pages live in its folder, ``harness/checks/<slug>/fixtures/``, served at ``/<CHECK-ID>/``.
CHECKS_DIR = Path(__file__).resolve().parent.parent / "harness" / "checks"
_CHECK_PATH = re.compile(r"^/([A-Z]{2})-([0-9]{2})(/.*)?$")
#: The corpus of real-layout pages (tests/corpus), served at ``/corpus/``.
CORPUS = Path(__file__).parent / "corpus"


def fixture_file(path: str) -> Path:
    """The file a URL path names: ``/EL-05/pass.html`` → ``harness/checks/el_05/fixtures/pass.html``; ``/corpus/x.html`` →
    ``tests/corpus/x.html``; any other path under ``tests/fixtures`` (pages several checks share: ``platform/``, ``isolation/``, ``report/``)."""
    if path.startswith("/corpus/"):
        return CORPUS / path[len("/corpus/"):]
    m = _CHECK_PATH.match(path)
    if m:
        return CHECKS_DIR / f"{m.group(1).lower()}_{m.group(2)}" / "fixtures" / (m.group(3) or "/").lstrip("/")
    return FIXTURES / path.lstrip("/")


#: Java-style stack trace served for missing files under /SE-03/trace/ (an error page that leaks details).
STACK_TRACE = ("<html><body><h1>HTTP Status 500</h1><pre>Exception in thread \"main\" java.lang.IllegalStateException: no route\n"
               "\tat com.example.shebao.web.Router.dispatch(Router.java:42)\n\tat com.example.shebao.web.Main.main(Main.java:7)\n"
               "</pre></body></html>")


class TestHandler(_Handler):
    def translate_path(self, path):
        m = _CHECK_PATH.match(urlsplit(path).path)
        if m or urlsplit(path).path.startswith("/corpus/"):
            from urllib.parse import unquote

            return str(fixture_file(unquote(urlsplit(path).path)))
        return super().translate_path(path)

    def end_headers(self):
        # Responses under /SE-03/leaky/ name the server software with a version (SE-03).
        if urlsplit(self.path).path.startswith("/SE-03/leaky/"):
            self.send_header("X-Powered-By", "PHP/7.4.3")
        if getattr(self, "_attachment", False):
            self.send_header("Content-Disposition", f'attachment; filename="{Path(urlsplit(self.path).path).name}"')
        if getattr(self, "csp", None):
            self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def _body(self, code: int, body: bytes, ctype: str = "text/html; charset=utf-8"):
        import io

        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def send_head(self):
        path = urlsplit(self.path).path
        # A .git directory served next to a page (SE-02); git itself cannot track a folder named .git.
        if path == "/SE-02/git/.git/HEAD":
            return self._body(200, b"ref: refs/heads/main\n", "text/plain")
        if path.startswith("/SE-03/trace/") and not fixture_file(path).is_file():
            return self._body(500, STACK_TRACE.encode())
        q = parse_qs(urlsplit(self.path).query)
        if path in ("/robots.txt", "/sitemap.xml") and path in SITE_FILES:
            ctype = "text/plain; charset=utf-8" if path.endswith(".txt") else "application/xml"
            return self._body(200, SITE_FILES[path].encode("utf-8"), ctype)
        if path.startswith("/discover/api/"):
            if "count" in q:
                with _COUNT_LOCK:
                    COUNTS[q["count"][0]] += 1
            return self._body(200, b'{"ok": true}', "application/json")
        if path.startswith("/discover/app/"):  # history-mode fallback of the discovery SPA
            self.path = "/discover/index.html"
            return super().send_head()
        if "count" in q:  # ?count=NAME: counted in COUNTS (e.g. how often a login ran)
            with _COUNT_LOCK:
                COUNTS[q["count"][0]] += 1
        self.csp = q.get("csp", [None])[0]
        if "delay" in q:
            time.sleep(int(q["delay"][0]) / 1000)
        if "redirect" in q:
            self.send_response(302)
            self.send_header("Location", q["redirect"][0])
            self.send_header("Content-Length", "0")
            self.end_headers()
            import io

            return io.BytesIO(b"")
        self._attachment = "attachment" in q
        if "status" in q:
            code = int(q["status"][0])
            body = f"<!DOCTYPE html><html lang=zh-CN><title>{code}</title><p>status {code}</p></html>".encode()
            self.send_response(code)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            import io

            return io.BytesIO(body)
        self.path = urlsplit(self.path).path
        f = super().send_head()
        if f is not None and "body_delay" in q:
            return _SlowBody(f, int(q["body_delay"][0]) / 1000)
        return f


#: Bodies of ``/robots.txt`` and ``/sitemap.xml`` by path (tests set and clear them; absent: 404).
SITE_FILES: dict[str, str] = {}

#: Requests seen with ``?count=NAME``, by NAME (tests read and reset it).
COUNTS: "Counter[str]" = Counter()
_COUNT_LOCK = threading.Lock()


class _SlowBody:
    """A response body that waits ``seconds`` before its first read (the headers are already sent)."""

    def __init__(self, f, seconds: float):
        self.f, self.seconds = f, seconds

    def read(self, n: int = -1) -> bytes:
        if self.seconds:
            time.sleep(self.seconds)
            self.seconds = 0
        return self.f.read(n)

    def close(self) -> None:
        self.f.close()


class FixtureServer(DemoServer):
    """The demo server on ``tests/fixtures`` plus a third server, ``expiring_base``: HTTPS with a certificate that
    expires ``EXPIRING_DAYS`` days from now (SE-01). :meth:`chromium_args` trusts both certificates' keys."""

    EXPIRING_DAYS = 10

    def start(self) -> "FixtureServer":
        import base64
        import hashlib
        import http.server
        import ssl
        import threading
        from datetime import datetime, timedelta, timezone
        from functools import partial

        import trustme
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization

        super().start()
        ca = trustme.CA(organization_name="qh-mobile-harness test CA")
        now = datetime.now(timezone.utc)
        cert = ca.issue_cert("127.0.0.1", "localhost", common_name="127.0.0.1", not_before=now - timedelta(days=1),
                             not_after=now + timedelta(days=self.EXPIRING_DAYS))
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        cert.configure_cert(ctx)
        leaf = x509.load_pem_x509_certificate(cert.cert_chain_pems[0].bytes())
        der = leaf.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        self.expiring_spki = base64.b64encode(hashlib.sha256(der).digest()).decode()
        handler_class = type("Handler", (self.handler_class,), {"tokens": {}})
        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(handler_class, directory=str(self.root)))
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
        srv.daemon_threads = True
        threading.Thread(target=srv.serve_forever, name="fixture-expiring", daemon=True).start()
        self._servers.append(srv)
        self.expiring_base = f"https://127.0.0.1:{srv.server_address[1]}"
        return self

    def chromium_args(self) -> list[str]:
        return [f"--ignore-certificate-errors-spki-list={self.spki},{self.expiring_spki}"]


def start(root: Path = FIXTURES) -> DemoServer:
    """Start a fixture server on 127.0.0.1 (HTTPS and HTTP, ephemeral ports; and HTTPS with a certificate about
    to expire, see :class:`FixtureServer`)."""
    return FixtureServer(root, handler=TestHandler).start()


class SecretHost:
    """Another service on this machine (127.0.0.1, its own port): an internal admin page that answers every GET and
    HEAD with ``SECRET=<token>`` and counts the requests it gets (``hits``, by path). Used as the target of a
    redirect that requests made outside the browser must not follow (issue "Safe inputs and outputs")."""

    TOKEN = "SECRET=internal-admin-7f3a9c"

    def __init__(self):
        self.hits: "Counter[str]" = Counter()
        self._srv = None
        self.base = ""

    def start(self) -> "SecretHost":
        import http.server

        host = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self, body: bool) -> None:
                host.hits[urlsplit(self.path).path] += 1
                data = host.TOKEN.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if body:
                    self.wfile.write(data)

            def do_GET(self):
                self._answer(True)

            def do_HEAD(self):
                self._answer(False)

            def log_message(self, *a):
                pass

        self._srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._srv.daemon_threads = True
        threading.Thread(target=self._srv.serve_forever, name="secret-host", daemon=True).start()
        self.base = f"http://127.0.0.1:{self._srv.server_address[1]}"
        return self

    @property
    def port(self) -> int:
        return self._srv.server_address[1]

    def stop(self) -> None:
        if self._srv is not None:
            self._srv.shutdown()
            self._srv.server_close()
