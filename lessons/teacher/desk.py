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

The pure functions (storing uploads, safe extraction, essays, corrections,
zips and download links) are tested on their own; the widgets only wire them.
Widgets are built with ipywidgets directly (``lessons.teacher`` may not import
``lessons.views``); each step is shown with a text summary (what nbval compares).
"""

from __future__ import annotations

import base64
import csv
import datetime as _dt
import html
import inspect
import io
import json
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lessons.core.errors import DataFileError
from lessons.core.widget_view import WidgetView
from lessons.core.formatting import number, percent, points
from lessons.engine.id_migration import ID_SCHEME
from lessons.engine.model import BankError, is_empty, ngrams
from lessons.teacher.submissions import MAX_BYTES, name_in_file, student_key
from lessons.text import t

DESK_ENV = "KSSA_DESK_DIR"
KEPT = (".json", ".ipynb")  # what grading reads
UPLOAD_KINDS = (".json", ".ipynb", ".zip")
MAX_ZIP = 100_000_000  # bytes of one uploaded zip
MAX_MEMBERS = 2_000  # entries in one zip
MAX_UNPACKED = 200_000_000  # bytes extracted from one zip
CORRECTIONS = "koreksi-nilai.csv"
STATE = ".meja-guru.json"  # the last grading: assignment and roster, so reopening loads it again


class DeskError(Exception):
    """A step cannot be done; ``str()`` is Indonesian."""


# --------------------------------------------------------------------------
# the workspace


def workspace(folder=None) -> Path:
    """Where Meja Guru keeps its files: ``folder``, ``$KSSA_DESK_DIR``, or ``meja-guru/`` in the working folder."""
    return Path(folder or os.environ.get(DESK_ENV) or Path.cwd() / "meja-guru")


def _clean_name(name: str) -> str:
    """A file or folder name from an upload: no path, no control characters."""
    name = re.sub(r"[\x00-\x1f\x7f]", "", str(name)).replace("\\", "/").split("/")[-1].strip()
    name = re.sub(r'[<>:"|?*]', "_", name).strip(". ")
    return name[:120] or t("desk_unnamed")


def _free_path(folder: Path, name: str, data: bytes) -> Path | None:
    """``folder/name``, or "name (2).ext" … when a different file has that name;
    None when the same bytes are already stored."""
    stem, suffix = os.path.splitext(name)
    candidate, n = folder / name, 1
    while candidate.exists():
        if candidate.is_file() and candidate.read_bytes() == data:
            return None
        n += 1
        candidate = folder / f"{stem} ({n}){suffix}"
    return candidate


@dataclass
class StoreReport:
    stored: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one Indonesian sentence each

    def lines(self) -> list[str]:
        return [t("desk_stored", count=len(self.stored))] + self.skipped


def safe_extract(data: bytes, dest: Path, report: StoreReport, label: str, base: Path | None = None) -> None:
    """Extract the answer files (.json, .ipynb) of a zip into ``dest``: no
    absolute paths, no "..", no links, no encrypted entries; at most
    MAX_MEMBERS entries, MAX_BYTES per file and MAX_UNPACKED in all (checked
    on the bytes actually read, not on the sizes the zip claims)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        report.skipped.append(t("desk_zip_broken", file=label))
        return
    if len(members) > MAX_MEMBERS:
        report.skipped.append(t("desk_zip_too_many", file=label, limit=number(MAX_MEMBERS)))
        return
    total = 0
    for info in members:
        raw = info.filename.replace("\\", "/")
        parts = [p for p in raw.split("/") if p not in ("", ".")]
        if info.is_dir() or not parts:
            continue
        shown = "/".join(parts)[:200]
        if raw.startswith("/") or re.match(r"^[A-Za-z]:", raw) or ".." in parts:
            report.skipped.append(t("desk_zip_unsafe_path", file=label, member=shown))
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            report.skipped.append(t("desk_zip_link", file=label, member=shown))
            continue
        if any(p.startswith(".") or p == "__MACOSX" for p in parts) or not parts[-1].lower().endswith(KEPT):
            continue  # checkpoints, system files, other files: grading does not read them
        if info.flag_bits & 0x1:
            report.skipped.append(t("desk_zip_encrypted", file=label, member=shown))
            continue
        if info.file_size > MAX_BYTES:
            report.skipped.append(t("desk_zip_member_large", file=label, member=shown))
            continue
        try:
            with archive.open(info) as handle:
                content = handle.read(MAX_BYTES + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError, NotImplementedError):
            report.skipped.append(t("desk_zip_member_broken", file=label, member=shown))
            continue
        if len(content) > MAX_BYTES:
            report.skipped.append(t("desk_zip_member_large", file=label, member=shown))
            continue
        total += len(content)
        if total > MAX_UNPACKED:
            report.skipped.append(t("desk_zip_too_big", file=label))
            return
        target_dir = dest.joinpath(*[_clean_name(p) for p in parts[:-1]])
        target_dir.mkdir(parents=True, exist_ok=True)
        if dest.resolve() not in (target_dir.resolve(), *target_dir.resolve().parents):
            report.skipped.append(t("desk_zip_unsafe_path", file=label, member=shown))
            continue
        target = _free_path(target_dir, _clean_name(parts[-1]), content)
        if target is None:
            continue
        target.write_bytes(content)
        report.stored.append(str(PurePosixPath(*target.relative_to(base or dest.parent).parts)))


