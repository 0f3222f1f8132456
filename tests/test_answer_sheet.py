"""Answer sheets: saved at once, restored, never lost, robust to damage."""

from __future__ import annotations

import json

from lessons.engine.answer_sheet import AnswerSheet, sheet_path
from lessons.views.exercise_widget import ExerciseWidget


def test_save_and_read_back(tmp_path):
    sheet = AnswerSheet("99", tmp_path / "jawaban-99.json")
    assert sheet.save("99-01", "B") == ""
    assert sheet.save("99-02", {"A", "C"}, checked=True) == ""
    again = AnswerSheet("99", tmp_path / "jawaban-99.json")
    assert again.answer("99-01") == "B"
    assert again.answer("99-02") == ["A", "C"]
    doc = json.loads((tmp_path / "jawaban-99.json").read_text(encoding="utf-8"))
    assert doc["format"] == "kssa-lembar-jawaban" and doc["lesson"] == "99"
    assert doc["answers"]["99-02"]["checked"] is True


def test_damaged_sheet_is_set_aside_not_lost(tmp_path):
    path = tmp_path / "jawaban-99.json"
    path.write_text("{ this is not json", encoding="utf-8")
    sheet = AnswerSheet("99", path)
    assert sheet.answer("99-01") is None
    backups = list(tmp_path.glob("jawaban-99.rusak-*.json"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == "{ this is not json"
    assert "rusak" in sheet.notice
    assert sheet.save("99-01", "A") == ""
    assert AnswerSheet("99", path).answer("99-01") == "A"


def test_sheet_of_another_lesson_is_not_used(tmp_path):
    path = tmp_path / "jawaban-99.json"
    path.write_text(json.dumps({"format": "kssa-lembar-jawaban", "lesson": "01", "answers": {"99-01": {"answer": "B"}}}))
    assert AnswerSheet("99", path).answer("99-01") is None
    assert list(tmp_path.glob("*.rusak-*"))


def test_unwritable_folder_gives_a_message(tmp_path):
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("x")
    sheet = AnswerSheet("99", blocker / "jawaban-99.json")
    message = sheet.save("99-01", "B")
    assert "belum dapat disimpan" in message


def test_widget_saves_at_once_and_restores_after_restart(test_bank, tmp_path):
    path = tmp_path / "jawaban-99.json"
    first = ExerciseWidget(test_bank["99-01"], AnswerSheet("99", path))
    first.controls.choice.value = "C"  # a click
    assert AnswerSheet("99", path).answer("99-01") == "C"  # written before "Periksa"
    result = first.submit()
    assert result.status == "salah" and "Belum tepat" in first.feedback.value
    # a new kernel: a fresh widget reads the sheet back, feedback included
    second = ExerciseWidget(test_bank["99-01"], AnswerSheet("99", path))
    assert second.controls.choice.value == "C"
    assert "Belum tepat" in second.feedback.value
    assert "dimuat kembali" in second.status.value


def test_widget_every_form_round_trips(test_bank, tmp_path):
    path = tmp_path / "jawaban-99.json"
    answers = {"99-01": "B", "99-02": ["A", "C"], "99-03": ["B", "S"], "99-04": {"1": "a", "2": "d", "3": "c"},
               "99-05": "Jakarta", "99-07": "11", "99-08": "TLS"}
    for ex_id, answer in answers.items():
        w = ExerciseWidget(test_bank[ex_id], AnswerSheet("99", path))
        assert w.set_answer(answer)
        assert w.submit().status == "benar", ex_id
        restored = ExerciseWidget(test_bank[ex_id], AnswerSheet("99", path))
        assert restored.answer() == w.answer()


def test_hand_edited_sheet_with_absurd_values_does_not_break_the_widget(test_bank, tmp_path):
    path = tmp_path / "jawaban-99.json"
    path.write_text(json.dumps({"format": "kssa-lembar-jawaban", "version": 1, "lesson": "99", "answers": {
        "99-01": {"answer": {"nested": [1, 2]}}, "99-02": {"answer": "ABC"}, "99-04": {"answer": [None, 5]},
        "99-05": {"answer": 12345}, "99-99": "junk"}}))
    for ex_id in ("99-01", "99-02", "99-04", "99-05"):
        w = ExerciseWidget(test_bank[ex_id], AnswerSheet("99", path))
        assert w.submit().status in {"kosong", "tidak_valid", "salah"}


def test_default_location_is_next_to_the_notebook(monkeypatch, tmp_path):
    monkeypatch.delenv("KSSA_ANSWER_DIR")
    monkeypatch.chdir(tmp_path)
    assert sheet_path("01") == tmp_path / "jawaban-01.json"


def test_every_periksa_press_is_counted_with_the_first_answer(tmp_path):
    import json as _json

    from lessons.engine.answer_sheet import AnswerSheet as Sheet

    sheet = Sheet("01", tmp_path / "jawaban-01.json")
    assert sheet.save("01-03", "A") == "" and sheet.attempts("01-03") == 0  # typing is not an attempt
    sheet.save("01-03", "B", checked=True)
    sheet.save("01-03", "C")  # a plain save keeps the count and the first answer, clears "checked"
    entry = sheet.read()["answers"]["01-03"]
    assert (entry["attempts"], entry["first_answer"], entry["answer"], "checked" in entry) == (1, "B", "C", False)
    sheet.save("01-03", "D", checked=True)
    entry = sheet.read()["answers"]["01-03"]
    assert (entry["attempts"], entry["first_answer"], entry["answer"], entry["checked"]) == (2, "B", "D", True)
    # a sheet written before attempts were recorded still loads; its count starts at the next press
    old = {"format": "kssa-lembar-jawaban", "version": 1, "lesson": "01",
           "answers": {"01-04": {"answer": ["A"], "checked": True}, "01-05": {"answer": "x", "attempts": "banyak"}}}  # old ids
    (tmp_path / "jawaban-01.json").write_text(_json.dumps(old), encoding="utf-8")
    assert sheet.answer("01-01") == ["A"] and sheet.attempts("01-01") == 0 and sheet.attempts("01-06") == 0
    sheet.save("01-01", ["A", "C"], checked=True)
    entry = sheet.read()["answers"]["01-01"]
    assert (entry["attempts"], entry["first_answer"]) == (1, ["A", "C"])
