"""Reading a folder of submissions, never running or changing anything in it.

* :func:`discover` lists every entry of the folder without following a link:
  regular files, and, as entries with a ``kind``, symbolic links, special
  files (FIFOs, devices, sockets), unreadable entries and folders nested too
  deep. Depth and the number of entries are bounded.
* :func:`read_bytes` opens a regular file only (``O_NOFOLLOW | O_NONBLOCK``,
  then ``S_ISREG`` on the opened descriptor), read-only, at most
  :data:`MAX_BYTES`.
* :func:`expand_zips` reads a zip in the folder as a folder named like it
  (``Budi arsip.zip/notebooks/jawaban-00.json``), in memory, with the same
  bounds and the safety rules of Meja Guru's uploads.
* :func:`identify` says whom each entry belongs to (the identity rules,
  documented in README.md): a ``--pola`` regex, else class and student
  folders, else the student name in the file name; :class:`Roster` maps the
  names found to the teacher's list. One name rule (:func:`name_in_file`)
  serves every kind the grader reads: it strips ``.json``, ``.ipynb`` and
  ``.zip``, sheet and lesson names, copy marks and words that name the file
  rather than the student ("arsip", "kiriman", "revisi" …).
* :func:`csv_lines` / :func:`csv_records` read rosters and corrections as
  Excel writes them (BOM, ``;`` or ``,``, spaces, a leading apostrophe, an
  unquoted decimal comma); :func:`writable` makes text storable (lone
  surrogates become U+FFFD).
* :func:`read_sheet` and :func:`read_notebook` say what answers a file holds.
  JSON is parsed; a notebook's code cells are parsed with :func:`ast.parse`
  (bounded size, linear) and answers written as
  ``ks.exercise("NN-MM", answer=<literal>)`` are read with
  :func:`ast.literal_eval`. Every answer is bounded in size and depth.

Every function here returns a problem (Indonesian) instead of raising for
anything a student file contains.
"""

from __future__ import annotations

import ast
import csv
import errno
import io
import json
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lessons.core.formatting import number
from lessons.engine.answer_sheet import FORMAT as SHEET_FORMAT
from lessons.engine.id_migration import migrate_sheet
from lessons.text import t

MAX_BYTES = 2_000_000  # per file
MAX_DEPTH = 12  # folder levels below the submissions folder that are read
MAX_ENTRIES = 250_000  # entries looked at in one submissions folder (10,000 students × 7 lessons fit)
MAX_CELL_CHARS = 200_000  # a notebook code cell longer than this is not parsed
MAX_ANSWER_ITEMS = 2_000  # values (strings, numbers, list items, keys) in one answer
MAX_ANSWER_DEPTH = 8  # nesting of one answer (a matching answer is 1 deep)
MAX_ANSWER_CHARS = 50_000  # characters in all strings of one answer
MAX_ATTEMPTS = 1_000_000
ROSTER_MAX_BYTES = 5_000_000

SHEET_NAME = re.compile(r"jawaban[-_ ]?(\d\d)", re.I)
EXERCISE_ID = re.compile(r"\d\d-\d\d")
# the lesson part of a notebook's name when the course's own names are unknown: "01-pengertian-dan-…"
GENERIC_STEM = re.compile(r"(?<![^\W_])\d\d-[a-z]{4,}(?:-[a-z]+)*(?![^\W_])")
COPY_MARK = re.compile(r"\(\d+\)|\b(?:copy|salinan|kopi)\b", re.I)  # "(1)", "- Copy": a second download
SEPARATORS = re.compile(r"[\s_\-.()]+")
SUBMISSION_SUFFIXES = (".json", ".ipynb", ".zip")  # every kind the grader reads; the name rule strips each
# words that name the file, not the student ("Budi arsip.zip", "Ani - kiriman tugas.zip")
ARCHIVE_WORDS = re.compile(r"(?<![^\W_])(?:arsip|archive|backup|cadangan|kiriman|tugas|lembar|jawaban|notebooks?|"
                           r"salinan|unduhan|download|terbaru|revisi|perbaikan|final|versi)(?![^\W_])", re.I)
SURROGATES = re.compile(r"[\ud800-\udfff]")
MAX_ZIP_BYTES = 100_000_000  # one zip in a class folder
MAX_ZIP_MEMBERS = 2_000
MAX_ZIP_UNPACKED = 200_000_000
FOLDER_KINDS = ("deep", "folder_unreadable", "truncated")  # entries that stand for a folder


