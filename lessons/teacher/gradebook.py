"""What a grading run writes.

* ``nilai.xlsx`` — sheets *Nilai* (name, total, percentage, one subtotal per
  lesson, status), *Rincian* (one column per exercise), *Ringkasan* (class
  averages per lesson and per cognitive level) and *Analisis butir*;
* ``nilai.csv`` (UTF-8 with BOM, comma, decimal point: every column, for any
  program) and ``nilai-excel-indonesia.csv`` (semicolon, decimal comma: opens
  in columns in Excel set to Indonesian);
* ``umpan-balik/NAMA.html``, one page per student; ``analisis-butir.html``;
* ``koreksi-nilai-contoh.csv`` and ``laporan.txt``.

Output safety: text from students (names, file names, answers) never becomes
a formula (OWASP, "CSV Injection": a cell starting with = + - @ TAB or CR,
also after leading spaces or quotes, is prefixed with ``'`` in CSV; in the
xlsx every text cell is typed as text and marked quote-prefixed), control
characters are removed, a cell stays within Excel's 32.767 characters (with a
note where text was cut), a line of ``laporan.txt`` is always one line, and
page names are unique even where the file system ignores case. The files a
run writes are listed in ``.kssa-hasil.json``; the next run into the same
folder removes exactly those (and nothing else) before writing anew.
"""

from __future__ import annotations

import csv
import datetime as _dt
import difflib
import json
import re
from pathlib import Path

from markupsafe import Markup, escape

from lessons.core.formatting import number, points
from lessons.engine.bank import load_bank
from lessons.engine.forms import form_of
from lessons.engine.id_migration import ID_SCHEME
from lessons.engine.model import Exercise, Result, is_empty
from lessons.teacher import item_analysis
from lessons.teacher.pages import render
from lessons.teacher.grading import Assignment, GradeRun, StudentRecord
from lessons.teacher.release import course_of
from lessons.text import LEVEL_NAMES, STRINGS as _TEXT_KEYS, t

# columns of the full table (nilai.csv; Indonesian headers)
COL_NAME, COL_FILES, COL_STATUS = t("gb_col_name"), t("gb_col_files"), t("gb_col_status")
COL_TOTAL, COL_MAX, COL_PERCENT, COL_REVIEW = t("gb_col_total"), t("gb_col_max"), t("gb_col_percent"), t("gb_col_review")
ICONS = {"benar": "✔", "sebagian": "◐", "salah": "✘", "perlu_diperiksa": "✎", "dinilai_guru": "✍"}

EXCEL_MAX = 32_767  # characters in one Excel cell
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP, CSV Injection
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
SURROGATES = re.compile(r"[\ud800-\udfff]")
SHORT_QUESTION = 70  # characters of a question's text beside its id in the gradebook
MANIFEST = ".kssa-hasil.json"
PAGE_MARK = '<meta name="generator" content="kssa-umpan-balik">'
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


# --------------------------------------------------------------------------
# safe text


def clean_text(value, limit: int = EXCEL_MAX, one_line: bool = False) -> str:
    """``value`` as text without control characters, at most ``limit``
    characters (a note says where it was cut); ``one_line`` folds every
    line break and tab into a space."""
    text = "" if value is None else str(value)
    text = SURROGATES.sub("\ufffd", text)  # lone surrogates: no file can hold them
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = CONTROL.sub("", text)
    text = re.sub(r"\s+", " ", text).strip() if one_line else text.replace("\t", " ")
    if len(text) > limit:
        note = t("gb_cut_note", n=number(len(text)))
        text = text[: max(0, limit - len(note) - 1)] + " " + note
    return text


def formula_like(text: str) -> bool:
    """Would a spreadsheet read ``text`` as a formula (also after leading spaces or quotes)?"""
    return text[:1] in FORMULA_START or text.lstrip(" \t\r\n\u00a0\"'")[:1] in FORMULA_START


