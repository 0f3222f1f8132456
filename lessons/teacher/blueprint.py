"""The teacher's question grid (kisi-kisi), as CSV and HTML.

One row per exercise: lesson, learning objective, indicator, cognitive level,
form, id, key and points. It shows the keys, so it is for the teacher only and
is never part of a release.
"""

from __future__ import annotations

import csv
from pathlib import Path

from lessons.core.formatting import points
from lessons.engine.bank import load_bank
from lessons.engine.forms import form_of
from lessons.teacher.pages import render
from lessons.teacher.release import available_lessons, course_of
from lessons.text import FORM_NAMES, LEVEL_NAMES, t

HEADER = [t("bp_col_lesson"), t("bp_col_objective"), t("bp_col_indicator"), t("bp_col_level"), t("bp_col_form"),
          t("bp_col_id"), t("bp_col_key"), t("bp_col_points")]


class BlueprintError(Exception):
    """No kisi-kisi can be made (nothing to list); ``str()`` is Indonesian."""


def key_text(ex) -> str:
    return form_of(ex).key_text(ex)


def rows(lessons: list[str] | None = None, root=None) -> list[list]:
    root = course_of(root)
    out = []
    for lesson in lessons or available_lessons(root):
        bank = load_bank(lesson, root.bank_path(lesson))
        for ex in bank.values():
            objective = f"{ex.objective}: {bank.objectives.get(ex.objective, '')}" if ex.objective else ""
            out.append([f"{lesson} {bank.title}", objective, ex.indicator, LEVEL_NAMES[ex.level],
                        FORM_NAMES[ex.form], ex.id, key_text(ex), ex.points])
    return out


def write(out: Path, lessons: list[str] | None = None, root=None) -> dict[str, Path]:
    """kisi-kisi.csv and kisi-kisi.html in ``out``; BlueprintError (and nothing
    written) when there is no exercise to list."""
    root = course_of(root)
    chosen = lessons or available_lessons(root)
    if not chosen:
        raise BlueprintError(t("teacher_no_banks", folder=root.root))
    table = rows(chosen, root)
    if not table:
        raise BlueprintError(t("bp_empty", lessons=", ".join(chosen)))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    csv_path = out / "kisi-kisi.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(table)
    shown = [[*row[:-1], points(row[-1])] for row in table]
    html_path = out / "kisi-kisi.html"
    html_path.write_text(render("blueprint.html", header=HEADER, rows=shown), encoding="utf-8")
    return {"csv": csv_path, "html": html_path}
