"""Identity rules for every kind of file the grader reads, and corrections
and rosters as Excel writes them (issue 21).

* One name rule for sheets, notebooks and zips: "Budi arsip.zip" is Budi's,
  read as his folder, never a second student "Budi arsip - .zip".
* Several files of one student for one lesson: the newest wins, whatever the
  names (also without ``jawaban-NN``), with a note, and nothing from the
  losing files reaches the score or the feedback page.
* Corrections and rosters: a leading apostrophe ('@nama), spaces, a BOM,
  ``;`` or ``,`` and decimal commas are all read.
"""

from __future__ import annotations

import io
import json
import os
import time
import zipfile

import pytest

from lessons.teacher.gradebook import write_outputs
from lessons.teacher.grading import Assignment, grade
from lessons.teacher.submissions import csv_lines, name_in_file, norm_key, parse_decimal


def _sheet(lesson: str, answers: dict) -> str:
    return json.dumps({"format": "kssa-lembar-jawaban", "id_scheme": 2, "version": 1, "lesson": lesson,
                       "answers": {k: {"answer": v} for k, v in answers.items()}})


def _zip(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _age(path, seconds: float) -> None:
    stamp = time.time() - seconds
    os.utime(path, (stamp, stamp))


@pytest.fixture(scope="module")
def assignment():
    return Assignment.read(None)


@pytest.mark.parametrize("file_name, name", [
    ("Budi arsip.zip", "Budi"), ("Budi - jawaban-00.json", "Budi"), ("Budi_01-pengertian-dan-ruang-lingkup.ipynb", "Budi"),
    ("Ani Lestari.zip", "Ani Lestari"), ("kiriman tugas Ani.zip", "Ani"), ("Citra (1).json", "Citra"),
    ("Citra tugas revisi final.json", "Citra"), ("Lama - jawaban-06.json", "Lama"), ("notebooks.zip", ""),
])
def test_one_name_rule_strips_every_accepted_extension(file_name, name):
    assert name_in_file(file_name) == name


def test_a_zip_is_its_students_folder(tmp_path, assignment):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    (folder / "Budi - jawaban-00.json").write_text(_sheet("00", {"00-01": "B"}), encoding="utf-8")
    (folder / "Budi arsip.zip").write_bytes(_zip({"notebooks/jawaban-01.json": _sheet("01", {"01-01": "A"}),
                                                  "notebooks/.ipynb_checkpoints/jawaban-01.json": "{}",
                                                  "__MACOSX/._x.json": "x", "../luar.json": "{}"}))
    (folder / "Ani.zip").write_bytes(b"PK\x03\x04 not really a zip")
    run = grade(folder, assignment, progress=False)
    names = sorted(r.name for r in run.students)
    assert names == ["Ani", "Budi"], names  # never "Budi arsip" or "Budi arsip.zip"
    budi = next(r for r in run.students if r.name == "Budi")
    assert set(budi.answers) == {"00-01", "01-01"}
    assert any("ke luar foldernya" in note for note in budi.notes)
    ani = next(r for r in run.students if r.name == "Ani")
    assert any("zip rusak" in note for note in ani.notes) and not ani.answers


def test_zips_in_a_class_folder_keep_their_own_names(tmp_path, assignment):
    folder = tmp_path / "kiriman" / "8A"
    folder.mkdir(parents=True)
    for who in ("Ani", "Budi"):
        (folder / f"{who}.zip").write_bytes(_zip({"notebooks/jawaban-00.json": _sheet("00", {"00-01": "B"})}))
    run = grade(tmp_path / "kiriman", assignment, progress=False)
    assert sorted(r.name for r in run.students) == ["Ani", "Budi"]


def test_the_newest_file_wins_whatever_its_name(tmp_path, assignment):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    older = folder / "Citra tugas.json"  # no jawaban-NN in either name
    newer = folder / "Citra revisi.json"
    older.write_text(_sheet("00", {"00-01": "B", "00-02": "Timor-Leste"}), encoding="utf-8")
    newer.write_text(_sheet("00", {"00-01": "D"}), encoding="utf-8")
    _age(older, 3600)
    notebook = folder / "Citra_00-pengantar.ipynb"  # a notebook of the same lesson, older still
    notebook.write_text(json.dumps({"cells": [{"cell_type": "code", "source": 'ks.exercise("00-03", answer="58")'}]}),
                        encoding="utf-8")
    _age(notebook, 7200)
    run = grade(folder, assignment, progress=False)
    assert [r.name for r in run.students] == ["Citra"]
    citra = run.students[0]
    assert citra.answers == {"00-01": "D"}  # nothing from the losing files
    assert any("yang terbaru dipakai (Citra revisi.json)" in note and "Citra tugas.json" in note
               and "Citra_00-pengantar.ipynb" in note for note in citra.notes)
    paths = write_outputs(run, tmp_path / "hasil")
    page = paths["pages"][citra.key].read_text(encoding="utf-8")
    row = page.split("<td>00-02</td>", 1)[1].split("</tr>", 1)[0]
    assert "(belum dijawab)" in row and "benar" not in row  # the older file's right answer is nowhere


def test_a_notebook_without_answers_does_not_hide_the_sheet(tmp_path, assignment):
    """The lab routine copies the whole notebooks/ folder: the lesson notebook
    (saved after the sheet, with no answers written in code) never wins."""
    folder = tmp_path / "kiriman" / "Dewi"
    folder.mkdir(parents=True)
    sheet = folder / "jawaban-00.json"
    sheet.write_text(_sheet("00", {"00-01": "B"}), encoding="utf-8")
    _age(sheet, 600)
    (folder / "00-pengantar.ipynb").write_text(json.dumps({"cells": [{"cell_type": "code", "source": 'ks.exercise("00-01")'}]}),
                                               encoding="utf-8")
    run = grade(tmp_path / "kiriman", assignment, progress=False)
    assert run.students[0].answers == {"00-01": "B"}


@pytest.mark.parametrize("text", [
    "\ufeffsiswa;soal;skor;catatan\n'@nama;00-08;1,5;Bagus\n",
    "siswa,soal,skor,catatan\n'@nama,00-08,1,5,Bagus\n",  # a decimal comma in a comma file, unquoted
    'siswa,soal,skor,catatan\n"\'@nama ","00-08"," 1,5 ",Bagus\n',
    "siswa\tsoal\tskor\tcatatan\n  '@nama  \t00-08\t1.5\tBagus\n",
])
def test_corrections_as_excel_writes_them(tmp_path, assignment, text):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    (folder / "@nama - jawaban-00.json").write_text(_sheet("00", {"00-08": "Kerja sama membuat warga saling menolong "
                                                                           "dan hidup lebih sejahtera di kawasan kita."}),
                                                    encoding="utf-8")
    corrections = tmp_path / "koreksi.csv"
    corrections.write_text(text, encoding="utf-8")
    run = grade(folder, assignment, overrides_path=corrections, progress=False)
    assert run.rejected_overrides == []
    assert run.students[0].overrides == {"00-08": (1.5, "Bagus")}


def test_a_roster_as_excel_writes_it(tmp_path, assignment):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    (folder / "@nama - jawaban-00.json").write_text(_sheet("00", {"00-01": "B"}), encoding="utf-8")
    (folder / "Budi - jawaban-00.json").write_text(_sheet("00", {"00-01": "B"}), encoding="utf-8")
    roster = tmp_path / "daftar.csv"
    roster.write_bytes("\ufeffNama siswa;Berkas\n ' @nama ;\nBudi Santoso ; Budi \nEko;\n".encode("utf-8"))
    run = grade(folder, assignment, roster_path=roster, progress=False)
    assert sorted(r.name for r in run.students) == ["@nama", "Budi Santoso", "Eko"]
    assert all("tidak ada di daftar" not in " ".join(r.notes) for r in run.students)


def test_csv_helpers():
    assert csv_lines("\ufeffa;b\n'x; y \n") == [["a", "b"], ["x", "y"]]
    assert csv_lines("a,b\n1,2\n") == [["a", "b"], ["1", "2"]]
    assert parse_decimal(" 1,5 ") == 1.5 and parse_decimal("2") == 2.0 and parse_decimal("x") is None
    assert parse_decimal("nan") is None and parse_decimal("") is None
    assert norm_key("'@nama") == norm_key("@nama") == norm_key(" @NAMA ")
