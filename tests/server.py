"""The tests' own local server: the demo server's static files (tests/fixtures) plus test behaviours.

Query parameters understood on any path: ``delay=MS`` (answer after MS ms), ``status=N`` (answer with status N
and a small HTML body). Base-URL tokens ``__HTTP_BASE__``/``__HTTPS_BASE__`` in HTML are replaced.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from harness.demo import DemoServer, _Handler

FIXTURES = Path(__file__).parent / "fixtures"


class TestHandler(_Handler):
    def send_head(self):
        q = parse_qs(urlsplit(self.path).query)
        if "delay" in q:
            time.sleep(int(q["delay"][0]) / 1000)
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
        return super().send_head()


def start(root: Path = FIXTURES) -> DemoServer:
    """Start a fixture server on 127.0.0.1 (HTTPS and HTTP, ephemeral ports)."""
    return DemoServer(root, handler=TestHandler).start()
