"""Grade a folder of submissions (``python -m lessons grade``).

A submission is a student's answer sheet(s) (``jawaban-NN.json``) and/or
notebook(s). Grading never runs student code: files are read as text,
parsed as JSON, and answers written in a notebook as
``ks.exercise("NN-MM", answer=...)`` are read with :func:`ast.literal_eval`.
Every answer is checked with the *teacher's* bank, so nothing a student
changes in a notebook or in the package can change a grade. Submissions are
opened read-only and never modified, moved or deleted.

Every entry of the folder, whatever it is or holds (a broken or hostile
file, a link, a FIFO, an unreadable file, folders nested thousands deep),
gives its student a row in the gradebook with a clear status in Indonesian,
and the run goes on: the work on each file and each answer is isolated, and
reading is bounded in size, depth and time (see ``lessons.teacher.submissions``).
Who a file belongs to follows the identity rules of
:func:`lessons.teacher.submissions.identify` and the roster.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from lessons.core.formatting import number, points
from lessons.engine.bank import load_bank
from lessons.engine.id_migration import ID_SCHEME, new_id
from lessons.engine.checking import check
from lessons.engine.model import Exercise, Result
from lessons.teacher.release import ASSIGNMENT_FORMAT, available_lessons, course_of
from lessons.teacher.submissions import (
    MAX_BYTES, ReadProblem, Roster, SheetEntry, SubmissionsError, clean_text, compile_pattern, csv_records, discover,
    expand_zips, identify, lesson_of, norm_key, parse_decimal, read_bytes, read_notebook, read_roster,
    read_sheet_entries, writable_value,
)
from lessons.text import t

COUNTS = ("terakhir", "pertama")  # which answer counts: the final one, or the one at the first "Periksa"
FILE_SECONDS = 10.0  # a file whose reading takes longer is not graded (reading is linear; this is a backstop)

class GradingError(Exception):
    """The grading run cannot start (e.g. no assignment); ``str()`` is Indonesian."""


@dataclass
class Assignment:
    title: str
    exercises: dict[str, float]  # id -> points, in order
    lessons: list[str]
    due: str | None = None
    #: read from a ``tugas.json`` written before the ids followed reading order
    old_ids: bool = False

    @classmethod
    def read(cls, path: Path | None, root=None) -> "Assignment":
        root = course_of(root)
        if path is None:  # the whole course
            exercises = {}
            lessons = available_lessons(root)
            for lesson in lessons:
                for ex in load_bank(lesson, root.bank_path(lesson)).values():
                    exercises[ex.id] = ex.points
            if not exercises:
                raise GradingError(t("teacher_no_banks", folder=root.root))
            return cls(t("grade_whole_course"), exercises, lessons)
        try:
            doc = json.loads(Path(path).read_text(encoding="utf-8"))
            if doc.get("format") != ASSIGNMENT_FORMAT:
                raise ValueError
            exercises = {str(e["id"]): float(e["points"]) for e in doc["exercises"]}
            old_ids = doc.get("id_scheme") != ID_SCHEME  # a release made before the ids followed reading order
            if old_ids:
                exercises = {new_id(ex_id[:2], ex_id): points for ex_id, points in exercises.items()}
            assignment = cls(str(doc.get("title", "")), exercises, [str(x) for x in doc["lessons"]], doc.get("due"),
                             old_ids)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            raise GradingError(t("grade_bad_assignment", path=path)) from None
        if not exercises:
            raise GradingError(t("grade_empty_assignment", path=path))
        return assignment


@dataclass
class StudentRecord:
    """One student's row.

    For every exercise there are two answers and two results: the *final*
    answer (``answers``/``results``) and the answer at the first "Periksa"
    (``first_answers``/``first_results``; the same as the final one for a
    notebook or an older sheet that did not record it). ``count`` says which
    one :meth:`score` gives; a teacher's correction overrides both.
    """

    key: str
    name: str
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    answers: dict = field(default_factory=dict)  # exercise id -> raw final answer
    results: dict = field(default_factory=dict)  # exercise id -> Result of the final answer
    overrides: dict = field(default_factory=dict)  # exercise id -> (score, note)
    first_answers: dict = field(default_factory=dict)  # exercise id -> raw answer at the first "Periksa"
    first_results: dict = field(default_factory=dict)  # exercise id -> Result of that answer
    attempt_counts: dict = field(default_factory=dict)  # exercise id -> "Periksa" presses (None: not recorded)
    count: str = "terakhir"  # "terakhir" | "pertama": which result score() gives

    def final_score(self, ex_id: str) -> float:
        """The score of the final answer (no correction)."""
        result = self.results.get(ex_id)
        return result.score if result else 0.0

    def first_score(self, ex_id: str) -> float:
        """The score of the answer at the first "Periksa" (no correction)."""
        result = self.first_results.get(ex_id) or self.results.get(ex_id)
        return result.score if result else 0.0

    def attempts(self, ex_id: str) -> int | None:
        """How many times "Periksa" was pressed; None when the sheet does not say."""
        return self.attempt_counts.get(ex_id)

    def counted_result(self, ex_id: str) -> Result | None:
        """The result that counts (first try or final, see ``count``)."""
        if self.count == "pertama":
            return self.first_results.get(ex_id) or self.results.get(ex_id)
        return self.results.get(ex_id)

    def score(self, ex_id: str) -> float:
        """The score that counts: the teacher's correction, else the first-try
        or final score as chosen by ``count``."""
        if ex_id in self.overrides:
            return self.overrides[ex_id][0]
        result = self.counted_result(ex_id)
        return result.score if result else 0.0

    def note(self, text: str) -> None:
        if text and text not in self.notes:
            self.notes.append(text)


# --------------------------------------------------------------------------
# the run


@dataclass
class GradeRun:
    assignment: Assignment
    students: list[StudentRecord]
    rejected_overrides: list[str]
    seconds: float
    files: int
    count: str = "terakhir"  # which answer counted
    problems: list[str] = field(default_factory=list)  # run-level notes (e.g. roster lines)


def _safe_check(ex: Exercise, answer) -> tuple[Result, bool]:
    """check(), and whether it failed (it never raises here)."""
    try:
        return check(ex, answer), False
    except Exception:  # noqa: BLE001 - one answer must never stop the class
        return Result(ex.id, "tidak_valid", 0.0, ex.points, t("result_invalid")), True


def _lesson_stems(root) -> set[str]:
    """The course's notebook names ("01-pengertian-dan-ruang-lingkup"), to tell
    them from a student's name in a file name."""
    try:
        return {p.stem for p in Path(root.notebooks).glob("[0-9][0-9]-*.ipynb")}
    except (OSError, AttributeError):
        return set()


