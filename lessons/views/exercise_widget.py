"""An exercise as a widget a student answers by clicking or typing.

``exercise("01-03")`` shows the question with its controls, a "Periksa"
button and a feedback line. Every change is written to the answer sheet at
once and read back when the cell runs again. ``exercise("01-03", answer="B")``
checks an answer in code instead (used by the teacher's answer-key notebooks).
"""

from __future__ import annotations

import datetime as _dt
import weakref
from html import escape

import ipywidgets as widgets

from lessons.engine import live_session
from lessons.engine.answer_sheet import AnswerSheet
from lessons.core.widget_view import WidgetView
from lessons.views.display import Notice, friendly
from lessons.engine.bank import find_exercise
from lessons.engine.checking import check
from lessons.engine.forms import form_of
from lessons.engine.model import Exercise, Result
from lessons.text import t
from lessons.views.style import PAGE_CSS

_MISSING = object()

#: the exercise widgets alive in this kernel, so an uploaded answer sheet shows at once
_LIVE: "weakref.WeakSet[ExerciseWidget]" = weakref.WeakSet()


def live_widgets(lesson: str) -> list["ExerciseWidget"]:
    """The exercise widgets of ``lesson`` shown in this kernel."""
    return [w for w in list(_LIVE) if w.ex.lesson == lesson]


#: objects with ``lesson`` and ``refresh_link()`` told after every saved answer (the sheet tools' download link)
_SAVE_WATCHERS: "weakref.WeakSet" = weakref.WeakSet()


def watch_saves(watcher) -> None:
    """Call ``watcher.refresh_link()`` whenever an answer of ``watcher.lesson`` is saved in this kernel."""
    _SAVE_WATCHERS.add(watcher)


def _saved(lesson: str) -> None:
    for watcher in list(_SAVE_WATCHERS):
        if watcher.lesson == lesson:
            watcher.refresh_link()


def _ipython():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return None
    return get_ipython()


def _on_kernel_thread(func, *args) -> None:
    """Run ``func(*args)`` on the kernel's own thread (its event loop), never beside a running cell;
    at once where there is no kernel (tests, plain Python)."""
    loop = getattr(getattr(_ipython(), "kernel", None), "io_loop", None)
    if loop is not None:
        loop.add_callback(func, *args)
    else:
        func(*args)


_WATCHING = []  # a thread that waits for the page to be opened (at most one per kernel)


def reload_when_opened(environ=None) -> bool:
    """In a preheated Voilà kernel, read every answer again when the page is opened.

    Voilà's preheated kernels (lessons/deploy/voila_settings.py) run a lesson
    before anyone asks for it, so the answers they show were read from the
    sheet at that moment; the student may have answered since, in another page.
    A daemon thread waits for the request (``voila.utils.wait_for_request``,
    which returns when the page is opened) and then puts the saved answers back
    into every exercise of this kernel. Saving stays per exercise (the sheet is
    read before each write), so answers of other exercises are never replaced.
    Returns whether a thread was started (only in a preheated kernel, once)."""
    import os
    import threading

    environ = os.environ if environ is None else environ
    if environ.get("VOILA_PREHEAT") != "True" or _WATCHING:
        return False

    def reload_all():
        for widget in list(_LIVE):
            widget.reload()
            # the request told this kernel which browser opened the page (HTTP_X_KSSA_BROWSER): only now
            # can a preheated kernel take part in the one-student check (lessons/engine/live_session.py)
            live_session.watch(widget.ex.lesson, widget._shared)
        for lesson in {w.ex.lesson for w in list(_LIVE)} | {w.lesson for w in list(_SAVE_WATCHERS)}:
            _saved(lesson)

    try:  # imported here, on the kernel's thread, never at the same time as a cell's imports
        from voila.utils import wait_for_request
    except Exception:  # noqa: BLE001 - no Voilà in this environment
        wait_for_request = None

    def wait_then_reload():
        try:
            if wait_for_request is not None:
                wait_for_request()
        except Exception:  # noqa: BLE001 - its socket closed: reload anyway, as late as we can
            pass
        _on_kernel_thread(reload_all)  # widgets change on the kernel's own thread

    thread = threading.Thread(target=wait_then_reload, name="kssa-reload-when-opened", daemon=True)
    _WATCHING.append(thread)
    thread.start()
    return True

STATUS_STYLE = {  # icon and words carry the meaning; the border colour only repeats it
    "benar": "#009E73",
    "sebagian": "#E69F00",
    "salah": "#D55E00",
    "kosong": "#999999",
    "tidak_valid": "#999999",
    "perlu_diperiksa": "#0072B2",
}


def feedback_html(result: Result) -> str:
    lines = result.message.split("\n")
    first, rest = lines[0], lines[1:]
    body = "".join(f"<div>{escape(line)}</div>" for line in rest)
    colour = STATUS_STYLE.get(result.status, "#999999")
    return (
        f'<div class="kssa-feedback kssa-{result.status}" role="status" aria-live="polite" '
        f'style="border-left:5px solid {colour};padding:4px 10px;margin-top:4px">'
        f"<div><b>{escape(first)}</b></div>{body}</div>"
    )


def testlet_html(ex: Exercise) -> str:
    """A testlet's stimulus, in full above its first exercise; a pointer to it above the others."""
    testlet = ex.testlet
    if ex.id != testlet.first:
        return (f'<div class="kssa-testlet-ref" style="color:#333;font-style:italic;margin:4px 0">'
                f'{escape(t("testlet_see_above", title=testlet.title, first=testlet.first))}</div>')
    return (f'<div class="kssa-testlet" role="region" aria-label="{escape(testlet.title, quote=True)}" '
            f'style="background:#eef2f7;border-left:5px solid #0072B2;padding:6px 10px;margin:4px 0">'
            f'<div style="font-weight:600">{escape(testlet.heading())}</div>'
            f'<div style="white-space:pre-line">{escape(testlet.stimulus.strip())}</div></div>')


