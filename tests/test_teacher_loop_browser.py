"""The whole teacher loop in Voilà, with three students answering in a real browser.

A temporary course copy is served by one Voilà server. The teacher opens
Meja Guru (``guru/meja-guru.ipynb``) at 1366×768 and, without a terminal:
chooses lessons 00 and 01 (both with an essay), the mode and a deadline,
makes the release and downloads its zip. Three students each unpack that
zip into their own folder, open both lessons (Ani and Citra at a lab
screen, Budi on a phone by touch), answer every exercise differently by
clicking, tapping and typing, press Periksa, and hand in the way the
README says: "Unduh lembar jawaban" in each lesson. The teacher uploads
each student's two sheets (all named ``jawaban-NN.json``) with the
student's name typed in, grades (progress bar), gives a score and a
comment to one essay, grades again, and downloads the gradebook, the
feedback pages and the kisi-kisi.

Checked: each student's total and lesson subtotals in ``nilai.xlsx`` are
the sum of the scores their own screens showed after Periksa (the reviewed
essay counts the teacher's score instead), the reviewed essay's cell holds
the teacher's score, each feedback page holds that student's own answers
(and no other student's), and the kisi-kisi covers both lessons.

Also (issue 21): Budi tries 00-01 twice, downloads his sheet and uploads it
into a fresh copy (after a file that is no sheet, refused with the reason),
where every answer comes back and the attempt record (2 tries, his first answer and
its time, the answer's own saved_at) survives; after "Simpan koreksi" the
table of step 3 and the essay screen show the new score without grading
again; every step says what it waits for; and Meja Guru opened anew shows
the last assignment, its table and its essays without a click.
Screenshots of every step go to ``test-artifacts/teacher-loop/``.
"""

from __future__ import annotations

import html
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from .test_browser import ROOT, _copy_course, wait_for
from .test_student_browser import READY, Voila, answer_exercises, exercise_count

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts" / "teacher-loop"
LESSONS = {"00": "00-pengantar.ipynb", "01": "01-pengertian-dan-ruang-lingkup.ipynb"}
LAB = {"viewport": {"width": 1366, "height": 768}}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 1}
SCORE = re.compile(r"Skor(?: sementara menurut rubrik)?: (\d+(?:,\d+)?) dari (\d+(?:,\d+)?) poin")

# Three students, three ways of answering: ``variant`` picks which option of
# every group they click, and what they type. Essays are their own words.
STUDENTS = {
    "Ani Lestari": {"variant": 0, "screen": LAB, "typed": {"00-02": "Timor-Leste", "00-03": "58", "01-06": "ACTIP", "01-08": "10"},
                    "essays": {
                        "00-08": "Negara ASEAN perlu bekerja sama karena bencana dan wabah penyakit tidak berhenti "
                                 "di perbatasan. Kerja sama juga menaikkan kesejahteraan rakyat dan membuat warga "
                                 "saling memahami budaya tetangganya.",
                        "01-09": "Di daerah saya sering terjadi banjir besar setiap musim hujan. Bila banjirnya meluas "
                                 "sampai negara tetangga, AHA Centre dapat mengoordinasikan bantuan dari negara "
                                 "anggota supaya pertolongan datang bersama-sama dan lebih cepat."}},
    "Budi Santoso": {"variant": 1, "screen": PHONE, "typed": {"00-02": "Timor Leste", "00-03": "60", "01-06": "AICHR", "01-08": "12"},
                     "essays": {
                         "00-08": "Kerja sama dibutuhkan supaya negara-negara bisa saling membantu ketika ada bencana "
                                  "alam besar di kawasan kita.",
                         "01-09": "Gempa bumi pernah merusak banyak rumah di kota kami. Menurut saya negara tetangga "
                                  "bisa membantu dengan mengirim relawan dan obat-obatan kepada warga."}},
    "Citra Dewi": {"variant": 2, "screen": LAB, "typed": {"00-02": "Papua Nugini", "00-03": "58 tahun", "01-06": "actip", "01-08": "sepuluh"},
                   "essays": {
                       "00-08": "Supaya hidup warga lebih sejahtera dan negara tetangga mau saling menolong bersama.",
                       "01-09": "Longsor di desa, perlu bantuan."}},  # too short to score: the teacher scores it
}
REVIEWED = ("Citra Dewi", "01-09", 1.5, "Alasanmu benar, tetapi jelaskan dengan contoh.")
RETRIES = "Budi Santoso"  # tries one exercise twice, then hands in and uploads into a fresh copy