def csv_cell(value):
    """A CSV cell: numbers stay numbers, text is cleaned and never a formula."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = clean_text(value, EXCEL_MAX - 1)
    return "'" + text if formula_like(text) else text


def _safe_cell(text: str) -> str:  # kept for callers of the old name
    return csv_cell(text)


def one_line(value) -> str:
    """Text for one line of laporan.txt (no line can be added from inside)."""
    return clean_text(value, 2000, one_line=True)


# --------------------------------------------------------------------------
# the numbers


def answered(result: Result | None) -> bool:
    """Did the student give an answer (right, wrong or unreadable)?"""
    return result is not None and result.status != "kosong"


def cell_score(record: StudentRecord, ex_id: str):
    """The score, or None (a blank cell) when the item was not answered."""
    if ex_id in record.overrides:
        return round(record.overrides[ex_id][0], 2)
    return round(record.score(ex_id), 2) if answered(record.results.get(ex_id)) else None


def cell_scores(run: GradeRun, record: StudentRecord) -> dict:
    """``cell_score`` of every assigned exercise of ``record``, computed once
    per run (the CSVs, two sheets and the feedback page all need them).
    Corrections are applied by the grading run, before anything is written;
    a record's corrections changed later start a new memo."""
    fingerprint = (id(run.students), len(run.students), run.count)
    memo = getattr(run, "_kssa_cells", None)
    if memo is None or memo[0] != fingerprint:
        memo = (fingerprint, {})
        run._kssa_cells = memo
    key = id(record)
    overrides = tuple(sorted(record.overrides.items()))
    if key not in memo[1] or memo[1][key][1] != overrides:
        memo[1][key] = (record, overrides, {ex_id: cell_score(record, ex_id) for ex_id in run.assignment.exercises})
    return memo[1][key][2]


def _answered_count(record: StudentRecord, assignment: Assignment) -> int:
    return sum(1 for ex_id in assignment.exercises if answered(record.results.get(ex_id)))


def _review_count(record: StudentRecord) -> int:
    return sum(1 for ex_id, r in record.results.items()
               if r.needs_review and r.status != "kosong" and ex_id not in record.overrides)


def _status(record: StudentRecord, assignment: Assignment, suggestions: list[str] | None = None) -> str:
    parts = [t("grade_answered", answered=_answered_count(record, assignment), total=len(assignment.exercises))] if record.files else []
    parts += record.notes
    if record.overrides:
        parts.append(t("grade_overridden", count=len(record.overrides)))
    if suggestions:
        parts.append(t("gb_roster_suggest", names=", ".join(suggestions)))
    return "; ".join(parts)


def lesson_of_exercise(ex_id: str) -> str:
    return ex_id.split("-")[0]


def lesson_exercises(assignment: Assignment) -> dict[str, list[str]]:
    """lesson -> its assigned exercise ids, in order."""
    out: dict[str, list[str]] = {}
    for ex_id in assignment.exercises:
        out.setdefault(lesson_of_exercise(ex_id), []).append(ex_id)
    return out


def suggest_roster_names(records: list[StudentRecord], roster_names: list[str], limit: int = 3) -> dict[str, list[str]]:
    """For each record with files whose name is not on the roster, the closest
    roster names (difflib), so the teacher can fix the roster instead of
    renaming files. Keyed by the record's ``key``."""
    if not roster_names:
        return {}
    folded = {name.casefold(): name for name in roster_names}
    out = {}
    for record in records:
        if not record.files or record.name in roster_names:
            continue
        close = difflib.get_close_matches(record.name.casefold(), list(folded), n=limit, cutoff=0.4)
        if not close:  # "budi" for "Budi Santoso": a name that starts the same
            close = [k for k in folded if k.split()[:1] == record.name.casefold().split()[:1]][:limit]
        if close:
            out[record.key] = [folded[c] for c in close]
    return out


def _roster_of(run: GradeRun) -> list[str]:
    """The roster's names: given by the run, or the students the grader did not mark as missing from it."""
    given = getattr(run, "roster", None)
    if given:
        return list(given.values()) if isinstance(given, dict) else list(given)
    note = t("grade_not_in_roster")
    if not any(note in r.notes for r in run.students):
        return []
    return [r.name for r in run.students if note not in r.notes]


def _suggestions(run: GradeRun) -> dict[str, list[str]]:
    """:func:`suggest_roster_names` for a run, computed once for the CSVs, the
    sheets and the report (again only when names, files or the roster changed)."""
    roster = _roster_of(run)
    fingerprint = (tuple((r.key, r.name, bool(r.files)) for r in run.students), tuple(roster))
    memo = getattr(run, "_kssa_suggestions", None)
    if memo is None or memo[0] != fingerprint:
        memo = (fingerprint, suggest_roster_names(run.students, roster))
        run._kssa_suggestions = memo
    return memo[1]


