"""The class server's service ``kssa-siapkan``: start every roster student's
server before the lesson (``python -m lessons.deploy.hub.prestart``).

Run by the hub as a managed service (lessons/deploy/hub/jupyterhub_config.py)
with a token that may list users and start servers, and nothing else. It
starts the servers of ``akun.csv`` through the hub's REST API
(``POST /hub/api/users/<akun>/server``), :data:`PARALLEL` at a time, waits
until each is ready, and stops early when the machine's free memory falls
below one student's budget plus a reserve for the system (the others then
start at their login, as without this service). Each server preheats today's
lesson (``KSSA_PREHEAT``, lessons/deploy/preheat.py) as it starts. When all
are started it tells the hub that every started server was active now, and
it does so every :data:`KEEP_EVERY` seconds while others still start (the idle
culler's hour counts from the moment the whole class is ready, not from each
server's start: a slow machine or a large class never loses a server before
the lesson), then waits quietly until the hub stops (a managed service
that exits is started again by the hub). Nothing is printed to students.
"""

from __future__ import annotations

import datetime
import json
import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from lessons.deploy import hub as kelas_hub

SERVICE = "kssa-siapkan"
STUDENT_BUDGET_MB = 300  # a student's server with its lesson kernel (measured 157-233 MB PSS, lessons/deploy/README.md)
RESERVE_MB = 1024  # left for the system, the hub and the teacher
PARALLEL = max(1, min(4, os.cpu_count() or 1))  # servers starting at the same time
READY_TIMEOUT = 240.0  # seconds for one server
KEEP_EVERY = 30.0  # seconds between two "still waiting for the class" activity reports while servers start
PAUSE = 2.0  # seconds after a server is ready, so its lesson kernel gets the processor before the next start


def _api(method: str, path: str, token: str, base: str, body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(f"{base.rstrip('/')}/{path.lstrip('/')}", method=method,
                                     headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
                                     data=json.dumps(body).encode() if body is not None else
                                     (b"" if method == "POST" else None))
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:  # noqa: S310 - the hub on this machine
            body = reply.read()
            return reply.status, json.loads(body) if body else {}
    except urllib.error.HTTPError as err:
        return err.code, {}


def free_mb() -> float:
    try:
        import psutil

        return psutil.virtual_memory().available / 1e6
    except ImportError:  # psutil comes with the [kelas] extra; without it no budget is checked
        return float("inf")


def start_one(account: str, token: str, base: str, log) -> bool:
    status, _ = _api("POST", f"users/{account}/server", token, base)
    if status not in (201, 202, 400):  # 400: already running or pending
        log(f"{account}: {status}")
        return False
    end = time.time() + READY_TIMEOUT
    while time.time() < end:
        status, user = _api("GET", f"users/{account}", token, base)
        server = (user.get("servers") or {}).get("", {})
        if server.get("ready"):
            return True
        if status == 200 and not server:  # the start failed
            return False
        time.sleep(1.0)
    return False


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat().replace("+00:00", "Z")


def prestart(accounts: list[str], token: str, base: str, log=print, budget_mb: float = STUDENT_BUDGET_MB,
             reserve_mb: float = RESERVE_MB, parallel: int = PARALLEL, free=free_mb,
             keep_every: float = KEEP_EVERY) -> dict[str, str]:
    """Start the accounts' servers; account -> "siap" | "gagal" | "tanpa-memori" (not started: memory)."""
    result: dict[str, str] = {}
    queue = list(accounts)
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                if free() < budget_mb + reserve_mb:
                    for account in queue:
                        result[account] = "tanpa-memori"
                    queue.clear()
                    return
                account = queue.pop(0)
            result[account] = "siap" if start_one(account, token, base, log) else "gagal"
            time.sleep(PAUSE)

    def still_waiting(now: str) -> None:  # a server started first waits for the others, not for nothing
        for account, state in list(result.items()):
            if state == "siap":
                _api("POST", f"users/{account}/activity", token, base, {"servers": {"": {"last_activity": now}}})

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(max(1, parallel))]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):  # while servers start, the ready ones are not idle
        next(thread for thread in threads if thread.is_alive()).join(timeout=keep_every)
        if any(thread.is_alive() for thread in threads):
            still_waiting(_now())
    # the idle culler counts from now, when the whole class is ready
    still_waiting(_now())
    return result


def main() -> int:
    for sig in (signal.SIGINT, signal.SIGTERM):  # also when started with SIGINT ignored (a background job)
        signal.signal(sig, lambda *_: sys.exit(0))
    token = os.environ["JUPYTERHUB_API_TOKEN"]
    base = os.environ["JUPYTERHUB_API_URL"]
    kelas = Path(os.environ[kelas_hub.KELAS_ENV])
    accounts = sorted(kelas_hub.read_accounts(kelas))
    started = time.time()
    done = prestart(accounts, token, base, log=lambda line: print(f"[{SERVICE}] {line}", file=sys.stderr, flush=True))
    counts = {state: sum(1 for v in done.values() if v == state) for state in ("siap", "gagal", "tanpa-memori")}
    print(f"[{SERVICE}] {counts} in {time.time() - started:.0f} s", file=sys.stderr, flush=True)
    (kelas / "hub" / "siapkan.json").write_text(json.dumps({"seconds": round(time.time() - started, 1), **done}),
                                                encoding="utf-8")
    while True:  # until the hub stops this service (SIGINT, then SIGTERM)
        time.sleep(3600)


if __name__ == "__main__":
    sys.exit(main())
