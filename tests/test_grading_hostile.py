"""Grading survives anything in the submissions folder (issue 10, part A).

One unit test per class of failure (files that are not files, hostile JSON
and notebooks, names, identity rules, attempts), then a class of 40 mixing
honest students, whose scores are asserted exactly, with hostile entries of
every class; the folder is compared byte for byte (and by mtime) before and
after grading.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import stat
from pathlib import Path

import pytest

from lessons.engine.bank import load_bank
from lessons.engine.checking import check
from lessons.teacher import cli, grading
from lessons.teacher.gradebook import gradebook_rows, write_outputs
from lessons.teacher.grading import Assignment, GradingError, grade
from lessons.teacher.key_notebooks import right_answer, wrong_answers
from lessons.teacher.submissions import (
    MAX_CELL_CHARS, MAX_DEPTH, ReadProblem, discover, identify, name_in_file, norm_key, read_bytes, read_notebook,
    read_sheet_entries,
)

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ["00", "01"]


def _bank() -> dict:
    bank = {}
    for lesson in LESSONS:
        bank.update(load_bank(lesson, ROOT / "data" / "exercises" / f"{lesson}.yml"))
    return bank


BANK = _bank()
ASSIGNMENT = Assignment("Uji", {ex_id: ex.points for ex_id, ex in BANK.items()}, LESSONS)
TOTAL = sum(ex.points for ex in BANK.values())


def _sheet(lesson: str, answers: dict, extra: dict | None = None) -> str:
    entries = {k: {"answer": v, "saved_at": "2026-11-28T10:00:00", **((extra or {}).get(k, {}))} for k, v in answers.items()}
    return json.dumps({"format": "kssa-lembar-jawaban", "id_scheme": 2, "version": 1, "lesson": lesson, "answers": entries})


def _right(lesson: str) -> dict:
    return {i: right_answer(ex) for i, ex in BANK.items() if i.startswith(lesson)}


def _put(folder: Path, name, content) -> bytes:
    """Write ``content`` at ``folder/name`` (name may be bytes: any file name)."""
    path = os.fsencode(folder) + b"/" + (name if isinstance(name, bytes) else os.fsencode(name))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def _nested(folder: Path, levels: int, leaf: str = "Hana - jawaban-00.json") -> None:
    """``levels`` nested folders (created one by one, below any PATH_MAX)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        for _ in range(levels):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        with open(os.open(leaf, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w", encoding="utf-8") as handle:
            handle.write(_sheet("00", _right("00")))
    finally:
        os.close(fd)


def _rows(run) -> dict:
    header, rows = gradebook_rows(run)
    return {row[0]: dict(zip(header, row)) for row in rows}


def _status(run, name) -> str:
    record = next(r for r in run.students if r.name == name)
    return "; ".join(record.notes)


def _total(run, name) -> float:
    record = next(r for r in run.students if r.name == name)
    return round(sum(record.score(ex_id) for ex_id in run.assignment.exercises), 4)


def _grade(folder, **kwargs):
    return grade(folder, ASSIGNMENT, progress=False, **kwargs)


# --------------------------------------------------------------------------
# entries that are not regular files are never followed or opened


def test_symlink_to_a_classmates_sheet_earns_nothing(tmp_path):
    _put(tmp_path, "Ani - jawaban-00.json", _sheet("00", _right("00")))
    os.symlink("Ani - jawaban-00.json", tmp_path / "Eve - jawaban-00.json")
    (tmp_path / "Fina").mkdir()
    os.symlink(tmp_path / "Ani - jawaban-00.json", tmp_path / "Fina" / "jawaban-00.json")
    run = _grade(tmp_path)
    assert _total(run, "Ani") == sum(BANK[i].points for i in _right("00"))
    for name in ("Eve", "Fina"):
        assert _total(run, name) == 0.0
        assert "tautan (symlink), tidak diikuti" in _status(run, name)


def test_dangling_looping_and_folder_links_are_listed_not_followed(tmp_path):
    os.symlink("tidak-ada.json", tmp_path / "Dedi - jawaban-00.json")
    os.symlink("Lala - jawaban-00.json", tmp_path / "Lala - jawaban-00.json")  # points at itself
    (tmp_path / "asli").mkdir()
    _put(tmp_path / "asli", "jawaban-00.json", _sheet("00", _right("00")))
    os.symlink(tmp_path / "asli", tmp_path / "Rudi")  # a folder link: Rudi must not get asli's answers
    os.symlink(tmp_path, tmp_path / "asli" / "putaran")  # a loop back to the top
    entries = {e.shown: e.kind for e in discover(tmp_path)}
    assert entries == {"Dedi - jawaban-00.json": "link", "Lala - jawaban-00.json": "link", "Rudi": "link",
                       "asli/jawaban-00.json": "file", "asli/putaran": "link"}
    run = _grade(tmp_path)
    assert {r.name for r in run.students} == {"Dedi", "Lala", "Rudi", "asli"}
    assert _total(run, "Rudi") == 0.0 and "tidak diikuti" in _status(run, "Rudi")
    assert _total(run, "asli") > 0


def test_fifo_is_listed_and_never_opened(tmp_path):
    os.mkfifo(tmp_path / "Gina - jawaban-00.json")  # opening it for reading would block forever
    run = _grade(tmp_path)
    assert "bukan berkas biasa" in _status(run, "Gina")
    with pytest.raises(ReadProblem):  # even asked directly, the reader refuses it without blocking
        read_bytes(os.fsencode(tmp_path / "Gina - jawaban-00.json"))


def test_read_bytes_refuses_links_and_special_files(tmp_path):
    target = _put(tmp_path, "a.json", "{}")
    os.symlink(target, tmp_path / "b.json")
    with pytest.raises(ReadProblem, match="symlink"):
        read_bytes(os.fsencode(tmp_path / "b.json"))
    with pytest.raises(ReadProblem, match="bukan berkas biasa"):
        read_bytes(os.fsencode(tmp_path))  # a folder
    assert read_bytes(target) == b"{}"


def test_unreadable_file_has_a_status(tmp_path, monkeypatch):
    path = _put(tmp_path, "Hadi - jawaban-00.json", _sheet("00", _right("00")))
    os.chmod(path, 0)
    try:
        real_open = os.open

        def refusing(p, flags, *args, **kwargs):  # what a non-root teacher meets on a mode-000 file
            if os.fsencode(p) == path:
                raise PermissionError(13, "Permission denied")
            return real_open(p, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refusing)
        run = _grade(tmp_path)
    finally:
        os.chmod(path, 0o644)
    assert _total(run, "Hadi") == 0.0 and "tidak dapat dibaca" in _status(run, "Hadi")


def test_unreadable_folder_has_a_status(tmp_path, monkeypatch):
    (tmp_path / "Iwan").mkdir()
    _put(tmp_path / "Iwan", "jawaban-00.json", _sheet("00", {}))
    real_scandir = os.scandir

    def refusing(path):
        if os.fsencode(path).endswith(b"/Iwan"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    run = _grade(tmp_path)
    assert "folder tidak dapat dibuka" in _status(run, "Iwan")


def test_1500_nested_folders_are_bounded(tmp_path):
    (tmp_path / "Joni").mkdir()
    _nested(tmp_path / "Joni", 1500)
    entries = discover(tmp_path)
    assert [e.kind for e in entries] == ["deep"] and len(entries[0].parts) == MAX_DEPTH + 1
    run = _grade(tmp_path)
    assert [r.name for r in run.students] == ["Joni"]
    assert f"lebih dari {MAX_DEPTH} lapis" in _status(run, "Joni")
    _unnest(tmp_path / "Joni")


def test_a_copied_notebooks_folder_at_any_depth_belongs_to_its_student(tmp_path):
    (tmp_path / "Kiki").mkdir()
    _nested(tmp_path / "Kiki", 5, "jawaban-00.json")
    run = _grade(tmp_path)
    assert [r.name for r in run.students] == ["Kiki"]
    assert _total(run, "Kiki") == sum(BANK[i].points for i in _right("00"))


def test_many_entries_are_bounded(tmp_path):
    for n in range(30):
        _put(tmp_path, f"s{n:02d} - jawaban-00.json", "{}")
    entries = discover(tmp_path, max_entries=10)
    assert len(entries) == 11 and entries[-1].kind == "truncated"
    assert "sisanya tidak dibaca" in entries[-1].status()


# --------------------------------------------------------------------------
# hostile contents


def test_json_nested_100000_deep(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    assert "bukan JSON" in read_sheet_entries(deep.encode())[3]
    assert "rusak" in read_notebook(deep.encode())[2]
    inner = json.dumps({"format": "kssa-lembar-jawaban", "id_scheme": 2, "lesson": "00", "answers": {"00-01": {"answer": "X"}}})
    deep_answer = inner.replace('"X"', "[" * 200 + "]" * 200)  # parses, but is far too deep to be an answer
    _put(tmp_path, "Lia - jawaban-00.json", deep_answer)
    _put(tmp_path, "Mira - jawaban-00.json", deep)
    run = _grade(tmp_path)
    assert "terlalu dalam" in _status(run, "Lia") and "bukan JSON" in _status(run, "Mira")


def test_unhashable_and_other_bad_literals_in_a_notebook():
    right = right_answer(BANK["00-02"])
    source = [
        'ks.exercise("00-01", answer={[]: 1})',
        'ks.exercise("00-07", answer={1, 2, [3]})',
        'ks.exercise("00-06", answer=' + "-" * 5000 + "1)",
        'ks.exercise("00-05", answer=' + "[" * 150 + "]" * 150 + ")",
        'ks.exercise("00-03", answer=' + "9" * 5000 + ")",
        '%matplotlib inline\nks.exercise("00-02", answer=' + repr(right) + ")",
    ]
    nb = json.dumps({"cells": [{"cell_type": "code", "source": s} for s in source]}).encode()
    answers, notes, problem = read_notebook(nb)
    assert problem == "" and answers["00-02"] == right
    assert answers.get("00-01") is None and any("00-01" in n for n in notes)


def test_a_long_notebook_line_is_read_linearly():
    """The 1.9 MB one-line answer that made the old regex quadratic: skipped with a note."""
    long_line = 'ks.exercise("00-01", answer="' + "x" * 1_900_000 + ' ")   '
    nb = json.dumps({"cells": [{"cell_type": "code", "source": long_line},
                               {"cell_type": "code", "source": 'ks.exercise("00-02", answer="ASEAN")'}]}).encode()
    answers, notes, problem = read_notebook(nb)
    assert problem == "" and answers == {"00-02": "ASEAN"} and any("terlalu panjang" in n for n in notes)
    below_cap = 'ks.exercise("00-01", answer="' + "x" * (MAX_CELL_CHARS - 100) + '")  ' + " " * 50
    answers, notes, _ = read_notebook(json.dumps({"cells": [{"cell_type": "code", "source": below_cap}]}).encode())
    assert answers == {"00-01": None} and any("terlalu besar" in n for n in notes)


def test_control_characters_and_lone_surrogates(tmp_path):
    _put(tmp_path, b"Nina\x07\x1b[31m\xed\xa0\x80\xff - jawaban-00.json",
         '{"format": "kssa-lembar-jawaban", "id_scheme": 2, "lesson": "00\\u0000", "answers": {}}')
    _put(tmp_path, "Oki\u202e - jawaban-00.json",
         '{"format": "kssa-lembar-jawaban", "id_scheme": 2, "lesson": "00", "answers": {"00-01\\ud800": {"answer": "\\ud800\\u0007"},'
         ' "00-02": {"answer": ["\\udfff"], "attempts": "\\u0000"}}}')
    run = _grade(tmp_path)
    assert len(run.students) == 2
    for record in run.students:
        text = record.name + "".join(record.notes) + "".join(record.files)
        assert not any(ord(ch) < 32 or 0xD800 <= ord(ch) <= 0xDFFF or ch == "\u202e" for ch in text), repr(text)
    assert any("pelajaran lain" in n for r in run.students for n in r.notes)
    assert any("percobaan" in n for r in run.students for n in r.notes)


def test_an_exception_anywhere_becomes_a_status(tmp_path, monkeypatch):
    _put(tmp_path, "Putri - jawaban-00.json", _sheet("00", _right("00")))
    _put(tmp_path, "Qori - jawaban-00.json", _sheet("00", {"Qori": 1}))
    real_read, real_check = grading.read_sheet_entries, grading.check

    def exploding_read(raw):
        if b"Qori" in raw:
            raise RuntimeError("boom")
        return real_read(raw)

    def exploding_check(ex, answer):
        if ex.id == "00-07":
            raise KeyError("boom")
        return real_check(ex, answer)

    monkeypatch.setattr(grading, "read_sheet_entries", exploding_read)
    monkeypatch.setattr(grading, "check", exploding_check)
    run = _grade(tmp_path)
    assert "tidak dapat diproses" in _status(run, "Qori")
    assert "00-07 tidak dapat diperiksa" in _status(run, "Putri")
    assert _total(run, "Putri") == sum(BANK[i].points for i in _right("00")) - BANK["00-07"].points


# --------------------------------------------------------------------------
# identity rules


def test_class_folder_gives_one_row_per_student(tmp_path):
    for name in ("Ani", "Budi", "Citra"):
        _put(tmp_path / "8A", f"{name} - jawaban-00.json", _sheet("00", _right("00")))
    run = _grade(tmp_path)
    assert sorted(r.name for r in run.students) == ["Ani", "Budi", "Citra"]


def test_same_name_in_two_class_folders_stays_two_students(tmp_path):
    for klass in ("8A", "8B"):
        for name in ("Ani", "Dodi"):
            _put(tmp_path / klass, f"{name}_jawaban-00.json", _sheet("00", {}))
    run = _grade(tmp_path)
    assert sorted(r.name for r in run.students) == ["Ani (8A)", "Ani (8B)", "Dodi (8A)", "Dodi (8B)"]


def test_class_folder_of_student_folders(tmp_path):
    for name in ("Eka", "Fajar"):
        _put(tmp_path / "9C" / name / "notebooks", "jawaban-00.json", _sheet("00", {}))
        _put(tmp_path / "9C" / name / "notebooks", "00-pengantar.ipynb", json.dumps({"cells": []}))
    _put(tmp_path / "9C", "Gilang - jawaban-00.json", _sheet("00", {}))
    _put(tmp_path / "9C", "Hesti - jawaban-00.json", _sheet("00", {}))
    run = _grade(tmp_path)
    assert sorted(r.name for r in run.students) == ["Eka", "Fajar", "Gilang", "Hesti"]


def test_class_suffixes_are_kept(tmp_path):
    _put(tmp_path, "Fitri 12-IPA - jawaban-00.json", _sheet("00", _right("00")))
    _put(tmp_path, "Fitri 12-IPS - jawaban-00.json", _sheet("00", {}))
    _put(tmp_path, "Fitri 12-IPA_01-pengertian-dan-ruang-lingkup.ipynb", json.dumps({"cells": []}))
    run = _grade(tmp_path)
    assert sorted(r.name for r in run.students) == ["Fitri 12-IPA", "Fitri 12-IPS"]
    assert _total(run, "Fitri 12-IPS") == 0 and _total(run, "Fitri 12-IPA") > 0
    assert name_in_file("budi_01-pengertian-dan-ruang-lingkup.ipynb") == "budi"


def test_unicode_case_and_space_variants_are_merged_with_a_note(tmp_path):
    _put(tmp_path, "Andr\u00e9 Wijaya - jawaban-00.json", _sheet("00", _right("00")))
    _put(tmp_path, "andre\u0301  WIJAYA_jawaban-01.json", _sheet("01", _right("01")))
    run = _grade(tmp_path)
    assert len(run.students) == 1
    record = run.students[0]
    assert record.name == "Andr\u00e9 Wijaya" and _total(run, record.name) == TOTAL
    assert any("dianggap satu siswa" in n for n in record.notes)
    assert norm_key("Andre\u0301") == norm_key("ANDR\u00c9")


def test_pattern_covers_unusual_layouts(tmp_path):
    _put(tmp_path / "tugas-8A", "kirim_Ani_LKS.json", _sheet("00", _right("00")))
    _put(tmp_path / "tugas-8B", "kirim_Ani_LKS.json", _sheet("00", {}))
    _put(tmp_path, "lain.json", _sheet("00", {}))
    run = _grade(tmp_path, pattern=r"tugas-(?P<kelas>\w+)/kirim_(?P<nama>[^_/]+)_")
    assert sorted(r.name for r in run.students) == ["Ani (8A)", "Ani (8B)", "lain"]
    assert _total(run, "Ani (8A)") > 0 and _total(run, "Ani (8B)") == 0
    assert "tidak cocok dengan --pola" in _status(run, "lain")
    with pytest.raises(GradingError, match="nama"):
        _grade(tmp_path, pattern=r"(?P<siswa>\w+)")
    with pytest.raises(GradingError, match="ekspresi reguler"):
        _grade(tmp_path, pattern=r"(")


@pytest.mark.parametrize("columns", ["nama", "nama,berkas"])
def test_roster_gives_one_row_and_corrections_land_on_it(tmp_path, columns):
    folder = tmp_path / "kiriman"
    _put(folder, "budi_jawaban-00.json", _sheet("00", _right("00")))
    _put(folder, "Zaki - jawaban-00.json", _sheet("00", {}))
    roster = tmp_path / "daftar.csv"
    if columns == "nama":
        roster.write_text("nama\nbudi\nZaki\nWulan\n", encoding="utf-8")
        full = "budi"
    else:
        roster.write_text("nama,berkas\nBudi Santoso,budi\nZaki,\nWulan,wulan\n", encoding="utf-8")
        full = "Budi Santoso"
    corrections = tmp_path / "koreksi.csv"
    corrections.write_text(f"siswa,soal,skor,catatan\n{full},00-08,1,cukup\nbudi,00-04,0,\n", encoding="utf-8")
    run = _grade(folder, roster_path=roster, overrides_path=corrections)
    assert sorted(r.name for r in run.students) == sorted([full, "Zaki", "Wulan"])
    record = next(r for r in run.students if r.name == full)
    assert record.overrides == {"00-08": (1.0, "cukup"), "00-04": (0.0, "")} and run.rejected_overrides == []
    assert "tidak mengumpulkan" in _status(run, "Wulan")


def test_missing_corrections_file_is_reported(tmp_path):
    _put(tmp_path, "budi_jawaban-00.json", _sheet("00", {}))
    run = _grade(tmp_path, overrides_path=tmp_path / "tidak-ada.csv")
    assert len(run.rejected_overrides) == 1 and "tidak dapat dibaca" in run.rejected_overrides[0]


def test_identify_explains_its_choice():
    from lessons.teacher.submissions import Entry

    entries = [Entry(("8A", "Ani - jawaban-00.json"), b"", "file"), Entry(("8A", "Budi - jawaban-00.json"), b"", "file"),
               Entry(("rina", "x", "notebooks", "jawaban-00.json"), b"", "file"),
               Entry(("jawaban-00.json",), b"", "file")]
    owners = identify(entries)
    assert [o.spelling for o in owners] == ["Ani", "Budi", "rina", "jawaban-00.json"]
    assert owners[3].notes and not owners[0].notes


# --------------------------------------------------------------------------
# attempts


def test_first_try_and_final_answers_are_both_scored(tmp_path):
    ex_id = "00-01"
    right, wrong = right_answer(BANK[ex_id]), wrong_answers(BANK[ex_id])[0]
    points = BANK[ex_id].points
    _put(tmp_path, "Sari - jawaban-00.json",
         _sheet("00", {ex_id: right, "00-07": wrong_answers(BANK["00-07"])[0]},
                {ex_id: {"attempts": 3, "first_answer": wrong}, "00-07": {"attempts": 1}}))
    _put(tmp_path, "Tono - jawaban-00.json", _sheet("00", {ex_id: right}))  # an older sheet: nothing recorded
    _put(tmp_path, "Umi - jawaban-00.json",
         _sheet("00", {ex_id: wrong}, {ex_id: {"attempts": 2, "first_answer": right}}))
    last, first = _grade(tmp_path), _grade(tmp_path, count="pertama")
    for run, expected in ((last, {"Sari": points, "Tono": points, "Umi": 0}),
                          (first, {"Sari": 0, "Tono": points, "Umi": points})):
        records = {r.name: r for r in run.students}
        assert {name: records[name].score(ex_id) for name in expected} == expected
    sari = {r.name: r for r in first.students}["Sari"]
    assert (sari.first_score(ex_id), sari.final_score(ex_id), sari.attempts(ex_id)) == (0, points, 3)
    assert sari.attempts("00-07") == 1 and sari.attempts("00-02") is None
    assert {r.name: r for r in first.students}["Tono"].attempts(ex_id) is None
    assert first.count == "pertama" and last.count == "terakhir"
    with pytest.raises(GradingError, match="terakhir"):
        _grade(tmp_path, count="semua")


def test_cli_grade_options(tmp_path, capsys):
    _put(tmp_path / "k", "Vina - jawaban-00.json", _sheet("00", _right("00")))
    tugas = tmp_path / "tugas.json"
    tugas.write_text(json.dumps({"format": grading.ASSIGNMENT_FORMAT, "id_scheme": 2, "title": "Uji", "lessons": ["00"],
                                 "exercises": [{"id": i, "points": BANK[i].points} for i in _right("00")]}),
                     encoding="utf-8")
    assert cli.main(["grade", str(tmp_path / "k"), "--tugas", str(tugas), "--hasil", str(tmp_path / "h"),
                     "--tanpa-progres", "--nilai", "pertama", "--pola", r"(?P<nama>\w+) -"]) == 0
    assert cli.main(["grade", str(tmp_path / "k"), "--tugas", str(tugas), "--tanpa-progres", "--pola", "(x"]) == 2
    assert "Traceback" not in capsys.readouterr().err


# --------------------------------------------------------------------------
# a hostile class of 40


def _fingerprint(folder: Path) -> dict:
    """Every entry, without following links: content hash, mode and mtime."""
    out, stack = {}, [os.fsencode(folder)]
    while stack:  # iterative: the folder is 1,500 levels deep
        here = stack.pop()
        for name in os.listdir(here):
            path = os.path.join(here, name)
            info = os.lstat(path)
            digest = None
            if stat.S_ISREG(info.st_mode):
                try:
                    with open(path, "rb") as handle:
                        digest = hashlib.sha256(handle.read()).hexdigest()
                except PermissionError:  # mode 000 for a teacher who is not root: mode, size and mtime still compared
                    digest = "?"
            elif stat.S_ISLNK(info.st_mode):
                digest = os.readlink(path)
            elif stat.S_ISDIR(info.st_mode):
                stack.append(path)
            out[path] = (digest, info.st_mode, info.st_mtime_ns, info.st_size if not stat.S_ISDIR(info.st_mode) else 0)
    return out


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kelas-40")
    rng = random.Random(10)
    expected = {}
    honest = [f"Siswa {n:02d}" for n in range(1, 25)]  # 24 honest students, several layouts
    for n, name in enumerate(honest):
        total = 0.0
        for lesson in LESSONS:
            answers = {}
            for ex_id, ex in BANK.items():
                if ex_id.startswith(lesson) and (n == 0 or rng.random() < 0.9):
                    answers[ex_id] = right_answer(ex) if (n == 0 or rng.random() < 0.6) else wrong_answers(ex)[0]
                    total += check(ex, answers[ex_id]).score
            if n % 3 == 0:
                _put(folder / "8A", f"{name} - jawaban-{lesson}.json", _sheet(lesson, answers))
            elif n % 3 == 1:
                _put(folder / name / "rilis" / "notebooks", f"jawaban-{lesson}.json", _sheet(lesson, answers))
            else:
                _put(folder, f"{name.replace(' ', '_')}_jawaban-{lesson}.json", _sheet(lesson, answers))
        expected[name] = round(total, 4)
    assert expected["Siswa 01"] == TOTAL
    # 16 hostile students, one class of failure each
    _put(folder, "H01 - jawaban-00.json", "[" * 100_000 + "]" * 100_000)
    _put(folder, "H02_00-pengantar.ipynb",
         json.dumps({"cells": [{"cell_type": "code", "source": 'ks.exercise("00-01", answer={[]: 1})'}]}))
    _put(folder, b"H03\x07\xed\xa0\x80 - jawaban-00.json", _sheet("00", {"00-01": "\x00"}))
    os.symlink("tidak-ada", folder / "H04 - jawaban-00.json")
    os.symlink("H05 - jawaban-00.json", folder / "H05 - jawaban-00.json")
    os.symlink(folder / "8A" / "Siswa 01 - jawaban-00.json", folder / "H06 - jawaban-00.json")
    mode0 = _put(folder, "H07 - jawaban-00.json", _sheet("00", {}))
    os.chmod(mode0, 0)
    (folder / "H08").mkdir()
    _nested(folder / "H08", 1500)
    os.mkfifo(folder / "H09 - jawaban-00.json")
    _put(folder, "H10_00-pengantar.ipynb", json.dumps({"cells": [{"cell_type": "code", "source":
         'ks.exercise("00-01", answer="' + "x" * 1_900_000 + ' ")'}]}))
    _put(folder, "H11 - jawaban-00.json", b"\x00\xff\xfe junk")
    with open(_put(folder, "H12 - jawaban-00.json", b""), "r+b") as handle:
        handle.truncate(5_000_000)
    _put(folder, "H13 - jawaban-00.json", json.dumps({"format": "kssa-lembar-jawaban", "id_scheme": 2, "lesson": "00", "answers": {
        "00-01": {"answer": ["A"] * 100_000}, "00-02": {"answer": "x", "attempts": -5, "first_answer": {"a": [[[[[[[[[[1]]]]]]]]]]}},
        "00-05": {"answer": {"1": "A", "01": "A", "001": "A"}}}}))
    _put(folder, "H14 - jawaban-00.json", _sheet("07", {"07-01": "A"}))
    os.symlink(folder / "Siswa 02", folder / "H15")  # a folder link to an honest student's folder
    (folder / "H16").mkdir()
    os.symlink("..", folder / "H16" / "atas")
    yield folder, expected
    os.chmod(mode0, 0o644)
    _unnest(folder / "H08")


def _unnest(folder: Path) -> None:
    """Remove a deep chain of "d" folders one level at a time (shutil.rmtree recurses)."""
    chain, path = [], folder
    while (path / "d").is_dir():
        path = path / "d"
        chain.append(path)
    for path in reversed(chain):
        for item in path.iterdir():
            if not item.is_dir():
                item.unlink()
        path.rmdir()


def test_hostile_class_of_40(hostile_class, tmp_path):
    folder, expected = hostile_class
    before = _fingerprint(folder)
    run = _grade(folder)
    paths = write_outputs(run, tmp_path / "hasil")
    after = _fingerprint(folder)
    assert before == after and len(before) > 1500  # nothing modified, moved, created or touched
    names = {r.name for r in run.students}
    hostile = {f"H{n:02d}" for n in range(1, 17)} - {"H03"}
    assert len(run.students) == 40 and set(expected) | hostile <= names
    for name, total in expected.items():
        assert _total(run, name) == total, name
    statuses = {r.name: "; ".join(r.notes) for r in run.students}
    h03 = next(n for n in names if n.startswith("H03"))
    assert not any(ord(ch) < 32 for ch in h03)
    for name, words in {"H01": "bukan JSON", "H02": "tidak dapat dibaca", "H04": "symlink", "H05": "symlink",
                        "H06": "symlink", "H08": "lapis", "H09": "bukan berkas biasa", "H10": "terlalu panjang",
                        "H11": "UTF-8", "H12": "terlalu besar", "H13": "terlalu besar", "H14": "pelajaran lain",
                        "H15": "symlink", "H16": "symlink"}.items():
        assert words in statuses[name], (name, statuses[name])
    for name in hostile:
        assert _total(run, name) == 0.0, name
    if os.geteuid() != 0:
        assert "tidak dapat dibaca" in statuses["H07"]
    header, rows = gradebook_rows(run)
    assert len(rows) == 40 and paths["csv"].is_file()


@pytest.mark.parametrize("text, names", [
    ("Ani Lestari\nBudi Santoso\n\nCitra\n", ["Ani Lestari", "Budi Santoso", "Citra"]),  # a list of names, no header
    ("nama\nAni\nBudi\n", ["Ani", "Budi"]),
    ("No;Nama Siswa;Kelas\n1;Ani;8A\n2;Budi;8A\n", ["Ani", "Budi"]),  # an export from a school system
])
def test_a_roster_of_names_alone_is_accepted(tmp_path, text, names):
    from lessons.teacher.submissions import read_roster

    path = tmp_path / "daftar.csv"
    path.write_text(text, encoding="utf-8")
    assert sorted(read_roster(path).names.values()) == names


def test_a_roster_without_names_is_refused_in_one_sentence(tmp_path):
    from lessons.teacher.submissions import SubmissionsError, read_roster

    path = tmp_path / "daftar.csv"
    path.write_text("x,y\n1,2\n", encoding="utf-8")
    with pytest.raises(SubmissionsError, match="nama"):
        read_roster(path)
