"""The teacher's workflow end to end: release → students answer → grade.

Three simulated students (all right, half right, hostile) plus one student
per kind of broken input. The gradebook values are asserted exactly, the
feedback pages are checked for leaked keys, and every submission's hash is
compared before and after grading.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import time
from pathlib import Path

import pytest

from lessons.teacher import blueprint, cli
from lessons.engine.bank import load_bank
from lessons.engine.checking import check
from lessons.engine.model import normalize_text
from lessons.teacher.gradebook import answer_text, gradebook_rows, page_file_name, write_outputs
from lessons.teacher.grading import Assignment, grade
from lessons.teacher.submissions import student_key
from lessons.teacher.key_notebooks import right_answer, wrong_answers
from lessons.teacher.release import ReleaseError, _hidden_part, build_release, scan_for_leaks, secrets_of

LESSONS = ["00", "01"]


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    out = tmp_path_factory.mktemp("rilis") / "kelas-8a"
    made = build_release(out, LESSONS, title="Tugas uji", due="2026-12-15")
    assert made.leaks == []
    return made


ROOT = Path(__file__).resolve().parent.parent


def _bank():
    """The teacher's (clear) banks, whatever the working folder is."""
    bank = {}
    for lesson in LESSONS:
        bank.update(load_bank(lesson, ROOT / "data" / "exercises" / f"{lesson}.yml"))
    return bank


def _sheet(lesson, answers) -> str:
    return json.dumps({"format": "kssa-lembar-jawaban", "id_scheme": 2, "version": 1, "lesson": lesson,
                       "answers": {k: {"answer": v, "saved_at": "2026-11-28T10:00:00"} for k, v in answers.items()}})


def _write(folder: Path, name, content, mtime=None):
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else os.fsencode(name))))
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    with open(os.fsencode(folder) + b"/" + (name if isinstance(name, bytes) else os.fsencode(name)), "wb") as handle:
        handle.write(data)
    if mtime:
        os.utime(os.fsencode(folder) + b"/" + (name if isinstance(name, bytes) else os.fsencode(name)), (mtime, mtime))
    return path


def _notebook(cells_source: list[str]) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                       "cells": [{"cell_type": "code", "source": s, "metadata": {}, "outputs": [], "execution_count": None}
                                 for s in cells_source]})


