"""Beyond one machine: the demo audited through a Playwright browser server (``--browser-ws-endpoint``) and
through a Chromium DevTools endpoint (``--cdp-endpoint``), both started locally here."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from harness.browser import CHROMIUM_FLAGS, BrowserOptions

pytestmark = pytest.mark.browser  # every test here runs a sweep in Chromium

HARNESS = [sys.executable, "-m", "harness.cli"]


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _wait(check, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError("server did not come up")


def _conforming_results(out: Path) -> dict:
    data = {json.loads(f.read_text(encoding="utf-8"))["department"]["name"]: json.loads(f.read_text(encoding="utf-8"))
            for f in (out / "results").glob("*.json")}
    return {k: v["summary"]["verdict"] for k, v in data.items()}


EXPECTED = {"演示：省便民服务中心": "pass", "演示：省公积金示范中心": "fail-veto"}
#: Two departments of the demo keep these runs short: the conforming app (HTTPS, several pages) and the white screen.
ONLY = ["--department", "演示：省便民服务中心", "--department", "演示：省公积金示范中心", "--set", "PF-01.throttling=false"]


def test_demo_through_playwright_browser_server(tmp_path):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "playwright", "run-server", "--host", "127.0.0.1", "--port", str(port), "--unsafe"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait(lambda: socket.create_connection(("127.0.0.1", port), timeout=1).close() or True)
        out = tmp_path / "run"
        r = subprocess.run(HARNESS + ["run", "--fail-on", "never", "--out", str(out), "--browser-ws-endpoint", f"ws://127.0.0.1:{port}/", *ONLY],
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
        assert _conforming_results(out) == EXPECTED
        run = json.loads((out / "run.json").read_text(encoding="utf-8"))
        assert run["config"]["ws_endpoint"] == f"ws://127.0.0.1:{port}/"
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the wrapper and the node server it starts
        server.wait(10)


def _devtools_port(stderr_file: Path, proc: subprocess.Popen, timeout: float = 60) -> int:
    """The port a Chromium started with ``--remote-debugging-port=0`` chose, read from the line it writes to stderr
    (``DevTools listening on ws://127.0.0.1:PORT/devtools/browser/…``). Raises AssertionError when it exits first or
    says nothing within ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        m = re.search(r"DevTools listening on ws://[^:/]+:(\d+)/", stderr_file.read_text(errors="replace"))
        if m:
            return int(m.group(1))
        assert proc.poll() is None, f"Chromium exited ({proc.returncode}): {stderr_file.read_text(errors='replace')[-2000:]}"
        time.sleep(0.1)
    raise AssertionError(f"Chromium did not say where DevTools listen: {stderr_file.read_text(errors='replace')[-2000:]}")


def test_demo_through_cdp_endpoint(tmp_path):
    """The demo through a Chromium started by hand with a DevTools port: the Chromium the set-up installs (the one
    a local run uses: ``$HARNESS_CHROMIUM``, else the headless shell), on a port it chooses itself."""
    executable = BrowserOptions().path()
    assert os.path.isfile(executable), f"{executable} is missing: scripts/setup.sh installs it"
    # The demo's certificate is made per run, so a remote Chromium cannot trust it in advance: this browser
    # ignores certificate errors, and the https demo pages still count as https.
    profile = tempfile.mkdtemp(prefix="cdp-profile-")
    stderr_file = tmp_path / "chromium-stderr.txt"
    with open(stderr_file, "wb") as err:
        chrome = subprocess.Popen([executable, "--headless", "--remote-debugging-port=0", f"--user-data-dir={profile}",
                                   "--ignore-certificate-errors", *CHROMIUM_FLAGS, "about:blank"],
                                  stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
    try:
        port = _devtools_port(stderr_file, chrome)
        _wait(lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=1).status == 200)
        out = tmp_path / "run"
        r = subprocess.run(HARNESS + ["run", "--fail-on", "never", "--out", str(out), "--cdp-endpoint", f"http://127.0.0.1:{port}", *ONLY],
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
        assert _conforming_results(out) == EXPECTED
        run = json.loads((out / "run.json").read_text(encoding="utf-8"))
        assert run["config"]["cdp_endpoint"] == f"http://127.0.0.1:{port}"
    finally:
        os.killpg(chrome.pid, signal.SIGTERM)
        chrome.wait(10)
        shutil.rmtree(profile, ignore_errors=True)