class SubmissionsError(Exception):
    """A roster or a pattern cannot be used; ``str()`` is Indonesian."""


# --------------------------------------------------------------------------
# names


def writable(text: str) -> tuple[str, bool]:
    """``text`` as it can be written to any UTF-8 file (lone surrogates, which
    no encoder accepts, become U+FFFD) and whether anything was replaced."""
    replaced = SURROGATES.sub("\ufffd", text)
    return replaced, replaced != text


def writable_value(value) -> tuple[object, bool]:
    """An answer (any JSON-like value) with every string made :func:`writable`;
    iterative, and a value without surrogates is returned as it is."""
    if isinstance(value, str):
        return writable(value)
    if not isinstance(value, (list, dict, tuple)):
        return value, False
    changed = False

    def fix(item):
        nonlocal changed
        if isinstance(item, str):
            new, hit = writable(item)
            changed = changed or hit
            return new
        if isinstance(item, (list, tuple)):
            return [fix(v) for v in item]
        if isinstance(item, dict):
            return {fix(k) if isinstance(k, str) else k: fix(v) for k, v in item.items()}
        return item

    try:
        fixed = fix(value)  # answers are at most MAX_ANSWER_DEPTH deep (answer_problem ran first)
    except RecursionError:
        return None, True
    return (fixed, True) if changed else (value, False)


def clean_text(text: str) -> str:
    """``text`` without control, format (bidi override) or surrogate characters
    (its Unicode normal form is kept: :func:`norm_key` folds it)."""
    if text.isascii() and text.isprintable():  # most names: nothing to remove
        return text
    text = text.encode("utf-8", "replace").decode("utf-8", "replace")  # lone surrogates become "?"
    return "".join(ch if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") else
                   (" " if ch in "\t\n\r\u2028\u2029" else "") for ch in text)


def display_name(path_part) -> str:
    """A file name (str or bytes) shown safely, even when it is not valid UTF-8
    or holds control characters."""
    raw = path_part if isinstance(path_part, bytes) else os.fsencode(path_part)
    return clean_text(raw.decode("utf-8", errors="replace"))


def norm_key(text: str) -> str:
    """The identity of a name: Unicode-normalised (NFKC), case- and space-folded,
    without the apostrophe Excel (and our own CSV files) put before a cell
    that could read as a formula ("'@nama", "' Ani")."""
    text = unicodedata.normalize("NFKC", clean_text(str(text))).casefold()
    text = SEPARATORS.sub(" ", text).strip()
    return re.sub(r"^'+\s*", "", text)


def name_in_file(file_name: str, stems=()) -> str:
    """The student's name written in a file name, or "" when it holds none
    ("jawaban-01.json", "01-pengertian-dan-ruang-lingkup.ipynb")."""
    stem = file_name
    for suffix in SUBMISSION_SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    stem = SHEET_NAME.sub(" ", stem)
    folded = stem.casefold()
    for lesson_stem in sorted(stems, key=len, reverse=True):  # the course's own notebook names
        at = folded.find(lesson_stem.casefold())
        if at >= 0:
            stem, folded = stem[:at] + " " + stem[at + len(lesson_stem):], folded[:at] + " " + folded[at + len(lesson_stem):]
    if not stems:
        stem = GENERIC_STEM.sub(" ", stem)
    stem = COPY_MARK.sub(" ", stem)
    stem = ARCHIVE_WORDS.sub(" ", stem)
    return re.sub(r"^[\s\-.()]+|[\s\-.()]+$", "", re.sub(r"[\s_]+", " ", stem))


def is_submission_file(file_name: str) -> bool:
    """A sheet ("…jawaban-NN….json"), a lesson notebook ("…NN-….ipynb") or a zip."""
    lower = file_name.lower()
    return (lower.endswith(".json") and bool(SHEET_NAME.search(file_name))) or (
        lower.endswith(".ipynb") and bool(re.search(r"\d\d-", file_name))) or lower.endswith(".zip")


def folder_owner(part: str, stems=()) -> str:
    """The student a folder stands for: its name, or for a zip (read as a
    folder) the name the name rule finds in its file name ("Budi arsip.zip" → "Budi")."""
    if part.lower().endswith(".zip"):
        return name_in_file(part, stems) or part
    return part


