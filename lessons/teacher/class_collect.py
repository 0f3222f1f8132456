"""Meja Guru's "Kumpulkan dari server kelas": grade straight from the
students' home folders on the class server.

Nothing is uploaded, copied or renamed. For every account in the class
folder's ``akun.csv`` the answer sheets in ``rumah/<akun>/kursus/notebooks/``
are listed with :func:`lessons.teacher.submissions.discover` (read-only, no
link followed: a home, course or notebooks folder that is a link is one
``link`` entry, never entered) and graded by
:func:`lessons.teacher.grading.grade` exactly as uploaded sheets are (the same
safe reader: size caps, bounded parsing, one row per roster name). The
account names map to the roster's names through a roster written into the
teacher's workspace (``nama`` = the roster name, ``berkas`` = the account).
"""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

from lessons.deploy.hub import ACCOUNTS_FILE, COURSE_IN_HOME, KELAS_ENV, read_accounts
from lessons.teacher.grading import GradingError
from lessons.teacher.submissions import SHEET_NAME, Entry, discover
from lessons.text import t

ROSTER_NAME = "daftar-server-kelas.csv"


class ClassCollectError(GradingError):
    """Not on a class server, or its class folder cannot be read; ``str()`` is Indonesian."""


def class_folder(folder=None) -> Path:
    """The class server's folder (``KSSA_KELAS_DIR``, set for the teacher's server by the hub)."""
    value = folder or os.environ.get(KELAS_ENV)
    if not value:
        raise ClassCollectError(t("class_collect_not_here"))
    path = Path(value)
    if not (path / ACCOUNTS_FILE).is_file():
        raise ClassCollectError(t("class_collect_no_accounts", folder=path))
    return path


def _link_on_the_way(home: Path, account: str) -> Entry | None:
    """A home, course or notebooks folder that is a link (or not a folder) is never entered."""
    path = home
    parts = [account]
    for part in (None, COURSE_IN_HOME, "notebooks"):
        if part:
            path, parts = path / part, [*parts, part]
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return Entry(tuple(parts), os.fsencode(path), "missing")
        except OSError:
            return Entry(tuple(parts), os.fsencode(path), "folder_unreadable")
        if stat.S_ISLNK(mode):
            return Entry(tuple(parts), os.fsencode(path), "link")
        if not stat.S_ISDIR(mode):
            return Entry(tuple(parts), os.fsencode(path), "special")
    return None


def class_entries(kelas: Path, accounts: dict[str, str]) -> list[Entry]:
    """The answer sheets of every account, as entries of one student folder per account."""
    homes = Path(kelas) / "rumah"
    found: list[Entry] = []
    for account in sorted(accounts):
        blocked = _link_on_the_way(homes / account, account)
        if blocked is not None:
            if blocked.kind != "missing":  # a student who never logged in simply has no sheet
                found.append(blocked)
            continue
        for entry in discover(homes / account / COURSE_IN_HOME / "notebooks", max_depth=0):
            if entry.kind == "deep" or not SHEET_NAME.search(entry.name) or not entry.name.lower().endswith(".json"):
                continue  # the lessons' notebooks and other files are the release's, not answers
            entry.parts = (account, *entry.parts)
            found.append(entry)
    return found


def write_roster(path: Path, accounts: dict[str, str]) -> Path:
    """A roster for the grader: the roster names, each with its account as the name in its files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow([t("roster_col_name"), t("roster_col_file")])
        for account, name in sorted(accounts.items(), key=lambda item: item[1]):
            out.writerow([name, account])
    return path


def grade_class(desk, assignment_path: Path | None, kelas=None, step=None):
    """Grade every student of the class server into ``desk`` (its results,
    essays and downloads then work as after an ordinary grading run)."""
    kelas = class_folder(kelas)
    accounts = read_accounts(kelas)
    roster = write_roster(desk.folder / ROSTER_NAME, accounts)
    run = desk.grade_folder(kelas / "rumah", assignment_path, roster, step, entries=class_entries(kelas, accounts))

    def regrade():  # Periksa uraian saves a score: grade this class again, from the homes
        if desk.run is run:
            return grade_class(desk, assignment_path, kelas)
        return type(desk).regrade(desk)

    desk.regrade = regrade
    return run
