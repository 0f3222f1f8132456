"""One student per answer sheet on a one-student server (plain Voilà).

``python -m lessons mulai`` serves one course folder, and every page writes
the answer sheets beside its notebooks. If a second browser opens a lesson
that another browser is still writing, both would write one sheet and the
answers of two students would merge without anyone seeing it. This module
notices that and stops it:

* every Voilà page's kernel knows its browser (``HTTP_X_KSSA_BROWSER``, set
  by :mod:`lessons.deploy.page_sessions`);
* a kernel that shows an exercise of lesson NN keeps a small *claim* file
  ``.sesi-NN/<browser>.json`` in the answer folder fresh (every
  :data:`HEARTBEAT` seconds, from a daemon thread) and removes it when the
  kernel ends. Each browser writes only its own file, so two kernels never
  race for one file;
* a claim of another browser that is fresh (younger than :data:`STALE`) means
  a second live session: :func:`conflict` returns one Indonesian sentence,
  both pages show it (the thread tells the page that was open first), and no
  answer is saved while both are open. A reload in the same browser is the
  same browser: no conflict.

Without a browser id (JupyterLab, Notebook 7, nbval, the class server, where
each student has a home folder of their own: ``KSSA_SERVER_KELAS``) nothing
is checked and nothing is written.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import threading
import time
from pathlib import Path

from lessons.core.paths import answer_dir
from lessons.text import t

BROWSER_ENV = "HTTP_X_KSSA_BROWSER"
CLASS_SERVER_ENV = "KSSA_SERVER_KELAS"
HEARTBEAT = 5.0  # seconds between two refreshes of this kernel's claims
STALE = 20.0  # a claim older than this belongs to a kernel that is gone
_ID = re.compile(r"[0-9a-f]{32}")

_lock = threading.Lock()
_claimed: set[str] = set()  # lessons this kernel claims
_listeners: dict[str, list] = {}  # lesson -> callbacks(message) (the page's widgets)
_shown: dict[str, str] = {}  # lesson -> the message last told to the listeners
_thread: threading.Thread | None = None


def browser() -> str:
    """This kernel's browser id, or "" when nothing is to be checked."""
    if os.environ.get(CLASS_SERVER_ENV):
        return ""
    value = os.environ.get(BROWSER_ENV, "")
    return value if _ID.fullmatch(value) else ""


def claim_dir(lesson: str) -> Path:
    return answer_dir() / f".sesi-{lesson}"


def _write_claim(lesson: str, me: str) -> None:
    folder = claim_dir(lesson)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{me}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"pid": os.getpid(), "seen": time.time()}), encoding="utf-8")
        os.replace(tmp, folder / f"{me}.json")
    except OSError:
        pass  # a read-only folder: the sheet itself will say so


def others(lesson: str, me: str | None = None, now: float | None = None) -> list[str]:
    """Browsers other than ``me`` with a fresh claim on ``lesson``."""
    me = browser() if me is None else me
    now = time.time() if now is None else now
    found = []
    try:
        entries = list(os.scandir(claim_dir(lesson)))
    except OSError:
        return []
    for entry in entries:
        name = entry.name[:-5] if entry.name.endswith(".json") else ""
        if not _ID.fullmatch(name) or name == me:
            continue
        try:
            if now - entry.stat(follow_symlinks=False).st_mtime < STALE:
                found.append(name)
        except OSError:
            continue
    return found


def conflict(lesson: str) -> str:
    """"" when this page may write the sheet of ``lesson``; else the sentence
    that says another browser has the lesson open too. Claims the lesson."""
    me = browser()
    if not me:
        return ""
    with _lock:
        if lesson not in _claimed:
            _claimed.add(lesson)
            _start()
    _write_claim(lesson, me)
    return t("live_session_shared") if others(lesson, me) else ""


def watch(lesson: str, callback) -> None:
    """Call ``callback(message)`` when the answer to :func:`conflict` changes
    while the page is open ("" when the other browser has gone)."""
    if not browser():
        return
    message = conflict(lesson)
    with _lock:
        _listeners.setdefault(lesson, []).append(callback)
        _shown[lesson] = message
    if message:
        callback(message)


def _beat() -> None:
    while True:
        time.sleep(HEARTBEAT)
        with _lock:
            lessons = list(_claimed)
        for lesson in lessons:
            message = conflict(lesson)
            if message != _shown.get(lesson, ""):
                _shown[lesson] = message
                for callback in list(_listeners.get(lesson, [])):
                    try:
                        callback(message)
                    except Exception:  # noqa: BLE001 - a closed widget must not stop the heartbeat
                        pass


def _start() -> None:
    global _thread
    if _thread is None:
        _thread = threading.Thread(target=_beat, name="kssa-live-session", daemon=True)
        _thread.start()
        atexit.register(release_all)


def release_all() -> None:
    """Remove this kernel's claims (at kernel exit)."""
    me = browser()
    for lesson in list(_claimed):
        try:
            (claim_dir(lesson) / f"{me}.json").unlink()
        except OSError:
            pass