def student_key(submissions: Path, path: Path) -> str:
    """Who one file belongs to, taken alone: its first folder under
    ``submissions``, or the name in its file name (:func:`identify` decides
    for a whole folder, class folders included)."""
    rel = Path(path).relative_to(submissions)
    if len(rel.parts) > 1:
        return folder_owner(display_name(rel.parts[0]).strip())
    return name_in_file(display_name(rel.name)) or display_name(rel.name)


def lesson_of(name: str, stems=()) -> str:
    """The lesson number in a file name ("" when it cannot be told: "12-IPA"
    in "Fitri 12-IPA.ipynb" is a class, not a lesson)."""
    name = display_name(name)
    match = SHEET_NAME.search(name)
    if match:
        return match.group(1)
    folded = name.casefold()
    for stem in sorted(stems, key=len, reverse=True):
        if stem.casefold() in folded:
            return stem[:2]
    match = GENERIC_STEM.search(name)
    return match.group(0)[:2] if match else ""


# --------------------------------------------------------------------------
# the folder


@dataclass
class Entry:
    """One entry of the submissions folder. ``kind`` is ``file`` (a regular
    file, to be read) or why it is not read: ``link``, ``special``,
    ``unreadable``, ``deep`` (a folder nested too deep), ``folder_unreadable``,
    ``truncated`` (the folder has more entries than are read)."""

    parts: tuple[str, ...]  # path below the submissions folder, as shown
    path: bytes  # the real path, whatever bytes its name holds
    kind: str
    size: int = 0
    mtime: float = 0.0
    data: bytes | None = None  # the bytes of a file read from a zip (``path`` is then the zip's)

    @property
    def shown(self) -> str:
        return "/".join(self.parts)

    @property
    def name(self) -> str:
        return self.parts[-1] if self.parts else ""

    def status(self) -> str:
        """Why the entry is not read (Indonesian), "" for a regular file."""
        if self.kind == "zip_problem":
            return (self.data or b"").decode("utf-8", "replace")
        return "" if self.kind == "file" else t(f"grade_entry_{self.kind}", depth=MAX_DEPTH, count=number(MAX_ENTRIES))


def discover(submissions: Path, max_depth: int = MAX_DEPTH, max_entries: int = MAX_ENTRIES) -> list[Entry]:
    """Every entry under ``submissions``, without following any link.

    Hidden entries (".…", such as ``.ipynb_checkpoints``) and ``__pycache__``
    are skipped. A folder deeper than ``max_depth`` is one ``deep`` entry; an
    unreadable one a ``folder_unreadable`` entry; after ``max_entries``
    entries the walk stops with a ``truncated`` entry.
    """
    found: list[Entry] = []
    stack: list[tuple[bytes, tuple[str, ...]]] = [(os.fsencode(submissions), ())]
    seen = 0
    while stack:
        folder, parts = stack.pop()
        try:
            with os.scandir(folder) as listing:
                items = sorted(listing, key=lambda item: item.name)
        except OSError:
            found.append(Entry(parts, folder, "folder_unreadable"))
            continue
        subfolders = []
        for item in items:
            name = item.name
            if name.startswith(b".") or name == b"__pycache__":
                continue
            seen += 1
            if seen > max_entries:
                found.append(Entry(parts or (".",), folder, "truncated"))
                return found
            shown = (*parts, display_name(name) or "?")
            try:
                info = item.stat(follow_symlinks=False)
            except OSError:
                found.append(Entry(shown, item.path, "unreadable"))
                continue
            mode = info.st_mode
            if stat.S_ISLNK(mode):
                found.append(Entry(shown, item.path, "link", mtime=info.st_mtime))
            elif stat.S_ISDIR(mode):
                if len(shown) > max_depth:
                    found.append(Entry(shown, item.path, "deep"))
                else:
                    subfolders.append((item.path, shown))
            elif stat.S_ISREG(mode):
                kind = "file" if os.access(item.path, os.R_OK, follow_symlinks=False) else "unreadable"
                found.append(Entry(shown, item.path, kind, info.st_size, info.st_mtime))
            else:
                found.append(Entry(shown, item.path, "special"))
        stack.extend(reversed(subfolders))
    return found


class ReadProblem(Exception):
    """A file cannot be read; ``str()`` is Indonesian."""


