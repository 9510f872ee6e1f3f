"""The embedded demo: the demo departments of ``harness/demo/registry.json`` (eight with H5 apps, one of them a
single-page app behind its own login, and five with websites), whose apps ship inside the package.

:class:`DemoServer` serves ``harness/demo/apps`` on 127.0.0.1 over HTTPS (a certificate made for the run by a
throw-away CA, trusted by the run's Chromium through ``--ignore-certificate-errors-spki-list`` for that key only)
and over plain HTTP, and answers the API of the SPA 青松办事 (``/banshi/api/``, :mod:`harness.demo.banshi`);
:func:`load_registry` returns the demo registry with the servers' base URLs filled in (or placeholder URLs, when
only its departments and targets matter and no server runs).
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import io
import os
import json
import ssl
import threading
from functools import partial
from pathlib import Path

from collections import Counter

from ..paths import DEMO_DIR
from .. import registry as registry_mod
from . import banshi as banshi_mod

APPS_DIR = DEMO_DIR / "apps"
REGISTRY_FILE = DEMO_DIR / "registry.json"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with per-app extra headers (``<app>/_headers.json``: {"Header": "value"}); quiet. The API of
    青松办事 (``/banshi/api/…``, GET and POST) is answered by ``api`` (a :class:`~harness.demo.banshi.BanshiApi`),
    and its pushState routes (``/banshi/news/<n>``) by its index page."""

    server_version = "demo"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                      ".css": "text/css; charset=utf-8", ".json": "application/json"}

    #: Set by DemoServer: tokens replaced in served HTML (``__HTTP_BASE__``, ``__HTTPS_BASE__``).
    tokens: dict[str, str] = {}
    #: Set by DemoServer: the backend of 青松办事.
    api: banshi_mod.BanshiApi | None = None

    def log_message(self, *args):  # keep the console clean
        pass

    def do_GET(self):
        if self.api is not None and self.api.handle(self, "GET"):
            return
        if banshi_mod.NEWS_PATH.match(self.path.split("?", 1)[0]):
            self.path = "/banshi/index.html"  # a history.pushState route of the SPA: its index page answers it
        super().do_GET()

    def do_HEAD(self):
        if banshi_mod.NEWS_PATH.match(self.path.split("?", 1)[0]):
            self.path = "/banshi/index.html"
        super().do_HEAD()

    def do_POST(self):
        if self.api is not None and self.api.handle(self, "POST"):
            return
        self.send_error(405, "Method Not Allowed")

    def send_head(self):
        """Serve HTML with the base-URL tokens replaced (so a page can point at the other scheme's server)."""
        path = self.translate_path(self.path)
        if path.endswith(".html") and os.path.isfile(path) and self.tokens:
            text = Path(path).read_text(encoding="utf-8")
            for k, v in self.tokens.items():
                text = text.replace(k, v)
            body = text.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()

    def end_headers(self):
        app = self.path.lstrip("/").split("/", 1)[0]
        extra = Path(self.directory) / app / "_headers.json"
        if app and extra.is_file():
            for k, v in json.loads(extra.read_text(encoding="utf-8")).items():
                self.send_header(k, v)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class DemoServer:
    """Serve a directory of demo apps on 127.0.0.1 (ephemeral ports) over HTTPS and HTTP.

    Attributes (after :meth:`start`): ``https_base`` and ``http_base`` ("https://127.0.0.1:PORT"),
    ``spki`` (base64 SHA-256 of the certificate's public key) and :meth:`chromium_args`; from construction,
    ``hits``: a ``collections.Counter`` of the calls to 青松办事's API by endpoint name (``login``, ``me``,
    ``applications``, ``apply``, ``result``, ``logout``, ``delete``, ``home``, ``news``) and ``banshi`` (its
    :class:`~harness.demo.banshi.BanshiApi`). Use as a context manager.
    """

    def __init__(self, root: str | Path = APPS_DIR, handler: type = _Handler):
        self.root = Path(root)
        self.handler_class = handler
        self._servers: list[http.server.ThreadingHTTPServer] = []
        self.https_base = self.http_base = ""
        self.spki = ""
        self.hits: Counter = Counter()
        self.banshi = banshi_mod.BanshiApi(self.hits)

    def start(self) -> "DemoServer":
        import trustme
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization

        tokens: dict[str, str] = {}
        handler_class = type("Handler", (self.handler_class,), {"tokens": tokens, "api": self.banshi})
        handler = partial(handler_class, directory=str(self.root))
        ca = trustme.CA(organization_name="qh-mobile-harness demo CA")
        cert = ca.issue_cert("127.0.0.1", "localhost", common_name="127.0.0.1", organization_name="harness demo")
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        cert.configure_cert(ctx)
        leaf = x509.load_pem_x509_certificate(cert.cert_chain_pems[0].bytes())
        der = leaf.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        self.spki = base64.b64encode(hashlib.sha256(der).digest()).decode()

        https = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        https.socket = ctx.wrap_socket(https.socket, server_side=True)
        plain = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        for s in (https, plain):
            s.daemon_threads = True
            threading.Thread(target=s.serve_forever, name="demo-server", daemon=True).start()
            self._servers.append(s)
        self.https_base = f"https://127.0.0.1:{https.server_address[1]}"
        self.http_base = f"http://127.0.0.1:{plain.server_address[1]}"
        tokens.update({"__HTTPS_BASE__": self.https_base, "__HTTP_BASE__": self.http_base})
        return self

    def chromium_args(self) -> list[str]:
        """Chromium flags that make the run's browser trust this server's certificate (and nothing else)."""
        return [f"--ignore-certificate-errors-spki-list={self.spki}"]

    def stop(self) -> None:
        for s in self._servers:
            s.shutdown()
            s.server_close()
        self._servers.clear()

    def __enter__(self) -> "DemoServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


