"""Meja Guru: the pure functions (storing uploads, safe zip extraction,
essays, corrections, downloads) and the five widgets driven as a teacher
would (values set, buttons clicked)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re
import stat
import zipfile

from lessons.engine.bank import load_bank
from lessons.teacher import desk as D
from lessons.teacher.key_notebooks import right_answer, wrong_answers

from .conftest import DATA


def _sheet(lesson: str, answers: dict) -> bytes:
    return json.dumps({"format": "kssa-lembar-jawaban", "id_scheme": 2, "lesson": lesson,
                       "answers": {k: {"answer": v} for k, v in answers.items()}}).encode()


def _zip(entries: dict, links: tuple = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def test_zip_extraction_is_safe(tmp_path):
    data = _zip({"notebooks/jawaban-00.json": b"{}", "../luar.json": b"{}", "/mutlak.json": b"{}",
                 "C:/windows.json": b"{}", "a/../../naik.json": b"{}", "notebooks/.ipynb_checkpoints/x.json": b"{}",
                 "__MACOSX/notebooks/._jawaban-00.json": b"x", "notebooks/gambar.png": b"png"},
                links=("notebooks/tautan.json",))
    report = D.store_uploads([("Budi Santoso.zip", data)], tmp_path / "kiriman", tmp_path / "asli")
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert files == ["asli/Budi Santoso.zip", "kiriman/Budi Santoso/notebooks/jawaban-00.json"]
    assert (tmp_path / "asli" / "Budi Santoso.zip").read_bytes() == data  # kept untouched
    text = " ".join(report.skipped)
    assert text.count("ke luar folder") == 4 and "tautan" in text
    assert report.stored == ["kiriman/Budi Santoso/notebooks/jawaban-00.json"]


def test_zip_limits(tmp_path, monkeypatch):
    from lessons.teacher.desk import collect_step  # the limits live with step 2, which reads them

    monkeypatch.setattr(collect_step, "MAX_BYTES", 100)
    monkeypatch.setattr(collect_step, "MAX_MEMBERS", 5)
    big = _zip({"notebooks/jawaban-00.json": b"x" * 1000, "notebooks/jawaban-01.json": b"{}"})
    report = D.store_uploads([("ani.zip", big)], tmp_path / "k", tmp_path / "a")
    assert report.stored == ["k/ani/notebooks/jawaban-01.json"] and "lebih besar" in report.skipped[0]
    many = _zip({f"notebooks/jawaban-{i:02d}.json": b"{}" for i in range(6)})
    report = D.store_uploads([("budi.zip", many)], tmp_path / "k", tmp_path / "a")
    assert report.stored == [] and "lebih dari" in report.skipped[0]
    report = D.store_uploads([("rusak.zip", b"PK\x03\x04 bukan zip")], tmp_path / "k", tmp_path / "a")
    assert "bukan berkas zip" in report.skipped[0]


def test_uploads_are_stored_untouched_and_never_overwritten(tmp_path):
    one, two = _sheet("00", {"00-01": "A"}), _sheet("00", {"00-01": "B"})
    report = D.store_uploads([("ani - jawaban-00.json", one), ("../../ani - jawaban-00.json", two),
                              ("ani - jawaban-00.json", one), ("virus.exe", b"MZ")], tmp_path / "k", tmp_path / "a")
    stored = sorted(p.name for p in (tmp_path / "k").iterdir())
    assert stored == ["ani - jawaban-00 (2).json", "ani - jawaban-00.json"]
    assert (tmp_path / "k" / "ani - jawaban-00.json").read_bytes() == one
    assert len(report.skipped) == 2 and "sama persis" in report.skipped[0] and ".json" in report.skipped[1]


def test_corrections_file_is_merged(tmp_path):
    path = tmp_path / "koreksi-nilai.csv"
    assert D.save_corrections(path, [("Ani", "00-08", 2.0, "baik"), ("Budi", "00-08", 1.5, "kurang\ncontoh")]) == 2
    assert D.save_corrections(path, [("Ani", "00-08", None, ""), ("Citra", "00-08", 0.0, "")]) == 2
    rows = D.read_corrections(path)
    assert [(r["siswa"], r["skor"], r["catatan"]) for r in rows] == [("Budi", "1.5", "kurang contoh"), ("Citra", "0", "")]


def test_download_link_carries_the_bytes():
    link = D.download_link(b"isi berkas", "nilai.csv", "Buku nilai")
    encoded = re.search(r'base64,([^"]+)"', link).group(1)
    assert base64.b64decode(encoded) == b"isi berkas" and 'download="nilai.csv"' in link and "text/csv" in link
    archive = zipfile.ZipFile(io.BytesIO(D.zip_bytes({"a/b.html": b"x"})))
    assert archive.read("a/b.html") == b"x"


def _upload(files):
    return tuple({"name": n, "type": "", "size": len(b), "content": memoryview(b),
                  "last_modified": dt.datetime(2026, 12, 1)} for n, b in files)


def test_the_whole_loop_with_widgets(tmp_path):
    """Release → three students' folders uploaded → grade → review an essay → download."""
    desk = D.Desk(tmp_path / "meja")
    release = D.release_widget(desk)
    assert "langkah 1" in repr(release.summary)
    release.lessons.value = ("00",)
    release.title_input.value = "Tugas 8A"
    release.due.value = dt.date(2026, 12, 15)
    release.button.click()
    assert "bersih dari kunci" in release.status.value and 'download="rilis-00.zip"' in release.status.value
    made = zipfile.ZipFile(io.BytesIO(base64.b64decode(re.search(r'base64,([^"]+)"', release.status.value).group(1))))
    assert "rilis-00/tugas.json" in made.namelist()
    assert not any("teacher" in name for name in made.namelist())

    bank = load_bank("00", DATA / "exercises" / "00.yml")
    essay_id = next(i for i, e in bank.items() if e.form == "uraian")
    folders = {
        "Ani Lestari.zip": {i: right_answer(e) for i, e in bank.items()},
        "Budi Santoso.zip": {i: wrong_answers(e)[0] for i, e in bank.items()},
        "Citra.zip": {"00-01": right_answer(bank["00-01"]), essay_id: "terlalu singkat"},
    }
    collect = D.collect_widget(desk)
    collect.upload.value = _upload([(n, _zip({"notebooks/jawaban-00.json": _sheet("00", a)})) for n, a in folders.items()])
    collect.button.click()
    assert "3 berkas jawaban disimpan" in collect.status.value
    assert collect.upload.value == ()

    grading = D.grade_widget(desk)
    grading.refresh.click()
    grading.choice.value = dict((label, path) for label, path in grading.choice.options)["rilis-00"]
    grading.button.click()
    assert "Selesai: 3 siswa" in grading.status.value and grading.bar.value == grading.bar.max
    assert "Ani Lestari" in grading.table.value and "100%" in grading.table.value

    review = D.review_widget(desk)
    review.load.click()
    assert review.question.value == essay_id
    students = [e.student for e, *_ in review.inputs]
    assert students == ["Ani Lestari", "Budi Santoso", "Citra"]
    citra = next(e for e, *_ in review.inputs if e.student == "Citra")
    assert citra.too_short  # listed, to be scored by hand
    ani, score, use, note = review.inputs[0]
    assert ani.met and ani.provisional == bank[essay_id].points
    score.value = "4,5"  # more than the points: refused, nothing saved
    review.save.click()
    assert "bukan angka dari 0 sampai 3" in review.status.value and not desk.corrections.exists()
    score.value = "1,5"  # typed the Indonesian way
    note.value = "Alasan kedua kurang jelas."
    assert use.value  # typing a score marks it to be used
    download = D.download_widget(desk)
    download.button.click()  # links shown before the correction: they must follow it
    before = download.links.value
    review.save.click()
    assert "1 koreksi tersimpan" in review.status.value
    page = desk.outputs["pages"]["ani lestari"].read_text(encoding="utf-8")
    assert "Skor dari guru: 1,5" in page and "Alasan kedua kurang jelas." in page
    # the whole desk follows the correction: step 3's table, step 4's screen, step 5's links
    ani_row = next(r for r in grading.table.value.split("<tr>") if "Ani Lestari" in r)
    assert "100%" not in ani_row and points_text(desk, "ani lestari") in ani_row
    assert next(e for e, *_ in review.inputs if e.student == "Ani Lestari").teacher_score == 1.5
    assert download.links.value != before
    xlsx = base64.b64decode(re.search(r'download="nilai.xlsx" href="data:[^;]+;base64,([^"]+)"', download.links.value).group(1))
    from openpyxl import load_workbook

    detail = load_workbook(io.BytesIO(xlsx))["Rincian"]
    header = [c.value for c in detail[1]]
    ani = next(r for r in detail.iter_rows(min_row=3, values_only=True) if r[0] == "Ani Lestari")
    assert ani[header.index(essay_id)] == 1.5
    assert "2 jawaban uraian belum diberi skor guru" in review.waiting.value  # Budi and Citra still to read

    # reopening Meja Guru (a new kernel): the last assignment and its results are loaded
    D._DESKS.clear()
    again = D.desk(desk.folder)
    assert again is not desk and again.run is not None and "dimuat lagi" in again.restored
    grading2 = D.grade_widget(again)
    assert grading2.choice.value is not None and grading2.choice.value.parent.name == "rilis-00"
    assert "Ani Lestari" in grading2.table.value and "dimuat lagi" in grading2.status.value
    review2 = D.review_widget(again)
    assert review2.question.value == essay_id and len(review2.inputs) == 3  # shown without pressing anything
    assert next(e for e, *_ in review2.inputs if e.student == "Ani Lestari").teacher_score == 1.5
    D._DESKS.clear()

    download.button.click()
    names = re.findall(r'download="([^"]+)"', download.links.value)
    assert names == ["nilai.xlsx", "nilai-excel-indonesia.csv", "nilai.csv", "analisis-butir.html",
                     "umpan-balik.zip", "kisi-kisi.zip"]
    pages = zipfile.ZipFile(io.BytesIO(base64.b64decode(re.findall(r'base64,([^"]+)"', download.links.value)[4])))
    assert len(pages.namelist()) == 3


