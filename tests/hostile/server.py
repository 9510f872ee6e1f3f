"""A hostile corpus served on 127.0.0.1 by the tests' own small server: every way a page can misbehave.

Each path is one case (see CASES). The server is a ThreadingHTTPServer (daemon threads, so that cases that
never answer do not keep the process alive); an HTTPS server with a certificate no browser trusts serves the
TLS-error case.
"""

from __future__ import annotations

import http.server
import socket
import ssl
import threading
import time

PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head><body>{body}</body></html>"""

#: path -> description (for the closing table and test ids)
CASES = {
    "/ok": "a normal page",
    "/status/404": "HTTP 404",
    "/status/500": "HTTP 500 with a stack trace",
    "/never": "accepts the connection and never answers",
    "/never-loads": "a page whose image never finishes, so the load event never fires",
    "/redirect-loop": "302 to itself forever",
    "/alert-storm": "alert() in an endless loop",
    "/popup-spam": "window.open in a loop",
    "/huge-dom": "100 000 DOM nodes",
    "/huge-image": "a 30 MB image",
    "/gbk-header": "GBK-encoded page, charset in the Content-Type header",
    "/gbk-meta": "GBK-encoded page, charset in a meta tag",
    "/download": "Content-Disposition: attachment instead of a page",
    "/navigate-away": "navigates to another page every 200 ms",
    "/crash": "allocates memory until the renderer crashes",
    "/beforeunload": "a beforeunload trap",
    "/close-self": "calls window.close() after load",
    "/block-main": "blocks the main thread for 60 s",
    "/infinite-scroll": "appends content whenever scrolled",
    "/huge-text": "5 MB of inline text",
    "/meta-refresh-loop": "meta refresh to itself every second",
}


#: Pages of the isolation tests (tests/test_target_isolation.py), not part of the corpus every reliability run
#: audits: path -> description.
ISOLATION = {
    "/console-flood": "logs 100 000 console messages while it loads",
    "/block-forever": "blocks its main thread forever (an endless loop in an inline script)",
    "/hook-page": "an ordinary page that requests /hook/<name> (?name=…) once it has loaded: the test's hook runs then",
}


def _gbk_page() -> bytes:
    return ('<!DOCTYPE html><html lang="zh-CN"><head>{meta}<meta name="viewport" content="width=device-width">'
            "<title>国标编码页面</title></head><body><p>这是一个使用 GBK 编码的政务服务页面，办事指南与申请表。</p></body></html>")


class HostileHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, code: int, body: bytes, ctype: str = "text/html; charset=utf-8", headers: dict | None = None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    def page(self, title: str, body: str, code: int = 200, headers: dict | None = None):
        self._send(code, PAGE.format(title=title, body=body).encode("utf-8"), headers=headers)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):  # noqa: C901 - one branch per case
        path = self.path.split("?", 1)[0]
        if path in ("/", "/ok", "/other"):
            return self.page("正常页面", "<p>这是一个正常的页面，用于检查被测对象之间互不影响。</p><p><a href=\"/ok#feedback\">投诉建议</a></p>")
        if path.startswith("/status/") and path.rsplit("/", 1)[1].isdigit():
            code = int(path.rsplit("/", 1)[1])
            body = "<h1>Internal Server Error</h1><pre>java.lang.NullPointerException\n\tat com.example.Service.handle(Service.java:42)</pre>"
            return self.page(f"{code}", body if code >= 500 else "<h1>404 Not Found</h1>", code=code,
                             headers={"Server": "Apache/2.2.15 (CentOS)"})
        if path == "/never":
            time.sleep(3600)
            return
        if path == "/never-loads":
            return self.page("永不加载完成", '<p>图片一直在加载。</p><img src="/never" alt="不会结束">')
        if path == "/redirect-loop":
            return self._send(302, b"", headers={"Location": "/redirect-loop"})
        if path == "/alert-storm":
            return self.page("弹窗风暴", "<p>弹窗</p><script>for (;;) { alert('恭喜中奖'); }</script>")
        if path == "/popup-spam":
            return self.page("弹出窗口", "<p>不停弹出新窗口</p><script>setInterval(function () { for (var i = 0; i < 5; i++) window.open('/ok?' + Math.random()); }, 50);</script>")
        if path == "/huge-dom":
            rows = "".join(f"<div><span>第{i}项</span><a href='#i{i}'>办理</a></div>" for i in range(33400))
            return self.page("十万节点", rows)
        if path == "/huge-image":
            return self.page("大图片", '<p>一张 30 MB 的图片</p><img src="/huge-image.bin" alt="大图" style="max-width:100%">')
        if path == "/huge-image.bin":
            return self._send(200, b"\xff\xd8\xff\xe0" + b"\0" * (30 * 1024 * 1024), ctype="image/jpeg")
        if path == "/gbk-header":
            return self._send(200, _gbk_page().format(meta="").encode("gbk"), ctype="text/html; charset=gbk")
        if path == "/gbk-meta":
            return self._send(200, _gbk_page().format(meta='<meta charset="gbk">').encode("gbk"), ctype="text/html")
        if path == "/download":
            return self._send(200, b"PK\x03\x04 not a page", ctype="application/octet-stream",
                              headers={"Content-Disposition": 'attachment; filename="form.zip"'})
        if path == "/navigate-away":
            return self.page("跳转", "<p>马上跳转</p><script>setTimeout(function () { location.href = '/navigate-away?' + Date.now(); }, 200);</script>")
        if path == "/crash":
            return self.page("崩溃", "<p>内存耗尽</p><script>var a = []; for (;;) { a.push(new Array(1e7).fill(1.5)); }</script>")
        if path == "/beforeunload":
            return self.page("离开确认", "<p>离开时确认</p><script>addEventListener('beforeunload', function (e) { e.preventDefault(); e.returnValue = '确定离开？'; });</script>")
        if path == "/close-self":
            return self.page("自动关闭", "<p>页面关闭自己</p><script>addEventListener('load', function () { window.close(); });</script>")
        if path == "/block-main":
            return self.page("卡死", "<p>主线程被阻塞六十秒</p><script>var t = Date.now(); while (Date.now() - t < 60000) {}</script>")
        if path == "/infinite-scroll":
            return self.page("无限滚动", "<div id='feed'></div><script>function more(){for(var i=0;i<30;i++){var p=document.createElement('p');p.textContent='信息条目 '+Math.random();feed.appendChild(p);}}more();addEventListener('scroll',more);setInterval(more,100);</script>")
        if path == "/huge-text":
            return self.page("长文本", "<p>" + "政务服务事项办事指南。" * 500_000 + "</p>")
        if path == "/console-flood":
            return self.page("刷屏日志", "<p>控制台刷屏。</p><script>for (var i = 0; i < 100000; i++) console.log('调试信息 ' + i);</script>")
        if path == "/block-forever":
            return self.page("永久卡死", "<p>主线程永远被阻塞</p><script>for (;;) {}</script>")
        if path == "/hook-page":
            name = (self.path.split("name=", 1) + [""])[1].split("&", 1)[0]
            return self.page("正常页面", "<p>这是一个正常的页面，加载后请求一次测试钩子。</p><p><a href=\"/ok#feedback\">投诉建议</a></p>"
                             f"<script>addEventListener('load', function () {{ fetch('/hook/{name}'); }});</script>")
        if path.startswith("/hook/"):
            hook = self.server.take_hook(path[len("/hook/"):])
            if hook is not None:
                hook()
            return self._send(200, b"{}", ctype="application/json")
        if path == "/meta-refresh-loop":
            return self.page("自动刷新", "<p>每秒刷新</p>", headers={"Refresh": "1"})
        return self.page("未找到", "<p>未找到</p>", code=404)


class HostileServer:
    """The hostile corpus on 127.0.0.1: ``base`` (http), ``tls_base`` (https with an untrusted certificate),
    ``expired_base`` (https with a certificate that expired 30 days ago), ``dead_base`` (a port nobody listens on)."""

    def __init__(self):
        self.servers = []
        self.hooks: dict[str, list] = {}
        self._hooks_lock = threading.Lock()

    def arm(self, name: str, fn, times: int = 1) -> None:
        """Run ``fn()`` (in the server's thread, before answering) the next ``times`` times ``/hook/<name>`` is
        requested (``/hook-page?name=<name>`` requests it once loaded); later requests just get 200."""
        with self._hooks_lock:
            self.hooks[name] = [fn, times]

    def take_hook(self, name: str):
        """The hook armed for ``name`` if it has firings left (one is used), else None."""
        with self._hooks_lock:
            h = self.hooks.get(name)
            if not h or h[1] <= 0:
                return None
            h[1] -= 1
            return h[0]

    def start(self) -> "HostileServer":
        import trustme

        import datetime

        plain = http.server.ThreadingHTTPServer(("127.0.0.1", 0), HostileHandler)
        tls = http.server.ThreadingHTTPServer(("127.0.0.1", 0), HostileHandler)
        expired = http.server.ThreadingHTTPServer(("127.0.0.1", 0), HostileHandler)
        ca = trustme.CA()
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ca.issue_cert("127.0.0.1").configure_cert(ctx)
        tls.socket = ctx.wrap_socket(tls.socket, server_side=True)
        now = datetime.datetime.now(datetime.timezone.utc)
        ctx2 = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ca.issue_cert("127.0.0.1", not_before=now - datetime.timedelta(days=400),
                      not_after=now - datetime.timedelta(days=30)).configure_cert(ctx2)
        expired.socket = ctx2.wrap_socket(expired.socket, server_side=True)
        for s in (plain, tls, expired):
            s.daemon_threads = True
            s.take_hook = self.take_hook
            threading.Thread(target=s.serve_forever, daemon=True).start()
            self.servers.append(s)
        self.base = f"http://127.0.0.1:{plain.server_address[1]}"
        self.tls_base = f"https://127.0.0.1:{tls.server_address[1]}"
        self.expired_base = f"https://127.0.0.1:{expired.server_address[1]}"
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.dead_base = f"http://127.0.0.1:{probe.getsockname()[1]}"
        probe.close()
        return self

    def targets(self) -> dict[str, tuple[str, str]]:
        """Every case to audit: key → (URL, what it does): the paths of CASES plus ``tls``, ``expired`` and ``dead``."""
        out = {path: (self.base + path, desc) for path, desc in CASES.items()}
        out["tls"] = (self.tls_base + "/ok", "HTTPS with an untrusted certificate")
        out["expired"] = (self.expired_base + "/ok", "HTTPS with a certificate expired 30 days ago")
        out["dead"] = (self.dead_base + "/", "a port nobody listens on")
        return out

    def stop(self) -> None:
        for s in self.servers:
            s.shutdown()
            s.server_close()


if __name__ == "__main__":  # serve for manual exploration
    srv = HostileServer().start()
    print(srv.base, srv.tls_base)
    threading.Event().wait()
