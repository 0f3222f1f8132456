"""What a grading run writes: the xlsx opened with openpyxl (sheets, formats,
widths, frozen header, no formula anywhere), both CSVs, output safety,
feedback pages, clean re-grading, roster suggestions, and the kisi-kisi."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lessons.engine.bank import load_bank
from lessons.teacher import blueprint
from lessons.teacher.gradebook import (
    EXCEL_MAX, clean_text, csv_cell, formula_like, one_line, suggest_roster_names, unique_page_names, write_outputs,
)
from lessons.teacher.grading import Assignment, StudentRecord, grade
from lessons.teacher.key_notebooks import right_answer, wrong_answers

from .conftest import DATA

LESSONS = ["00", "01"]
HOSTILE = '=HYPERLINK("http://x.invalid","klik")'


def _sheet(lesson: str, answers: dict) -> str:
    return json.dumps({"format": "kssa-lembar-jawaban", "id_scheme": 2, "lesson": lesson,
                       "answers": {k: {"answer": v} for k, v in answers.items()}})


def _banks():
    banks = {}
    for lesson in LESSONS:
        banks.update(load_bank(lesson, DATA / "exercises" / f"{lesson}.yml"))
    return banks


def _class(folder: Path) -> Path:
    """Ani: all right in 00 and 01; Budi: all wrong in 00, nothing in 01;
    Dewi: 00-01 right only (the rest unanswered); Eko: 00-01 wrong (renamed to a formula by the fixture)."""
    banks = _banks()
    folder.mkdir(parents=True, exist_ok=True)
    for lesson in LESSONS:
        mine = {i: e for i, e in banks.items() if i.startswith(lesson)}
        (folder / f"Ani Lestari - jawaban-{lesson}.json").write_text(
            _sheet(lesson, {i: right_answer(e) for i, e in mine.items()}), encoding="utf-8")
    (folder / "Budi - jawaban-00.json").write_text(
        _sheet("00", {i: wrong_answers(e)[0] for i, e in banks.items() if i.startswith("00")}), encoding="utf-8")
    (folder / "Eko - jawaban-00.json").write_text(_sheet("00", {"00-01": "B"}), encoding="utf-8")
    (folder / "Dewi - jawaban-00.json").write_text(_sheet("00", {"00-01": right_answer(banks["00-01"])}), encoding="utf-8")
    return folder


def _assignment():
    return Assignment("Tugas 8A", {i: e.points for i, e in _banks().items()}, LESSONS)


@pytest.fixture
def graded(tmp_path):
    run = grade(_class(tmp_path / "kiriman"), _assignment(), progress=False)
    next(r for r in run.students if r.name == "Eko").name = HOSTILE  # as if a roster or folder had given this name
    paths = write_outputs(run, tmp_path / "hasil")
    return run, paths


def test_xlsx_reads_well(graded):
    run, paths = graded
    book = load_workbook(paths["xlsx"])
    assert book.sheetnames == ["Nilai", "Rincian", "Ringkasan", "Analisis butir"]
    main = book["Nilai"]
    header = [c.value for c in main[1]]
    assert header[0] == "Nama siswa" and header[1].startswith("Total skor (maks.") and header[2] == "Persentase"
    assert header[3].startswith("Pelajaran 00") and header[4].startswith("Pelajaran 01") and header[-1] == "Status"
    assert main.freeze_panes == "B2" and book["Rincian"].freeze_panes == "B3"  # ids, then the question texts
    assert all(c.font.bold for c in main[1])
    for letter in "ABC":
        assert main.column_dimensions[letter].width and main.column_dimensions[letter].width >= 8
    assert main.column_dimensions["A"].width >= len("Ani Lestari")
    rows = {r[0].value: r for r in main.iter_rows(min_row=2)}
    ani = rows["Ani Lestari"]
    assert ani[2].number_format == "0.0%" and ani[2].value == pytest.approx(1.0)  # 100%, stored as a fraction
    maximum = sum(_assignment().exercises.values())
    assert ani[1].value == maximum
    budi = rows["Budi"]
    assert budi[3].value == 0 and budi[4].value is None  # lesson 00 all wrong: 0; lesson 01 untouched: blank


def test_detail_and_item_sheets_say_what_each_question_asks(graded):
    """Rincian: row 1 the ids (machine-readable), row 2 a short question text,
    the full text as the id cell's comment; Analisis butir: a column beside the id."""
    _run, paths = graded
    book = load_workbook(paths["xlsx"])
    detail = book["Rincian"]
    ids = [c.value for c in detail[1]]
    texts = [c.value for c in detail[2]]
    bank = load_bank("00", DATA / "exercises" / "00.yml")
    at = ids.index("00-01")
    assert texts[0] == "Teks soal" and texts[at] and bank["00-01"].question.strip().startswith(texts[at].rstrip(" …"))
    assert all(len(text) <= 72 for text in texts if text)
    assert detail.cell(row=1, column=at + 1).comment.text.startswith("00-01: " + bank["00-01"].question.strip()[:30])
    assert detail.print_title_rows in ("1:2", "$1:$2")
    items = [r for r in book["Analisis butir"].iter_rows(values_only=True)]
    head = next(r for r in items if r[0] == "Soal")
    assert head[1] == "Teks soal (singkat)"
    row = next(r for r in items if r[0] == "00-01")
    assert bank["00-01"].question.strip().startswith(row[1].rstrip(" …"))


