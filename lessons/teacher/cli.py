"""Command line for teachers: ``python -m lessons release|grade|blueprint|tautan``.

Every message is in Indonesian (lessons/text/teacher.py), argparse's own
ones included; a problem ends with one sentence and exit code 2, never a
traceback. Nothing found (no course folder, no bank, no exercise, no
submission) is such a problem: no command writes an empty gradebook or an
empty kisi-kisi.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from lessons.core.formatting import number, points
from lessons.text import t

# argparse's gettext message ids -> keys of lessons/text/teacher.py
ARGPARSE_MESSAGES = {
    "usage: ": "cli_argparse_usage",
    "positional arguments": "cli_argparse_positionals",
    "options": "cli_argparse_options",
    "show this help message and exit": "cli_help",
    "%(prog)s: error: %(message)s\n": "cli_argparse_error",
    "the following arguments are required: %s": "cli_argparse_required",
    "unrecognized arguments: %s": "cli_argparse_unrecognized",
    "argument %(argument_name)s: %(message)s": "cli_argparse_argument",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli_argparse_choice",
    "expected one argument": "cli_argparse_one",
    "expected at least one argument": "cli_argparse_at_least_one",
    "invalid %(type)s value: %(value)r": "cli_argparse_invalid",
}

# Indonesian command names -> the command they run
COMMAND_ALIASES = {"rilis": "release", "nilai": "grade", "kisi-kisi": "blueprint", "rencana": "plan"}

# OSError kinds -> why, in lessons/text/teacher.py
OS_REASONS = {
    FileNotFoundError: "cli_os_reason_missing",
    PermissionError: "cli_os_reason_permission",
    IsADirectoryError: "cli_os_reason_folder",
    NotADirectoryError: "cli_os_reason_not_folder",
    FileExistsError: "cli_os_reason_exists",
}


def _translate(message: str) -> str:
    key = ARGPARSE_MESSAGES.get(message)
    return t(key) if key else message


@contextlib.contextmanager
def _indonesian_argparse():
    """argparse's own words (usage, errors, --help) in Indonesian, for this call only."""
    saved = argparse._
    argparse._ = _translate
    try:
        yield
    finally:
        argparse._ = saved


indonesian_argparse = _indonesian_argparse  # for the other teacher commands (lessons/teacher/class_server.py)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lessons", description=t("cli_description"))
    sub = parser.add_subparsers(dest="command", required=True, metavar=t("cli_command"), title=t("cli_command"))

    rel = sub.add_parser("release", aliases=["rilis"], help=t("cli_release_help"), description=t("cli_release_help"))
    rel.add_argument("folder", type=Path, help=t("cli_release_folder"))
    rel.add_argument("--pelajaran", nargs="+", metavar="NN", help=t("cli_release_lessons"))
    rel.add_argument("--soal", nargs="+", metavar="NN-MM", help=t("cli_release_exercises"))
    rel.add_argument("--judul", default="", help=t("cli_release_title"))
    rel.add_argument("--batas", metavar="TTTT-BB-HH", help=t("cli_release_due"))
    rel.add_argument("--timpa", action="store_true", help=t("cli_release_force"))
    rel.add_argument("--mode", choices=["latihan", "ujian"], default="latihan", help=t("cli_release_mode"))
    rel.add_argument("--ujian", nargs="+", metavar="NN|NN-MM", help=t("cli_release_exam"))

    grd = sub.add_parser("grade", aliases=["nilai"], help=t("cli_grade_help"), description=t("cli_grade_help"))
    grd.add_argument("kiriman", type=Path, help=t("cli_grade_submissions"))
    grd.add_argument("--tugas", type=Path, help=t("cli_grade_assignment"))
    grd.add_argument("--hasil", type=Path, default=Path("hasil-penilaian"), help=t("cli_grade_out"))
    grd.add_argument("--daftar", type=Path, help=t("cli_grade_roster"))
    grd.add_argument("--koreksi", type=Path, help=t("cli_grade_overrides"))
    grd.add_argument("--tanpa-progres", action="store_true", help=t("cli_grade_no_progress"))
    grd.add_argument("--pola", metavar="REGEX", help=t("cli_grade_pattern"))
    grd.add_argument("--nilai", choices=["terakhir", "pertama"], default="terakhir", help=t("cli_grade_count"))

    bp = sub.add_parser("blueprint", aliases=["kisi-kisi"], help=t("cli_blueprint_help"), description=t("cli_blueprint_help"))
    bp.add_argument("folder", type=Path, nargs="?", default=Path("kisi-kisi"), help=t("cli_blueprint_folder"))
    bp.add_argument("--pelajaran", nargs="+", metavar="NN", help=t("cli_blueprint_lessons"))
    lk = sub.add_parser("lkpd", help=t("cli_lkpd_help"), description=t("cli_lkpd_help"))
    lk.add_argument("folder", type=Path, nargs="?", default=Path("lkpd"), help=t("cli_lkpd_folder"))
    lk.add_argument("--pelajaran", nargs="+", metavar="NN", help=t("cli_lkpd_lessons"))
    pl = sub.add_parser("plan", aliases=["rencana"], help=t("cli_plan_help"), description=t("cli_plan_help"))
    pl.add_argument("folder", type=Path, nargs="?", default=Path("guru") / "rencana", help=t("cli_plan_folder"))
    lnk = sub.add_parser("tautan", help=t("cli_links_help"), description=t("cli_links_help"))
    lnk.add_argument("--repo", required=True, help=t("cli_links_repo"))
    lnk.add_argument("--cabang", default="main", help=t("cli_links_branch"))
    lnk.add_argument("--hub", help=t("cli_links_hub"))
    lnk.add_argument("--halaman", default="notebooks/beranda.ipynb", help=t("cli_links_notebook"))
    return parser