def _question_html(ex: Exercise) -> str:
    parts = [f'{PAGE_CSS}<div class="kssa-question"><div style="color:#555;font-size:90%">{escape(ex.header())}</div>']
    if ex.testlet is not None:
        parts.append(testlet_html(ex))
    if ex.stimulus:
        parts.append(
            f'<div style="background:#f4f4f4;padding:6px 10px;margin:4px 0"><i>{escape(t("exercise_stimulus"))}</i>'
            f"<div>{escape(ex.stimulus.strip())}</div></div>"
        )
    parts.append(f'<div style="font-weight:600;margin:4px 0">{escape(ex.question.strip())}</div>')
    parts.append(form_of(ex).question_html(ex))
    parts.append("</div>")
    return "".join(parts)


class ExerciseWidget:
    """The controls of one exercise, wired to checking and the answer sheet."""

    def __init__(self, ex: Exercise, sheet: AnswerSheet | None = None):
        self.ex = ex
        self.sheet = sheet or AnswerSheet(ex.lesson)
        self.controls = form_of(ex).controls(ex)
        self.button = widgets.Button(description=t("check"), button_style="primary",
                                     tooltip=t("check"), layout=widgets.Layout(width="auto"))
        self.feedback = widgets.HTML(value="")
        self.status = widgets.HTML(value="")
        self.button.on_click(lambda _b: self.submit())
        self._restoring = False
        self._held: bool | None = None  # an answer not saved while another browser had the lesson open
        self._restore()
        for control in self.controls.observed:
            control.observe(self._changed, names="value")
        self.box = widgets.VBox(
            [widgets.HTML(_question_html(ex)), *self.controls.rows, widgets.HBox([self.button]), self.feedback, self.status],
            layout=widgets.Layout(border="1px solid #ccc", padding="6px 10px", margin="8px 0", max_width="56em"),
        )
        self.box.add_class("kssa-exercise")
        _LIVE.add(self)
        reload_when_opened()
        live_session.watch(ex.lesson, self._shared)  # a second browser on a one-student server (issue 19)

    # -- reading and writing the answer -------------------------------------

    def answer(self):
        """The learner's current answer, in the form :func:`check` reads."""
        return self.controls.get()

    def set_answer(self, value) -> bool:
        """Put a saved answer back into the controls; False if it does not fit."""
        try:
            self.controls.set(value)
        except Exception:  # a hand-edited sheet must never break the lesson
            return False
        return True

    def reload(self) -> None:
        """Show the answer now saved in the sheet (after an upload, or when a preheated page is opened)."""
        self.sheet.notice = ""
        self.feedback.value = ""
        self._restore()

    def _restore(self) -> None:
        self._restoring = True
        try:
            doc = self.sheet.read()
            entry = doc["answers"].get(self.ex.id)
            if isinstance(entry, dict) and self.set_answer(entry.get("answer")):
                self.status.value = f'<span style="color:#555;font-size:90%">{escape(t("answer_restored"))}</span>'
                if entry.get("checked"):
                    self.feedback.value = feedback_html(check(self.ex, self.answer()))
            if self.sheet.notice:
                self.status.value = f'<span role="alert">{escape(self.sheet.notice)}</span>'
        finally:
            self._restoring = False

    def _changed(self, _change) -> None:
        if self._restoring:
            return
        self._save(checked=False)

    def _save(self, checked: bool) -> None:
        """Save the current answer, unless another browser has this lesson open on a one-student
        server: then it is held, and saved as soon as that browser has gone (:meth:`_shared`)."""
        shared = live_session.conflict(self.ex.lesson)
        if shared:
            self._held = checked  # None: nothing held; else whether the held answer was checked (the last act counts)
        problem = shared or self.sheet.save(self.ex.id, self.answer(), checked=checked)
        if not shared:
            self._held = None
        self.status.value = f'<span role="alert">{escape(problem)}</span>' if problem else ""
        _saved(self.ex.lesson)

    def _shared(self, message: str) -> None:
        """Another browser opened (or left) this lesson on a one-student server. When it has left, an
        answer given meanwhile is saved now (on the kernel's own thread), so it is never lost."""
        self.status.value = f'<span role="alert" class="kssa-shared">{escape(message)}</span>' if message else ""
        if message or self._held is None:
            return
        _on_kernel_thread(self._save, self._held)

    def submit(self) -> Result:
        """What the "Periksa" button does: check, show, save."""
        result = check(self.ex, self.answer())
        shown = feedback_html(result)
        if self.feedback.value.startswith(shown):  # the same answer again: say so, so the click visibly did something
            note = t("check_repeat", time=_dt.datetime.now().strftime("%H.%M.%S"))
            shown += f'<div class="kssa-repeat" style="color:#555;font-size:90%">{escape(note)}</div>'
        self.feedback.value = shown
        self._save(checked=True)
        return result


@friendly
def exercise(exercise_id: str, answer=_MISSING):
    """Show exercise ``exercise_id`` as a widget, or check ``answer`` in code."""
    if answer is not _MISSING:
        return check(exercise_id, answer)
    ex = find_exercise(exercise_id)
    view = ExerciseWidget(ex)
    return WidgetView(view.box, ex.as_text())


def exercise_widget(exercise_id: str) -> ExerciseWidget | Notice:
    """The ExerciseWidget object itself (for tests and the instructor tools)."""
    try:
        return ExerciseWidget(find_exercise(exercise_id))
    except Exception as err:  # noqa: BLE001 - shown to the learner as a message
        return Notice(str(err))