def points_text(desk, key: str) -> str:
    from lessons.core.formatting import points

    record = next(r for r in desk.run.students if r.key == key)
    return points(sum(record.score(i) for i in desk.run.assignment.exercises))


def test_every_step_says_what_it_waits_for(tmp_path):
    desk = D.Desk(tmp_path / "meja")
    views = {step: builder(desk) for step, builder in (("release", D.release_widget), ("collect", D.collect_widget),
                                                       ("grade", D.grade_widget), ("review", D.review_widget),
                                                       ("download", D.download_widget))}
    texts = {step: view.waiting.value for step, view in views.items()}
    assert "Buat salinan siswa" in texts["release"]
    assert "Menunggu kiriman" in texts["collect"]
    assert "Menunggu kiriman siswa di langkah 2" in texts["grade"]
    assert "Menunggu hasil penilaian dari langkah 3" in texts["review"] and "langkah 3" in texts["download"]
    desk.store([("Ani - jawaban-00.json", _sheet("00", {"00-01": "B"}))])  # the steps follow
    assert "Siap menilai kiriman 1 siswa" in views["grade"].waiting.value
    assert "kiriman dari 1 siswa" in views["collect"].waiting.value
    upload = views["collect"].upload
    upload.value = ({"name": "Budi - jawaban-00.json", "type": "application/json", "size": 2,
                     "content": memoryview(b"{}"), "last_modified": dt.datetime(2026, 1, 1)},)
    assert "1 berkas dipilih tetapi belum disimpan" in views["collect"].waiting.value