def gradebook_rows(run: GradeRun) -> tuple[list[str], list[list]]:
    """The full table (nilai.csv): name, files, status, one column per
    exercise (blank when not answered), total, maximum, percentage (0–100), essays to review."""
    header = [COL_NAME, COL_FILES, COL_STATUS, *run.assignment.exercises, COL_TOTAL, COL_MAX, COL_PERCENT, COL_REVIEW]
    rows = []
    maximum = sum(run.assignment.exercises.values())
    suggestions = _suggestions(run)
    for record in run.students:
        scores = list(cell_scores(run, record).values())
        total = round(sum(s for s in scores if s is not None), 2)
        rows.append([record.name, ", ".join(record.files), _status(record, run.assignment, suggestions.get(record.key)),
                     *scores, total, maximum, round(100 * total / maximum, 1) if maximum else 0.0, _review_count(record)])
    return header, rows


def _banks_for(assignment: Assignment, root) -> dict[str, Exercise]:
    banks: dict[str, Exercise] = {}
    for lesson in assignment.lessons:
        banks.update(load_bank(lesson, root.bank_path(lesson)))
    return banks


def _attempt_columns(run: GradeRun) -> set[str]:
    """Exercises where some student needed more than one try (when the records know their attempts)."""
    found = set()
    for record in run.students:
        attempts = getattr(record, "attempts", None)
        if not callable(attempts):
            return set()
        for ex_id in run.assignment.exercises:
            try:
                if (attempts(ex_id) or 0) > 1:
                    found.add(ex_id)
            except (KeyError, TypeError, ValueError):
                continue
    return found


def _first_score(record: StudentRecord, ex_id: str):
    first = getattr(record, "first_score", None)
    if not callable(first) or not answered(record.results.get(ex_id)):
        return None
    value = first(ex_id)
    return None if value is None else round(float(value), 2)


def sheets(run: GradeRun, banks: dict[str, Exercise], analysis=None) -> dict[str, tuple[list, list[list]]]:
    """The xlsx sheets as (header, rows); percentages as fractions (0–1)."""
    assignment = run.assignment
    maximum = sum(assignment.exercises.values())
    per_lesson = lesson_exercises(assignment)
    suggestions = _suggestions(run)
    # Nilai
    header = [COL_NAME, t("gb_col_total_of", maximum=points(maximum)), COL_PERCENT,
              *[t("gb_col_lesson", lesson=lesson, maximum=points(sum(assignment.exercises[i] for i in ids)))
                for lesson, ids in per_lesson.items()], COL_REVIEW, COL_STATUS]
    main = []
    for record in run.students:
        scores = cell_scores(run, record)
        total = round(sum(s for s in scores.values() if s is not None), 2)
        subtotals = []
        for ids in per_lesson.values():
            got = [scores[i] for i in ids if scores[i] is not None]
            subtotals.append(round(sum(got), 2) if got else None)
        handed_in = bool(record.files)
        main.append([record.name, total if handed_in else None,
                     (total / maximum if maximum else 0.0) if handed_in else None, *subtotals,
                     _review_count(record) if handed_in else None,
                     _status(record, assignment, suggestions.get(record.key))])
    # Rincian
    tries = _attempt_columns(run)
    detail_header = [COL_NAME]
    for ex_id in assignment.exercises:
        detail_header.append(t("gb_col_exercise_final", exercise=ex_id) if ex_id in tries else ex_id)
        if ex_id in tries:
            detail_header.append(t("gb_col_exercise_first", exercise=ex_id))
    detail_header.append(COL_FILES)
    # a second header row: what each question asks, short (the full text is the id cell's comment)
    questions = [t("gb_row_question")]
    for ex_id in assignment.exercises:
        questions.append(short_question(banks.get(ex_id)))
        if ex_id in tries:
            questions.append(t("gb_row_question_first"))
    questions.append("")
    detail = [questions]
    for record in run.students:
        row = [record.name]
        scores = cell_scores(run, record)
        for ex_id in assignment.exercises:
            row.append(scores[ex_id])
            if ex_id in tries:
                row.append(_first_score(record, ex_id))
        row.append(", ".join(record.files))
        detail.append(row)
    # Ringkasan
    takers = [r for r in run.students if r.files]
    counted = [{i: r.score(i) for i in assignment.exercises} for r in takers]  # each score that counts, once
    summary = [[t("gb_summary_takers", count=len(takers), students=len(run.students))], [],
               [t("gb_col_lesson_plain"), t("gb_col_items"), COL_MAX, t("gb_col_mean"), t("gb_col_mean_percent")]]
    groups: list[tuple[str, list[str]]] = [(t("gb_lesson_label", lesson=lesson), ids) for lesson, ids in per_lesson.items()]
    for label, ids in [*groups, (t("gb_all_lessons"), list(assignment.exercises))]:
        summary.append(_summary_row(label, ids, counted, assignment))
    summary += [[], [t("gb_col_level"), t("gb_col_items"), COL_MAX, t("gb_col_mean"), t("gb_col_mean_percent")]]
    levels: dict[str, list[str]] = {}
    for ex_id in assignment.exercises:
        if ex_id in banks:
            levels.setdefault(banks[ex_id].level, []).append(ex_id)
    for level in sorted(levels):
        summary.append(_summary_row(LEVEL_NAMES.get(level, level), levels[level], counted, assignment))
    # Analisis butir
    analysis = analysis or item_analysis.from_run(run, banks)
    ia_header, ia_rows = item_analysis.table(analysis)
    ia_header = [ia_header[0], t("gb_col_question_short"), *ia_header[1:]]  # the question beside its id
    ia_rows = [[row[0], short_question(banks.get(row[0])), *row[1:]] for row in ia_rows]
    return {
        t("gb_sheet_title"): (header, main),
        t("gb_sheet_detail"): (detail_header, detail),
        t("gb_sheet_summary"): ([], summary),
        t("gb_sheet_items"): (ia_header, [[line] for line in item_analysis.summary_lines(analysis)] + [[]] + [ia_header] + ia_rows),
    }


