"""Keep your answers anywhere: download the answer sheet, upload it again.

A Binder session, a lab computer or a phone may lose the files of a lesson.
:func:`answer_sheet` shows two controls at the top of every lesson:

* "Unduh lembar jawaban": a link that saves the sheet in one tap. It holds
  the current sheet (a ``data:`` address, so it works in Voilà, JupyterLab and
  Notebook 7 alike, with no file server) and is rewritten after every saved
  answer (:func:`lessons.views.exercise_widget.watch_saves`);
* "Unggah lembar jawaban": a FileUpload that reads a sheet from an earlier
  session and merges it into this one (:func:`merge`): an answer is taken
  only where this session has none or an older one, so nothing saved here
  is lost, and it keeps the time it was given; the attempt record (the
  larger count, the earlier first answer with its time) is never reset; a file that is too big, not JSON, not an answer sheet or of
  another lesson changes nothing and is explained in one sentence.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from html import escape

from lessons.engine.answer_sheet import FORMAT, MAX_SHEET_BYTES, AnswerSheet
from lessons.text import LEVEL_NAMES, join_list, t
from lessons.core.widget_view import WidgetView
from lessons.views.display import friendly
from lessons.views.style import PAGE_CSS

MAX_UPLOAD_BYTES = MAX_SHEET_BYTES


class SheetProblem(Exception):
    """An uploaded file that cannot be used; ``str()`` is Indonesian."""


@dataclass
class MergeReport:
    taken: list[str] = field(default_factory=list)  # exercise ids restored from the upload
    kept: list[str] = field(default_factory=list)  # ids where this session's answer is newer


def read_upload(content: bytes, name: str, lesson: str) -> dict:
    """The answers of an uploaded sheet ({exercise id: entry}); SheetProblem otherwise."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise SheetProblem(t("sheet_upload_too_big", file=name, size=len(content) // 1000,
                             limit=MAX_UPLOAD_BYTES // 1000))
    try:
        doc = json.loads(bytes(content).decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise SheetProblem(t("sheet_upload_not_json", file=name)) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("answers"), dict):
        raise SheetProblem(t("sheet_upload_not_sheet", file=name, lesson=lesson))
    other = str(doc.get("lesson"))
    if other != lesson:
        raise SheetProblem(t("sheet_upload_other_lesson", file=name, other=other[:10], lesson=lesson))
    return {str(k): v for k, v in doc["answers"].items()
            if str(k).startswith(f"{lesson}-") and isinstance(v, dict) and "answer" in v}


def merge(sheet: AnswerSheet, uploaded: dict) -> MergeReport:
    """Merge the uploaded sheet into this one (:meth:`AnswerSheet.merge`): an
    answer is taken where this sheet has none or an older one, keeping the
    time it was given; the attempt record (how often "Periksa" was pressed,
    the first answer and its time) is merged, never reset."""
    taken, kept, problem = sheet.merge(uploaded)
    if problem:
        raise SheetProblem(problem)
    return MergeReport(taken, kept)


def download_html(sheet: AnswerSheet) -> str:
    """A link that saves the sheet as it is now (or a sentence if it is empty)."""
    doc = sheet.read()
    if not doc["answers"]:
        return f'<span role="status">{escape(t("sheet_download_empty"))}</span>'
    data = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    href = "data:application/json;base64," + base64.b64encode(data).decode("ascii")
    label = t("sheet_download", file=sheet.path.name, n=len(doc["answers"]))
    detail = t("sheet_download_link", file=sheet.path.name, n=len(doc["answers"]))
    return (f'<a class="kssa-download" download="{escape(sheet.path.name)}" href="{href}" role="button" '
            f'style="display:inline-flex;flex-wrap:wrap;align-items:center;gap:0 6px;padding:4px 12px;border:1px solid #0072B2;'
            f'border-radius:4px;background:#0072B2;color:#fff;text-decoration:none;font-weight:600">'
            f'⬇ {escape(label)} <span style="font-weight:400">({escape(detail)})</span></a>')


class SheetTools:
    """The download button, its link, the upload control and their message."""

    def __init__(self, lesson: str, sheet: AnswerSheet | None = None):
        import ipywidgets as widgets

        self.lesson = lesson
        self.sheet = sheet or AnswerSheet(lesson)
        levels = join_list(LEVEL_NAMES.values())
        self.intro = widgets.HTML(
            f'{PAGE_CSS}<div><b>{escape(t("sheet_tools_title", lesson=lesson))}</b></div>'
            f'<div>{escape(t("sheet_tools_intro", file=self.sheet.path.name))}</div>'
            f'<div style="color:#555;font-size:90%;margin-top:4px">{escape(t("sheet_tools_levels", levels=levels))}</div>')
        # one tap saves the sheet: the link is always there and always current (no button that reveals it)
        self.link = widgets.HTML(value="")
        self.refresh_link()
        # the upload button's label comes from the page style (PAGE_CSS): ipywidgets would add a count "(0)"
        self.upload = widgets.FileUpload(accept=".json,application/json", multiple=False, description=t("sheet_upload"),
                                         tooltip=t("sheet_upload"), icon="", layout=widgets.Layout(width="auto"))
        self.message = widgets.HTML(value="")
        self.upload.observe(self._uploaded, names="value")
        from lessons.views.exercise_widget import watch_saves

        watch_saves(self)
        self.box = widgets.VBox(
            [self.intro, self.link, self.upload, self.message],
            layout=widgets.Layout(border="1px solid #ccc", padding="6px 10px", margin="8px 0", max_width="56em"))
        self.box.add_class("kssa-exercise")
        self.box.add_class("kssa-sheet-tools")

    def refresh_link(self) -> None:
        self.link.value = download_html(self.sheet)

    def _uploaded(self, change) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        name = str(item.get("name", "berkas"))[:80]
        self.message.value = self._message(self.receive(bytes(item.get("content", b"")), name))
        self.upload.unobserve(self._uploaded, names="value")
        try:
            self.upload.value = ()
        finally:
            self.upload.observe(self._uploaded, names="value")

    def receive(self, content: bytes, name: str) -> tuple[bool, str]:
        """Merge an uploaded file; (ok, Indonesian message)."""
        try:
            report = merge(self.sheet, read_upload(content, name, self.lesson))
        except SheetProblem as problem:
            return False, str(problem)
        from lessons.views.exercise_widget import live_widgets

        for widget in live_widgets(self.lesson):
            if widget.ex.id in report.taken:
                widget.reload()
        self.refresh_link()
        if not report.taken:
            return True, t("sheet_upload_none", file=name)
        text = t("sheet_upload_done", file=name, taken=len(report.taken))
        if report.kept:
            text += " " + t("sheet_upload_kept", kept=len(report.kept))
        return True, text

    @staticmethod
    def _message(outcome: tuple[bool, str]) -> str:
        ok, text = outcome
        colour = "#009E73" if ok else "#D55E00"
        return f'<div role="alert" style="border-left:5px solid {colour};padding:4px 10px">{escape(text)}</div>'


@friendly
def answer_sheet(lesson: str):
    """The answer sheet's download and upload controls for ``lesson`` ("01").

    Every lesson runs this cell first, so it also makes sure later kernels
    start with ``ks`` (see :mod:`lessons.core.kernel_start`) and that
    JupyterLab waits for the kernel before running cells
    (:mod:`lessons.core.lab_extension`)."""
    from lessons.core import kernel_start, lab_extension

    kernel_start.install()
    lab_extension.install()
    tools = SheetTools(str(lesson))
    return WidgetView(tools.box, t("sheet_summary", lesson=lesson))