def main(argv: list[str] | None = None) -> int:
    with _indonesian_argparse():
        args = _parser().parse_args(argv)
    args.command = COMMAND_ALIASES.get(args.command, args.command)
    from lessons.core.errors import DataFileError  # CourseNotFoundError is one
    from lessons.engine.model import BankError
    from lessons.teacher.blueprint import BlueprintError
    from lessons.teacher.grading import GradingError
    from lessons.teacher.release import ReleaseError
    from lessons.teacher.worksheets import WorksheetError
    from lessons.teacher.planning import PlanError

    if args.command == "tautan":
        from lessons.teacher.links import LinkError, lines

        try:
            print(*lines(args.repo, args.cabang, args.hub, args.halaman), sep="\n")
        except LinkError as err:
            print(t("cli_failed", error=err), file=sys.stderr)
            return 2
        return 0
    try:
        if args.command == "release":
            from lessons.teacher.release import build_release

            release = build_release(args.folder, args.pelajaran, args.soal, args.judul, args.batas, force=args.timpa,
                                    mode=args.mode, exam=args.ujian)
            if release.leaks:
                print(t("cli_release_unsafe"), *release.leaks, sep="\n- ")
                return 2
            print(t("cli_release_done", folder=release.folder, lessons=", ".join(release.lessons),
                    count=len(release.exercises), points=points(release.total_points)))
            exam = sum(1 for ex in release.exercises if ex.get("mode") == "ujian")
            print(t("cli_release_modes", latihan=len(release.exercises) - exam, ujian=exam))
            print(t("cli_release_clean"))
            return 0
        if args.command == "grade":
            from lessons.teacher.gradebook import write_outputs
            from lessons.teacher.grading import Assignment, grade

            assignment = Assignment.read(args.tugas)
            run = grade(args.kiriman, assignment, args.daftar, args.koreksi, progress=not args.tanpa_progres,
                        pattern=args.pola, count=args.nilai)
            paths = write_outputs(run, args.hasil)
            print(t("cli_grade_done", students=len(run.students), files=run.files, seconds=number(run.seconds, 1)))
            print(t("cli_grade_gradebook", xlsx=paths["xlsx"], csv=paths["csv"]))
            print(t("cli_grade_feedback", folder=paths["feedback"]))
            print(t("cli_grade_template", template=paths["template"]))
            if run.rejected_overrides:
                print(t("cli_grade_rejected"), *run.rejected_overrides, sep="\n- ")
            return 0
        if args.command == "blueprint":
            from lessons.teacher.blueprint import write

            paths = write(args.folder, args.pelajaran)
            print(t("cli_blueprint_done", csv=paths["csv"], html=paths["html"]))
            return 0
        if args.command == "lkpd":
            from lessons.teacher.worksheets import write as write_worksheets

            written = write_worksheets(args.folder, args.pelajaran)
            print(t("cli_lkpd_done", count=len(written), folder=args.folder))
            return 0
        if args.command == "plan":
            from lessons.teacher.planning import write as write_plans

            written, pending = write_plans(args.folder)
            print(t("cli_plan_done", count=len(written), folder=args.folder))
            if pending:
                print(t("cli_plan_pending"), *pending, sep="\n- ")
            return 0
    except (ReleaseError, GradingError, BlueprintError, WorksheetError, PlanError, DataFileError, BankError) as err:
        print(t("cli_failed", error=err), file=sys.stderr)
        return 2
    except OSError as err:
        reason = next((t(key) for kind, key in OS_REASONS.items() if isinstance(err, kind)), err.strerror)
        print(t("cli_failed", error=t("cli_os_error", file=err.filename or "", reason=reason)), file=sys.stderr)
        return 2
    return 2


if __name__ == "__main__":
    sys.exit(main())
