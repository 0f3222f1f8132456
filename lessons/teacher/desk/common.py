"""What every step of Meja Guru shares: the error every step may raise, the
problems shown as one Indonesian sentence, and the small widget pieces (a
coloured status note, a button handler that never shows a traceback, the
"what this step waits for" line that follows the other steps)."""

from __future__ import annotations

import html
from pathlib import Path

from lessons.core.errors import DataFileError
from lessons.engine.model import BankError
from lessons.text import t


class DeskError(Exception):
    """A step cannot be done; ``str()`` is Indonesian."""


PROBLEMS = (DeskError, BankError, DataFileError, OSError, ValueError)


def problems():
    """Every error a step turns into one Indonesian sentence."""
    from lessons.teacher.blueprint import BlueprintError
    from lessons.teacher.grading import GradingError
    from lessons.teacher.release import ReleaseError

    return (*PROBLEMS, ReleaseError, GradingError, BlueprintError)


def message(err: Exception) -> str:
    """The Indonesian sentence for ``err``."""
    if isinstance(err, OSError):
        return t("desk_os_error", file=getattr(err, "filename", "") or "")
    return str(err)


def note(kind: str, text: str) -> str:
    """A status line (``kind``: ok, warn or error) around HTML ``text``."""
    colour = {"ok": "#009E73", "warn": "#E69F00", "error": "#D55E00"}[kind]
    return f'<div role="status" style="border-left:4px solid {colour};padding:4px 8px;margin:4px 0">{text}</div>'


def assignment_label(path) -> str:
    """The name of an assignment (its release folder), or "the whole course"."""
    return Path(path).parent.name if path else t("desk_whole_course")


def waiting_line(desk, step: str):
    """The line at the top of a step that says what it waits for; it follows the other steps."""
    import ipywidgets as w

    line = w.HTML()
    line.add_class("kssa-desk-waiting")

    def update(*_a):
        try:
            text = desk.waiting(step)
        except problems():
            return
        line.value = (f'<div aria-live="polite" style="color:#333;background:#f3f6fa;border-radius:4px;'
                      f'padding:3px 8px;margin:2px 0">→ {html.escape(text)}</div>')

    update()
    for event in ("released", "stored", "graded"):
        desk.listeners[event].append(update)
    line.update = update
    return line


def guarded(status, action):
    """Run ``action``; a known problem becomes one Indonesian sentence in ``status``."""
    def handler(*_args):
        try:
            action()
        except problems() as err:
            status.value = note("error", html.escape(t("desk_failed", error=message(err))))
        except Exception as err:  # noqa: BLE001 - a teacher never sees a traceback
            status.value = note("error", html.escape(t("desk_unexpected", kind=type(err).__name__)))
    return handler


def uploaded_files(value) -> list[tuple[str, bytes]]:
    """(name, bytes) of a FileUpload's value (ipywidgets 8: a tuple of dicts; 7: a dict)."""
    if isinstance(value, dict):
        value = [{"name": k, **v} for k, v in value.items()]
    return [(str(item.get("name", "")), bytes(item.get("content", b""))) for item in value or ()]