def _zip_members(entry: Entry) -> list[Entry]:
    """The answer files (.json, .ipynb) of a zip in the class folder, as
    entries of a folder named like the zip ("Budi arsip.zip/notebooks/jawaban-00.json"),
    read into memory: no absolute paths, no "..", no links, no encrypted
    entries, hidden and system files skipped; at most MAX_ZIP_MEMBERS entries,
    MAX_BYTES per file and MAX_ZIP_UNPACKED in all, counted on the bytes
    actually read. A zip that cannot be used is one entry with a reason."""
    import zipfile

    def problem(key: str) -> list[Entry]:
        return [Entry(entry.parts, entry.path, "zip_problem", entry.size, entry.mtime, data=t(key).encode("utf-8"))]

    if entry.size > MAX_ZIP_BYTES:
        return problem("grade_zip_too_big")
    try:
        raw = read_bytes(entry.path, MAX_ZIP_BYTES)
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except ReadProblem:
        return [Entry(entry.parts, entry.path, "unreadable", entry.size, entry.mtime)]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        return problem("grade_zip_broken")
    if len(members) > MAX_ZIP_MEMBERS:
        return problem("grade_zip_too_many")
    found, total = [], 0
    for info in members:
        name = info.filename.replace("\\", "/")
        parts = [p for p in name.split("/") if p not in ("", ".")]
        if info.is_dir() or not parts:
            continue
        shown = (*entry.parts, *(clean_text(p) or "?" for p in parts))
        if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in parts or len(shown) > MAX_DEPTH + 1:
            found.append(Entry(shown, entry.path, "zip_problem", data=t("grade_zip_unsafe_path").encode("utf-8")))
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            found.append(Entry(shown, entry.path, "link"))
            continue
        if any(p.startswith(".") or p in ("__MACOSX", "__pycache__") for p in parts):
            continue
        if not parts[-1].lower().endswith((".json", ".ipynb")):
            continue  # other files of a student's folder: grading reads only sheets and notebooks
        if info.flag_bits & 0x1:
            found.append(Entry(shown, entry.path, "zip_problem", data=t("grade_zip_encrypted").encode("utf-8")))
            continue
        try:
            with archive.open(info) as handle:
                content = handle.read(MAX_BYTES + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError, NotImplementedError):
            found.append(Entry(shown, entry.path, "zip_problem", data=t("grade_zip_broken").encode("utf-8")))
            continue
        total += len(content)
        if total > MAX_ZIP_UNPACKED:
            found.append(Entry(entry.parts, entry.path, "zip_problem", data=t("grade_zip_too_big").encode("utf-8")))
            break
        try:
            mtime = datetime(*info.date_time).timestamp()
        except (ValueError, OverflowError, OSError):
            mtime = entry.mtime
        found.append(Entry(shown, entry.path, "file", len(content), mtime, data=content))
    return found or problem("grade_zip_empty")


def expand_zips(entries: list[Entry]) -> list[Entry]:
    """``entries`` with every regular ``.zip`` file replaced by the answer files it holds."""
    out = []
    for entry in entries:
        if entry.kind == "file" and entry.data is None and entry.name.lower().endswith(".zip"):
            out += _zip_members(entry)
        else:
            out.append(entry)
    return out