#: Base URLs put in the demo registry when no server runs (validation, test collection, re-rendering reports):
#: a port nothing listens on, so a URL from such a registry never reaches anything by accident.
PLACEHOLDER_HTTPS_BASE = "https://127.0.0.1:1"
PLACEHOLDER_HTTP_BASE = "http://127.0.0.1:1"


def load_registry(server: DemoServer | None = None, path: str | Path = REGISTRY_FILE) -> registry_mod.Registry:
    """The demo registry (``harness/demo/registry.json``, or ``path``), validated against its schema.

    Its page URLs are written ``{https}/app/page.html`` and ``{http}/…``; the tokens are replaced by ``server``'s
    base URLs (``server.https_base`` and ``server.http_base``, "https://127.0.0.1:PORT", so a started
    :class:`DemoServer` or anything with those two attributes), or, when ``server`` is None, by
    :data:`PLACEHOLDER_HTTPS_BASE` / :data:`PLACEHOLDER_HTTP_BASE`: the departments, systems, targets and ids are
    the same either way (ids never depend on URLs), so the placeholder form serves to validate the registry
    before any server starts and to list its targets.

    Returns a :class:`harness.registry.Registry` whose ``path`` is ``path``.

    Raises:
        SpecError: the file is unreadable, not JSON, or fails the registry schema (file and JSON path named).
        ValueError: ``server`` has no base URLs (not started).
    """
    if server is None:
        https_base, http_base = PLACEHOLDER_HTTPS_BASE, PLACEHOLDER_HTTP_BASE
    else:
        https_base, http_base = getattr(server, "https_base", ""), getattr(server, "http_base", "")
        if not https_base or not http_base:
            raise ValueError("load_registry: the demo server has no base URLs (call start() first)")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        from ..errors import SpecError

        raise SpecError(str(path), "$", f"cannot read the demo registry ({e.strerror or e})") from None
    return registry_mod.load(path, text=text.replace("{https}", https_base).replace("{http}", http_base))


def registry(server: DemoServer, path: str | Path = REGISTRY_FILE) -> registry_mod.Registry:
    """The demo registry with ``server``'s base URLs: :func:`load_registry` (kept for existing callers)."""
    return load_registry(server, path)
