"""What a grading run writes: the gradebook (nilai.xlsx, nilai.csv), one
feedback page per student, the correction template and a report."""

from __future__ import annotations


import csv
import datetime as _dt
import re
from pathlib import Path

from lessons.core.formatting import number, points
from lessons.engine.bank import load_bank
from lessons.engine.model import Exercise, Result
from lessons.teacher.pages import render
from lessons.teacher.grading import Assignment, GradeRun, StudentRecord
from lessons.teacher.release import course_of
from lessons.text import STRINGS as _TEXT_KEYS, t

# columns of the gradebook (Indonesian headers)
COL_NAME, COL_FILES, COL_STATUS = t("gb_col_name"), t("gb_col_files"), t("gb_col_status")
COL_TOTAL, COL_MAX, COL_PERCENT, COL_REVIEW = t("gb_col_total"), t("gb_col_max"), t("gb_col_percent"), t("gb_col_review")
ICONS = {"benar": "✔", "sebagian": "◐", "salah": "✘", "perlu_diperiksa": "✎"}




# --------------------------------------------------------------------------
# outputs


def _status(record: StudentRecord, assignment: Assignment) -> str:
    answered = sum(1 for ex_id in assignment.exercises if record.results.get(ex_id) and record.results[ex_id].status != "kosong")
    parts = [t("grade_answered", answered=answered, total=len(assignment.exercises))] if record.files else []
    parts += record.notes
    if record.overrides:
        parts.append(t("grade_overridden", count=len(record.overrides)))
    return "; ".join(parts)


def _safe_cell(text: str) -> str:
    """Keep spreadsheet programs from reading text as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def gradebook_rows(run: GradeRun) -> tuple[list[str], list[list]]:
    header = [COL_NAME, COL_FILES, COL_STATUS, *run.assignment.exercises, COL_TOTAL, COL_MAX, COL_PERCENT, COL_REVIEW]
    rows = []
    maximum = sum(run.assignment.exercises.values())
    for record in run.students:
        scores = [round(record.score(ex_id), 2) for ex_id in run.assignment.exercises]
        total = round(sum(scores), 2)
        review = sum(1 for ex_id, r in record.results.items()
                     if r.needs_review and r.status != "kosong" and ex_id not in record.overrides)
        rows.append([_safe_cell(record.name), _safe_cell(", ".join(record.files)), _safe_cell(_status(record, run.assignment)),
                     *scores, total, maximum, round(100 * total / maximum, 1) if maximum else 0.0, review])
    return header, rows


def write_gradebook(run: GradeRun, out: Path) -> dict[str, Path]:
    """nilai.csv (UTF-8 with BOM, comma, dot decimals) and nilai.xlsx."""
    out.mkdir(parents=True, exist_ok=True)
    header, rows = gradebook_rows(run)
    csv_path = out / "nilai.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(rows)
    xlsx_path = out / "nilai.xlsx"
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = t("gb_sheet_title")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "D2"
    book.properties.creator = t("teacher_course_title")
    book.save(xlsx_path)
    return {"csv": csv_path, "xlsx": xlsx_path}


def feedback_html(record: StudentRecord, run: GradeRun, banks: dict[str, Exercise]) -> str:
    """One student's feedback page: what was right, hints for the rest; never a key."""
    rows = []
    for ex_id, maximum in run.assignment.exercises.items():
        result: Result | None = record.results.get(ex_id)
        if result is None or ex_id not in banks:
            continue
        score = record.score(ex_id)
        if ex_id in record.overrides:
            note = record.overrides[ex_id][1]
            message = t("fb_teacher_score", score=points(score), points=points(maximum))
            if note:
                message += " " + t("fb_teacher_note", note=note)
        else:
            message = result.message  # wrong answers too: the engine's message names no key
        status = f"fb_status_{result.status}"
        rows.append({"id": ex_id, "icon": ICONS.get(result.status, "⚠"), "score": score, "points": maximum,
                     "status": t(status) if status in _TEXT_KEYS else result.status.replace("_", " "),
                     "lines": message.split("\n")})
    _header, table_rows = gradebook_rows(GradeRun(run.assignment, [record], [], 0, 0))
    total, maximum, share = table_rows[0][-4], table_rows[0][-3], table_rows[0][-2]
    return render("feedback.html", name=record.name, title=run.assignment.title, total=total, maximum=maximum,
                  share=share, status=_status(record, run.assignment), rows=rows)


def page_file_name(name: str) -> str:
    safe = re.sub(r"[^\w\-]+", "_", name, flags=re.UNICODE).strip("_")
    return (safe or t("gb_default_student"))[:80]


def write_outputs(run: GradeRun, out: Path, root=None) -> dict[str, Path]:
    """Gradebook, feedback pages, correction template and a report."""
    root = course_of(root)
    paths = write_gradebook(run, Path(out))
    banks: dict[str, Exercise] = {}
    for lesson in run.assignment.lessons:
        banks.update(load_bank(lesson, root.bank_path(lesson)))
    folder = Path(out) / "umpan-balik"
    folder.mkdir(exist_ok=True)
    used = set()
    for record in run.students:
        name = page_file_name(record.name)
        while name in used:
            name += "_"
        used.add(name)
        (folder / f"{name}.html").write_text(feedback_html(record, run, banks), encoding="utf-8")
    template = Path(out) / "koreksi-nilai-contoh.csv"
    with open(template, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([t("override_col_student"), t("override_col_exercise"), t("override_col_draft"),
                         t("override_col_score"), t("override_col_note")])
        for record in run.students:
            for ex_id, result in record.results.items():
                if result.needs_review and result.status != "kosong":
                    writer.writerow([_safe_cell(record.name), ex_id, result.score, "", ""])
    report = Path(out) / "laporan.txt"
    lines = [t("report_title", title=run.assignment.title),
             t("report_time", time=_dt.datetime.now().isoformat(timespec="seconds")),
             t("report_summary", files=run.files, students=len(run.students), seconds=number(run.seconds, 2)), ""]
    lines += [f"- {r.name}: {_status(r, run.assignment)}" for r in run.students]
    if run.rejected_overrides:
        lines += ["", t("report_rejected")] + [f"- {x}" for x in run.rejected_overrides]
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    paths.update({"feedback": folder, "template": template, "report": report})
    return paths