def read_bytes(path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a *regular* file, read-only, never through a link, never
    blocking on a FIFO or device; raises :class:`ReadProblem`."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        if isinstance(err, PermissionError):
            raise ReadProblem(t("grade_entry_unreadable")) from None
        raise ReadProblem(t("grade_entry_link" if err.errno == errno.ELOOP else "grade_entry_unreadable")) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReadProblem(t("grade_entry_special"))
        if info.st_size > limit:
            raise ReadProblem(t("grade_too_large", size=number(info.st_size / 1e6, 1)))
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise ReadProblem(t("grade_too_large", size=number(total / 1e6, 1)))
        return b"".join(chunks)
    except OSError:
        raise ReadProblem(t("grade_entry_unreadable")) from None
    finally:
        os.close(fd)


# --------------------------------------------------------------------------
# who a file belongs to


@dataclass
class Owner:
    """Whom an entry belongs to: a name as found (``spelling``) and notes."""

    spelling: str
    notes: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return norm_key(self.spelling) or "?"


def compile_pattern(pattern: str | None):
    """The teacher's ``--pola``: a regex with a named group ``nama`` (and
    optionally ``kelas``), searched in each path below the submissions folder
    (folders separated by "/")."""
    if not pattern:
        return None
    try:
        compiled = re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        raise SubmissionsError(t("grade_pattern_invalid", pattern=pattern)) from None
    if "nama" not in compiled.groupindex:
        raise SubmissionsError(t("grade_pattern_no_name", pattern=pattern))
    return compiled


def identify(entries: list[Entry], pattern=None, stems=()) -> list[Owner]:
    """The owner of each entry (same order), by the identity rules:

    1. ``pattern`` (``--pola``) when it matches the entry's path: ``nama``,
       plus ``kelas`` when given ("Fitri (12-IPA)").
    2. Folders, from the top: a folder whose sheets and notebooks carry at
       least two different student names in their file names is a *class
       folder* (each file keeps its own name, its subfolders are judged the
       same way); any other folder is a *student folder*: everything under it,
       at any depth, is that student's. A student's name that occurs in two
       class folders is kept apart by the class ("Ani (8A)", "Ani (8B)").
    3. A file directly in the submissions folder or in a class folder: the
       name in its file name, else the file name itself.
    """
    named_under: dict[tuple[str, ...], set[str]] = {}
    for entry in entries:
        if entry.kind not in FOLDER_KINDS and is_submission_file(entry.name):
            name = norm_key(name_in_file(entry.name, stems))
            if name:
                for depth in range(1, len(entry.parts)):
                    named_under.setdefault(entry.parts[:depth], set()).add(name)
        for at, part in enumerate(entry.parts[:-1]):  # a file read from a zip: the zip's name counts as a file's
            if part.lower().endswith(".zip"):
                name = norm_key(name_in_file(part, stems))
                for depth in range(1, at + 1):
                    if name:
                        named_under.setdefault(entry.parts[:depth], set()).add(name)
    found: list[tuple[str, tuple[str, ...], list[str]]] = []  # (name, class folders, notes)
    for entry in entries:
        notes = []
        if pattern is not None:
            try:
                match = pattern.search(entry.shown)
            except (RecursionError, MemoryError):
                match = None
            if match and (match.group("nama") or "").strip():
                name = clean_text(match.group("nama")).strip()
                kelas = clean_text(match.groupdict().get("kelas") or "").strip()
                found.append((f"{name} ({kelas})" if kelas else name, (), notes))
                continue
            notes.append(t("grade_pattern_no_match"))
        parents = entry.parts if entry.kind in FOLDER_KINDS else entry.parts[:-1]
        classes: tuple[str, ...] = ()
        owner = None
        for depth in range(1, len(parents) + 1):
            prefix = parents[:depth]
            if len(named_under.get(prefix, ())) >= 2:
                classes = prefix
                continue
            owner = folder_owner(parents[depth - 1], stems)
            break
        if owner is None:
            if entry.kind not in FOLDER_KINDS:
                owner = name_in_file(entry.name, stems)
                if not owner:
                    owner = entry.name
                    notes.append(t("grade_name_unknown"))
            else:
                owner = entry.name or "?"
        found.append((owner.strip() or "?", classes, notes))
    contexts: dict[str, set[tuple[str, ...]]] = {}
    for name, classes, _notes in found:
        contexts.setdefault(norm_key(name), set()).add(classes)
    owners = []
    for name, classes, notes in found:
        if classes and len(contexts[norm_key(name)]) > 1:
            name = f"{name} ({' '.join(classes)})"
        owners.append(Owner(name, notes))
    return owners


@dataclass
class Roster:
    """The teacher's list of students: canonical key -> name, and every key a
    file may carry (the name, the ``berkas`` column) -> canonical key."""

    names: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.names)

    def find(self, spelling: str) -> str | None:
        return self.aliases.get(norm_key(spelling))


def csv_lines(text: str) -> list[list[str]]:
    """The rows of a CSV file as Excel and other programs write it: a BOM
    anywhere in the first cell, ``;``, ``,`` or TAB as the separator (the one
    that occurs most often outside quotes in the first non-empty line), cells
    stripped of surrounding spaces and of the apostrophe Excel keeps before a
    text cell ("'@nama")."""
    text = text.lstrip("\ufeff")
    first = next((line for line in text.splitlines() if line.strip()), "")
    outside = re.sub(r'"[^"]*"', "", first)
    counts = {sep: outside.count(sep) for sep in (";", ",", "\t")}
    delimiter = max(counts, key=lambda sep: (counts[sep], sep == ","))
    if not counts[delimiter]:
        delimiter = ","
    rows = []
    for line in csv.reader(text.splitlines(), delimiter=delimiter, skipinitialspace=True):
        rows.append([unquote_cell(cell) for cell in line])
    return rows


