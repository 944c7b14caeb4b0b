"""Debian's headless Chromium driven from the tests: the command line (``--dump-dom``, ``--screenshot``) and the
DevTools protocol over ``--remote-debugging-pipe`` (no network port). Skips when Chromium is missing, unless
``RANDOM_INSPECTION_REQUIRE_BROWSER=1`` (CI), when it fails."""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")


def chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found is None:
        if os.environ.get("RANDOM_INSPECTION_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (RANDOM_INSPECTION_REQUIRE_BROWSER=1): "
                        "apt-get install chromium chromium-driver fonts-noto-cjk")
        pytest.skip("Chromium is not installed")
    return found


def run_chromium(*args: str) -> subprocess.CompletedProcess[bytes]:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, timeout=120, check=True)


class Pipe:
    """The DevTools protocol over ``--remote-debugging-pipe`` (fd 3 in, fd 4 out, NUL-terminated JSON)."""

    def __init__(self, *args: str) -> None:
        self._profile = tempfile.TemporaryDirectory()
        to_r, self._to = os.pipe()
        self._from, from_w = os.pipe()

        def fds() -> None:  # the browser reads commands on fd 3 and writes answers on fd 4
            a, b = fcntl.fcntl(to_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.process = subprocess.Popen(
            [chromium(), *FLAGS, f"--user-data-dir={self._profile.name}", "--remote-debugging-pipe", *args,
             "about:blank"], pass_fds=(3, 4, to_r, from_w), preexec_fn=fds,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_r)
        os.close(from_w)
        self._buffer = b""
        self._seen: list[dict[str, Any]] = []
        self._n = 0
        self.session: str | None = None

    def send(self, method: str, _timeout: float = 60, **params: Any) -> dict[str, Any]:
        self._n += 1
        message: dict[str, Any] = {"id": self._n, "method": method, "params": params}
        if self.session and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self.session
        os.write(self._to, json.dumps(message).encode() + b"\0")
        answer = self.wait(lambda m, n=self._n: m.get("id") == n, _timeout)
        assert "error" not in answer, answer
        result: dict[str, Any] = answer["result"]
        return result

    def wait(self, wanted: Any, timeout: float = 60) -> dict[str, Any]:
        """The first message, received before or after the call, that ``wanted`` accepts (an event may come
        in while the answer to a command is awaited: it is kept, not lost)."""
        for i, seen in enumerate(self._seen):
            if wanted(seen):
                return self._seen.pop(i)
        end = time.monotonic() + timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message: dict[str, Any] = json.loads(raw)
                if wanted(message):
                    return message
                self._seen.append(message)
            ready, _, _ = select.select([self._from], [], [], max(0.0, end - time.monotonic()))
            assert ready, "no answer from the browser"
            chunk = os.read(self._from, 1 << 20)
            assert chunk, "the browser closed the pipe"
            self._buffer += chunk

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.enable")
        self.send("Page.navigate", url=url)
        self.wait(lambda m: m.get("method") == "Page.loadEventFired")
        self.send("DOM.enable")
        self.send("CSS.enable")

    def fonts(self, selector: str) -> list[dict[str, Any]]:
        root = self.send("DOM.getDocument")["root"]["nodeId"]
        node = self.send("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
        assert node, selector
        fonts: list[dict[str, Any]] = self.send("CSS.getPlatformFontsForNode", nodeId=node)["fonts"]
        return fonts

    def evaluate(self, expression: str, *, await_promise: bool = False, timeout: float = 60) -> Any:
        """The value of ``expression`` in the page (awaited when it is a promise and ``await_promise``)."""
        answer = self.send("Runtime.evaluate", _timeout=timeout, expression=expression, returnByValue=True,
                           awaitPromise=await_promise)
        assert "exceptionDetails" not in answer, answer["exceptionDetails"]
        return answer["result"].get("value")

    def drain(self, method: str) -> list[dict[str, Any]]:
        """The events named ``method`` received so far (read without waiting), taken out of those kept."""
        while select.select([self._from], [], [], 0.2)[0]:
            chunk = os.read(self._from, 1 << 20)
            if not chunk:
                break
            self._buffer += chunk
        while b"\0" in self._buffer:
            raw, self._buffer = self._buffer.split(b"\0", 1)
            self._seen.append(json.loads(raw))
        found = [m for m in self._seen if m.get("method") == method]
        self._seen = [m for m in self._seen if m.get("method") != method]
        return found

    def close(self) -> None:
        try:
            os.write(self._to, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
            self.process.wait(timeout=20)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            os.close(self._to)
            os.close(self._from)
            self._profile.cleanup()