def short_question(ex: Exercise | None, limit: int = SHORT_QUESTION) -> str:
    """The first words of a question's text, for a column or a header row ("" when unknown)."""
    if ex is None:
        return ""
    text = clean_text(ex.question, one_line=True)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",.;:")
    return cut + " …"


def _summary_row(label: str, ids: list[str], takers: list[dict], assignment: Assignment) -> list:
    """Items, maximum, mean score and mean share of ``ids``; ``takers``: each taker's scores (exercise -> score)."""
    most = sum(assignment.exercises[i] for i in ids)
    if not takers:
        return [label, len(ids), most, None, None]
    mean = sum(sum(scores[i] for i in ids) for scores in takers) / len(takers)
    return [label, len(ids), most, round(mean, 2), mean / most if most else None]


# --------------------------------------------------------------------------
# writing the gradebook


def _write_csv(path: Path, header: list, rows: list[list], delimiter: str = ",", decimal_comma: bool = False) -> None:
    def shown(value):
        value = csv_cell(value)
        if decimal_comma and isinstance(value, float):
            return str(int(value)) if value.is_integer() else repr(value).replace(".", ",")
        return value

    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
        writer.writerow([shown(h) for h in header])
        writer.writerows([[shown(v) for v in row] for row in rows])


def _excel_text(value) -> str:
    """:func:`clean_text` within Excel's cell limit, which counts UTF-16 units
    (a character outside the BMP, an emoji, counts twice)."""
    text = clean_text(value)
    if len(text) > EXCEL_MAX // 2 and len(text.encode("utf-16-le", "surrogatepass")) // 2 > EXCEL_MAX:
        note = t("gb_cut_note", n=number(len(text)))
        room = EXCEL_MAX - len(note) - 1
        text = text.encode("utf-16-le")[: 2 * room].decode("utf-16-le", errors="ignore") + " " + note
    return text