def grade(submissions: Path, assignment: Assignment, roster_path: Path | None = None,
          overrides_path: Path | None = None, root=None, progress: bool = True,
          pattern: str | None = None, count: str = "terakhir", entries: list | None = None) -> GradeRun:
    """Read and score every entry of ``submissions``; never raises for anything
    the folder holds (only for the teacher's own inputs: assignment, roster,
    pattern, ``count``).

    ``pattern`` is ``--pola`` (a regex with a group ``nama``), ``count`` is
    ``--nilai``: "terakhir" (the final answer counts) or "pertama" (the answer
    at the first "Periksa" counts).
    """
    start = time.perf_counter()
    submissions = Path(submissions)
    root = course_of(root)
    if count not in COUNTS:
        raise GradingError(t("grade_bad_count", value=count, choices=", ".join(COUNTS)))
    if not submissions.is_dir():
        raise GradingError(t("grade_submissions_missing", folder=submissions))
    banks: dict[str, Exercise] = {}
    for lesson in assignment.lessons:
        banks.update(load_bank(lesson, root.bank_path(lesson)))
    try:
        roster = read_roster(roster_path)
        compiled = compile_pattern(pattern)
    except SubmissionsError as err:
        raise GradingError(str(err)) from None
    students: dict[str, StudentRecord] = {}
    for key, name in roster.names.items():
        students[key] = StudentRecord(key, name, count=count)
        for note in roster.notes.get(key, []):
            students[key].note(note)
    if entries is None:  # the class server gives the entries of its home folders (lessons/teacher/class_collect.py)
        entries = discover(submissions)
    entries = expand_zips(entries)
    if not entries and not roster:
        raise GradingError(t("grade_no_submissions", folder=submissions))
    stems = _lesson_stems(root)
    owners = identify(entries, compiled, stems)
    spellings: dict[str, list[str]] = {}
    read: list[FileAnswers] = []
    pairs = list(zip(entries, owners))
    if progress:
        from tqdm import tqdm

        pairs = tqdm(pairs, desc=t("grade_progress"), unit=t("grade_progress_unit"), file=sys.stderr)
    for entry, owner in pairs:
        key = roster.find(owner.spelling) or owner.key
        record = students.get(key)
        if record is None:
            record = students[key] = StudentRecord(key, unicodedata.normalize("NFC", owner.spelling), count=count)
        if key not in roster.names:
            spellings.setdefault(key, [])
            if owner.spelling not in spellings[key]:
                spellings[key].append(owner.spelling)
        if roster and key not in roster.names:
            record.note(t("grade_not_in_roster"))
        for note in owner.notes:
            record.note(note)
        record.files.append(entry.shown)
        if entry.data is None and not _utf8(entry.path):
            record.note(t("grade_name_replaced", file=entry.shown))
        if entry.kind != "file":
            record.note(t("grade_file_note", file=entry.shown, note=entry.status()))
            continue
        suffix = entry.name.lower().rsplit(".", 1)[-1] if "." in entry.name else ""
        kind = {"json": "sheet", "ipynb": "notebook"}.get(suffix)
        if kind is None:
            record.note(t("grade_file_note", file=entry.shown, note=t("grade_unknown_type")))
            continue
        if entry.size == 0:
            record.note(t("grade_file_note", file=entry.shown, note=t("grade_empty_file")))
            continue
        if entry.size > MAX_BYTES:
            record.note(t("grade_file_note", file=entry.shown, note=t("grade_too_large", size=number(entry.size / 1e6, 1))))
            continue
        try:
            found = _read_file(entry, kind, lesson_of(entry.name, stems), assignment)
        except Exception:  # noqa: BLE001 - one file must never stop the class
            record.note(t("grade_file_note", file=entry.shown, note=t("grade_file_failed")))
            continue
        for note in found.notes:
            record.note(t("grade_file_note", file=entry.shown, note=note))
        if found.answers:
            found.key = key
            read.append(found)
    # one file per student and lesson: the newest that holds answers wins, whatever its kind or name
    winners: dict[tuple[str, str], FileAnswers] = {}
    losers: dict[str, list[FileAnswers]] = {}
    for found in read:
        slot = (found.key, found.lesson)
        if slot in winners:
            older, newer = sorted([winners[slot], found], key=FileAnswers.order)
            winners[slot] = newer
            losers.setdefault(found.key, []).append(older)
        else:
            winners[slot] = found
    for (key, _lesson), found in sorted(winners.items(), key=lambda item: item[1].entry.shown):
        record = students[key]
        for ex_id, item in found.answers.items():
            if ex_id in assignment.exercises and ex_id not in record.answers:
                record.answers[ex_id] = item.answer
                record.first_answers[ex_id] = item.first_answer
                record.attempt_counts[ex_id] = item.attempts
        if found.replaced:
            record.note(t("grade_file_note", file=found.entry.shown, note=t("grade_text_replaced")))
    for key, older in losers.items():
        for lesson in sorted({f.lesson for f in older}):
            names = [f.entry.shown for f in older if f.lesson == lesson]
            students[key].note(t("grade_several_files_lesson", lesson=lesson, files=", ".join(names),
                                 used=winners[(key, lesson)].entry.shown))
    for key, names in spellings.items():
        if len(names) > 1:
            shown = list(dict.fromkeys(unicodedata.normalize("NFC", name) for name in names))
            students[key].note(t("grade_spellings_merged", count=len(names), names=", ".join(shown)))
            if len(shown) < len(names):
                students[key].note(t("grade_spellings_unicode"))
    checked: dict = {}  # (exercise, answer) -> (result, broken): a class gives the same answer many times
    def checked_once(ex_id: str, answer):
        try:
            kind = type(answer)
            memo = (ex_id, kind.__name__, answer if kind is str else repr(answer))
        except (RecursionError, ValueError):
            return _safe_check(banks[ex_id], answer)
        if memo not in checked:
            checked[memo] = _safe_check(banks[ex_id], answer)
        return checked[memo]

    for record in students.values():
        failed = []
        for ex_id in assignment.exercises:
            if ex_id not in banks:
                continue
            final = record.answers.get(ex_id)
            record.results[ex_id], broken = checked_once(ex_id, final)
            if ex_id in record.first_answers and record.first_answers[ex_id] is not final:
                record.first_results[ex_id], broken_first = checked_once(ex_id, record.first_answers[ex_id])
                broken = broken or broken_first
            else:
                record.first_results[ex_id] = record.results[ex_id]
            if broken:
                failed.append(ex_id)
        for ex_id in failed:
            record.note(t("grade_check_failed", exercise=ex_id))
        if not record.files:
            record.note(t("grade_absent"))
    rejected = apply_overrides(students, overrides_path, assignment, roster) if overrides_path else []
    ordered = sorted(students.values(), key=lambda r: (norm_key(r.name), r.name, r.key))
    return GradeRun(assignment, ordered, rejected, time.perf_counter() - start, len(entries), count)