def store_uploads(files: list[tuple[str, bytes]], submissions: Path, originals: Path,
                  student: str = "") -> StoreReport:
    """Store uploaded files: answer sheets and notebooks as they are, a zip
    kept as it is in ``originals`` with its answer files extracted.

    With ``student`` (the name the teacher typed) everything goes into
    ``submissions/<student>/``, a student folder (so three students' sheets
    all named "jawaban-05.json" stay three students). Without it, a sheet or
    notebook goes into ``submissions`` only when its file name holds a name
    ("Ani - jawaban-05.json"), and a zip into ``submissions/<zip name>/``
    unless another zip of that name came first; anything else is refused
    with a sentence asking for the name (nothing is stored, nothing lost)."""
    report = StoreReport()
    student = _clean_name(student) if str(student or "").strip() else ""
    submissions.mkdir(parents=True, exist_ok=True)
    for name, data in files:
        name = _clean_name(name)
        suffix = os.path.splitext(name)[1].lower()
        if suffix not in UPLOAD_KINDS:
            report.skipped.append(t("desk_upload_kind", file=name))
            continue
        if suffix == ".zip":
            if len(data) > MAX_ZIP:
                report.skipped.append(t("desk_zip_too_big", file=name))
                continue
            owner = student or _clean_name(name_in_file(name) or os.path.splitext(name)[0])  # "Budi arsip.zip" → Budi
            if not student and (originals / name).is_file() and _free_path(originals, name, data) is not None:
                report.skipped.append(t("desk_zip_name_taken", file=name))  # a second "rilis-05.zip"
                continue
            originals.mkdir(parents=True, exist_ok=True)
            kept = _free_path(originals, f"{student} - {name}" if student else name, data)
            if kept is not None:
                kept.write_bytes(data)
            safe_extract(data, submissions / owner, report, name, submissions.parent)
            continue
        if len(data) > MAX_BYTES:
            report.skipped.append(t("desk_upload_large", file=name))
            continue
        if not student and not name_in_file(name):
            report.skipped.append(t("desk_upload_no_name", file=name))
            continue
        folder = submissions / student if student else submissions
        folder.mkdir(parents=True, exist_ok=True)
        target = _free_path(folder, name, data)
        if target is None:
            report.skipped.append(t("desk_upload_same", file=name))
            continue
        target.write_bytes(data)
        report.stored.append(str(PurePosixPath(*target.relative_to(submissions.parent).parts)))
    return report


def collected(submissions: Path) -> dict[str, int]:
    """How many answer files each student has in ``submissions`` so far (by
    the folder or file name that identifies them), for the teacher to see who
    is still missing."""
    counts: dict[str, int] = {}
    if not submissions.is_dir():
        return counts
    for dirpath, dirnames, filenames in os.walk(submissions):
        dirnames[:] = [d for d in dirnames if not Path(dirpath, d).is_symlink()]
        for file_name in filenames:
            path = Path(dirpath) / file_name
            if file_name.lower().endswith(KEPT) and not path.is_symlink():
                key = student_key(submissions, path)
                counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: item[0].casefold()))


def uploaded_files(value) -> list[tuple[str, bytes]]:
    """(name, bytes) of a FileUpload's value (ipywidgets 8: a tuple of dicts; 7: a dict)."""
    if isinstance(value, dict):
        value = [{"name": k, **v} for k, v in value.items()]
    return [(str(item.get("name", "")), bytes(item.get("content", b""))) for item in value or ()]