class _Workbook:
    """``nilai.xlsx``, written row by row with XlsxWriter (a class of 10,000
    students in seconds). Text is always written as text, never as a formula,
    and quote-prefixed where a spreadsheet would read it as one; numbers stay
    numbers; one cell format per combination of styles."""

    def __init__(self, path: Path):
        import xlsxwriter

        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "nan_inf_to_errors": True,
                                                    "strings_to_numbers": False, "strings_to_formulas": False,
                                                    "strings_to_urls": False})
        self.formats: dict[tuple, object] = {(False, False, False, False, False): None}

    def format(self, bold=False, italic=False, wrap=False, percent=False, quote=False):
        """The cell format: bold, italic grey, wrapped at the top, "0.0%", quote prefix (text stays text)."""
        key = (bold, italic, wrap, percent, quote)
        if key not in self.formats:
            spec = {"bold": bold} if bold else {}
            if italic:
                spec.update(italic=True, font_color="#444444")
            if wrap:
                spec.update(text_wrap=True, valign="top")
            if percent:
                spec["num_format"] = "0.0%"
            if quote:
                spec["quote_prefix"] = True
            self.formats[key] = self.book.add_format(spec)
        return self.formats[key]

    def sheet(self, name: str, header: list, rows: list[list], percent_columns=(), widths=None, freeze="B2",
              wrap=None, row_styles=None, heights=None, title_rows=(1, 1), comments=None) -> None:
        """One sheet: ``header`` (bold, wrapped) on row 1, then ``rows``. Rows and
        columns count from 1, as in Excel: ``percent_columns`` show numbers as
        "0.0%", ``widths`` fixes a column's width (the others fit their longest
        value, 8 to 60 characters), ``wrap`` wraps one column; ``row_styles`` makes
        a whole row (bold, italic); ``comments`` puts a note on a header cell;
        printed landscape, one page wide, ``title_rows`` on every page."""
        from xlsxwriter.utility import xl_cell_to_rowcol

        sheet = self.book.add_worksheet(name)
        columns = max([len(header)] + [len(r) for r in rows]) if (header or rows) else 0
        for c in range(1, columns + 1):
            if widths and c in widths:
                width = widths[c]
            else:
                longest = max([len(str(header[c - 1])) if c <= len(header) else 0]
                              + [len(str(r[c - 1])) for r in rows if c <= len(r) and r[c - 1] is not None and len(r) > 1])
                width = min(max(8, longest + 2), 60)
            sheet.set_column_pixels(c - 1, c - 1, round(width * 7))  # 7 pixels a character: Excel's width "width"
        for row, height in (heights or {}).items():
            sheet.set_row(row - 1, height)
        if freeze:
            sheet.freeze_panes(*xl_cell_to_rowcol(freeze))
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)  # as wide as one page, as long as it takes
        if header:
            sheet.repeat_rows(title_rows[0] - 1, title_rows[1] - 1)
        for column, text in (comments or {}).items():
            sheet.write_comment(0, column - 1, text, {"author": t("teacher_course_title"), "width": 320, "height": 160})
        lines = ([header] if header else []) + rows
        last = max((r for r, line in enumerate(lines) if line), default=-1)
        wrap_at = wrap - 1 if wrap else -1
        percents = {c - 1 for c in percent_columns}
        styles = {r - 1: style for r, style in (row_styles or {}).items()}
        write_number, write_string, write_blank, format = sheet.write_number, sheet.write_string, sheet.write_blank, self.format
        for r, line in enumerate(lines):
            head = r == 0 and bool(header)
            bold, italic = styles.get(r, (False, False))
            whole = columns if (bold or italic) else 0  # a styled row is styled across the sheet's width
            bold = bold or head
            plain = not (bold or italic or head)
            count = max(len(line), whole, wrap_at + 1 if r <= last else 0)
            for c in range(count):
                value = line[c] if c < len(line) else None
                wrapped = head or italic or c == wrap_at
                if value is None:
                    if c < whole or c == wrap_at or (head and c < len(line)):
                        write_blank(r, c, None, format(bold, italic, wrapped))
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    percent = not head and c in percents
                    write_number(r, c, value, None if plain and not wrapped and not percent
                                 else format(bold, italic, wrapped, percent))
                else:
                    text = _excel_text(value)
                    quote = formula_like(text)
                    fmt = None if plain and not wrapped and not quote else format(bold, italic, wrapped, False, quote)
                    if text:
                        write_string(r, c, text, fmt)
                    elif fmt is not None:
                        write_blank(r, c, None, fmt)

    def close(self, creator: str) -> None:
        self.book.set_properties({"author": creator})
        self.book.close()


