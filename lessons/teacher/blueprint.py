"""The teacher's question grid (kisi-kisi), as CSV and HTML.

One row per exercise: lesson, learning objective, indicator, cognitive level,
form, id, key and points. It shows the keys, so it is for the teacher only and
is never part of a release.
"""

from __future__ import annotations

import csv
import json
from html import escape
from pathlib import Path

from lessons.engine.exercises import read_yaml, load_bank
from lessons.teacher.key_notebooks import right_answer
from lessons.teacher.release import available_lessons, course_of
from lessons.text import FORM_NAMES, LEVEL_NAMES

HEADER = ["Pelajaran", "Tujuan pembelajaran", "Indikator soal", "Level kognitif", "Bentuk soal", "Nomor soal", "Kunci", "Poin"]


def key_text(ex) -> str:
    if ex.form == "uraian":
        return "Rubrik: " + "; ".join(f"{c['label']} ({c['points']:g})" for c in ex.teacher["rubric"])
    answer = right_answer(ex)
    if ex.form == "menjodohkan":
        return ", ".join(f"{k}→{v}" for k, v in answer.items())
    if ex.form == "benar_salah":
        return ", ".join(f"{i}. {a}" for i, a in enumerate(answer, start=1))
    if isinstance(answer, list):
        return ", ".join(map(str, answer))
    if ex.form == "isian":
        return " / ".join(ex.teacher.get("accepted", [answer]))
    if ex.form == "data" and ex.answer_type == "pilihan":
        return f"{answer} ({ex.options.get(answer, '')})"
    return json.dumps(answer, ensure_ascii=False) if not isinstance(answer, str) else answer


def rows(lessons: list[str] | None = None, root=None) -> list[list]:
    root = course_of(root)
    out = []
    for lesson in lessons or available_lessons(root):
        path = root.bank_path(lesson)
        doc = read_yaml(path.read_text(encoding="utf-8"))
        objectives = doc.get("objectives", {}) or {}
        for ex in load_bank(lesson, path).values():
            objective = f"{ex.objective}: {objectives.get(ex.objective, '')}" if ex.objective else ""
            out.append([f"{lesson} {doc.get('title', '')}", objective, ex.indicator, LEVEL_NAMES[ex.level],
                        FORM_NAMES[ex.form], ex.id, key_text(ex), ex.points])
    return out


def write(out: Path, lessons: list[str] | None = None, root=None) -> dict[str, Path]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    table = rows(lessons, root)
    csv_path = out / "kisi-kisi.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(table)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in table)
    head = "".join(f"<th>{escape(h)}</th>" for h in HEADER)
    html_path = out / "kisi-kisi.html"
    html_path.write_text(
        "<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>Kisi-kisi soal</title>"
        "<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:4px 6px;"
        "vertical-align:top;text-align:left}th{background:#eef2f7}</style></head><body>"
        f"<h1>Kisi-kisi soal — Kerja Sama Sosial ASEAN</h1><p>Untuk guru. Berisi kunci jawaban: jangan dibagikan.</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>\n",
        encoding="utf-8")
    return {"csv": csv_path, "html": html_path}
