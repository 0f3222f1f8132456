"""What a student's phone costs and waits for: bytes and open-to-usable time.

Shared by ``tests/test_phone_pages.py`` (the limits, asserted) and
``benchmarks/phone_open.py`` (the numbers for the README). The course is
started the way the README tells a student to (``python -m lessons mulai
--tanpa-peramban --port N`` inside a copy of the course), so what is measured
is what students get. Bytes are counted by Chromium itself (DevTools
protocol): ``encodedDataLength`` of every finished HTTP response (headers and
compressed body, what crosses the network) and the payload of every
websocket frame sent or received (binary frames decoded from the base64 that
DevTools shows them in).
"""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.processes import answers, stop_group

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
LAB = {"viewport": {"width": 1366, "height": 768}}

#: a lesson page is usable when every exercise and the sheet tools are drawn (as tests/test_student_browser.py)
USABLE = """(expected) => {
  const ex = document.querySelectorAll('.kssa-exercise:not(.kssa-sheet-tools)').length;
  const tools = document.querySelectorAll('.kssa-sheet-tools').length;
  return ex === expected && tools === 1;
}"""


class Course:
    """``python -m lessons mulai`` running in ``folder`` (a copy of the course)."""

    def __init__(self, folder: Path, port: int, extra_env: dict | None = None, timeout: float = 120):
        self.folder = folder
        self.port = port
        env = {k: v for k, v in os.environ.items() if k not in ("KSSA_ANSWER_DIR", "KSSA_DATA_DIR", "KSSA_COURSE_DIR")}
        env.update(extra_env or {})
        self.log_path = folder / "mulai.log"
        self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lessons", "mulai", "--tanpa-peramban", "--port", str(port)],
            cwd=folder, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.url = f"http://127.0.0.1:{port}"
        end = time.time() + timeout
        while time.time() < end:
            if self.process.poll() is not None:
                raise RuntimeError(f"python -m lessons mulai exited; see {self.log_path}")
            if answers(f"{self.url}/voila/tree"):
                return
            time.sleep(0.3)
        raise RuntimeError(f"the course did not answer within {timeout} s; see {self.log_path}")

    def lesson(self, name: str) -> str:
        return f"{self.url}/voila/render/{name}"

    def stop(self) -> None:
        stop_group(self.process, signal.SIGTERM, 20)
        self.log.close()


class Traffic:
    """Bytes a page moves, counted by Chromium (DevTools protocol)."""

    def __init__(self, context, page):
        self.http = 0
        self.requests = 0
        self.websocket = 0
        self.by_url: dict[str, int] = {}
        self._urls: dict[str, str] = {}
        cdp = context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.webSocketFrameSent", self._frame)
        cdp.send("Network.enable")
        self.cdp = cdp

    def _request(self, event) -> None:
        self._urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event) -> None:
        size = int(event.get("encodedDataLength", 0))
        self.http += size
        self.requests += 1
        url = self._urls.get(event["requestId"], "?").split("?")[0]
        self.by_url[url] = self.by_url.get(url, 0) + size

    def _frame(self, event) -> None:
        response = event["response"]
        data = response.get("payloadData", "")
        if response.get("opcode", 1) == 1:  # a text frame: the payload as it is
            self.websocket += len(data.encode("utf-8"))
        else:  # a binary frame (Jupyter's v1 kernel protocol, which Voilà uses): DevTools shows it base64-encoded
            self.websocket += len(base64.b64decode(data))

    def reset(self) -> None:
        self.http = self.requests = self.websocket = 0
        self.by_url = {}

    def biggest(self, n: int = 8) -> list[tuple[str, int]]:
        return sorted(self.by_url.items(), key=lambda kv: -kv[1])[:n]


def open_lesson(page, url: str, exercises: int, timeout: float = 120, reload_after: float | None = None,
                shot: Path | None = None) -> float:
    """Go to ``url`` (as a tapped link) and return the seconds until the lesson is usable.

    With ``reload_after``, a page still not usable after that many seconds is
    reloaded once, as a student would (the time counts from the first tap);
    ``shot`` keeps a screenshot of a page that was stuck."""
    start = time.time()
    page.goto(url, wait_until="commit", timeout=timeout * 1000)
    end = start + timeout
    reloaded = reload_after is None
    while time.time() < end:
        try:
            if page.evaluate(USABLE, exercises):
                return round(time.time() - start, 2)
        except Exception:  # noqa: BLE001 - the page is still navigating
            pass
        if not reloaded and time.time() - start > reload_after:
            if shot:
                page.screenshot(path=str(shot))
            page.reload(wait_until="commit", timeout=timeout * 1000)
            reloaded = True
        time.sleep(0.05)
    if shot:
        page.screenshot(path=str(shot))
    raise TimeoutError(f"{url} not usable after {timeout} s")


def settle(page, traffic: Traffic, quiet: float = 1.5, limit: float = 20) -> None:
    """Wait until the page has moved no byte for ``quiet`` seconds (late images, widget state)."""
    end = time.time() + limit
    last, since = (traffic.http, traffic.websocket), time.time()
    while time.time() < end:
        page.wait_for_timeout(250)
        now = (traffic.http, traffic.websocket)
        if now != last:
            last, since = now, time.time()
        elif time.time() - since >= quiet:
            return