def write_gradebook(run: GradeRun, out: Path, banks: dict[str, Exercise] | None = None, root=None,
                    analysis=None) -> dict[str, Path]:
    """nilai.csv, nilai-excel-indonesia.csv and nilai.xlsx in ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if banks is None:
        banks = _banks_for(run.assignment, course_of(root))
    header, rows = gradebook_rows(run)
    csv_path, csv_id_path = out / "nilai.csv", out / "nilai-excel-indonesia.csv"
    _write_csv(csv_path, header, rows)
    _write_csv(csv_id_path, header, rows, delimiter=";", decimal_comma=True)
    tables = sheets(run, banks, analysis)
    names = list(tables)
    xlsx_path = out / "nilai.xlsx"
    book = _Workbook(xlsx_path)
    main_header, main_rows = tables[names[0]]
    book.sheet(names[0], main_header, main_rows, percent_columns={main_header.index(COL_PERCENT) + 1},
               widths={len(main_header): 60}, wrap=len(main_header))
    detail_header, detail_rows = tables[names[1]]
    ids = list(run.assignment.exercises)
    comments = {}  # the id cell's comment: the full question
    for c, name in enumerate(detail_header, start=1):
        ex_id = next((i for i in ids if str(name).startswith(i)), None)
        if ex_id and ex_id in banks:
            comments[c] = clean_text(f"{ex_id}: {banks[ex_id].question.strip()}", 2000)
    # row 2 holds the question texts: wrapped, italic, printed on every page with the ids
    book.sheet(names[1], detail_header, detail_rows, widths={c: 18 for c in range(2, len(detail_header))},
               freeze="B3", row_styles={2: (False, True)}, heights={2: 64}, title_rows=(1, 2), comments=comments)
    summary_rows = tables[names[2]][1]
    labels = (t("gb_col_lesson_plain"), t("gb_col_level"))  # the header rows of its two tables, in bold
    book.sheet(names[2], [], summary_rows, percent_columns={5}, widths={1: 34, 2: 12, 3: 14, 4: 14, 5: 18}, freeze=None,
               row_styles={r: (True, False) for r, row in enumerate(summary_rows, start=1)
                           if row and row[0] is not None and _excel_text(row[0]) in labels})
    ia_header, ia_rows = tables[names[3]]
    head = ia_rows.index(ia_header) + 1  # the table's header row, under the per-test lines
    book.sheet(names[3], [], ia_rows, widths={1: 12, 2: 50, 3: 22, 4: 20, 5: 12, 6: 18, 7: 12, 8: 60, 9: 100},
               freeze=f"C{head + 1}", wrap=2, row_styles={head: (True, False)})
    book.close(t("teacher_course_title"))
    return {"csv": csv_path, "csv_id": csv_id_path, "xlsx": xlsx_path}


# --------------------------------------------------------------------------
# feedback pages


def answer_text(ex: Exercise, answer, status: str = "") -> str:
    """A student's own answer, readable: option text, "1. Benar", "1 → d", or what was typed."""
    if is_empty(answer):
        return t("fb_no_answer")
    if status == "tidak_valid":  # the engine could not read it (e.g. an essay too short to score)
        # typed text is shown (shortened, control characters removed); anything else is not echoed
        return clean_text(answer, 3000) if isinstance(answer, str) and answer.strip() else t("fb_unreadable_answer")
    try:  # each question form writes its own answers in words (Form.answer_text)
        shown = form_of(ex).answer_text(ex, answer)
    except (RecursionError, ValueError, TypeError):
        shown = t("fb_unreadable_answer")
    return clean_text(shown, 3000)


def _answer_text_once(cache: dict | None, ex: Exercise, answer, status: str) -> str:
    """:func:`answer_text`, computed once per distinct answer of a run (``cache``)."""
    if cache is None:
        return answer_text(ex, answer, status)
    try:
        memo = (ex.id, status, type(answer).__name__, repr(answer))
    except (RecursionError, ValueError):
        return answer_text(ex, answer, status)
    if memo not in cache:
        cache[memo] = answer_text(ex, answer, status)
    return cache[memo]


class _Row:
    """One row of a feedback page (the template reads its attributes; ``row["html"]`` works too)."""

    __slots__ = ("id", "testlet", "html", "answered")

    def __init__(self, id: str, testlet, html, answered: bool):  # noqa: A002 - the template reads row.id
        self.id, self.testlet, self.html, self.answered = id, testlet, html, answered

    def __getitem__(self, key: str):
        return getattr(self, key)


