"""Where the course is: ONE rule for data, exercise banks and answer sheets.

A *course folder* holds ``data/datapackage.json`` (with this course's
package name), ``data/exercises/NN.yml`` and usually ``notebooks/``. The
``lessons`` package is code only; it finds its course folder, in order:

1. ``$KSSA_DATA_DIR``: a data folder (tests point it at a copy of ``data/``);
   the course folder is its parent;
2. ``$KSSA_COURSE_DIR``: a course folder;
3. the working folder or any folder above it (a notebook runs in
   ``notebooks/``, a teacher's command in the course folder). This is what
   makes a student release use its own sealed banks even where the package
   was installed from the teacher's checkout;
4. the folder above the package (a checkout with ``pip install -e .``).

When none holds a course, :func:`course` raises :class:`CourseNotFoundError`
with one Indonesian sentence naming the folders it looked in, so no command
ever writes an empty gradebook or kisi-kisi.

Answer sheets are separate: they live next to the notebook that writes them,
``$KSSA_ANSWER_DIR`` or the working folder (:func:`answer_dir`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from lessons.core.errors import CourseNotFoundError
from lessons.text import t

DATA_ENV = "KSSA_DATA_DIR"
COURSE_ENV = "KSSA_COURSE_DIR"
ANSWER_ENV = "KSSA_ANSWER_DIR"
PACKAGE_FILE = "datapackage.json"
COURSE_PACKAGE_NAME = "kerja-sama-sosial-asean"
PACKAGE_PARENT = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class CourseDir:
    """A course folder and the places inside it."""

    root: Path
    data: Path

    @property
    def banks(self) -> Path:
        return self.data / "exercises"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    def bank_path(self, lesson: str) -> Path:
        return self.banks / f"{lesson}.yml"

    def lessons(self) -> list[str]:
        """The lesson numbers that have a bank ("00", "01", ...)."""
        return sorted(p.stem for p in self.banks.glob("[0-9][0-9].yml"))


def is_course_data(folder: Path) -> bool:
    """True when ``folder`` holds this course's ``datapackage.json``."""
    try:
        doc = json.loads((Path(folder) / PACKAGE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and doc.get("name") == COURSE_PACKAGE_NAME


def _chosen() -> list[Path]:
    """The data folders named by the environment (taken as they are, even
    with a damaged ``datapackage.json``, so its error can be shown)."""
    found = []
    env = os.environ.get(DATA_ENV)
    if env:
        found.append(Path(env))
    env = os.environ.get(COURSE_ENV)
    if env:
        found.append(Path(env) / "data")
    return found


def candidates(start: Path | None = None) -> list[Path]:
    """The data folders looked at, in order (see the module docstring)."""
    found = _chosen()
    here = Path(start or Path.cwd()).resolve()
    found += [p / "data" for p in (here, *here.parents)]
    found.append(PACKAGE_PARENT / "data")
    return found


def course(start: Path | None = None) -> CourseDir:
    """The course folder, found by the one rule above."""
    looked = candidates(start)
    chosen = _chosen()
    for data in looked:
        if (data in chosen and (data / PACKAGE_FILE).is_file()) or is_course_data(data):
            return CourseDir(data.parent, data)
    here = Path(start or Path.cwd()).resolve()
    above = {p / "data" for p in here.parents}
    shown = [str(p) for p in looked if p not in above]  # the folders above the working folder go unnamed
    raise CourseNotFoundError(t("data_dir_missing", where=", ".join(dict.fromkeys(shown))))


def course_at(root: Path) -> CourseDir:
    """The course folder ``root`` itself; CourseNotFoundError if it holds none."""
    data = Path(root) / "data"
    if not is_course_data(data):
        raise CourseNotFoundError(t("data_dir_missing", where=str(data)))
    return CourseDir(Path(root), data)


def answer_dir() -> Path:
    """Where answer sheets live: ``$KSSA_ANSWER_DIR`` or the notebook's folder."""
    env = os.environ.get(ANSWER_ENV)
    return Path(env) if env else Path.cwd()