@pytest.fixture(scope="module")
def submissions(tmp_path_factory, release):
    bank = _bank()
    folder = tmp_path_factory.mktemp("kiriman")
    ids = list(bank)
    # 1. all right
    for lesson in LESSONS:
        _write(folder, f"Ani Lestari - jawaban-{lesson}.json",
               _sheet(lesson, {i: right_answer(bank[i]) for i in ids if i.startswith(lesson)}))
    # 2. half right: the first half of each lesson's exercises right, the rest wrong
    for lesson in LESSONS:
        mine = [i for i in ids if i.startswith(lesson)]
        half = len(mine) // 2
        answers = {i: (right_answer(bank[i]) if n < half else wrong_answers(bank[i])[0]) for n, i in enumerate(mine)}
        _write(folder, f"budi_jawaban-{lesson}.json", _sheet(lesson, answers))
    # 3. hostile: tampered sheet (extra keys, absurd values, wrong types), junk and a huge file
    hostile = {"00-01": {"$ne": "A"}, "00-02": ["Timor-Leste"] * 1000, "00-07": "DROP TABLE", "00-06": 10**30,
               "00-05": ["A", "B", "C", "D", "E", "F"], "00-03": float("1e308"), "99-99": "extra", "score": 100,
               "00-08": "x" * 100_000}
    doc = json.loads(_sheet("00", hostile))
    doc["answers"]["00-04"] = {"answer": "KHM"}  # one honest right answer
    doc["total"] = 9999
    doc["answers"]["__proto__"] = {"answer": "A"}
    home = folder / "citra"  # a JupyterHub home folder: the folder names the student
    home.mkdir()
    _write(home, "jawaban-00.json", json.dumps(doc))
    _write(home, "jawaban-01.json", b"\x00\xff junk \x89PNG")
    with open(home / "video.json", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB
    # broken inputs, one student each
    _write(folder, "dedi_jawaban-00.json", '{"format": "kssa-lembar-jawaban", "id_scheme": 2, "lesson": "00", "answers": {')
    _write(folder, "eka_jawaban-00.json", "")
    _write(folder, "fajar_jawaban-07.json", _sheet("07", {"07-01": "A"}))
    right = right_answer(bank["01-04"])
    _write(folder, "gita_01-pengertian-dan-ruang-lingkup.ipynb", _notebook([
        "import lessons as ks",
        f'ks.exercise("01-05", answer={right_answer(bank["01-05"])!r})',  # reordered: 01-05 before 01-04
        f'ks.exercise("01-04", answer={wrong_answers(bank["01-04"])[0]!r})',
        f'ks.exercise("01-04", answer={right!r})',  # duplicated: the last one counts
        "ks.check = lambda *a: 100  # trying to change the engine",
        "while True:\n    pass",
        "import os; os._exit(1)",
    ]))
    _write(folder, "hadi_jawaban-00.json", _sheet("00", {"00-01": 7, "00-02": None, "00-07": {"1": "maybe"}}))
    _write(folder, b"ika caf\xe9 jawaban-00.json", _sheet("00", {"00-01": "A"}))
    _write(folder, "joko_jawaban-00.json", _sheet("00", {"00-01": "B"}), mtime=time.time() - 3600)
    _write(folder, "joko jawaban-00 (1).json", _sheet("00", {"00-01": "A"}), mtime=time.time())
    return folder


def _hashes(folder: Path) -> dict:
    out = {}
    for dirpath, _dirs, files in os.walk(os.fsencode(folder)):
        for name in files:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as handle:
                out[path] = hashlib.sha256(handle.read()).hexdigest()
    return out


@pytest.fixture(scope="module")
def graded(submissions, release, tmp_path_factory):
    before = _hashes(submissions)
    assignment = Assignment.read(release.folder / "tugas.json")
    run = grade(submissions, assignment, progress=False)
    out = tmp_path_factory.mktemp("hasil")
    paths = write_outputs(run, out)
    after = _hashes(submissions)
    return run, paths, before, after


def _row(run, name):
    header, rows = gradebook_rows(run)
    table = {r[0]: dict(zip(header, r)) for r in rows}
    return table[name]


def test_submissions_are_never_modified(graded):
    _run, _paths, before, after = graded
    assert len(before) >= 15 and before == after


def test_all_right_student(graded):
    run = graded[0]
    bank = _bank()
    row = _row(run, "Ani Lestari")
    assert row["Total skor"] == sum(ex.points for ex in bank.values())
    assert row["Persentase"] == 100.0
    assert row["Uraian perlu diperiksa"] == 2
    for ex_id, ex in bank.items():
        assert row[ex_id] == ex.points


def test_half_right_student(graded):
    run = graded[0]
    bank = _bank()
    expected = 0.0
    for lesson in LESSONS:
        mine = [i for i in bank if i.startswith(lesson)]
        for n, i in enumerate(mine):
            answer = right_answer(bank[i]) if n < len(mine) // 2 else wrong_answers(bank[i])[0]
            expected += check(bank[i], answer).score
    row = _row(run, "budi")
    assert row["Total skor"] == round(expected, 2)
    assert 0 < row["Persentase"] < 100


def test_hostile_student_gets_only_what_is_earned(graded):
    run = graded[0]
    row = _row(run, "citra")
    assert row["Total skor"] == 1.0  # only 00-04 was answered honestly
    assert "terlalu besar" in row["Status"] and "bukan teks UTF-8" in row["Status"]
    assert "tidak ditugaskan diabaikan" in row["Status"]


@pytest.mark.parametrize("name, words", [
    ("dedi", "bukan JSON"),
    ("eka", "berkas kosong"),
    ("fajar", "pelajaran lain (07)"),
    ("hadi", "dari {total} soal dijawab"),
    ("ika caf\ufffd", "1 dari {total} soal dijawab"),
    ("joko", "yang terbaru dipakai"),
])
def test_every_broken_input_has_its_own_row_and_status(graded, name, words):
    row = _row(graded[0], name)
    assert words.format(total=len(_bank())) in row["Status"]  # the count follows the banks of LESSONS


def test_notebook_is_read_not_run(graded):
    row = _row(graded[0], "gita")
    bank = _bank()
    assert row["01-04"] == bank["01-04"].points  # the later, duplicated answer
    assert row["01-05"] == bank["01-05"].points  # reordered cells still count
    assert row["Total skor"] == bank["01-04"].points + bank["01-05"].points
    assert "dibaca tanpa dijalankan" in row["Status"] and "lebih dari sekali" in row["Status"]


def test_newest_of_two_files_is_used(graded):
    assert _row(graded[0], "joko")["00-01"] == 1.0


def test_gradebook_files_open_cleanly(graded):
    run, paths, _b, _a = graded
    raw = paths["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents right
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:3] == ["Nama siswa", "Berkas", "Status"] and rows[0][-4:] == ["Total skor", "Skor maksimum", "Persentase", "Uraian perlu diperiksa"]
    assert len(rows) == 1 + len(run.students)
    for row in rows[1:]:
        float(row[-4]), float(row[-2])  # plain numbers, dot decimals, no thousands separators
    from openpyxl import load_workbook

    sheet = load_workbook(paths["xlsx"]).active
    assert sheet.cell(1, 1).value == "Nama siswa"
    assert sheet.title == "Nilai" and sheet.cell(1, 2).value.startswith("Total skor")  # totals right after the name
    totals = [sheet.cell(r, 2).value for r in range(2, sheet.max_row + 1)]
    assert all(isinstance(v, (int, float)) for v in totals)


def _key_material(ex, own: str = "") -> list[str]:
    """Everything that would give away the key of ``ex``: its secrets (accepted
    answers, rubric keywords and labels, model answer, explanation) and, for a
    choice of any form (``Form.item_parts``), the words of each right option,
    unless the student's own answer ``own`` (as the page shows it) holds them."""
    found = [item for items in secrets_of(ex).values() for item in items]
    found += [str(ex.options[code]) for code in ex.kind.item_parts(ex).key
              if f" {normalize_text(str(ex.options[code]))} " not in f" {normalize_text(own)} "]
    return [item for item in found if normalize_text(item)]


def _feedback_cell(page: str, ex_id: str) -> str:
    """The feedback column of exercise ``ex_id``'s row on a feedback page."""
    match = re.search(rf"<tr><td>{ex_id}</td>.*?</tr>", page, re.S)
    assert match, f"{ex_id} has no row"
    return match.group(0)


def test_feedback_pages_never_show_a_key_of_a_wrong_answer(graded):
    run, paths, _b, _a = graded
    bank = _bank()
    pages = {p.stem: p.read_text(encoding="utf-8") for p in paths["feedback"].glob("*.html")}
    assert len(pages) == len(run.students)
    checked = set()
    for record in run.students:
        page = pages[page_file_name(record.name)]
        for ex_id, result in record.results.items():
            if (result.status not in ("salah", "kosong", "tidak_valid") and result.score > 0) or ex_id in record.overrides:
                continue  # only answers that are wrong or missing (a good essay is shown the criteria it met)
            whole, cell = f" {normalize_text(page)} ", f" {normalize_text(_feedback_cell(page, ex_id))} "
            own = answer_text(bank[ex_id], record.answers.get(ex_id), result.status)
            for secret in _key_material(bank[ex_id], own):
                long = len(normalize_text(secret).split()) > 3  # a sentence: nowhere on the page; a word: not in its row
                assert f" {normalize_text(secret)} " not in (whole if long else cell), (record.name, ex_id, secret)
            checked.add((record.name, bank[ex_id].form))
    # budi got the second half of each lesson wrong: choices, a short answer and both essays among them
    forms = {form for name, form in checked if name == "budi"}
    assert {"isian", "uraian"} <= forms and forms & {"pilihan_ganda", "pg_kompleks"}, forms  # choices: bank order decides which
    assert "Petunjuk" in pages["budi"]


def test_the_key_check_of_feedback_pages_can_fail(graded):
    """The check above catches a page that names a key (the test is not empty)."""
    bank = _bank()
    ex = bank["00-02"]
    leaky = f"<tr><td>00-02</td><td>Jawaban yang benar: {secrets_of(ex)['jawaban'][0]}</td></tr>"
    assert any(f" {normalize_text(s)} " in f" {normalize_text(_feedback_cell(leaky, '00-02'))} " for s in _key_material(ex))


def test_overrides_are_reapplied(graded, submissions, release, tmp_path):
    run, paths, _b, _a = graded
    template = list(csv.reader(paths["template"].read_text(encoding="utf-8-sig").splitlines()))
    assert template[0] == ["siswa", "soal", "skor_sementara", "skor", "catatan", "versi_nomor_soal"]
    corrections = tmp_path / "koreksi.csv"
    corrections.write_text("siswa;soal;skor;catatan\nAni Lestari;00-08;2;Alasan kedua kurang jelas\n"
                           "budi;01-09;9;terlalu besar\nnobody;00-01;1;\nbudi;00-01;satu;\n", encoding="utf-8")
    assignment = Assignment.read(release.folder / "tugas.json")
    again = grade(submissions, assignment, overrides_path=corrections, progress=False)
    row = _row(again, "Ani Lestari")
    assert row["00-08"] == 2.0 and row["Total skor"] == _row(run, "Ani Lestari")["Total skor"] - 1
    assert len(again.rejected_overrides) == 3


def test_student_names_from_files_and_folders(tmp_path):
    (tmp_path / "rina").mkdir()
    assert student_key(tmp_path, tmp_path / "rina" / "notebooks" / "jawaban-00.json") == "rina"
    assert student_key(tmp_path, tmp_path / "Siti Aminah - jawaban-01.json") == "Siti Aminah"
    assert student_key(tmp_path, tmp_path / "budi_01-pengertian-dan-ruang-lingkup.ipynb") == "budi"


def test_roster_adds_absent_students(submissions, release, tmp_path):
    roster = tmp_path / "daftar.csv"
    roster.write_text("nama,berkas\nAni Lestari,Ani Lestari\nBudi Santoso,budi\nZaki Absen,zaki\n", encoding="utf-8")
    run = grade(submissions, Assignment.read(release.folder / "tugas.json"), roster_path=roster, progress=False)
    names = {r.name for r in run.students}
    assert {"Ani Lestari", "Budi Santoso", "Zaki Absen"} <= names
    assert "tidak mengumpulkan" in _row(run, "Zaki Absen")["Status"]
    assert "tidak ada di daftar siswa" in _row(run, "citra")["Status"]


# --------------------------------------------------------------------------
# the release itself


def test_release_contents(release):
    folder = release.folder
    assert sorted(p.name for p in (folder / "notebooks").glob("*.ipynb")) == [
        "00-pengantar.ipynb", "01-pengertian-dan-ruang-lingkup.ipynb", "beranda.ipynb", "glosarium.ipynb"]
    assert not list(folder.rglob("*kunci*")) and not list(folder.rglob("kisi-kisi*"))
    assignment = json.loads((folder / "tugas.json").read_text(encoding="utf-8"))
    assert assignment["due"] == "2026-12-15" and assignment["lessons"] == LESSONS
    assert assignment["total_points"] == sum(ex.points for ex in _bank().values())
    for lesson in LESSONS:
        sheet = json.loads((folder / "notebooks" / f"jawaban-{lesson}.json").read_text(encoding="utf-8"))
        assert sheet["answers"] == {}
    assert not (folder / "lessons" / "teacher").exists() and not (folder / "lessons" / "text" / "teacher.py").exists()
    assert (folder / "lessons" / "__init__.py").is_file()


def test_leak_scan_finds_nothing_in_a_release_and_catches_a_planted_leak(release, tmp_path):
    assert scan_for_leaks(release.folder) == []
    import shutil

    leaky = tmp_path / "bocor"
    shutil.copytree(release.folder, leaky)
    bank = _bank()
    planted = bank["00-08"].teacher["model_answer"]
    (leaky / "notebooks" / "catatan.md").write_text(planted, encoding="utf-8")
    with open(leaky / "data" / "exercises" / "01.yml", "a", encoding="utf-8") as handle:
        handle.write("\n# accepted: ACTIP\n")
    import yaml

    doc = yaml.safe_load((leaky / "data" / "exercises" / "00.yml").read_text(encoding="utf-8"))
    doc["exercises"][-1]["rubric"] = [{"keywords": ["persaudaraan"]}]
    (leaky / "data" / "exercises" / "00.yml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    found = scan_for_leaks(leaky)
    assert any("catatan.md" in f and "00-08" in f for f in found)
    assert any("01.yml" in f and "01-06" in f for f in found)
    assert any("00.yml" in f and "persaudaraan" in f for f in found)
    assert any("00.yml" in f and '"rubric"' in f for f in found)


def _secrets_in_banks(folder: Path) -> list[tuple[str, str, str]]:
    """(exercise, kind, secret) for every secret of every kind readable in a release's sealed banks.

    Model answers and explanations ("contoh") must be nowhere in a bank; the
    other kinds nowhere but in what every student sees on screen anyway
    (question texts, options, hints: a rubric word may occur in a question).
    """
    texts = [p.read_text(encoding="utf-8") for p in (folder / "data" / "exercises").glob("*.yml")]
    assert texts
    whole = " ".join(f" {normalize_text(text)} " for text in texts)
    hidden = " ".join(f" {normalize_text(_hidden_part(text))} " for text in texts)
    found = []
    for ex in _bank().values():
        for kind, items in secrets_of(ex).items():
            for item in items:
                if normalize_text(item) and f" {normalize_text(item)} " in (whole if kind == "contoh" else hidden):
                    found.append((ex.id, kind, item))
    return found


def test_every_secret_is_absent_from_the_bank_files(release, tmp_path):
    bank = _bank()
    kinds = {kind for ex in bank.values() for kind, items in secrets_of(ex).items() if items}
    assert {"jawaban", "kata_kunci", "contoh"} <= kinds  # every kind is there to look for
    assert _secrets_in_banks(release.folder) == []
    # planted, one secret of each kind, in a comment of a sealed bank: each one is found
    import shutil

    leaky = tmp_path / "bocor"
    shutil.copytree(release.folder, leaky)
    planted = {kind: next((ex.id, items[0]) for ex in bank.values() for k, items in secrets_of(ex).items() if k == kind and items)
               for kind in sorted(kinds)}
    with open(leaky / "data" / "exercises" / "00.yml", "a", encoding="utf-8") as handle:
        handle.write("".join(f"\n# {secret}\n" for _ex_id, secret in planted.values()))
    found = {(ex_id, kind) for ex_id, kind, _secret in _secrets_in_banks(leaky)}
    assert {(ex_id, kind) for kind, (ex_id, _secret) in planted.items()} <= found


def test_release_gives_the_same_feedback_as_the_course(release, monkeypatch):
    monkeypatch.chdir(release.folder / "notebooks")
    from lessons.engine.bank import _load_bank_cached

    _load_bank_cached.cache_clear()
    sealed = load_bank("01")
    assert sealed and all(ex.salt for ex in sealed.values())
    for ex_id, ex in _bank().items():
        if ex_id.startswith("01"):
            for answer in [right_answer(ex), *wrong_answers(ex)]:
                assert check(sealed[ex_id], answer) == check(ex, answer)


def test_release_of_chosen_exercises(tmp_path):
    made = build_release(tmp_path / "pilih", exercises=["01-03", "01-09"])
    assert [e["id"] for e in made.exercises] == ["01-03", "01-09"] and made.leaks == []
    nb = json.loads((tmp_path / "pilih" / "notebooks" / "01-pengertian-dan-ruang-lingkup.ipynb").read_text(encoding="utf-8"))
    calls = [c for c in nb["cells"] if "ks.exercise" in "".join(c["source"])]
    assert len(calls) == 2


@pytest.mark.parametrize("kwargs, words", [
    ({"lessons": ["42"]}, "tidak ada"), ({"exercises": ["01-77"]}, "tidak ada"), ({"due": "besok"}, "TTTT-BB-HH")])
def test_release_refuses_with_a_sentence(tmp_path, kwargs, words):
    with pytest.raises(ReleaseError) as info:
        build_release(tmp_path / "x", **kwargs)
    assert words in str(info.value)


# --------------------------------------------------------------------------
# blueprint and command line


def test_blueprint_lists_every_exercise_with_key(tmp_path):
    paths = blueprint.write(tmp_path)
    rows = list(csv.reader(paths["csv"].read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == blueprint.HEADER
    n = sum(len(load_bank(p.stem)) for p in (Path(__file__).parent.parent / "data" / "exercises").glob("*.yml"))
    assert len(rows) == n + 1
    row = next(r for r in rows if r[5] == "00-02")
    assert "Timor-Leste" in row[7] and row[3] == "C1 mengingat" and "anggota ke-11" in row[6]  # question, then key
    assert "Kisi-kisi" in paths["html"].read_text(encoding="utf-8")


def test_cli_end_to_end_and_errors(tmp_path, capsys, submissions):
    assert cli.main(["release", str(tmp_path / "r"), "--pelajaran", "00"]) == 0
    assert "bersih" in capsys.readouterr().out
    assert cli.main(["grade", str(submissions), "--tugas", str(tmp_path / "r" / "tugas.json"),
                     "--hasil", str(tmp_path / "h"), "--tanpa-progres"]) == 0
    assert (tmp_path / "h" / "nilai.xlsx").exists()
    assert cli.main(["grade", str(tmp_path / "tidak-ada"), "--tanpa-progres"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Gagal:") and "Traceback" not in err
    assert cli.main(["release", str(tmp_path / "r"), "--pelajaran", "00"]) == 2  # not empty