def _feedback_row(record: StudentRecord, run: GradeRun, ex: Exercise, result: Result, cache: dict | None) -> _Row:
    """One row of a feedback page, its HTML built once per distinct (exercise,
    result, score, correction, answer) of a run: a class gives the same
    answer, and gets the same row, many times."""
    ex_id = ex.id
    score = record.score(ex_id)
    override = record.overrides.get(ex_id)
    answer = record.answers.get(ex_id)
    memo = None
    if cache is not None:
        try:
            kind = type(answer)
            memo = ("row", ex_id, id(result), score, override, kind.__name__, answer if kind is str else repr(answer))
            hit = cache.get(memo)
        except (RecursionError, ValueError, TypeError):
            memo = hit = None
        if hit is not None:
            return hit[1]
    maximum = run.assignment.exercises[ex_id]
    if override is not None:
        message = t("fb_teacher_score", score=points(score), points=points(maximum))
        if override[1]:
            message += " " + t("fb_teacher_note", note=clean_text(override[1], 2000))
    else:
        message = result.message  # wrong answers too: the engine's message names no key
    lines = message.split("\n")
    if result.status == "benar" and ex.hint:
        lines.append(t("fb_hint_line", hint=ex.hint.strip()))
    status = "fb_status_dinilai_guru" if override is not None else f"fb_status_{result.status}"
    icon = ICONS["dinilai_guru"] if override is not None else ICONS.get(result.status, "⚠")
    status_text = t(status) if status in _TEXT_KEYS else result.status.replace("_", " ")
    shown = _answer_text_once(cache, ex, answer, result.status)
    score_text = t("fb_score_cell", score=points(score), points=points(maximum))
    feedback = "".join(f"<div>{escape(clean_text(line, 3000))}</div>" for line in lines)
    html = Markup(f'{_question_cells(ex, cache)} {escape(shown)}</div></td>'
                  f'<td>{escape(icon)} {escape(status_text)}</td><td>{escape(score_text)}</td>'
                  f'<td class="fb">{feedback}</td></tr>')
    row = _Row(ex_id, ex.testlet, html, answered(result))
    if memo is not None:
        cache[memo] = (result, row)  # the result is kept: its id() stays its own while the cache lives
    return row


def _question_cells(ex: Exercise, cache: dict | None) -> str:
    """The start of an exercise's row (its id and question, up to the student's answer), once per exercise."""
    memo = ("question", id(ex))
    if cache is not None and memo in cache:
        return cache[memo][1]
    cells = (f'<tr><td>{escape(ex.id)}</td><td><div class="q">{escape(ex.question.strip())}</div>'
             f'<div class="a"><span>{escape(t("fb_your_answer"))}</span>')
    if cache is not None:
        cache[memo] = (ex, cells)  # the exercise is kept: its id() stays its own while the cache lives
    return cells


def _page_plan(run: GradeRun, banks: dict[str, Exercise], cache: dict | None):
    """What every page of a run shares: per lesson its (id, exercise) pairs, the maximum, the title."""
    memo = ("plan", id(run.assignment), id(banks))
    if cache is not None and memo in cache and cache[memo][0] is run.assignment and cache[memo][1] is banks:
        return cache[memo][2]
    plan = ([(lesson, [(ex_id, banks.get(ex_id)) for ex_id in ids]) for lesson, ids in lesson_exercises(run.assignment).items()],
            sum(run.assignment.exercises.values()), run.assignment.title == t("grade_whole_course"),
            clean_text(run.assignment.title, 300, one_line=True))
    if cache is not None:
        cache[memo] = (run.assignment, banks, plan)
    return plan


def feedback_html(record: StudentRecord, run: GradeRun, banks: dict[str, Exercise], cache: dict | None = None) -> str:
    """One student's feedback page: each question with the student's answer,
    the result and its feedback (hints for the rest); never a key, never the
    grader's internal notes. Lessons the student left untouched are folded.
    ``cache`` (one dict for a whole run) lets pages share the rows they have in common."""
    per_lesson, maximum, whole_course, title = _page_plan(run, banks, cache)
    results = record.results
    lessons = []
    for lesson, pairs in per_lesson:
        rows = []
        for ex_id, ex in pairs:
            result: Result | None = results.get(ex_id)
            if result is None or ex is None:
                continue
            rows.append(_feedback_row(record, run, ex, result, cache))
        if not rows:
            continue
        count = sum(1 for r in rows if r.answered)
        if whole_course and not count:
            continue  # graded without a tugas.json: only the lessons this student worked on
        lessons.append({"lesson": lesson, "rows": rows, "touched": count > 0, "answered": count})
    total = round(sum(v or 0 for v in cell_scores(run, record).values()), 2)
    return render("feedback.html", name=clean_text(record.name, 300, one_line=True), title=title,
                  total=total, maximum=maximum, share=100 * total / maximum if maximum else 0.0,
                  answered=_answered_count(record, run.assignment), count=len(run.assignment.exercises),
                  lessons=lessons, mark=PAGE_MARK)


