"""Grade a folder of submissions (``python -m lessons grade``).

A submission is a student's answer sheet(s) (``jawaban-NN.json``) and/or
notebook(s). Grading never runs student code: files are read as text,
parsed as JSON, and answers written in a notebook as
``ks.exercise("NN-MM", answer=...)`` are read with :func:`ast.literal_eval`.
Every answer is checked with the *teacher's* bank, so nothing a student
changes in a notebook or in the package can change a grade. Submissions are
opened read-only and never modified, moved or deleted.

Every file that cannot be used still gives its student a row in the gradebook,
with a clear status in Indonesian, and the run goes on.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from lessons.core.formatting import number, points
from lessons.engine.bank import load_bank
from lessons.engine.checking import check
from lessons.engine.model import Exercise
from lessons.teacher.release import ASSIGNMENT_FORMAT, available_lessons, course_of
from lessons.teacher.submissions import (
    MAX_BYTES, SubmissionsError, discover, display_name, lesson_of, norm_key, read_bytes, read_notebook,
    read_roster, read_sheet, student_key,
)
from lessons.text import t

class GradingError(Exception):
    """The grading run cannot start (e.g. no assignment); ``str()`` is Indonesian."""


@dataclass
class Assignment:
    title: str
    exercises: dict[str, float]  # id -> points, in order
    lessons: list[str]
    due: str | None = None

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
            assignment = cls(str(doc.get("title", "")), exercises, [str(x) for x in doc["lessons"]], doc.get("due"))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            raise GradingError(t("grade_bad_assignment", path=path)) from None
        if not exercises:
            raise GradingError(t("grade_empty_assignment", path=path))
        return assignment


@dataclass
class StudentRecord:
    key: str
    name: str
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    answers: dict = field(default_factory=dict)  # exercise id -> raw answer
    results: dict = field(default_factory=dict)  # exercise id -> Result
    overrides: dict = field(default_factory=dict)  # exercise id -> (score, note)

    def score(self, ex_id: str) -> float:
        if ex_id in self.overrides:
            return self.overrides[ex_id][0]
        result = self.results.get(ex_id)
        return result.score if result else 0.0


# --------------------------------------------------------------------------
# the run


@dataclass
class GradeRun:
    assignment: Assignment
    students: list[StudentRecord]
    rejected_overrides: list[str]
    seconds: float
    files: int


def grade(submissions: Path, assignment: Assignment, roster_path: Path | None = None,
          overrides_path: Path | None = None, root=None, progress: bool = True) -> GradeRun:
    """Read and score every submission in ``submissions``."""
    start = time.perf_counter()
    submissions = Path(submissions)
    root = course_of(root)
    if not submissions.is_dir():
        raise GradingError(t("grade_submissions_missing", folder=submissions))
    banks: dict[str, Exercise] = {}
    for lesson in assignment.lessons:
        banks.update(load_bank(lesson, root.bank_path(lesson)))
    try:
        roster = read_roster(roster_path)
    except SubmissionsError as err:
        raise GradingError(str(err)) from None
    students: dict[str, StudentRecord] = {}
    for name in roster.values():
        students.setdefault(norm_key(name), StudentRecord(norm_key(name), name))
    files = discover(submissions)
    if not files and not roster:
        raise GradingError(t("grade_no_submissions", folder=submissions))
    # newest file per (student, lesson) wins
    chosen: dict[tuple[str, str], tuple[float, Path]] = {}
    skipped: dict[str, list[str]] = {}
    iterator = files
    if progress:
        from tqdm import tqdm

        iterator = tqdm(files, desc=t("grade_progress"), unit=t("grade_progress_unit"), file=sys.stderr)
    for path in iterator:
        key = norm_key(student_key(submissions, path))
        display = student_key(submissions, path)
        name = roster.get(key, display)
        record = students.setdefault(key, StudentRecord(key, name))
        if roster and key not in roster:
            note = t("grade_not_in_roster")
            if note not in record.notes:
                record.notes.append(note)
        shown = display_name(str(path.relative_to(submissions)))
        record.files.append(shown)
        kind = "sheet" if path.suffix.lower() == ".json" else "notebook" if path.suffix.lower() == ".ipynb" else "other"
        if kind == "other":
            record.notes.append(t("grade_file_note", file=shown, note=t("grade_unknown_type")))
            continue
        stat = path.stat()
        if stat.st_size == 0:
            record.notes.append(t("grade_file_note", file=shown, note=t("grade_empty_file")))
            continue
        if stat.st_size > MAX_BYTES:
            record.notes.append(t("grade_file_note", file=shown, note=t("grade_too_large", size=number(stat.st_size / 1e6))))
            continue
        lesson = lesson_of(path)
        slot = (key, f"{kind}:{lesson}")
        if slot in chosen:
            older, newer = sorted([chosen[slot], (stat.st_mtime, path)], key=lambda item: item[0])
            chosen[slot] = newer
            skipped.setdefault(key, []).append(display_name(str(older[1].relative_to(submissions))))
        else:
            chosen[slot] = (stat.st_mtime, path)
    for (key, slot), (_mtime, path) in sorted(chosen.items(), key=lambda item: str(item[1][1])):
        record = students[key]
        shown = display_name(str(path.relative_to(submissions)))
        raw = read_bytes(path)
        if slot.startswith("sheet:"):
            lesson, answers, problem = read_sheet(raw)
            if problem:
                record.notes.append(t("grade_file_note", file=shown, note=problem))
                continue
            if lesson not in assignment.lessons:
                record.notes.append(t("grade_file_note", file=shown, note=t("grade_other_lesson", lesson=lesson)))
                continue
        else:
            answers, notes, problem = read_notebook(raw)
            if problem:
                record.notes.append(t("grade_file_note", file=shown, note=problem))
                continue
            record.notes += [t("grade_file_note", file=shown, note=n) for n in notes]
            record.notes.append(t("grade_file_note", file=shown, note=t("grade_nb_read", count=len(answers))))
        extra = [ex_id for ex_id in answers if ex_id not in assignment.exercises]
        if extra:
            record.notes.append(t("grade_file_note", file=shown, note=t("grade_extra_answers", count=len(extra))))
        for ex_id, answer in answers.items():
            if ex_id in assignment.exercises and (ex_id not in record.answers or slot.startswith("sheet:")):
                record.answers[ex_id] = answer
    for key, older in skipped.items():
        students[key].notes.append(t("grade_several_files", files=", ".join(older)))
    for record in students.values():
        for ex_id in assignment.exercises:
            if ex_id in banks:
                record.results[ex_id] = check(banks[ex_id], record.answers.get(ex_id))
        if not record.files:
            record.notes.append(t("grade_absent"))
    rejected = apply_overrides(students, overrides_path, assignment) if overrides_path else []
    ordered = sorted(students.values(), key=lambda r: r.name.casefold())
    return GradeRun(assignment, ordered, rejected, time.perf_counter() - start, len(files))


def apply_overrides(students: dict[str, StudentRecord], path: Path, assignment: Assignment) -> list[str]:
    """Apply the teacher's score corrections; return the rows that were refused."""
    rejected = []
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
        dialect = csv.Sniffer().sniff(text[:2000], delimiters=",;\t") if text.strip() else csv.excel
        rows = list(csv.DictReader(text.splitlines(), dialect=dialect))
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError, csv.Error):
        return [t("override_unreadable", path=path)]
    for line, row in enumerate(rows, start=2):
        row = {str(k).strip().casefold(): (v or "").strip() for k, v in row.items() if k}
        student, ex_id = row.get(t("override_col_student"), ""), row.get(t("override_col_exercise"), "")
        raw = row.get(t("override_col_score"), "")
        if not raw:
            continue
        record = students.get(norm_key(student))
        if record is None:
            rejected.append(t("override_unknown_student", row=line, student=student))
            continue
        if ex_id not in assignment.exercises:
            rejected.append(t("override_unknown_exercise", row=line, exercise=ex_id))
            continue
        try:
            score = float(raw.replace(",", "."))
        except ValueError:
            rejected.append(t("override_not_a_number", row=line, score=raw))
            continue
        if not 0 <= score <= assignment.exercises[ex_id]:
            rejected.append(t("override_out_of_range", row=line, score=raw, maximum=points(assignment.exercises[ex_id])))
            continue
        record.overrides[ex_id] = (score, row.get(t("override_col_note"), ""))
    return rejected