@dataclass
class FileAnswers:
    """What one regular file holds for the assignment: its lesson, its
    answers (exercise id -> SheetEntry), notes, and whether text had to be
    made writable."""

    entry: object
    kind: str  # "sheet" | "notebook"
    lesson: str
    answers: dict
    notes: list
    replaced: bool = False
    key: str = ""

    def order(self):
        """Newest last: modification time, then a sheet over a notebook, then the name."""
        return (self.entry.mtime, self.kind == "sheet", self.entry.shown)


def _utf8(path) -> bool:
    try:
        (path if isinstance(path, bytes) else os.fsencode(path)).decode("utf-8")
        return True
    except (UnicodeError, TypeError):
        return False


def _read_file(entry, kind: str, lesson: str, assignment: Assignment) -> FileAnswers:
    """Read one regular file (on disk or from a zip) without running anything."""
    started = time.perf_counter()
    found = FileAnswers(entry, kind, lesson or "?", {}, [])
    try:
        raw = entry.data if entry.data is not None else read_bytes(entry.path)
    except ReadProblem as problem:
        found.notes.append(str(problem))
        return found
    entries: dict[str, SheetEntry]
    if kind == "sheet":
        sheet_lesson, entries, notes, problem = read_sheet_entries(raw)
        if problem:
            found.notes.append(problem)
            return found
        found.lesson = str(sheet_lesson)
        if sheet_lesson not in assignment.lessons:
            found.notes.append(t("grade_other_lesson", lesson=clean_text(str(sheet_lesson))))
            return found
    else:
        answers, notes, problem = read_notebook(raw)
        if problem:
            found.notes.append(problem)
            return found
        entries = {ex_id: SheetEntry(answer, answer, None) for ex_id, answer in answers.items()}
        notes = [*notes, t("grade_nb_read", count=len(answers))]
        if not lesson:  # the lesson its exercises belong to ("Fitri.ipynb")
            prefixes = [ex_id[:2] for ex_id in entries]
            found.lesson = max(sorted(set(prefixes)), key=prefixes.count) if prefixes else "?"
    if time.perf_counter() - started > FILE_SECONDS:
        found.notes.append(t("grade_file_slow"))
        return found
    found.notes += notes
    extra = [ex_id for ex_id in entries if ex_id not in assignment.exercises]
    if extra:
        found.notes.append(t("grade_extra_answers", count=len(extra)))
    for ex_id, item in entries.items():
        if ex_id not in assignment.exercises:
            continue
        if not item.odd_text:
            found.answers[ex_id] = item
            continue
        answer, hit = writable_value(item.answer)
        first, hit_first = (answer, False) if item.first_answer is item.answer else writable_value(item.first_answer)
        found.replaced = found.replaced or hit or hit_first
        found.answers[ex_id] = SheetEntry(answer, first, item.attempts, False)
    return found