def shot(page, name: str, focus=None) -> None:
    """A screenshot; Voilà scrolls inside the page, so ``focus`` (a locator) is scrolled into view first."""
    if focus is not None:
        focus.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def number(text: str) -> float:
    return float(text.replace(",", "."))


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("guru-voila")
    _copy_course(root / "kursus")
    shutil.rmtree(root / "kursus" / "notebooks" / "kunci", ignore_errors=True)
    (root / "kursus" / "guru").mkdir()
    shutil.copy2(ROOT / "guru" / "meja-guru.ipynb", root / "kursus" / "guru" / "meja-guru.ipynb")
    server = Voila(root)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def chrome(chromium):
    """The suite's one Chromium (tests/conftest.py), with this file's screenshot folder made anew."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return chromium


def download(page, link, folder: Path) -> Path:
    """Click a download link as a person would; the file the browser saved."""
    with page.expect_download(timeout=60_000) as info:
        link.click()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def open_desk(context, server):
    page = context.new_page()
    page.goto(f"{server.url}/voila/render/kursus/guru/meja-guru.ipynb", timeout=300_000)
    step = page.locator(".kssa-desk-download")
    if not wait_for(lambda: step.count() == 1, timeout=300):
        shot(page, "TIMEOUT-meja-guru")
        pytest.fail(f"Meja Guru did not render its five steps; see {ARTIFACTS} and {server.root / 'voila.log'}")
    assert page.locator(".jp-OutputArea-output:has-text('Traceback')").count() == 0
    return page


def start_lesson(context, server, copy: str, name: str):
    """Open a lesson page without waiting for it (Voilà renders it meanwhile)."""
    page = context.new_page()
    page.goto(f"{server.url}/voila/render/{copy}/notebooks/{name}", wait_until="commit", timeout=300_000)
    return page


def usable(page, copy: str, name: str):
    ready = lambda: page.evaluate(READY, {"exercises": exercise_count(name)}).get("ready")  # noqa: E731
    assert wait_for(ready, timeout=300), f"{copy}/{name} not usable"
    return page


def open_lesson(context, server, copy: str, name: str):
    return usable(start_lesson(context, server, copy, name), copy, name)


def answer(page, phone: bool, student: dict) -> dict[str, tuple[float, float]]:
    """Answer every exercise as ``student`` would, press Periksa, and read the
    score each exercise then shows: {exercise id: (score, points)}."""
    v = student["variant"]

    def choose(kind: str, ex_id: str, index: int, choices):
        if kind == "radio":  # each student clicks a different option of every group
            return (v + index) % choices
        if kind == "tick":  # each student ticks a different set
            return (index + v) % 3 != 2
        if kind == "select":
            return choices[(v + index * (v + 1)) % len(choices)]
        if kind == "text":
            return student["typed"].get(ex_id, ("ASEAN", "Bangkok", "tidak tahu")[v])  # a bank may grow
        return student["essays"].get(ex_id, student["essays"]["00-08"])

    exercises = page.locator(".kssa-exercise:not(.kssa-sheet-tools)")
    ids = answer_exercises(page, phone, choose)
    done = page.locator(".kssa-exercise:not(.kssa-sheet-tools):has(.kssa-feedback)")
    assert wait_for(lambda: done.count() == len(ids), timeout=120), f"{done.count()} of {len(ids)} checked"
    feedbacks = exercises.evaluate_all("es => es.map(e => e.querySelector('.kssa-feedback').innerText)")
    shown = {}
    for ex_id, feedback in zip(ids, feedbacks):
        found = SCORE.search(feedback)
        shown[ex_id] = (number(found.group(1)), number(found.group(2))) if found else (0.0, None)
    return shown


def try_again(page, phone: bool) -> tuple[str, float]:
    """Choose another option in the first choice exercise and press Periksa
    again (a second attempt); (its id, the score it now shows)."""
    act = (lambda loc: loc.tap()) if phone else (lambda loc: loc.click())
    ex = page.locator(".kssa-exercise:not(.kssa-sheet-tools):has(.widget-radio-box)").first
    ex.scroll_into_view_if_needed()
    ex_id = re.search(r"\b(\d\d-\d\d)\b", ex.inner_text()).group(1)
    before = ex.locator(".kssa-feedback").inner_text()
    labels = ex.locator(".widget-radio-box").first.locator("label")
    checked = labels.evaluate_all("ls => ls.findIndex(l => l.querySelector('input').checked)")
    act(labels.nth((checked + 1) % labels.count()))
    act(ex.locator("button", has_text="Periksa"))
    assert wait_for(lambda: ex.locator(".kssa-feedback").inner_text() != before, timeout=60)
    found = SCORE.search(ex.locator(".kssa-feedback").inner_text())
    return ex_id, number(found.group(1)) if found else 0.0


def upload_sheet(page, phone: bool, sheet: Path, expected: str = "dipulihkan") -> str:
    """Upload a file with "Unggah lembar jawaban" (tap the button, pick the file in the chooser it opens);
    the message shown, which must come and hold ``expected``."""
    tools = page.locator(".kssa-sheet-tools")
    tools.scroll_into_view_if_needed()
    with page.expect_file_chooser() as chooser:
        upload = tools.locator(".widget-upload")
        upload.tap() if phone else upload.click()
    chooser.value.set_files(str(sheet))
    message = tools.locator("[role=alert]")
    assert wait_for(lambda: message.count() == 1 and expected in message.inner_text(), timeout=60), tools.inner_text()
    return message.inner_text()


def hand_in(page, phone: bool, folder: Path) -> Path:
    tools = page.locator(".kssa-sheet-tools")
    tools.scroll_into_view_if_needed()
    link = tools.locator("a.kssa-download")  # one tap saves the sheet: the link is always there
    assert wait_for(lambda: link.count() == 1, timeout=30)
    return download(page, link, folder)


def test_teacher_loop_in_voila(course, chrome, tmp_path):
    teacher = chrome.new_context(accept_downloads=True, **LAB)
    desk = open_desk(teacher, course)
    shot(desk, "01-meja-guru")
    waiting = desk.locator(".kssa-desk-waiting")
    assert waiting.count() == 5 and all(waiting.nth(i).inner_text().startswith("→") for i in range(5))
    assert "Menunggu kiriman" in desk.locator(".kssa-desk-collect .kssa-desk-waiting").inner_text()
    assert "Menunggu hasil penilaian" in desk.locator(".kssa-desk-review .kssa-desk-waiting").inner_text()

    # 1. release: lessons 00 and 01, latihan, a deadline; download the zip
    release = desk.locator(".kssa-desk-release")
    chosen = release.locator("select option").evaluate_all(
        "(os, wanted) => os.filter(o => wanted.includes(o.textContent.slice(0, 2))).map(o => o.textContent)", list(LESSONS))
    release.locator("select").select_option(label=chosen)  # as Ctrl+click on two lines does
    release.locator(".widget-text input").fill("Tugas Kerja Sama Sosial ASEAN 8A")
    release.locator("input[type=date]").fill("2026-12-15")
    release.locator(".widget-toggle-buttons button", has_text="latihan").click()
    release.locator("button", has_text="Buat salinan siswa").click()
    link = release.locator("a[download]")
    assert wait_for(lambda: link.count() == 1 or "Belum berhasil" in release.inner_text(), timeout=180)
    assert link.count() == 1, release.inner_text()
    shot(desk, "02-rilis", release)
    zipped = download(desk, link, tmp_path / "unduhan-guru")
    assert zipped.name == "rilis-00-01.zip"

    # 2. three students, each with their own unpacked copy of the release
    # Each page is opened while the one before is answered (as students in a lab open theirs at the same
    # time), so Voilà renders the next page while this one is tapped.
    shown, sheets, retried = {}, {}, None
    contexts, copies = {}, {}
    for name, student in STUDENTS.items():
        slug = name.split()[0].lower()
        zipfile.ZipFile(zipped).extractall(course.root / f"siswa-{slug}")
        copies[name] = f"siswa-{slug}/rilis-00-01"
        contexts[name] = chrome.new_context(accept_downloads=True, **student["screen"])
    turns = [(name, lesson, notebook) for name in STUDENTS for lesson, notebook in LESSONS.items()]
    opening = {0: start_lesson(contexts[turns[0][0]], course, copies[turns[0][0]], turns[0][2])}
    try:
        for turn, (name, lesson, notebook) in enumerate(turns):
            student, slug = STUDENTS[name], name.split()[0].lower()
            phone = student["screen"] is PHONE
            if turn + 1 < len(turns):
                after = turns[turn + 1]
                opening[turn + 1] = start_lesson(contexts[after[0]], course, copies[after[0]], after[2])
            page = usable(opening.pop(turn), copies[name], notebook)
            shown.setdefault(name, {}).update(answer(page, phone, student))
            if name == RETRIES and lesson == "00":  # a second try: the attempt record must survive the upload
                ex_id, score = try_again(page, phone)
                shown[name][ex_id] = (score, shown[name][ex_id][1])
                retried = ex_id
            shot(page, f"03-siswa-{slug}-{lesson}")
            sheets.setdefault(name, []).append(hand_in(page, phone, tmp_path / "kiriman" / slug))
            page.close()
    finally:
        for context in contexts.values():
            context.close()
    for name in STUDENTS:
        assert sorted(p.name for p in sheets[name]) == ["jawaban-00.json", "jawaban-01.json"]
    totals = {name: sum(score for score, _ in scores.values()) for name, scores in shown.items()}
    assert len(set(totals.values())) == 3, totals  # three different results

    # 2b. Budi's next session, in a fresh copy (Binder): he uploads the sheet he downloaded
    import json

    handed = json.loads(next(p for p in sheets[RETRIES] if p.name == "jawaban-00.json").read_text(encoding="utf-8"))
    ex_id, record = retried, handed["answers"][retried]  # the exercise he tried twice
    assert record["attempts"] == 2, record
    assert record["first_answer"] != record["answer"] and record["first_at"] <= record["saved_at"]
    zipfile.ZipFile(zipped).extractall(course.root / "siswa-budi-baru")
    context = chrome.new_context(accept_downloads=True, **PHONE)
    restored_note = "Jawabanmu yang tersimpan sudah dimuat kembali."
    try:
        page = open_lesson(context, course, "siswa-budi-baru/rilis-00-01", LESSONS["00"])
        assert page.get_by_text(restored_note).count() == 0  # a fresh copy: nothing to bring back
        # a file that is no answer sheet is refused, with the reason
        not_a_sheet = tmp_path / "catatan.json"
        not_a_sheet.write_text("ini bukan lembar jawaban", encoding="utf-8")
        upload_sheet(page, True, not_a_sheet, expected="bukan lembar jawaban")
        message = upload_sheet(page, True, next(p for p in sheets[RETRIES] if p.name == "jawaban-00.json"))
        assert f"{len(handed['answers'])} jawaban dipulihkan" in message, message
        assert wait_for(lambda: page.get_by_text(restored_note).count() == exercise_count(LESSONS["00"]), timeout=20)
        shot(page, "03b-budi-unggah-salinan-baru", page.locator(".kssa-sheet-tools"))
    finally:
        context.close()
    restored = json.loads(next((course.root / "siswa-budi-baru").rglob("jawaban-00.json")).read_text(encoding="utf-8"))
    after = restored["answers"][ex_id]
    for field in ("answer", "attempts", "first_answer", "first_at", "saved_at"):
        assert after.get(field) == record.get(field), (field, after, record, message)

    # 3. collect: a sheet without a name is refused; then one student at a time, by name
    collect = desk.locator(".kssa-desk-collect")
    def choose(paths):  # click "Pilih berkas", pick the files in the chooser it opens
        with desk.expect_file_chooser() as chooser:
            collect.locator(".widget-upload").click()
        chooser.value.set_files([str(p) for p in paths])

    choose(sheets["Ani Lestari"][:1])
    collect.locator("button", has_text="Simpan kiriman").click()
    status = collect.locator("[role=status]")
    assert wait_for(lambda: "tidak memuat nama siswa" in (status.inner_text() if status.count() else ""), timeout=60)
    shot(desk, "04-kumpulkan-tanpa-nama", status)
    for name in STUDENTS:
        collect.locator(".widget-text input").fill(name)
        choose(sheets[name])
        collect.locator("button", has_text="Simpan kiriman").click()
        assert wait_for(lambda: f"2 berkas jawaban disimpan untuk {name}" in status.inner_text(), timeout=60), status.inner_text()
    assert wait_for(lambda: "Sudah terkumpul dari 3 siswa" in collect.inner_text(), timeout=30)
    shot(desk, "05-kumpulkan", collect.locator('.widget-html').last)

    # 4. grade: the new release is already chosen
    grading = desk.locator(".kssa-desk-grade")
    assert "rilis-00-01" in grading.locator("select").evaluate("s => s.options[s.selectedIndex].text")
    grading.locator("button", has_text="Nilai sekarang").click()
    grade_status = grading.locator("[role=status]")
    assert wait_for(lambda: "Selesai: 3 siswa" in (grade_status.inner_text() if grade_status.count() else ""), timeout=120), grading.inner_text()
    assert grading.locator("progress, .progress-bar").count() >= 1
    table = grading.locator("table").inner_text()
    assert all(name in table for name in STUDENTS)
    shot(desk, "06-nilai", grading.locator('table'))

    # 5. review Citra's essay 01-09 (too short to score automatically)
    student, essay_id, score, comment = REVIEWED
    review = desk.locator(".kssa-desk-review")
    label = review.locator("select option").evaluate_all(
        "(os, id) => os.map(o => o.textContent).find(t => t.startsWith(id))", essay_id)
    assert label.replace("\xa0", " ") == f"{essay_id} (3 jawaban)", label  # listed as soon as grading ended
    review.locator("select").select_option(label=label)
    card = review.locator(".kssa-essay", has_text=STUDENTS[student]["essays"][essay_id])
    assert wait_for(lambda: card.count() == 1, timeout=60), review.inner_text()  # the chosen question is shown
    assert "terlalu pendek" in card.inner_text() and STUDENTS[student]["essays"][essay_id] in card.inner_text()
    assert review.locator(".kssa-essay").count() == 3
    score_box, note_box = card.locator(".widget-text input").nth(0), card.locator(".widget-text input").nth(1)
    score_box.fill(str(score).replace(".", ","))  # how an Indonesian teacher types it: "1,5"
    score_box.press("Tab")
    note_box.fill(comment)
    note_box.press("Tab")
    shot(desk, "07-periksa-uraian", card)
    review.locator("button", has_text="Simpan koreksi").click()
    saved = review.locator("[role=status]")
    assert wait_for(lambda: "1 koreksi tersimpan" in (saved.inner_text() if saved.count() else ""), timeout=120), review.inner_text()
    shot(desk, "08-koreksi-tersimpan", saved)
    # the desk follows at once, without grading again: step 3's table and the essay screen show the teacher's score
    corrected = {name: dict(scores) for name, scores in shown.items()}
    corrected[student][essay_id] = (score, corrected[student][essay_id][1])
    citra_total = sum(s for s, _ in corrected[student].values())
    def table_total(name):
        row = grading.locator("table tr", has_text=name).inner_text().split("\t")
        return number(row[1])
    assert wait_for(lambda: table_total(student) == pytest.approx(citra_total), timeout=60), grading.locator("table").inner_text()
    card = review.locator(".kssa-essay", has_text=STUDENTS[student]["essays"][essay_id])
    assert card.locator(".widget-text input").nth(0).input_value().replace(",", ".") == str(score)
    assert card.locator("input[type=checkbox]").is_checked()
    shot(desk, "08b-tabel-ikut-koreksi", grading.locator("table"))

    # 6. downloads
    dl = desk.locator(".kssa-desk-download")
    dl.locator("button", has_text="Siapkan unduhan").click()
    links = dl.locator("a[download]")
    assert wait_for(lambda: links.count() == 6, timeout=120), dl.inner_text()
    shot(desk, "09-unduh", links.last)
    got = tmp_path / "unduhan-nilai"
    xlsx = download(desk, dl.locator("a[download='nilai.xlsx']"), got)
    pages = download(desk, dl.locator("a[download='umpan-balik.zip']"), got)
    kisi = download(desk, dl.locator("a[download='kisi-kisi.zip']"), got)

    # 7. the results are what the students' own screens showed
    import openpyxl

    expected = {name: dict(scores) for name, scores in shown.items()}
    expected[student][essay_id] = (score, expected[student][essay_id][1])
    book = openpyxl.load_workbook(xlsx)
    sheet = book["Nilai"]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    assert set(rows) == set(STUDENTS), rows.keys()
    total_col = next(h for h in header if h and h.lower().startswith("total"))
    for name, scores in expected.items():
        assert rows[name][total_col] == pytest.approx(sum(s for s, _ in scores.values())), (name, rows[name])
        for lesson in LESSONS:
            column = next(h for h in header if h and re.match(rf"^(Pelajaran )?{lesson}\b", str(h)))
            subtotal = sum(s for ex_id, (s, _) in scores.items() if ex_id.startswith(lesson + "-"))
            assert rows[name][column] == pytest.approx(subtotal), (name, column, rows[name])
    detail = book["Rincian"]
    dheader = [c.value for c in detail[1]]
    column = next(i for i, h in enumerate(dheader) if h and str(h).startswith(essay_id))
    row = next(r for r in detail.iter_rows(min_row=2, values_only=True) if r[0] == student)
    assert row[column] == pytest.approx(score)

    archive = zipfile.ZipFile(pages)
    texts = {n: html.unescape(archive.read(n).decode("utf-8")) for n in archive.namelist()}
    assert len(texts) == 3, list(texts)
    for file, text in texts.items():  # kept for a person to open
        (ARTIFACTS / Path(file).name).write_text(text, encoding="utf-8")
    page_of = {}
    for name in STUDENTS:  # each page names its student (and no other)
        owners = [file for file, text in texts.items() if name in text]
        assert len(owners) == 1, (name, owners)
        page_of[name] = texts[owners[0]]
    for name, student_data in STUDENTS.items():
        page_text = page_of[name]
        for ex_id, essay in student_data["essays"].items():  # the too-short one too
            assert essay in page_text, (name, essay[:40])
        for ex_id, typed in student_data["typed"].items():
            assert typed in page_text, (name, ex_id, typed)
        for other, other_data in STUDENTS.items():
            if other != name:
                assert other_data["essays"]["01-09"] not in page_text
    citra_page = page_of[student]
    assert comment in citra_page and "Skor dari guru: 1,5" in citra_page
    reviewed_row = citra_page.split("<td>01-09</td>", 1)[1].split("</tr>", 1)[0]
    assert "dinilai guru" in reviewed_row and "tidak valid" not in reviewed_row

    kisi_files = zipfile.ZipFile(kisi).namelist()
    html_name = next(n for n in kisi_files if n.endswith(".html"))
    kisi_text = zipfile.ZipFile(kisi).read(html_name).decode("utf-8")
    assert "00-08" in kisi_text and "01-09" in kisi_text

    # 8. reopening Meja Guru (a new page, a new kernel): the last assignment, its results and its essays
    again = open_desk(teacher, course)
    grading2 = again.locator(".kssa-desk-grade")
    assert "rilis-00-01" in grading2.locator("select").evaluate("s => s.options[s.selectedIndex].text")
    assert wait_for(lambda: grading2.locator("table tr", has_text=student).count() == 1, timeout=60), grading2.inner_text()
    assert number(grading2.locator("table tr", has_text=student).inner_text().split("\t")[1]) == pytest.approx(citra_total)
    assert "dimuat lagi" in grading2.locator("[role=status]").inner_text()
    review2 = again.locator(".kssa-desk-review")
    assert review2.locator(".kssa-essay").count() >= 3  # the essays are there without pressing Tampilkan jawaban
    assert "belum diberi skor guru" in review2.locator(".kssa-desk-waiting").inner_text()
    shot(again, "12-buka-lagi", grading2.locator("table"))
    shot(again, "13-buka-lagi-uraian", review2.locator(".kssa-essay").first)
    again.close()

    # screenshots of what the teacher downloaded: a feedback page and the kisi-kisi
    viewer = teacher.new_page()
    for label, text in (("10-umpan-balik-citra", citra_page), ("11-kisi-kisi", kisi_text)):
        viewer.set_content(text)
        viewer.screenshot(path=str(ARTIFACTS / f"{label}.png"), full_page=True)
    teacher.close()
    (ARTIFACTS / "nilai.xlsx").write_bytes(xlsx.read_bytes())
