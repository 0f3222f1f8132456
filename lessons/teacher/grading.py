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

import ast
import csv
import datetime as _dt
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from lessons.core.formatting import number, points
from lessons.engine.answer_sheet import FORMAT as SHEET_FORMAT
from lessons.engine.bank import load_bank
from lessons.engine.checking import check
from lessons.engine.model import Exercise, Result
from lessons.teacher.pages import render
from lessons.teacher.release import ASSIGNMENT_FORMAT, available_lessons, course_of
from lessons.text import STRINGS as _TEXT_KEYS, t

MAX_BYTES = 2_000_000
SHEET_NAME = re.compile(r"jawaban[-_ ]?(\d\d)", re.I)
NOTEBOOK_NAME = re.compile(r"(\d\d)-[\w-]+", re.I)
ANSWER_CALL = re.compile(r'ks\.exercise\(\s*["\'](\d\d-\d\d)["\']\s*,\s*answer\s*=\s*(.*)\)\s*$', re.S)
# columns of the gradebook (Indonesian headers)
COL_NAME, COL_FILES, COL_STATUS = t("gb_col_name"), t("gb_col_files"), t("gb_col_status")
COL_TOTAL, COL_MAX, COL_PERCENT, COL_REVIEW = t("gb_col_total"), t("gb_col_max"), t("gb_col_percent"), t("gb_col_review")
ICONS = {"benar": "✔", "sebagian": "◐", "salah": "✘", "perlu_diperiksa": "✎"}


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


def display_name(path_part: str) -> str:
    """A file name shown safely even when it is not valid UTF-8."""
    return os.fsencode(path_part).decode("utf-8", errors="replace")


def _norm_key(text: str) -> str:
    return re.sub(r"[\s_\-.]+", " ", text).strip().casefold()


def student_key(submissions: Path, path: Path) -> str:
    """Who a file belongs to: its first folder under ``submissions``, or its
    name without the "jawaban-NN" / "NN-lesson" part."""
    rel = path.relative_to(submissions)
    if len(rel.parts) > 1:
        return display_name(rel.parts[0]).strip()
    stem = display_name(path.stem)
    stem = SHEET_NAME.sub(" ", stem)
    stem = re.sub(r"\(\d+\)|\b(copy|salinan|kopi)\b", " ", stem, flags=re.I)  # "(1)", "- Copy": a second download
    stem = re.sub(r"\d\d-[a-z-]+", " ", stem, flags=re.I)
    stem = re.sub(r"[\s_\-.()]+", " ", stem).strip()
    return stem or display_name(path.name)


# --------------------------------------------------------------------------
# reading one file (never executing it)


def read_sheet(raw: bytes) -> tuple[str | None, dict, str]:
    """(lesson, answers, problem) from the bytes of an answer sheet."""
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, {}, t("grade_not_utf8")
    except ValueError:
        return None, {}, t("grade_not_json")
    if not isinstance(doc, dict) or doc.get("format") != SHEET_FORMAT or not isinstance(doc.get("answers"), dict):
        return None, {}, t("grade_not_sheet")
    answers = {}
    for ex_id, entry in doc["answers"].items():
        if isinstance(entry, dict) and "answer" in entry:
            answers[str(ex_id)] = entry["answer"]
    return str(doc.get("lesson")), answers, ""


def read_notebook(raw: bytes) -> tuple[dict, list[str], str]:
    """(answers, notes, problem) from a notebook's bytes, without running it."""
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
        cells = doc["cells"]
        if not isinstance(cells, list):
            raise TypeError
    except UnicodeDecodeError:
        return {}, [], t("grade_nb_not_utf8")
    except (ValueError, KeyError, TypeError):
        return {}, [], t("grade_nb_broken")
    answers, seen, notes = {}, set(), []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        for line in source.splitlines():
            match = ANSWER_CALL.search(line.strip())
            if not match:
                continue
            ex_id, expr = match.group(1), match.group(2)
            try:
                value = ast.literal_eval(expr.strip()) if len(expr) < 10_000 else None
            except (ValueError, SyntaxError, RecursionError, MemoryError):
                value = None
                notes.append(t("grade_nb_unreadable_answer", exercise=ex_id))
            if ex_id in seen:
                notes.append(t("grade_nb_duplicate", exercise=ex_id))
            seen.add(ex_id)
            answers[ex_id] = value
    return answers, notes, ""


