"""The teacher's question grid (kisi-kisi), as CSV and HTML.

One row per exercise: lesson, learning objective, indicator, cognitive level,
form, number, question, key and points, followed by a recap by cognitive level
and by form. Keys are written as a teacher reads them (the option's text, the
statement's verdict, the matched pair's words, a number with its unit), never
as internal codes. Points are written the Indonesian way ("1,5"). It shows the
keys, so it is for the teacher only and is never part of a release.
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
          t("bp_col_id"), t("bp_col_question"), t("bp_col_key"), t("bp_col_testlet"), t("bp_col_points")]
RECAP_HEADER = [t("bp_recap_group"), t("bp_recap_count"), t("bp_col_points")]


class BlueprintError(Exception):
    """No kisi-kisi can be made (nothing to list); ``str()`` is Indonesian."""


def key_text(ex) -> str:
    """The key in words: "B. Sekretariat ASEAN", "1. Salah; 2. Benar",
    "1. AHA Centre → d. penanggulangan bencana", "8 lembaga atau program".

    Each question form writes its own (``Form.key_text``), so no form is named here."""
    return form_of(ex).key_text(ex)


def _question(ex) -> str:
    return " ".join(ex.question.split())


def rows(lessons: list[str] | None = None, root=None) -> list[list]:
    """One row per exercise (points as a number)."""
    root = course_of(root)
    out = []
    for lesson in lessons or available_lessons(root):
        bank = load_bank(lesson, root.bank_path(lesson))
        for ex in bank.values():
            objective = f"{ex.objective}: {bank.objectives.get(ex.objective, '')}" if ex.objective else ""
            testlet = t("bp_testlet_cell", id=f"{lesson}-{ex.testlet.id}", title=ex.testlet.title) if ex.testlet else ""
            out.append([f"{lesson} {bank.title}", objective, ex.indicator, LEVEL_NAMES[ex.level],
                        FORM_NAMES[ex.form], ex.id, _question(ex), key_text(ex), testlet, ex.points])
    return out


def recap(table: list[list]) -> tuple[list[list], list[list]]:
    """(by level, by form): [name, number of exercises, points] each, with a total row.
    (The items of each testlet: :func:`testlet_recap`.)"""
    def group(column: int, order: list[str]) -> list[list]:
        found: dict[str, list[float]] = {}
        for row in table:
            found.setdefault(row[column], []).append(row[-1])
        named = [name for name in order if name in found] + [n for n in found if n not in order]
        result = [[name, len(found[name]), sum(found[name])] for name in named]
        return result + [[t("bp_recap_total"), len(table), sum(r[-1] for r in table)]]

    return group(3, list(LEVEL_NAMES.values())), group(4, list(FORM_NAMES.values()))


TESTLET_COLUMN = 8


def testlet_recap(table: list[list]) -> list[list]:
    """The items grouped by testlet: [testlet, number of exercises, points], with a total row; [] without testlets."""
    found: dict[str, list[float]] = {}
    for row in table:
        if row[TESTLET_COLUMN]:
            found.setdefault(row[TESTLET_COLUMN], []).append(row[-1])
    if not found:
        return []
    rows = [[name, len(p), sum(p)] for name, p in found.items()]
    return rows + [[t("bp_recap_total"), sum(r[1] for r in rows), sum(r[2] for r in rows)]]


def write(out: Path, lessons: list[str] | None = None, root=None) -> dict[str, Path]:
    """kisi-kisi.csv, kisi-kisi-rekap.csv and kisi-kisi.html in ``out``; BlueprintError (and nothing
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
    by_level, by_form = recap(table)
    recaps = [(t("bp_recap_level"), by_level), (t("bp_recap_form"), by_form)]
    by_testlet = testlet_recap(table)
    if by_testlet:
        recaps.append((t("bp_recap_testlet"), by_testlet))
    shown = [[*row[:-1], points(row[-1])] for row in table]
    csv_path = out / "kisi-kisi.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(shown)
    recap_path = out / "kisi-kisi-rekap.csv"
    with open(recap_path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for title, part in recaps:
            writer.writerow([title])
            writer.writerow(RECAP_HEADER)
            writer.writerows([[name, count, points(total)] for name, count, total in part])
            writer.writerow([])
    html_path = out / "kisi-kisi.html"
    html_path.write_text(render("blueprint.html", header=HEADER, rows=shown, recap_header=RECAP_HEADER,
                                recaps=recaps),
                         encoding="utf-8")
    return {"csv": csv_path, "recap": recap_path, "html": html_path}