def page_file_name(name: str) -> str:
    safe = re.sub(r"[^\w\-]+", "_", name, flags=re.UNICODE).strip("_")
    safe = (safe or t("gb_default_student"))[:80]
    return safe + "_" if safe.casefold() in RESERVED else safe


def unique_page_names(names: list[str]) -> list[str]:
    """A file name per student, unique even on a file system that ignores
    case ("Ani", "ANI!", "ani?" → "Ani", "ANI-2", "ani-3")."""
    used, out = set(), []
    for name in names:
        base = page_file_name(name)
        candidate, n = base, 1
        while candidate.casefold() in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate.casefold())
        out.append(candidate)
    return out


# --------------------------------------------------------------------------
# the whole run


def _remove_previous(out: Path) -> None:
    """Remove what the previous run into ``out`` wrote (listed in the
    manifest, or a feedback page we marked), and nothing else."""
    manifest = out / MANIFEST
    listed = []
    try:
        listed = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        listed = []
    base = out.resolve()
    for rel in listed if isinstance(listed, list) else []:
        path = (out / str(rel))
        try:
            if path.is_symlink() or not path.is_file() or base not in path.resolve().parents:
                continue
            path.unlink()
        except OSError:
            continue
    pages = out / "umpan-balik"
    if pages.is_dir() and not pages.is_symlink():
        for page in pages.glob("*.html"):
            try:
                if page.is_file() and not page.is_symlink() and PAGE_MARK in page.read_text(encoding="utf-8", errors="replace")[:2000]:
                    page.unlink()
            except OSError:
                continue


def write_outputs(run: GradeRun, out: Path, root=None) -> dict[str, Path]:
    """Gradebook, feedback pages, item analysis, correction template and a
    report; replaces the previous run's files in ``out``."""
    root = course_of(root)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _remove_previous(out)
    banks = _banks_for(run.assignment, root)
    analysis = item_analysis.from_run(run, banks)
    paths = write_gradebook(run, out, banks, analysis=analysis)
    written = [paths["csv"], paths["csv_id"], paths["xlsx"]]
    folder = out / "umpan-balik"
    folder.mkdir(exist_ok=True)
    pages, cache = {}, {}
    for record, name in zip(run.students, unique_page_names([r.name for r in run.students])):
        page = folder / f"{name}.html"
        page.write_text(feedback_html(record, run, banks, cache), encoding="utf-8", errors="replace")
        written.append(page)
        pages[record.key] = page
    ia_page = out / "analisis-butir.html"
    ia_page.write_text(render("item_analysis.html", title=clean_text(run.assignment.title, 300, one_line=True), analysis=analysis,
                              summary=item_analysis.summary_lines(analysis), option_label=item_analysis.option_label,
                              questions={i: banks[i].question.strip() for i in run.assignment.exercises if i in banks}),
                       encoding="utf-8", errors="replace")
    written.append(ia_page)
    template = out / "koreksi-nilai-contoh.csv"
    with open(template, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([t("override_col_student"), t("override_col_exercise"), t("override_col_draft"),
                         t("override_col_score"), t("override_col_note"), t("override_col_scheme")])
        for record in run.students:
            for ex_id, result in record.results.items():
                if result.needs_review and result.status != "kosong":
                    writer.writerow([csv_cell(record.name), ex_id, result.score, "", "", ID_SCHEME])
    written.append(template)
    suggestions = _suggestions(run)
    report = out / "laporan.txt"
    lines = [t("report_title", title=one_line(run.assignment.title)),
             t("report_time", time=_dt.datetime.now().isoformat(timespec="seconds")),
             t("report_summary", files=run.files, students=len(run.students), seconds=number(run.seconds, 2)), ""]
    lines += [f"- {one_line(r.name)}: {one_line(_status(r, run.assignment, suggestions.get(r.key)))}" for r in run.students]
    if run.rejected_overrides:
        lines += ["", t("report_rejected")] + [f"- {one_line(x)}" for x in run.rejected_overrides]
    report.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="replace")
    written.append(report)
    (out / MANIFEST).write_text(json.dumps({"files": [str(p.relative_to(out).as_posix()) for p in written]},
                                           ensure_ascii=False, indent=1), encoding="utf-8")
    paths.update({"feedback": folder, "template": template, "report": report, "items": ia_page, "pages": pages})
    return paths
