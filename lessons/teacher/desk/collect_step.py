"""Step 2, Kumpulkan: store what students handed in (answer sheets,
notebooks, zips of whole student folders). Uploads are stored untouched; a
zip is kept as uploaded and its answer files are extracted safely (no path
outside the folder, no links, size limits). Also the class-server variant
(collect straight from the students' home folders, issue 19)."""

from __future__ import annotations

import html
import io
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lessons.core.formatting import number
from lessons.core.widget_view import WidgetView
from lessons.teacher.desk.common import DeskError, guarded, note, uploaded_files, waiting_line
from lessons.teacher.desk.grade_step import results_table
from lessons.teacher.submissions import MAX_BYTES, name_in_file, student_key
from lessons.text import t

KEPT = (".json", ".ipynb")  # what grading reads
UPLOAD_KINDS = (".json", ".ipynb", ".zip")
MAX_ZIP = 100_000_000  # bytes of one uploaded zip
MAX_MEMBERS = 2_000  # entries in one zip
MAX_UNPACKED = 200_000_000  # bytes extracted from one zip


def clean_name(name: str) -> str:
    """A file or folder name from an upload: no path, no control characters."""
    name = re.sub(r"[\x00-\x1f\x7f]", "", str(name)).replace("\\", "/").split("/")[-1].strip()
    name = re.sub(r'[<>:"|?*]', "_", name).strip(". ")
    return name[:120] or t("desk_unnamed")


def free_path(folder: Path, name: str, data: bytes) -> Path | None:
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
        target_dir = dest.joinpath(*[clean_name(p) for p in parts[:-1]])
        target_dir.mkdir(parents=True, exist_ok=True)
        if dest.resolve() not in (target_dir.resolve(), *target_dir.resolve().parents):
            report.skipped.append(t("desk_zip_unsafe_path", file=label, member=shown))
            continue
        target = free_path(target_dir, clean_name(parts[-1]), content)
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
    student = clean_name(student) if str(student or "").strip() else ""
    submissions.mkdir(parents=True, exist_ok=True)
    for name, data in files:
        name = clean_name(name)
        suffix = os.path.splitext(name)[1].lower()
        if suffix not in UPLOAD_KINDS:
            report.skipped.append(t("desk_upload_kind", file=name))
            continue
        if suffix == ".zip":
            if len(data) > MAX_ZIP:
                report.skipped.append(t("desk_zip_too_big", file=name))
                continue
            owner = student or clean_name(name_in_file(name) or os.path.splitext(name)[0])  # "Budi arsip.zip" → Budi
            if not student and (originals / name).is_file() and free_path(originals, name, data) is not None:
                report.skipped.append(t("desk_zip_name_taken", file=name))  # a second "rilis-05.zip"
                continue
            originals.mkdir(parents=True, exist_ok=True)
            kept = free_path(originals, f"{student} - {name}" if student else name, data)
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
        target = free_path(folder, name, data)
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


def collect_widget(desk):
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
        done = (t("desk_stored_for", count=len(report.stored), student=clean_name(name)) if name and report.stored
                else t("desk_stored_in", count=len(report.stored), folder=desk.submissions))
        status.value = note("ok" if not report.skipped else "warn",
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

    button.on_click(guarded(status, act))
    upload.observe(picked, names="value")
    try:
        show_collected()
    except OSError:
        pass
    waiting = waiting_line(desk, "collect")
    box = w.VBox([waiting, w.HTML(f"<p>{html.escape(t('desk_collect_help'))}</p>"),
                  student, upload, button, status, so_far])
    box.student, box.upload, box.button, box.status, box.so_far = student, upload, button, status, so_far
    box.waiting = waiting
    box.add_class("kssa-desk-collect")  # one class per step: pages, styles and tests find it
    return WidgetView(box, t("desk_summary_collect"))


def class_collect_widget(desk):
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
        status.value = note("ok", html.escape(t("desk_grade_done", students=len(run.students), files=run.files,
                                                 folder=desk.results)))
        table.value = results_table(run)

    button.on_click(guarded(status, act))
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
            status.value = note("ok", html.escape(t("desk_reset_done", name=accounts[account], account=account)))
        else:
            status.value = note("warn", html.escape(t("class_reset_unknown", account=account)))

    button.on_click(guarded(status, act))
    box = w.VBox([w.HTML(f"<h4>{html.escape(t('desk_reset_title'))}</h4><p>{html.escape(t('desk_reset_help'))}</p>"),
                  who, button, status])
    box.who, box.button, box.status = who, button, status
    box.add_class("kssa-desk-reset")
    return box