def unquote_cell(cell: str) -> str:
    """A cell without surrounding spaces, BOM, and the one leading apostrophe
    that marks a text cell in Excel (and in our own CSV files)."""
    cell = clean_text(cell).strip()
    return cell[1:].strip() if cell.startswith("'") else cell


def csv_records(text: str) -> list[dict]:
    """:func:`csv_lines` as dicts keyed by the casefolded header; a decimal
    comma written in a comma-separated file without quotes ("1,5" in
    ``Budi,00-08,1,5``) is put back together in the last column that needs it."""
    lines = [line for line in csv_lines(text) if any(c.strip() for c in line)]
    if not lines:
        return []
    header = [h.casefold() for h in lines[0]]
    out = []
    for line in lines[1:]:
        if len(line) > len(header):  # one comma too many: a decimal comma, most likely in a number column
            for at in range(len(line) - 1):
                if (len(line) > len(header) and re.fullmatch(r"\d+", line[at]) and re.fullmatch(r"\d+", line[at + 1])):
                    line = [*line[:at], f"{line[at]},{line[at + 1]}", *line[at + 2:]]
                    break
        out.append({h: (line[i] if i < len(line) else "") for i, h in enumerate(header) if h})
    return out


def parse_decimal(text: str) -> float | None:
    """A score as a teacher types it: "1,5", "1.5", " 2 "; None otherwise."""
    cleaned = str(text or "").strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
        return None
    return float(cleaned)


def _roster_rows(lines: list[list[str]]) -> list[dict]:
    """Rows of a roster as dicts keyed by the name and file columns.

    The name column is ``nama`` (or the first header holding "nama", e.g.
    "Nama siswa"); ``berkas`` is optional. A list of names alone, one per
    line, with or without a header, is a roster too.
    """
    lines = [[clean_text(c) for c in line] for line in lines if any(c.strip() for c in line)]
    if not lines:
        return []
    header = [c.strip().casefold() for c in lines[0]]
    name_col, file_col = t("roster_col_name"), t("roster_col_file")
    index = next((i for i, h in enumerate(header) if h == name_col), None)
    if index is None:
        index = next((i for i, h in enumerate(header) if name_col in h), None)
    if index is not None:
        files = next((i for i, h in enumerate(header) if h == file_col), None)
        return [{name_col: line[index] if index < len(line) else "",
                 file_col: line[files] if files is not None and files < len(line) else ""} for line in lines[1:]]
    if all(sum(1 for c in line if c.strip()) <= 1 for line in lines):  # one name per line, no header
        return [{name_col: next((c for c in line if c.strip()), ""), file_col: ""} for line in lines]
    return []


def read_roster(path: Path | None) -> Roster:
    """A roster from a CSV with column ``nama`` and optionally ``berkas``
    (the name used in the files; several may be separated by "|")."""
    roster = Roster()
    if path is None:
        return roster
    try:
        text = read_bytes(os.fsencode(path), ROSTER_MAX_BYTES).decode("utf-8-sig")
        rows = _roster_rows(csv_lines(text))
    except (ReadProblem, UnicodeDecodeError, csv.Error):
        raise SubmissionsError(t("grade_roster_unreadable", path=path, column=t("roster_col_name"))) from None
    for row in rows:
        row = {k: v.strip() for k, v in row.items()}
        name = row.get(t("roster_col_name"))
        if not name or not norm_key(name):
            continue
        key = norm_key(name)
        if key in roster.names:
            roster.notes.setdefault(key, []).append(t("grade_roster_duplicate"))
            continue
        roster.names[key] = name
        roster.aliases[key] = key
    for row in rows:  # file names second: a student's own name always wins over another's alias
        row = {k: v.strip() for k, v in row.items()}
        name, files = row.get(t("roster_col_name")), row.get(t("roster_col_file")) or ""
        if not name or not norm_key(name):
            continue
        for alias in files.split("|"):
            alias = norm_key(alias)
            if not alias:
                continue
            if roster.aliases.setdefault(alias, norm_key(name)) != norm_key(name):
                roster.notes.setdefault(norm_key(name), []).append(t("grade_roster_alias_taken", alias=alias))
    if not roster.names:
        raise SubmissionsError(t("grade_roster_no_name", path=path, column=t("roster_col_name")))
    return roster