# --------------------------------------------------------------------------
# the run


@dataclass
class GradeRun:
    assignment: Assignment
    students: list[StudentRecord]
    rejected_overrides: list[str]
    seconds: float
    files: int


def _discover(submissions: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(submissions):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            found.append(Path(dirpath) / name)
    return found


def _roster(path: Path | None) -> dict[str, str]:
    """roster key (normalised) -> display name, from a CSV with columns
    ``nama`` and optionally ``berkas`` (the name used in the files)."""
    if path is None:
        return {}
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
        sample = text[:2000]
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
        rows = list(csv.DictReader(text.splitlines(), dialect=dialect))
    except (OSError, UnicodeDecodeError, csv.Error):
        raise GradingError(t("grade_roster_unreadable", path=path, column=t("roster_col_name"))) from None
    roster = {}
    for row in rows:
        row = {str(k).strip().casefold(): (v or "").strip() for k, v in row.items() if k}
        name = row.get(t("roster_col_name"))
        if not name:
            continue
        roster[_norm_key(row.get(t("roster_col_file")) or name)] = name
        roster.setdefault(_norm_key(name), name)
    if not roster:
        raise GradingError(t("grade_roster_no_name", path=path, column=t("roster_col_name")))
    return roster


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
    roster = _roster(roster_path)
    students: dict[str, StudentRecord] = {}
    for name in roster.values():
        students.setdefault(_norm_key(name), StudentRecord(_norm_key(name), name))
    files = _discover(submissions)
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
        key = _norm_key(student_key(submissions, path))
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
        lesson = _lesson_of(path)
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
        raw = _read_bytes(path)
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


def _read_bytes(path: Path) -> bytes:
    with open(path, "rb") as handle:  # read-only; the file is never changed
        return handle.read(MAX_BYTES + 1)


def _lesson_of(path: Path) -> str:
    name = display_name(path.name)
    match = SHEET_NAME.search(name) or NOTEBOOK_NAME.match(name)
    return match.group(1) if match else name


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
        record = students.get(_norm_key(student))
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


# --------------------------------------------------------------------------
# outputs


def _status(record: StudentRecord, assignment: Assignment) -> str:
    answered = sum(1 for ex_id in assignment.exercises if record.results.get(ex_id) and record.results[ex_id].status != "kosong")
    parts = [t("grade_answered", answered=answered, total=len(assignment.exercises))] if record.files else []
    parts += record.notes
    if record.overrides:
        parts.append(t("grade_overridden", count=len(record.overrides)))
    return "; ".join(parts)


def _safe_cell(text: str) -> str:
    """Keep spreadsheet programs from reading text as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def gradebook_rows(run: GradeRun) -> tuple[list[str], list[list]]:
    header = [COL_NAME, COL_FILES, COL_STATUS, *run.assignment.exercises, COL_TOTAL, COL_MAX, COL_PERCENT, COL_REVIEW]
    rows = []
    maximum = sum(run.assignment.exercises.values())
    for record in run.students:
        scores = [round(record.score(ex_id), 2) for ex_id in run.assignment.exercises]
        total = round(sum(scores), 2)
        review = sum(1 for ex_id, r in record.results.items()
                     if r.needs_review and r.status != "kosong" and ex_id not in record.overrides)
        rows.append([_safe_cell(record.name), _safe_cell(", ".join(record.files)), _safe_cell(_status(record, run.assignment)),
                     *scores, total, maximum, round(100 * total / maximum, 1) if maximum else 0.0, review])
    return header, rows


def write_gradebook(run: GradeRun, out: Path) -> dict[str, Path]:
    """nilai.csv (UTF-8 with BOM, comma, dot decimals) and nilai.xlsx."""
    out.mkdir(parents=True, exist_ok=True)
    header, rows = gradebook_rows(run)
    csv_path = out / "nilai.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(rows)
    xlsx_path = out / "nilai.xlsx"
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = t("gb_sheet_title")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "D2"
    book.properties.creator = t("teacher_course_title")
    book.save(xlsx_path)
    return {"csv": csv_path, "xlsx": xlsx_path}


def feedback_html(record: StudentRecord, run: GradeRun, banks: dict[str, Exercise]) -> str:
    """One student's feedback page: what was right, hints for the rest; never a key."""
    rows = []
    for ex_id, maximum in run.assignment.exercises.items():
        result: Result | None = record.results.get(ex_id)
        if result is None or ex_id not in banks:
            continue
        score = record.score(ex_id)
        if ex_id in record.overrides:
            note = record.overrides[ex_id][1]
            message = t("fb_teacher_score", score=points(score), points=points(maximum))
            if note:
                message += " " + t("fb_teacher_note", note=note)
        else:
            message = result.message  # wrong answers too: the engine's message names no key
        status = f"fb_status_{result.status}"
        rows.append({"id": ex_id, "icon": ICONS.get(result.status, "⚠"), "score": score, "points": maximum,
                     "status": t(status) if status in _TEXT_KEYS else result.status.replace("_", " "),
                     "lines": message.split("\n")})
    _header, table_rows = gradebook_rows(GradeRun(run.assignment, [record], [], 0, 0))
    total, maximum, share = table_rows[0][-4], table_rows[0][-3], table_rows[0][-2]
    return render("feedback.html", name=record.name, title=run.assignment.title, total=total, maximum=maximum,
                  share=share, status=_status(record, run.assignment), rows=rows)


def _file_name(name: str) -> str:
    safe = re.sub(r"[^\w\-]+", "_", name, flags=re.UNICODE).strip("_")
    return (safe or t("gb_default_student"))[:80]


def write_outputs(run: GradeRun, out: Path, root=None) -> dict[str, Path]:
    """Gradebook, feedback pages, correction template and a report."""
    root = course_of(root)
    paths = write_gradebook(run, Path(out))
    banks: dict[str, Exercise] = {}
    for lesson in run.assignment.lessons:
        banks.update(load_bank(lesson, root.bank_path(lesson)))
    folder = Path(out) / "umpan-balik"
    folder.mkdir(exist_ok=True)
    used = set()
    for record in run.students:
        name = _file_name(record.name)
        while name in used:
            name += "_"
        used.add(name)
        (folder / f"{name}.html").write_text(feedback_html(record, run, banks), encoding="utf-8")
    template = Path(out) / "koreksi-nilai-contoh.csv"
    with open(template, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([t("override_col_student"), t("override_col_exercise"), t("override_col_draft"),
                         t("override_col_score"), t("override_col_note")])
        for record in run.students:
            for ex_id, result in record.results.items():
                if result.needs_review and result.status != "kosong":
                    writer.writerow([_safe_cell(record.name), ex_id, result.score, "", ""])
    report = Path(out) / "laporan.txt"
    lines = [t("report_title", title=run.assignment.title),
             t("report_time", time=_dt.datetime.now().isoformat(timespec="seconds")),
             t("report_summary", files=run.files, students=len(run.students), seconds=number(run.seconds, 2)), ""]
    lines += [f"- {r.name}: {_status(r, run.assignment)}" for r in run.students]
    if run.rejected_overrides:
        lines += ["", t("report_rejected")] + [f"- {x}" for x in run.rejected_overrides]
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    paths.update({"feedback": folder, "template": template, "report": report})
    return paths