def test_blank_for_unanswered_zero_for_wrong(graded):
    _run, paths = graded
    detail = load_workbook(paths["xlsx"])["Rincian"]
    header = [c.value for c in detail[1]]
    rows = {r[0]: dict(zip(header, r)) for r in detail.iter_rows(min_row=2, values_only=True)}
    assert rows["Dewi"]["00-01"] == 1 and rows["Dewi"]["00-02"] is None
    assert rows["Budi"]["00-01"] == 0 and rows["Budi"]["01-04"] is None


def test_summary_sheet_has_lesson_and_level_averages(graded):
    _run, paths = graded
    values = [r for r in load_workbook(paths["xlsx"])["Ringkasan"].iter_rows(values_only=True)]
    labels = [r[0] for r in values]
    assert "Pelajaran 00" in labels and "Pelajaran 01" in labels and "Semua pelajaran" in labels
    assert any(str(label).startswith("C1") for label in labels) and any(str(label).startswith("C2") for label in labels)
    row = next(r for r in values if r[0] == "Pelajaran 01")
    # 01: Ani full marks, the other three who handed in (Budi, Dewi, Eko) nothing for 01 → mean = max / 4
    assert row[3] == pytest.approx(row[2] / 4, abs=0.01) and row[4] == pytest.approx(0.25, abs=0.001)


def test_no_formula_anywhere_and_text_is_text(graded):
    _run, paths = graded
    book = load_workbook(paths["xlsx"])
    found = False
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and formula_like(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.coordinate)
                    found = found or cell.value == HOSTILE
    assert found  # the hostile name is there, as text
    raw = Path(paths["xlsx"]).read_bytes()
    import zipfile

    with zipfile.ZipFile(paths["xlsx"]) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name)
    assert raw


def test_both_csvs(graded):
    run, paths = graded
    plain = list(csv.reader(paths["csv"].read_text(encoding="utf-8-sig").splitlines()))
    local = list(csv.reader(paths["csv_id"].read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert paths["csv_id"].read_bytes().startswith(b"\xef\xbb\xbf")
    assert plain[0] == local[0] and len(plain) == len(local) == 1 + len(run.students)
    index = plain[0].index("Persentase")
    for a, b in zip(plain[1:], local[1:]):
        assert float(a[index]) == float(b[index].replace(",", "."))
        assert "." not in b[index]
    hostile = next(r for r in plain if HOSTILE in r[0])
    assert hostile[0] == "'" + HOSTILE  # never a formula
    dewi = next(r for r in plain[1:] if r[0] == "Dewi")
    assert dewi[plain[0].index("00-02")] == ""  # blank: not answered


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "  =1", "\"=1", "' =1"])
def test_owasp_formula_starts(text):
    assert formula_like(text)
    assert str(csv_cell(text)).startswith("'")


def test_text_is_cleaned_and_cut():
    assert clean_text("a\x00b\x07c\x1b[31m") == "abc[31m"
    long = clean_text("x" * (EXCEL_MAX + 10))
    assert len(long) <= EXCEL_MAX and "dipotong" in long
    assert one_line("Ani\n- Budi: 100%\r\n") == "Ani - Budi: 100%"


def test_report_lines_cannot_be_injected(tmp_path):
    run = grade(_class(tmp_path / "kiriman"), _assignment(), progress=False)
    run.students[0].name = "Ani\n- Palsu: 100 dari 100\u2028x"
    paths = write_outputs(run, tmp_path / "hasil")
    lines = paths["report"].read_text(encoding="utf-8").splitlines()
    assert len([line for line in lines if line.startswith("- ")]) == len(run.students)
    assert not any(line.startswith("- Palsu") for line in lines)


def test_page_names_unique_ignoring_case():
    names = unique_page_names(["Ani", "ANI!", "ani?", "CON", ""])
    assert len({n.casefold() for n in names}) == 5
    assert names[:3] == ["Ani", "ANI-2", "ani-3"] and names[3] != "CON"