# --------------------------------------------------------------------------
# reading one file (never executing it)


def answer_problem(value) -> str:
    """Why an answer is too big or too deep to be checked ("" when it is fine);
    iterative, so it never recurses however deep ``value`` is."""
    return answer_scan(value)[0]


def answer_scan(value) -> tuple[str, bool]:
    """(:func:`answer_problem`, whether a string in it holds a lone surrogate), in one walk."""
    if isinstance(value, str):  # most answers: one short string
        if len(value) > MAX_ANSWER_CHARS:
            return t("grade_answer_too_big"), False
        return "", not value.isascii() and bool(SURROGATES.search(value))
    flat = _flat_scan(value)  # the rest: mostly one flat list or dict of short strings
    if flat is not None:
        return "", flat
    odd = False
    stack, items, chars = [(value, 0)], 0, 0
    while stack:
        item, depth = stack.pop()
        items += 1
        if depth > MAX_ANSWER_DEPTH:
            return t("grade_answer_too_deep"), odd
        if items > MAX_ANSWER_ITEMS:
            return t("grade_answer_too_big"), odd
        if isinstance(item, str):
            chars += len(item)
            if chars > MAX_ANSWER_CHARS:
                return t("grade_answer_too_big"), odd
            odd = odd or bool(SURROGATES.search(item))
        elif isinstance(item, dict):
            stack.extend((k, depth + 1) for k in item)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend((v, depth + 1) for v in item)
        elif isinstance(item, complex) or (isinstance(item, int) and not isinstance(item, bool) and abs(item) > 10**30):
            return t("grade_answer_too_big"), odd
        elif not (item is None or isinstance(item, (bool, int, float, bytes))):
            return t("grade_answer_too_big"), odd
    return "", odd


def _flat_scan(value) -> bool | None:
    """Whether a flat answer (a scalar, or a list or dict of strings and plain
    numbers, well within the limits) holds a lone surrogate; None when it is
    not one (nested, too big, something else): :func:`answer_scan` then walks it."""
    kind = type(value)
    if value is None or kind is bool or kind is float or (kind is int and -10**30 <= value <= 10**30):
        return False
    if kind is list and len(value) < MAX_ANSWER_ITEMS:
        parts = value
    elif kind is dict and 2 * len(value) < MAX_ANSWER_ITEMS:
        parts = [*value, *value.values()]
    else:
        return None
    chars, odd = 0, False
    for item in parts:
        kind = type(item)
        if kind is str:
            chars += len(item)
            odd = odd or (not item.isascii() and bool(SURROGATES.search(item)))
        elif not (item is None or kind is bool or kind is float or (kind is int and -10**30 <= item <= 10**30)):
            return None
    return odd if chars <= MAX_ANSWER_CHARS else None


def _decode(raw: bytes):
    """JSON from bytes, or a problem key."""
    try:
        return json.loads(raw.decode("utf-8-sig")), ""
    except UnicodeDecodeError:
        return None, "not_utf8"
    except (ValueError, RecursionError, MemoryError, TypeError):
        return None, "not_json"


@dataclass
class SheetEntry:
    """One exercise of a sheet: the final answer, the first one (at the first
    "Periksa") and the number of "Periksa" presses (None: not recorded)."""

    answer: object
    first_answer: object
    attempts: int | None
    odd_text: bool = True  # may hold text no file can store (lone surrogates): made writable before use