# --------------------------------------------------------------------------
# downloads


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip (in memory) of ``files`` (name in the zip -> bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
    return buffer.getvalue()


def folder_files(folder: Path, prefix: str = "") -> dict[str, bytes]:
    """Every regular file under ``folder`` (no links), by its path inside a zip."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and not Path(dirpath, d).is_symlink())
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_file() or name.endswith((".pyc", ".pyo")):
                continue
            out[str(PurePosixPath(prefix, *path.relative_to(folder).parts))] = path.read_bytes()
    return out


MIME = {".zip": "application/zip", ".csv": "text/csv", ".html": "text/html",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def download_link(data: bytes, filename: str, label: str) -> str:
    """An HTML link that downloads ``data`` as ``filename`` (a data URI: works in JupyterLab and Voilà, offline)."""
    mime = MIME.get(os.path.splitext(filename)[1].lower(), "application/octet-stream")
    encoded = base64.b64encode(data).decode("ascii")
    return (f'<a download="{html.escape(filename)}" href="data:{mime};base64,{encoded}" '
            f'style="display:inline-block;margin:3px 0;padding:4px 10px;border:1px solid #0072B2;border-radius:4px;'
            f'text-decoration:none">⬇ {html.escape(label)}</a> <small>({html.escape(filename)}, '
            f'{number(max(1, len(data) / 1024))} KB)</small>')


# --------------------------------------------------------------------------
# essays


@dataclass
class Essay:
    student: str
    exercise: str
    text: str
    met: list[str]
    provisional: float
    points: float
    too_short: bool
    teacher_score: float | None = None
    teacher_note: str = ""


def essays(run, banks: dict) -> dict[str, list[Essay]]:
    """Every essay answer of a run, by exercise: the student's text, the rubric
    criteria it hit, the provisional score; too-short essays included."""
    out: dict[str, list[Essay]] = {}
    for ex_id, maximum in run.assignment.exercises.items():
        ex = banks.get(ex_id)
        if ex is None or ex.kind.rubric(ex) is None:  # essays: the forms scored by a rubric
            continue
        found = []
        for record in run.students:
            answer = record.answers.get(ex_id)
            if is_empty(answer) or not isinstance(answer, (str, int, float)):
                continue
            text = str(answer)
            tokens = ngrams(text)
            met = [c["label"] for c in ex.criteria if "label" in c and any(tok in ex.keys[c["key"]] for tok in tokens)]
            result = record.results.get(ex_id)
            too_short = result is not None and result.status == "tidak_valid"
            override = record.overrides.get(ex_id)
            found.append(Essay(record.name, ex_id, text, met, 0.0 if too_short or result is None else result.score,
                               float(maximum), too_short, override[0] if override else None,
                               override[1] if override else ""))
        out[ex_id] = found
    return out


def parse_score(text: str, essay: Essay) -> float:
    """The teacher's score as typed ("1,5", "1.5", "2"); one Indonesian
    sentence naming the student when it is not a number from 0 to the points."""
    cleaned = str(text or "").strip().replace(" ", "")
    if re.fullmatch(r"\d+([.,]\d+)?", cleaned):
        value = float(cleaned.replace(",", "."))
        if value <= essay.points:
            return value
    raise DeskError(t("desk_score_invalid", value=str(text or "").strip()[:20], student=essay.student,
                      exercise=essay.exercise, points=points(essay.points)))


def read_corrections(path: Path) -> list[dict]:
    """The rows of a corrections file (siswa, soal, skor, catatan), or [] when there is none."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    if not text.strip():
        return []
    try:
        dialect = csv.Sniffer().sniff(text[:2000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [{str(k).strip().casefold(): (v or "").strip() for k, v in row.items() if k}
            for row in csv.DictReader(text.splitlines(), dialect=dialect)]


def save_corrections(path: Path, entries: list[tuple[str, str, float | None, str]]) -> int:
    """Write the teacher's scores into the corrections file the grader reads
    (``--koreksi``): each (student, exercise, score, note) replaces that
    pair's row; a score of None removes it; other rows are kept. Returns the
    number of rows with a score."""
    cols = [t("override_col_student"), t("override_col_exercise"), t("override_col_score"), t("override_col_note"),
            t("override_col_scheme")]
    scheme = str(ID_SCHEME)  # rows written here name the current ids (a hand-typed row may not: grading.apply_overrides)
    rows = {(r.get(cols[0], ""), r.get(cols[1], ""), r.get(cols[4], "")): r
            for r in read_corrections(path) if r.get(cols[0])}
    for student, ex_id, score, note in entries:
        if score is None:
            rows.pop((student, ex_id, scheme), None)
        else:
            rows[(student, ex_id, scheme)] = {cols[0]: student, cols[1]: ex_id, cols[2]: f"{score:g}",
                                              cols[3]: re.sub(r"[\x00-\x1f\x7f]+", " ", note or "").strip(),
                                              cols[4]: scheme}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(cols)
        for key in sorted(rows, key=lambda k: (k[1], k[0].casefold(), k[2])):
            writer.writerow([rows[key].get(c, "") for c in cols])
    return sum(1 for r in rows.values() if r.get(cols[2]))


# --------------------------------------------------------------------------
# the desk (state shared by the steps) and its widgets


PROBLEMS = (DeskError, BankError, DataFileError, OSError, ValueError)


def _problems():
    from lessons.teacher.blueprint import BlueprintError
    from lessons.teacher.grading import GradingError
    from lessons.teacher.release import ReleaseError

    return (*PROBLEMS, ReleaseError, GradingError, BlueprintError)


def _message(err: Exception) -> str:
    if isinstance(err, OSError):
        return t("desk_os_error", file=getattr(err, "filename", "") or "")
    return str(err)


def _note(kind: str, text: str) -> str:
    colour = {"ok": "#009E73", "warn": "#E69F00", "error": "#D55E00"}[kind]
    return f'<div role="status" style="border-left:4px solid {colour};padding:4px 8px;margin:4px 0">{text}</div>'


class Desk:
    """The state shared by the five steps: the workspace, the last release and the last grading run."""

    def __init__(self, folder=None, root=None):
        from lessons.teacher.release import course_of

        self.folder = workspace(folder)
        self.root = course_of(root)
        self.run = None
        self.banks: dict = {}
        self.outputs: dict = {}
        self.listeners: dict[str, list] = {"released": [], "stored": [], "graded": []}  # widgets that follow other steps
        self.assignment_path, self.roster = None, None
        self.restored = ""  # what reopening loaded (an Indonesian sentence), or why it could not

    def tell(self, event: str) -> None:
        """Let the other steps' widgets follow (a new release in step 3's list, essays in step 4)."""
        for listener in self.listeners.get(event, []):
            listener()

    # folders
    @property
    def releases(self) -> Path:
        return self.folder / "rilis"

    @property
    def submissions(self) -> Path:
        return self.folder / "kiriman"

    @property
    def originals(self) -> Path:
        return self.folder / "unggahan-asli"

    @property
    def results(self) -> Path:
        return self.folder / "hasil"

    @property
    def corrections(self) -> Path:
        return self.folder / CORRECTIONS

    # actions (no widgets: tests call them directly)
    def lessons(self) -> list[tuple[str, str]]:
        from lessons.engine.bank import load_bank
        from lessons.teacher.release import available_lessons

        out = []
        for lesson in available_lessons(self.root):
            out.append((f"{lesson} {load_bank(lesson, self.root.bank_path(lesson)).title}", lesson))
        return out

    def modes(self) -> list[str]:
        """The release modes the release builder supports (helper B's latihan/ujian), or []."""
        from lessons.teacher import release

        if "mode" not in inspect.signature(release.build_release).parameters:
            return []
        return list(getattr(release, "MODES", ("latihan", "ujian")))

    def make_release(self, lessons: list[str], title: str = "", due: _dt.date | str | None = None,
                     mode: str | None = None) -> tuple[Path, bytes]:
        from lessons.teacher.release import build_release

        if not lessons:
            raise DeskError(t("desk_release_no_lessons"))
        due_text = due.isoformat() if isinstance(due, _dt.date) else (due or None)
        name = "rilis-" + "-".join(lessons) if len(lessons) <= 3 else "rilis-" + _dt.date.today().isoformat()
        kwargs = {"mode": mode} if mode and self.modes() else {}
        made = build_release(self.releases / name, lessons, None, title, due_text, root=self.root, force=True, **kwargs)
        if made.leaks:
            raise DeskError(t("desk_release_unsafe", count=len(made.leaks)))
        self.tell("released")
        return made.folder, zip_bytes(folder_files(made.folder, made.folder.name))

    def assignments(self) -> list[tuple[str, Path | None]]:
        found = [(t("desk_whole_course"), None)]
        if self.releases.is_dir():
            for path in sorted(self.releases.glob("*/tugas.json")):
                found.append((path.parent.name, path))
        return found

    def store(self, files: list[tuple[str, bytes]], student: str = "") -> StoreReport:
        report = store_uploads(files, self.submissions, self.originals, student)
        self.tell("stored")
        return report

    # the last grading, kept across sessions
    @property
    def state_file(self) -> Path:
        return self.folder / STATE

    def last_state(self) -> dict:
        """The remembered grading ({"assignment": path or None, "roster": path or None, "graded": time}), or {}."""
        try:
            doc = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(doc, dict) or not doc.get("graded"):
            return {}
        out = {"graded": str(doc["graded"])}
        for name in ("assignment", "roster"):
            value = doc.get(name)
            path = (self.folder / value) if isinstance(value, str) and value else None
            if path is not None and self.folder.resolve() not in path.resolve().parents:
                return {}  # a state file pointing outside the workspace is not followed
            out[name] = path
        return out

    def _remember(self) -> None:
        def rel(path):
            try:
                return Path(path).resolve().relative_to(self.folder.resolve()).as_posix() if path else None
            except ValueError:
                return None

        doc = {"assignment": rel(self.assignment_path), "roster": rel(self.roster),
               "graded": _dt.datetime.now().isoformat(timespec="seconds")}
        try:
            self.state_file.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        except OSError:
            pass  # remembering is a convenience: the results are written already

    def last_assignment(self) -> Path | None:
        return self.last_state().get("assignment") if self.last_state() else None

    def restore(self) -> str:
        """Load the last grading again (reopening Meja Guru): the same
        assignment, roster and corrections, graded anew from the stored
        submissions. Returns an Indonesian sentence ("" when there was none)."""
        state = self.last_state()
        if not state or self.run is not None:
            return ""
        assignment = state.get("assignment")
        if assignment is not None and not assignment.is_file():
            self.restored = t("desk_restore_missing", assignment=assignment.parent.name)
            return self.restored
        roster = state.get("roster")
        try:
            run = self.grade(assignment, roster if roster is not None and roster.is_file() else None)
        except _problems() as err:
            self.restored = t("desk_failed", error=_message(err))
            return self.restored
        self.restored = t("desk_restored", assignment=_assignment_label(assignment), students=len(run.students),
                          time=state["graded"].replace("T", " ")[:16])
        return self.restored

    def waiting(self, step: str) -> str:
        """What step ``step`` waits for now, in one Indonesian sentence."""
        if step == "release":
            return t("desk_wait_release")
        if step == "collect":
            counts = collected(self.submissions)
            return t("desk_wait_collect_more", count=len(counts)) if counts else t("desk_wait_collect")
        if step == "grade":
            if self.run is not None:
                return t("desk_wait_grade_again")
            counts = collected(self.submissions)
            return t("desk_wait_grade", count=len(counts)) if counts else t("desk_wait_grade_nothing")
        if self.run is None:
            return t("desk_wait_graded_first")
        if step == "review":
            found = essays(self.run, self.banks)
            open_ = sum(1 for items in found.values() for e in items if e.teacher_score is None)
            return t("desk_wait_review", count=open_) if found else t("desk_no_essays")
        return t("desk_wait_download", assignment=_assignment_label(self.assignment_path))

    def grade(self, assignment_path: Path | None, roster: Path | None = None, step=None):
        """Grade the uploaded submissions; reopening Meja Guru loads this run again."""
        self.submissions.mkdir(parents=True, exist_ok=True)
        return self.grade_folder(self.submissions, assignment_path, roster, step, remember=True)

    def grade_folder(self, folder: Path, assignment_path: Path | None, roster: Path | None = None, step=None,
                     entries=None, remember: bool = False):
        """Grade ``folder`` (or the ``entries`` already found in it, as the class server gives them) into
        this desk: results, banks for the essay screen, downloads."""
        from lessons.engine.bank import load_bank
        from lessons.teacher.gradebook import write_outputs
        from lessons.teacher.grading import Assignment, grade

        step = step or (lambda n: None)
        step(1)
        assignment = Assignment.read(assignment_path, self.root)
        corrections = self.corrections if self.corrections.exists() else None
        run = grade(folder, assignment, roster, corrections, root=self.root, progress=False, entries=entries)
        step(2)
        self.outputs = write_outputs(run, self.results, self.root)
        step(3)
        self.banks = {}
        for lesson in assignment.lessons:
            self.banks.update(load_bank(lesson, self.root.bank_path(lesson)))
        self.run = run
        self.assignment_path, self.roster = assignment_path, roster
        if remember:
            self._remember()
        self.tell("graded")
        return run

    def regrade(self):
        if self.run is None:
            raise DeskError(t("desk_grade_first"))
        return self.grade(self.assignment_path, self.roster)

    def downloads(self) -> list[tuple[str, str, bytes]]:
        """(label, file name, bytes) of every download."""
        from lessons.teacher import blueprint

        if self.run is None:
            raise DeskError(t("desk_grade_first"))
        out = []
        for key, label in (("xlsx", "desk_dl_xlsx"), ("csv_id", "desk_dl_csv_id"), ("csv", "desk_dl_csv"),
                           ("items", "desk_dl_items")):
            path = self.outputs[key]
            out.append((t(label), path.name, path.read_bytes()))
        pages = folder_files(self.outputs["feedback"], "umpan-balik")
        out.append((t("desk_dl_feedback", count=len(pages)), "umpan-balik.zip", zip_bytes(pages)))
        kisi = self.folder / "kisi-kisi"
        blueprint.write(kisi, self.run.assignment.lessons, self.root)
        out.append((t("desk_dl_blueprint"), "kisi-kisi.zip", zip_bytes(folder_files(kisi, "kisi-kisi"))))
        return out


def _assignment_label(path) -> str:
    return Path(path).parent.name if path else t("desk_whole_course")


def _waiting(desk: Desk, step: str):
    """The line at the top of a step that says what it waits for; it follows the other steps."""
    import ipywidgets as w

    line = w.HTML()
    line.add_class("kssa-desk-waiting")

    def update(*_a):
        try:
            text = desk.waiting(step)
        except _problems():
            return
        line.value = (f'<div aria-live="polite" style="color:#333;background:#f3f6fa;border-radius:4px;'
                      f'padding:3px 8px;margin:2px 0">→ {html.escape(text)}</div>')

    update()
    for event in ("released", "stored", "graded"):
        desk.listeners[event].append(update)
    line.update = update
    return line


def _guarded(status, action):
    """Run ``action``; a known problem becomes one Indonesian sentence in ``status``."""
    def handler(*_args):
        try:
            action()
        except _problems() as err:
            status.value = _note("error", html.escape(t("desk_failed", error=_message(err))))
        except Exception as err:  # noqa: BLE001 - a teacher never sees a traceback
            status.value = _note("error", html.escape(t("desk_unexpected", kind=type(err).__name__)))
    return handler


def release_widget(desk: Desk):
    import ipywidgets as w

    lessons = w.SelectMultiple(options=desk.lessons(), rows=7, description=t("desk_lessons"),
                               layout=w.Layout(width="34em"), style={"description_width": "8em"})
    title = w.Text(description=t("desk_title"), placeholder=t("desk_title_hint"), style={"description_width": "8em"},
                   layout=w.Layout(width="34em"))
    due = w.DatePicker(description=t("desk_due"), style={"description_width": "8em"})
    modes = desk.modes()
    mode = w.ToggleButtons(options=modes, description=t("desk_mode"), style={"description_width": "8em"}) if modes else None
    button = w.Button(description=t("desk_release_button"), button_style="primary", icon="archive",
                      layout=w.Layout(width="auto"))
    status = w.HTML()

    def act():
        status.value = _note("warn", html.escape(t("desk_working")))
        folder, data = desk.make_release(list(lessons.value), title.value.strip(), due.value,
                                         mode.value if mode is not None else None)
        status.value = _note("ok", html.escape(t("desk_release_done", folder=folder)) + "<br>"
                             + download_link(data, f"{folder.name}.zip", t("desk_dl_release")))

    button.on_click(_guarded(status, act))
    waiting = _waiting(desk, "release")
    parts = [waiting, w.HTML(f"<p>{html.escape(t('desk_release_help'))}</p>"), lessons, title, due]
    box = w.VBox(parts + ([mode] if mode is not None else []) + [button, status])
    box.lessons, box.title_input, box.due, box.mode, box.button, box.status = lessons, title, due, mode, button, status
    box.waiting = waiting
    box.add_class("kssa-desk-release")  # one class per step: pages, styles and tests find it
    return WidgetView(box, t("desk_summary_release"))


def collect_widget(desk: Desk):
    import ipywidgets as w

    student = w.Text(description=t("desk_student"), placeholder=t("desk_student_hint"),
                     style={"description_width": "8em"}, layout=w.Layout(width="34em"))
    upload = w.FileUpload(accept=",".join(UPLOAD_KINDS), multiple=True, description=t("desk_upload"),
                          layout=w.Layout(width="auto"))
    button = w.Button(description=t("desk_store_button"), button_style="primary", icon="inbox")
    status, so_far = w.HTML(), w.HTML()

    def show_collected():
        counts = collected(desk.submissions)
        items = "".join(f"<li>{html.escape(name)}: {html.escape(t('desk_collected_files', count=count))}</li>"
                        for name, count in counts.items())
        so_far.value = (f"<p>{html.escape(t('desk_collected', count=len(counts)))}</p><ul>{items}</ul>"
                        if counts else "")

    def act():
        files = uploaded_files(upload.value)
        if not files:
            raise DeskError(t("desk_nothing_uploaded"))
        name = student.value.strip()
        report = desk.store(files, name)
        items = "".join(f"<li>{html.escape(line)}</li>" for line in report.skipped)
        done = (t("desk_stored_for", count=len(report.stored), student=_clean_name(name)) if name and report.stored
                else t("desk_stored_in", count=len(report.stored), folder=desk.submissions))
        status.value = _note("ok" if not report.skipped else "warn",
                             html.escape(done) + (f"<ul>{items}</ul>" if items else ""))
        upload.value = ()
        if report.stored:
            student.value = ""  # the next student's files need their own name
        show_collected()

    def picked(change):
        files = uploaded_files(change["new"])
        if files:  # the files are chosen but not stored yet: say what is still to do
            waiting.value = (f'<div aria-live="polite" style="color:#333;background:#fff6e0;border-radius:4px;'
                             f'padding:3px 8px;margin:2px 0">→ {html.escape(t("desk_wait_store", count=len(files)))}</div>')

    button.on_click(_guarded(status, act))
    upload.observe(picked, names="value")
    try:
        show_collected()
    except OSError:
        pass
    waiting = _waiting(desk, "collect")
    box = w.VBox([waiting, w.HTML(f"<p>{html.escape(t('desk_collect_help'))}</p>"),
                  student, upload, button, status, so_far])
    box.student, box.upload, box.button, box.status, box.so_far = student, upload, button, status, so_far
    box.waiting = waiting
    box.add_class("kssa-desk-collect")  # one class per step: pages, styles and tests find it
    return WidgetView(box, t("desk_summary_collect"))


def results_table(run) -> str:
    """The grading run as an HTML table: name, total, percentage, status."""
    from lessons.teacher.gradebook import gradebook_rows

    header, rows = gradebook_rows(run)
    index = {name: i for i, name in enumerate(header)}
    body = "".join(
        f"<tr><td>{html.escape(str(r[0]))}</td><td style='text-align:right'>{points(r[index[t('gb_col_total')]])}</td>"
        f"<td style='text-align:right'>{percent(r[index[t('gb_col_percent')]])}</td>"
        f"<td style='text-align:right'>{r[index[t('gb_col_review')]]}</td>"
        f"<td>{html.escape(str(r[index[t('gb_col_status')]]))[:600]}</td></tr>" for r in rows)
    head = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>" for h in
                   (t("gb_col_name"), t("gb_col_total"), t("gb_col_percent"), t("gb_col_review"), t("gb_col_status")))
    return (f"<div style='max-height:28em;overflow:auto'><style>.kssa-results td,.kssa-results th{{padding:2px 10px;"
            f"border-bottom:1px solid #ddd}}</style><table class='kssa-results' style='border-collapse:collapse'>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def grade_widget(desk: Desk):
    import ipywidgets as w

    options = desk.assignments()
    choice = w.Dropdown(options=options, description=t("desk_assignment"), style={"description_width": "8em"},
                        layout=w.Layout(width="34em"))
    remembered = desk.assignment_path if desk.run is not None else desk.last_assignment()
    for _label, path in options:  # reopened: the assignment graded last time
        if path is not None and remembered is not None and Path(path).resolve() == Path(remembered).resolve():
            choice.value = path
    refresh = w.Button(description=t("desk_refresh"), icon="refresh", layout=w.Layout(width="auto"))
    roster = w.FileUpload(accept=".csv,.txt", multiple=False, description=t("desk_roster"), layout=w.Layout(width="auto"))
    button = w.Button(description=t("desk_grade_button"), button_style="primary", icon="check")
    bar = w.IntProgress(value=0, min=0, max=3, description=t("desk_progress"), style={"description_width": "8em"})
    status, table = w.HTML(), w.HTML()

    def do_refresh(*_a):
        before = {path for _label, path in choice.options}
        choice.options = desk.assignments()
        new = [path for _label, path in choice.options if path not in before]
        if new:  # a release just made in step 1 is what the teacher grades next
            choice.value = new[-1]

    def act():
        bar.value = 0
        roster_path = None
        files = uploaded_files(roster.value)
        if files:
            roster_path = desk.folder / "daftar-siswa.csv"
            roster_path.parent.mkdir(parents=True, exist_ok=True)
            roster_path.write_bytes(files[0][1])
        elif (desk.folder / "daftar-siswa.csv").exists():
            roster_path = desk.folder / "daftar-siswa.csv"
        desk.grade(choice.value, roster_path, step=lambda n: setattr(bar, "value", n))  # "graded" shows it

    def show_run():  # after any grading: this button, a correction saved in step 4, or reopening
        run = desk.run
        if run is None:
            return
        status.value = _note("ok", html.escape(t("desk_grade_done", students=len(run.students), files=run.files,
                                                 folder=desk.results)))
        table.value = results_table(run)
        bar.value = bar.max

    refresh.on_click(do_refresh)
    desk.listeners["released"].append(do_refresh)
    desk.listeners["graded"].append(show_run)
    button.on_click(_guarded(status, act))
    waiting = _waiting(desk, "grade")
    if desk.run is not None:
        show_run()
        if desk.restored:
            status.value = _note("ok", html.escape(desk.restored))
    elif desk.restored:
        status.value = _note("warn", html.escape(desk.restored))
    box = w.VBox([waiting, w.HTML(f"<p>{html.escape(t('desk_grade_help'))}</p>"),
                  w.HBox([choice, refresh]), roster, button, bar, status, table])
    box.choice, box.refresh, box.roster, box.button, box.bar, box.status, box.table = choice, refresh, roster, button, bar, status, table
    box.waiting = waiting
    box.add_class("kssa-desk-grade")  # one class per step: pages, styles and tests find it
    return WidgetView(box, t("desk_summary_grade"))


def review_widget(desk: Desk):
    import ipywidgets as w

    question = w.Dropdown(options=[], description=t("desk_question"), style={"description_width": "8em"},
                          layout=w.Layout(width="34em"))
    load = w.Button(description=t("desk_load_essays"), icon="refresh", layout=w.Layout(width="auto"))
    entries = w.VBox()
    save = w.Button(description=t("desk_save_button"), button_style="primary", icon="save")
    status = w.HTML()
    box = w.VBox()
    box.inputs = []

    def fill(*_a):
        if desk.run is None:
            raise DeskError(t("desk_grade_first"))
        found = essays(desk.run, desk.banks)
        labels = [(t("desk_question_option", exercise=ex_id, count=len(items)), ex_id) for ex_id, items in found.items()]
        if not labels:
            raise DeskError(t("desk_no_essays"))
        if [v for _l, v in labels] != [v for _l, v in question.options]:
            question.options = labels
        if question.value is None:
            question.value = labels[0][1]  # shows it (observed)
        else:
            show(found)

    def show(found=None):
        found = found if found is not None else essays(desk.run, desk.banks)
        items = found.get(question.value, [])
        ex = desk.banks.get(question.value)
        rows, box.inputs = [], []
        if ex is not None:
            rows.append(w.HTML(f"<p><b>{html.escape(ex.id)}</b> {html.escape(ex.question.strip())}</p>"
                               f"<p><small>{html.escape(t('desk_rubric', criteria='; '.join(c['label'] + ' (' + points(c['points']) + ')' for c in ex.teacher.get('rubric', []))))}</small></p>"))
        if not items:
            rows.append(w.HTML(f"<p>{html.escape(t('desk_no_answers'))}</p>"))
        for essay in items:
            state = t("desk_too_short") if essay.too_short else t(
                "desk_provisional", score=points(essay.provisional), points=points(essay.points),
                met="; ".join(essay.met) or t("desk_met_none"))
            text = html.escape(essay.text[:5000]).replace("\n", "<br>")
            card = w.HTML(f"<div style='border:1px solid #ccc;border-radius:6px;padding:6px 10px;margin:6px 0'>"
                          f"<b>{html.escape(essay.student)}</b> · {html.escape(state)}"
                          f"<div style='margin-top:4px;white-space:normal'>{text}</div></div>")
            # a text box, not a number box: "1,5" (the Indonesian way) must be accepted as well as "1.5"
            score = w.Text(value=points(essay.teacher_score if essay.teacher_score is not None else essay.provisional),
                           description=t("desk_teacher_score"), placeholder=t("desk_score_hint", points=points(essay.points)),
                           style={"description_width": "8em"}, layout=w.Layout(width="18em"))
            use = w.Checkbox(value=essay.teacher_score is not None, description=t("desk_use_score"), indent=False)
            note = w.Text(value=essay.teacher_note, placeholder=t("desk_note_hint"), description=t("desk_note"),
                          style={"description_width": "8em"}, layout=w.Layout(width="40em"))
            score.observe(lambda _c, use=use: setattr(use, "value", True), names="value")
            note.observe(lambda _c, use=use: setattr(use, "value", True), names="value")
            box.inputs.append((essay, score, use, note))
            rows.append(w.VBox([card, w.HBox([score, use]), note]).add_class("kssa-essay"))
        entries.children = rows

    def do_save():
        if not box.inputs:
            raise DeskError(t("desk_no_essays"))
        changes = [(essay.student, essay.exercise, parse_score(score.value, essay) if use.value else None, note.value)
                   for essay, score, use, note in box.inputs]  # every score is read before anything is saved
        count = save_corrections(desk.corrections, changes)
        desk.regrade()
        status.value = _note("ok", html.escape(t("desk_saved", count=count, file=desk.corrections)))
        show()

    load.on_click(_guarded(status, fill))
    desk.listeners["graded"].append(lambda: _guarded(status, fill)() if essays(desk.run, desk.banks) else None)
    waiting = _waiting(desk, "review")
    question.observe(lambda change: _guarded(status, show)() if change["name"] == "value" and desk.run else None, names="value")
    save.on_click(_guarded(status, do_save))
    if desk.run is not None and essays(desk.run, desk.banks):  # reopened: the essays of the last grading
        _guarded(status, fill)()
    box.children = [waiting, w.HTML(f"<p>{html.escape(t('desk_review_help'))}</p>"),
                    w.HBox([question, load]), entries, save, status]
    box.question, box.load, box.entries, box.save, box.status = question, load, entries, save, status
    box.waiting = waiting
    box.add_class("kssa-desk-review")  # one class per step: pages, styles and tests find it
    return WidgetView(box, t("desk_summary_review"))


def download_widget(desk: Desk):
    import ipywidgets as w

    button = w.Button(description=t("desk_download_button"), button_style="primary", icon="download")
    links = w.HTML()

    def act():
        items = desk.downloads()
        stamp = _dt.datetime.now().strftime("%H.%M")
        links.value = (f"<p><small>{html.escape(t('desk_downloads_of', time=stamp, assignment=_assignment_label(desk.assignment_path)))}</small></p>"
                       + "".join(f"<div>{download_link(data, name, label)}</div>" for label, name, data in items))

    def follow():  # links already shown hold the old scores: make them anew from the new results
        if links.value and desk.run is not None:
            _guarded(links, act)()

    button.on_click(_guarded(links, act))
    desk.listeners["graded"].append(follow)
    waiting = _waiting(desk, "download")
    box = w.VBox([waiting, w.HTML(f"<p>{html.escape(t('desk_download_help'))}</p>"),
                  button, links])
    box.button, box.links = button, links
    box.waiting = waiting
    box.add_class("kssa-desk-download")  # one class per step: pages, styles and tests find it
    return WidgetView(box, t("desk_summary_download"))


# --------------------------------------------------------------------------
# what the notebook calls (one call per cell); the steps share one desk

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
    except _problems() as err:
        return DeskNotice(t("desk_failed", error=_message(err)))


class DeskNotice:
    """An Indonesian sentence shown instead of a traceback."""

    def __init__(self, message: str):
        self.message = message

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.message, "text/html": _note("error", html.escape(self.message))}


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


# --------------------------------------------------------------------------
# issue 19: "Kumpulkan dari server kelas" (the logic: lessons/teacher/class_collect.py)


def class_collect_widget(desk: Desk):
    """Grade straight from the students' home folders on the class server."""
    import ipywidgets as w

    from lessons.teacher.class_collect import class_folder, grade_class

    kelas = class_folder()  # off the class server: one sentence instead of the widget
    choice = w.Dropdown(options=desk.assignments(), description=t("desk_assignment"), style={"description_width": "8em"},
                        layout=w.Layout(width="34em"))
    button = w.Button(description=t("desk_class_collect_button"), button_style="primary", icon="users",
                      layout=w.Layout(width="auto"))
    bar = w.IntProgress(value=0, min=0, max=3, description=t("desk_progress"), style={"description_width": "8em"})
    status, table = w.HTML(), w.HTML()

    def act():
        bar.value = 0
        run = grade_class(desk, choice.value, kelas, step=lambda n: setattr(bar, "value", n))
        status.value = _note("ok", html.escape(t("desk_grade_done", students=len(run.students), files=run.files,
                                                 folder=desk.results)))
        table.value = results_table(run)

    button.on_click(_guarded(status, act))
    desk.listeners["released"].append(lambda: setattr(choice, "options", desk.assignments()))
    reset = password_reset_widget(kelas)
    box = w.VBox([w.HTML(f"<p>{html.escape(t('desk_class_collect_help', folder=kelas))}</p>"),
                  choice, button, bar, status, table, reset])
    box.choice, box.button, box.bar, box.status, box.table = choice, button, bar, status, table
    box.reset = reset
    box.add_class("kssa-desk-class")
    return WidgetView(box, t("desk_summary_class_collect"))


def password_reset_widget(kelas):
    """A student forgot their password: the teacher picks the student and resets it, no terminal needed."""
    import ipywidgets as w

    from lessons.deploy.hub import read_accounts
    from lessons.teacher.class_server import forget_password

    accounts = read_accounts(kelas)
    options = sorted(((f"{name} ({account})", account) for account, name in accounts.items()),
                     key=lambda item: item[0].casefold())
    who = w.Dropdown(options=options, value=None, description=t("desk_reset_student"),
                     style={"description_width": "8em"}, layout=w.Layout(width="34em"))
    button = w.Button(description=t("desk_reset_button"), icon="key", layout=w.Layout(width="auto"), disabled=True)
    status = w.HTML()
    who.observe(lambda change: setattr(button, "disabled", change["new"] is None), names="value")

    def act():
        account = who.value
        if forget_password(kelas, account, students_only=True):
            status.value = _note("ok", html.escape(t("desk_reset_done", name=accounts[account], account=account)))
        else:
            status.value = _note("warn", html.escape(t("class_reset_unknown", account=account)))

    button.on_click(_guarded(status, act))
    box = w.VBox([w.HTML(f"<h4>{html.escape(t('desk_reset_title'))}</h4><p>{html.escape(t('desk_reset_help'))}</p>"),
                  who, button, status])
    box.who, box.button, box.status = who, button, status
    box.add_class("kssa-desk-reset")
    return box


def collect_from_class(folder=None):
    """Step 2 on the class server: grade from the students' home folders, nothing uploaded."""
    return _shown(class_collect_widget, folder)

