"""Meja Guru: the teacher's whole loop as widgets (``guru/meja-guru.ipynb``,
also served by Voilà), so no step needs a terminal.

1. **Rilis** — choose lessons, the mode (when the release supports one), the
   deadline; download the student copy as a zip.
2. **Kumpulkan** — upload answer sheets, notebooks, or zips of whole student
   folders; they are stored untouched (a zip is kept as uploaded and its
   answer files are extracted safely: no path outside the folder, no links,
   size limits).
3. **Nilai** — grade with a progress bar; the results as a table.
4. **Periksa uraian** — one screen per essay question: each student's text,
   the rubric points it hit, the provisional score, inputs for the teacher's
   score and comment, saved to ``koreksi-nilai.csv`` (which the grader
   reads); essays refused as too short are listed too.
5. **Unduh** — gradebook, feedback pages as one zip, item analysis, kisi-kisi.

Every step says what it is waiting for, and the steps follow one another:
a new release is chosen in step 3, a grading run (also the one after "Simpan
koreksi") updates the table of step 3, the essays of step 4 and the links of
step 5. The last grading (its assignment and roster) is remembered in
``.meja-guru.json`` in the workspace, so reopening Meja Guru loads it again.
A later step (e.g. collecting from a class server) plugs in the same way: a
widget builder taking the desk, listening to ``Desk.listeners``.

One module per step: ``release_step``, ``collect_step`` (also collecting from
the class server), ``grade_step``, ``review_step``, ``download_step``; the
state they share is :class:`~lessons.teacher.desk.state.Desk` (``state``), the
widget pieces they share are in ``common``. This module is what the notebook
calls (one call per cell) and re-exports the names the steps offer.
The pure functions (storing uploads, safe extraction, essays, corrections,
zips and download links) are tested on their own; the widgets only wire them.
Widgets are built with ipywidgets directly (``lessons.teacher`` may not import
``lessons.views``); each step is shown with a text summary (what nbval compares).
"""

from __future__ import annotations

import html

from lessons.teacher.desk.collect_step import (MAX_MEMBERS, MAX_UNPACKED, MAX_ZIP, StoreReport, class_collect_widget,
                                               clean_name, collect_widget, collected, safe_extract, store_uploads)
from lessons.teacher.desk.common import DeskError, message, note, problems, uploaded_files
from lessons.teacher.desk.download_step import download_link, download_widget, folder_files, zip_bytes
from lessons.teacher.desk.grade_step import grade_widget, results_table
from lessons.teacher.desk.release_step import release_widget
from lessons.teacher.desk.review_step import Essay, essays, parse_score, read_corrections, review_widget, save_corrections
from lessons.teacher.desk.state import CORRECTIONS, DESK_ENV, STATE, Desk, workspace
from lessons.text import t

__all__ = ["CORRECTIONS", "DESK_ENV", "MAX_MEMBERS", "MAX_UNPACKED", "MAX_ZIP", "STATE", "Desk", "DeskError",
           "DeskNotice", "Essay", "StoreReport", "class_collect_widget", "clean_name", "collect", "collect_from_class",
           "collect_widget", "collected", "desk", "download", "download_link", "download_widget", "essays",
           "folder_files", "grade", "grade_widget", "parse_score", "read_corrections", "release", "release_widget",
           "results_table", "review", "review_widget", "safe_extract", "save_corrections", "store_uploads",
           "uploaded_files", "workspace", "zip_bytes"]

_DESKS: dict[str, Desk] = {}


def desk(folder=None) -> Desk:
    """The desk of ``folder`` (one per workspace and kernel); a new one loads
    the last grading again (:meth:`Desk.restore`)."""
    key = str(workspace(folder))
    if key not in _DESKS:
        made = _DESKS[key] = Desk(folder)
        made.restore()
    return _DESKS[key]


def _shown(builder, folder=None):
    try:
        return builder(desk(folder))
    except problems() as err:
        return DeskNotice(t("desk_failed", error=message(err)))


class DeskNotice:
    """An Indonesian sentence shown instead of a traceback."""

    def __init__(self, message: str):
        self.message = message

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.message, "text/html": note("error", html.escape(self.message))}


def release(folder=None):
    """Step 1: make a student copy and download it."""
    return _shown(release_widget, folder)


def collect(folder=None):
    """Step 2: upload and store what students handed in."""
    return _shown(collect_widget, folder)


def grade(folder=None):
    """Step 3: grade."""
    return _shown(grade_widget, folder)


def review(folder=None):
    """Step 4: read and score the essays."""
    return _shown(review_widget, folder)


def download(folder=None):
    """Step 5: download the gradebook, feedback pages, item analysis and kisi-kisi."""
    return _shown(download_widget, folder)



def collect_from_class(folder=None):
    """Step 2 on the class server: grade from the students' home folders, nothing uploaded."""
    return _shown(class_collect_widget, folder)