def read_sheet_entries(raw: bytes) -> tuple[str | None, dict[str, SheetEntry], list[str], str]:
    """(lesson, entries, notes, problem) from the bytes of an answer sheet."""
    doc, problem = _decode(raw)
    if problem:
        return None, {}, [], t("grade_not_utf8" if problem == "not_utf8" else "grade_not_json")
    if not isinstance(doc, dict) or doc.get("format") != SHEET_FORMAT or not isinstance(doc.get("answers"), dict):
        return None, {}, [], t("grade_not_sheet")
    doc = migrate_sheet(doc)  # a sheet written under the old exercise ids (lessons.engine.id_migration)
    lesson = doc.get("lesson")
    lesson = str(lesson)[:20] if isinstance(lesson, (str, int)) and not isinstance(lesson, bool) else "?"
    entries, notes = {}, []
    for ex_id, entry in doc["answers"].items():
        if not isinstance(entry, dict) or "answer" not in entry:
            continue
        ex_id = ex_id if EXERCISE_ID.fullmatch(ex_id) else clean_text(str(ex_id))[:40]
        answer, first = entry["answer"], entry.get("first_answer", entry["answer"])
        why, odd = answer_scan(answer)
        why_first, odd_first = (why, odd) if first is answer else answer_scan(first)
        if why:
            notes.append(t("grade_answer_note", exercise=ex_id, note=why))
        if why_first and why_first != why:
            notes.append(t("grade_answer_note", exercise=ex_id, note=why_first))
        answer = None if why else answer
        first = None if why_first else first
        attempts = entry.get("attempts")
        if attempts is not None and not (isinstance(attempts, int) and not isinstance(attempts, bool)
                                         and 0 <= attempts <= MAX_ATTEMPTS):
            notes.append(t("grade_attempts_invalid", exercise=ex_id))
            attempts = None
        if "first_answer" not in entry and attempts is not None and attempts > 1:
            first = answer  # an older sheet: the first answer was not kept
        entries[ex_id] = SheetEntry(answer, first, attempts, odd or odd_first)
    return lesson, entries, notes, ""


def read_sheet(raw: bytes) -> tuple[str | None, dict, str]:
    """(lesson, answers, problem) from the bytes of an answer sheet (final answers)."""
    lesson, entries, _notes, problem = read_sheet_entries(raw)
    return lesson, {ex_id: e.answer for ex_id, e in entries.items()}, problem


def _answer_calls(tree: ast.AST):
    """``ks.exercise("NN-MM", answer=<node>)`` calls in source order."""
    calls = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "exercise"
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "ks"):
            continue
        if not node.args or not isinstance(node.args[0], ast.Constant) or not isinstance(node.args[0].value, str):
            continue
        ex_id = node.args[0].value.strip()
        if not EXERCISE_ID.fullmatch(ex_id):
            continue
        answer = next((kw.value for kw in node.keywords if kw.arg == "answer"), None)
        if answer is None and len(node.args) > 1:
            answer = node.args[1]
        if answer is not None:
            calls.append((node.lineno, node.col_offset, ex_id, answer))
    return sorted(calls, key=lambda call: call[:2])


def _parse(source: str):
    """The syntax tree of a code cell, or of each of its lines that calls
    ``ks.exercise`` when the whole cell does not parse (IPython magics)."""
    try:
        return [ast.parse(source)]
    except (SyntaxError, ValueError, RecursionError, MemoryError, TypeError):
        pass
    trees = []
    for line in source.splitlines():
        if "exercise" in line:
            try:
                trees.append(ast.parse(line.strip()))
            except (SyntaxError, ValueError, RecursionError, MemoryError, TypeError):
                continue
    return trees


def read_notebook(raw: bytes) -> tuple[dict, list[str], str]:
    """(answers, notes, problem) from a notebook's bytes, without running it.

    Linear in the size of the notebook: each code cell (at most
    :data:`MAX_CELL_CHARS`) is parsed once and only literal answers are read.
    """
    doc, problem = _decode(raw)
    if problem == "not_utf8":
        return {}, [], t("grade_nb_not_utf8")
    cells = doc.get("cells") if isinstance(doc, dict) else None
    if problem or not isinstance(cells, list):
        return {}, [], t("grade_nb_broken")
    answers, seen, notes = {}, set(), []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(part for part in source if isinstance(part, str))
        if not isinstance(source, str) or "exercise" not in source:
            continue
        if len(source) > MAX_CELL_CHARS:
            notes.append(t("grade_nb_cell_too_long"))
            continue
        for tree in _parse(source):
            for _line, _col, ex_id, node in _answer_calls(tree):
                try:
                    value = ast.literal_eval(node)
                    why = answer_problem(value)
                except Exception:  # noqa: BLE001 - whatever the literal is, it is only an unreadable answer
                    value, why = None, t("grade_nb_unreadable_answer", exercise=ex_id)
                if why:
                    value = None
                    notes.append(why if ex_id in why else t("grade_answer_note", exercise=ex_id, note=why))
                if ex_id in seen:
                    notes.append(t("grade_nb_duplicate", exercise=ex_id))
                seen.add(ex_id)
                answers[ex_id] = value
    return answers, notes, ""