def apply_overrides(students: dict[str, StudentRecord], path: Path, assignment: Assignment,
                    roster: Roster | None = None) -> list[str]:
    """Apply the teacher's score corrections; return the rows that were refused.

    A row names the student as the gradebook does, or as the roster does
    (``nama`` or ``berkas``): the correction lands on that student's one row.

    Rows that the gradebook's template or Meja Guru wrote carry the id scheme
    in a column of their own. A row without it, in the corrections of an
    assignment released before the ids followed reading order, was typed
    against the old ids and is renamed like the answers are.
    """
    rejected = []
    try:
        text = read_bytes(os.fsencode(path), 5_000_000).decode("utf-8-sig")
        rows = csv_records(text)
    except (ReadProblem, UnicodeDecodeError, csv.Error):
        return [t("override_unreadable", path=path)]
    for line, row in enumerate(rows, start=2):
        student, ex_id = row.get(t("override_col_student"), ""), row.get(t("override_col_exercise"), "")
        if assignment.old_ids and row.get(t("override_col_scheme"), "") != str(ID_SCHEME):
            ex_id = new_id(ex_id[:2], ex_id)
        raw = row.get(t("override_col_score"), "")
        if not raw:
            continue
        key = (roster.find(student) if roster else None) or norm_key(student)
        record = students.get(key)
        if record is None:
            rejected.append(t("override_unknown_student", row=line, student=student))
            continue
        if ex_id not in assignment.exercises:
            rejected.append(t("override_unknown_exercise", row=line, exercise=ex_id))
            continue
        score = parse_decimal(raw)
        if score is None:
            rejected.append(t("override_not_a_number", row=line, score=raw))
            continue
        if not 0 <= score <= assignment.exercises[ex_id]:  # NaN fails this too
            rejected.append(t("override_out_of_range", row=line, score=raw, maximum=points(assignment.exercises[ex_id])))
            continue
        record.overrides[ex_id] = (score, row.get(t("override_col_note"), ""))
    return rejected
