"""Lesson 06: the results view reads every answer sheet and scores it."""

from __future__ import annotations

import json

from lessons.topics import l06_evaluasi as results
from lessons.engine.answer_sheet import AnswerSheet
from lessons.engine.bank import load_bank
from lessons.teacher.key_notebooks import right_answer, wrong_answers

from lessons.views.figures import is_panel

from .test_diagrams import _texts_inside_figure


def _fill(folder, lesson, right: bool):
    sheet = AnswerSheet(lesson, folder / f"jawaban-{lesson}.json")
    for ex in load_bank(lesson).values():
        sheet.save(ex.id, right_answer(ex) if right else wrong_answers(ex)[0], checked=True)


def test_empty_folder_scores_nothing(tmp_path):
    frame = results.score_sheets(tmp_path)
    assert not frame["answered"].any() and frame["score"].sum() == 0
    assert "belum ada jawaban" in results.summary_text(frame)


def test_all_right_lesson_00_and_all_wrong_lesson_01(tmp_path):
    _fill(tmp_path, "00", right=True)
    _fill(tmp_path, "01", right=False)
    frame = results.score_sheets(tmp_path)
    lessons = results.by_lesson(frame).set_index("lesson")
    bank00 = load_bank("00")
    assert lessons.loc["00", "skor"] == sum(ex.points for ex in bank00.values())
    assert lessons.loc["00", "persen"] == 100.0
    assert lessons.loc["00", "dijawab"] == len(bank00)
    assert lessons.loc["01", "skor"] < lessons.loc["01", "skor_maks"]
    levels = results.by_level(frame)
    assert set(levels["level"]) <= {"C1", "C2", "C3", "C4", "C5", "C6"}
    assert abs(levels["skor"].sum() - frame["score"].sum()) < 1e-9
    text = results.summary_text(frame)
    assert "sudah dijawab" in text and "perlu diperiksa guru" in text


def test_damaged_or_foreign_sheet_counts_as_unanswered_and_is_kept(tmp_path):
    (tmp_path / "jawaban-00.json").write_text("{broken", encoding="utf-8")
    (tmp_path / "jawaban-01.json").write_text(json.dumps({"format": "kssa-lembar-jawaban", "lesson": "99", "answers": {}}))
    frame = results.score_sheets(tmp_path)
    assert frame["score"].sum() == 0
    assert len(list(tmp_path.glob("*.rusak-*"))) == 2


def test_results_figure_and_alt(tmp_path):
    _fill(tmp_path, "00", right=True)
    frame = results.score_sheets(tmp_path)
    fig = results.results_figure(frame)  # two panels as wide as a phone's column: per lesson, per level
    assert len(fig) == 2 and all(is_panel(panel) and len(panel.axes) == 1 for panel in fig)
    assert len(fig[0].axes[0].patches) == frame["lesson"].nunique()
    assert _texts_inside_figure(fig) == []
    assert "pelajaran 00 100%" in results.results_alt(frame)


def test_results_view_refreshes(tmp_path):
    view = results.ResultsView(tmp_path)
    assert "belum ada jawaban" in view.caption.value
    _fill(tmp_path, "00", right=True)
    view.button.click()
    assert "sudah dijawab" in view.caption.value
    assert "<table" in view.lessons.value and "<table" in view.levels.value


def test_reflection_is_saved_and_restored(tmp_path):
    sheet = AnswerSheet("06", tmp_path / "jawaban-06.json")
    first = results.Reflection(sheet)
    first.boxes[2].value = "Saya masih bingung tentang mufakat."
    again = results.Reflection(AnswerSheet("06", tmp_path / "jawaban-06.json"))
    assert again.boxes[2].value == "Saya masih bingung tentang mufakat."
