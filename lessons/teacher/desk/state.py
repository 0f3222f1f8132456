"""The desk: the workspace folder and the state Meja Guru's five steps share
(the last release, the last grading run, its banks and outputs), with the
actions the widgets call (tests call them directly). The last grading is
remembered in ``.meja-guru.json`` so reopening Meja Guru loads it again."""

from __future__ import annotations

import datetime as _dt
import inspect
import json
import os
from pathlib import Path

from lessons.teacher.desk.collect_step import StoreReport, collected, store_uploads
from lessons.teacher.desk.common import DeskError, assignment_label, message, problems
from lessons.teacher.desk.download_step import folder_files, zip_bytes
from lessons.teacher.desk.review_step import essays
from lessons.text import t

DESK_ENV = "KSSA_DESK_DIR"
CORRECTIONS = "koreksi-nilai.csv"
STATE = ".meja-guru.json"  # the last grading: assignment and roster, so reopening loads it again


def workspace(folder=None) -> Path:
    """Where Meja Guru keeps its files: ``folder``, ``$KSSA_DESK_DIR``, or ``meja-guru/`` in the working folder."""
    return Path(folder or os.environ.get(DESK_ENV) or Path.cwd() / "meja-guru")


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
        except problems() as err:
            self.restored = t("desk_failed", error=message(err))
            return self.restored
        self.restored = t("desk_restored", assignment=assignment_label(assignment), students=len(run.students),
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
        return t("desk_wait_download", assignment=assignment_label(self.assignment_path))

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

