"""Reading a folder of submissions, never running anything in it.

Which files there are (:func:`discover`), whom each belongs to
(:func:`student_key`, the roster), and what answers an answer sheet or a
notebook holds (:func:`read_sheet`, :func:`read_notebook`: JSON is parsed,
answers written as ``ks.exercise("NN-MM", answer=...)`` are read with
:func:`ast.literal_eval`). Files are opened read-only and never modified.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import re
from pathlib import Path

from lessons.engine.answer_sheet import FORMAT as SHEET_FORMAT
from lessons.text import t

MAX_BYTES = 2_000_000
SHEET_NAME = re.compile(r"jawaban[-_ ]?(\d\d)", re.I)
NOTEBOOK_NAME = re.compile(r"(\d\d)-[\w-]+", re.I)
ANSWER_CALL = re.compile(r'ks\.exercise\(\s*["\'](\d\d-\d\d)["\']\s*,\s*answer\s*=\s*(.*)\)\s*$', re.S)


class SubmissionsError(Exception):
    """A roster cannot be read; ``str()`` is Indonesian."""


def display_name(path_part: str) -> str:
    """A file name shown safely even when it is not valid UTF-8."""
    return os.fsencode(path_part).decode("utf-8", errors="replace")


def norm_key(text: str) -> str:
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



def discover(submissions: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(submissions):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            found.append(Path(dirpath) / name)
    return found


def read_roster(path: Path | None) -> dict[str, str]:
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
        raise SubmissionsError(t("grade_roster_unreadable", path=path, column=t("roster_col_name"))) from None
    roster = {}
    for row in rows:
        row = {str(k).strip().casefold(): (v or "").strip() for k, v in row.items() if k}
        name = row.get(t("roster_col_name"))
        if not name:
            continue
        roster[norm_key(row.get(t("roster_col_file")) or name)] = name
        roster.setdefault(norm_key(name), name)
    if not roster:
        raise SubmissionsError(t("grade_roster_no_name", path=path, column=t("roster_col_name")))
    return roster


def read_bytes(path: Path) -> bytes:
    with open(path, "rb") as handle:  # read-only; the file is never changed
        return handle.read(MAX_BYTES + 1)


def lesson_of(path: Path) -> str:
    name = display_name(path.name)
    match = SHEET_NAME.search(name) or NOTEBOOK_NAME.match(name)
    return match.group(1) if match else name