def test_steps_out_of_order_give_one_sentence(tmp_path):
    desk = D.Desk(tmp_path / "meja")
    review = D.review_widget(desk)
    review.load.click()
    assert "Nilai kiriman dulu" in review.status.value and "Traceback" not in review.status.value
    download = D.download_widget(desk)
    download.button.click()
    assert "Nilai kiriman dulu" in download.links.value
    release = D.release_widget(desk)
    release.button.click()
    assert "Pilih sedikitnya satu pelajaran" in release.status.value
    collect = D.collect_widget(desk)
    collect.button.click()
    assert "Belum ada berkas" in collect.status.value
    assert not (tmp_path / "meja").exists()  # nothing written by a refused step


def test_notebook_entry_points_show_a_summary(tmp_path):
    for step in (D.release, D.collect, D.grade, D.review, D.download):
        view = step(tmp_path / "meja")
        bundle = view._repr_mimebundle_()
        assert bundle["text/plain"].startswith("Meja Guru, langkah")
        assert "application/vnd.jupyter.widget-view+json" in bundle


def test_saved_corrections_carry_the_id_scheme_and_keep_hand_typed_rows(tmp_path):
    """Rows Meja Guru writes say they name the current ids, so grading never
    renames them; a row the teacher typed earlier (no scheme) is kept as it is."""
    from lessons.engine.id_migration import ID_SCHEME
    from lessons.teacher.desk import read_corrections, save_corrections
    from lessons.text import t

    path = tmp_path / "koreksi-nilai.csv"
    path.write_text("siswa,soal,skor,catatan\nAni,06-15,2,lama\n", encoding="utf-8")
    save_corrections(path, [("Ani", "06-15", 1.5, "baru"), ("Budi", "01-09", 3, "")])
    rows = read_corrections(path)
    scheme = t("override_col_scheme")
    assert {(r["siswa"], r["soal"], r["skor"], r[scheme]) for r in rows} == {
        ("Ani", "06-15", "2", ""), ("Ani", "06-15", "1.5", str(ID_SCHEME)), ("Budi", "01-09", "3", str(ID_SCHEME))}
    save_corrections(path, [("Ani", "06-15", None, "")])  # removes only the row it wrote
    assert {(r["siswa"], r["skor"]) for r in read_corrections(path)} == {("Ani", "2"), ("Budi", "3")}
