"""No string in a class folder can stop a grading run (issue 21).

A lone surrogate ("\\ud800", legal in JSON, impossible in UTF-8) in one
answer crashed the whole run while feedback pages were written. Every text a
run writes is now made writable first. A property test feeds arbitrary
Unicode, lone surrogates and control characters included, as a student's
name, file name, notes, answers, a teacher's comment, a refused correction
and the assignment title, through every writer: nilai.xlsx, both CSV files,
the feedback pages, the item analysis, the correction template and
laporan.txt; each must be written and read back as valid UTF-8 (or xlsx).
"""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import load_workbook

from lessons.engine.bank import load_bank
from lessons.engine.checking import check
from lessons.teacher.gradebook import write_outputs
from lessons.teacher.grading import Assignment, GradeRun, StudentRecord, grade

NASTY = ["\ud800", "\udfff", "a\udc80b", "\x00", "\x1b[31m", "\u202e", "\ufeff", "\ufffe", "=1+1", "@SUM(A1)",
         "\r\n", "\u2028", "😀", "e\u0301", "con", "../x", "\t-2"]
TEXT = st.lists(st.one_of(st.text(alphabet=st.characters(exclude_categories=()), max_size=12),
                          st.sampled_from(NASTY)), min_size=1, max_size=4).map("".join)
IDS = ("00-01", "00-02", "00-08")


def _run(name, file_name, note, answer, essay, comment, refused, title) -> GradeRun:
    bank = load_bank("00")
    assignment = Assignment(title, {ex_id: bank[ex_id].points for ex_id in IDS}, ["00"])
    records = []
    for n, who in enumerate((name, name + "x", "Ani")):
        record = StudentRecord(f"k{n}", who, files=[file_name], notes=[note])
        record.answers = {"00-01": "B", "00-02": answer, "00-08": essay}
        record.first_answers = dict(record.answers)
        record.results = {ex_id: check(bank[ex_id], record.answers[ex_id]) for ex_id in IDS}
        record.first_results = dict(record.results)
        record.overrides = {"00-08": (1.0, comment)} if n == 0 else {}
        records.append(record)
    return GradeRun(assignment, records, [refused], 0.1, 3)


def _read_everything(out: Path, paths: dict) -> str:
    """Every output read back strictly; their text joined (for the checks)."""
    seen = []
    book = load_workbook(paths["xlsx"])
    for sheet in book.worksheets:
        seen += [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    for key in ("csv", "csv_id", "template"):
        text = paths[key].read_bytes().decode("utf-8-sig")  # strict: raises on anything unwritable
        seen += [cell for row in csv.reader(text.splitlines(), delimiter=";" if key == "csv_id" else ",") for cell in row]
    for page in [*paths["feedback"].glob("*.html"), paths["items"]]:
        seen.append(page.read_bytes().decode("utf-8"))
    report = paths["report"].read_bytes().decode("utf-8")
    seen.append(report)
    json.loads((out / ".kssa-hasil.json").read_bytes().decode("utf-8"))
    return "\n".join(seen)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=TEXT, file_name=TEXT, note=TEXT, answer=TEXT, essay=TEXT, comment=TEXT, refused=TEXT, title=TEXT)
def test_every_writer_takes_any_text(name, file_name, note, answer, essay, comment, refused, title):
    run = _run(name, file_name, note, answer, essay, comment, refused, title)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "hasil"
        paths = write_outputs(run, out)
        assert len(list(paths["feedback"].glob("*.html"))) == 3  # one page per student, none lost
        text = _read_everything(out, paths)
        lines = paths["report"].read_text(encoding="utf-8").splitlines()
        assert len(lines) == 4 + 3 + 3  # title, time, summary, blank; one line per student; blank, refused heading, row
        assert "\ud800" not in text and "\udfff" not in text


def test_a_surrogate_in_a_sheet_is_replaced_and_noted(tmp_path):
    """End to end: grade() and every writer, with lone surrogates in answers and an id."""
    folder = tmp_path / "kiriman"
    folder.mkdir()
    essay = "Negara ASEAN bekerja sama karena bencana \\ud800 dan wabah penyakit melintasi batas negara kita semua."
    (folder / "Budi - jawaban-00.json").write_text(
        '{"format": "kssa-lembar-jawaban", "id_scheme": 2, "lesson": "00", "answers": {'
        f'"00-02": {{"answer": "Timor\\udfff-Leste"}}, "00-08": {{"answer": "{essay}"}}, '
        '"00-01\\ud800": {"answer": "\\ud800"}}}', encoding="utf-8")
    (folder / "Ani - jawaban-00.json").write_text(json.dumps({
        "format": "kssa-lembar-jawaban", "id_scheme": 2, "lesson": "00", "answers": {"00-01": {"answer": "B"}}}),
        encoding="utf-8")
    run = grade(folder, Assignment.read(None), progress=False)
    paths = write_outputs(run, tmp_path / "hasil")
    text = _read_everything(tmp_path / "hasil", paths)
    budi = next(r for r in run.students if r.name == "Budi")
    assert any("karakter rusak" in note for note in budi.notes)  # the replacement is noted in Status
    assert "karakter rusak" in paths["report"].read_text(encoding="utf-8")
    assert "bencana \ufffd dan wabah" in text and budi.results["00-08"].score >= 1
    assert len(list(paths["feedback"].glob("*.html"))) == 2