def test_regrading_replaces_only_what_it_wrote(tmp_path):
    submissions = _class(tmp_path / "kiriman")
    out = tmp_path / "hasil"
    write_outputs(grade(submissions, _assignment(), progress=False), out)
    assert (out / "umpan-balik" / "Budi.html").exists()
    (out / "catatan-guru.txt").write_text("milik guru", encoding="utf-8")
    (out / "umpan-balik" / "contoh-saya.html").write_text("<p>halaman guru</p>", encoding="utf-8")
    (submissions / "Budi - jawaban-00.json").unlink()
    write_outputs(grade(submissions, _assignment(), progress=False), out)
    assert not (out / "umpan-balik" / "Budi.html").exists()  # stale page gone
    assert (out / "umpan-balik" / "Dewi.html").exists()
    assert (out / "catatan-guru.txt").read_text(encoding="utf-8") == "milik guru"
    assert (out / "umpan-balik" / "contoh-saya.html").exists()


def test_feedback_page_students_can_read(graded):
    run, paths = graded
    page = next(p for p in paths["feedback"].glob("*.html") if p.stem == "Budi").read_text(encoding="utf-8")
    banks = _banks()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "max-width:600px" in page  # cards on a phone
    assert banks["00-02"].question.strip()[:40] in page  # the question text
    assert "Jawabanmu:" in page and "Petunjuk" in page
    assert "jawaban-00.json" not in page and "diabaikan" not in page  # no internal notes
    assert re.search(r"\d\.\d%", page) is None  # Indonesian numbers
    # lesson 01 was assigned but not touched: folded, not 9 open rows
    assert "<details>" in page
    dewi = next(p for p in paths["feedback"].glob("*.html") if p.stem == "Dewi").read_text(encoding="utf-8")
    assert "(belum dijawab)" in dewi


def test_feedback_for_the_whole_course_shows_only_lessons_worked_on(tmp_path):
    submissions = _class(tmp_path / "kiriman")
    run = grade(submissions, Assignment.read(None), progress=False)
    paths = write_outputs(run, tmp_path / "hasil")
    page = (paths["feedback"] / "Budi.html").read_text(encoding="utf-8")
    assert "<td>00-01</td>" in page and "<td>03-01</td>" not in page


def test_roster_suggestions():
    records = [StudentRecord("budi", "budi", files=["budi - jawaban-00.json"]),
               StudentRecord("siti aminah", "Siti Aminah", files=["x"]),
               StudentRecord("zz", "zz", files=["zz.json"])]
    found = suggest_roster_names(records, ["Budi Santoso", "Siti Aminah", "Bayu"])
    assert found["budi"][0] == "Budi Santoso" and "siti aminah" not in found and "zz" not in found


def test_item_analysis_page_and_sheet(graded):
    _run, paths = graded
    page = paths["items"].read_text(encoding="utf-8")
    assert "tingkat kesukaran" in page and "daya pembeda" in page and "Reliabilitas" in page
    items = load_workbook(paths["xlsx"])["Analisis butir"]
    values = [r for r in items.iter_rows(values_only=True)]
    assert any(r[0] == "00-01" for r in values)


def test_kisi_kisi_teachers_can_file(tmp_path):
    paths = blueprint.write(tmp_path / "kisi", ["00", "01"])
    page = paths["html"].read_text(encoding="utf-8")
    table = list(csv.reader(paths["csv"].read_text(encoding="utf-8-sig").splitlines()))
    bank = {**load_bank("00", DATA / "exercises" / "00.yml"), **load_bank("01", DATA / "exercises" / "01.yml")}
    checked = 0
    for r in table[1:]:
        ex = bank[r[5]]
        if ex.form == "data" and ex.answer_type == "pilihan":  # internal codes such as "KHM": never; the label: yes
            code = right_answer(ex)
            assert code not in r[7] and ex.options[code] in r[7], r
            checked += 1
    assert checked >= 2
    row = next(r for r in table if r[5] == "00-01")
    ex = bank["00-01"]
    assert row[7].startswith(f"{right_answer(ex)}. {ex.options[right_answer(ex)]}")
    assert row[6] == " ".join(ex.question.split())
    assert all(not re.fullmatch(r"\d+\.\d+", r[-1]) for r in table[1:])  # "1", "1,5": never "1.0"
    assert "Rekap menurut level kognitif" in page and "Rekap menurut bentuk soal" in page
    recap = paths["recap"].read_text(encoding="utf-8-sig")
    assert "C1 mengingat" in recap and "Pilihan ganda" in recap
