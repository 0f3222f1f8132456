"""The urutan form (put events in order): reading, scoring, refusals, sealing, the widget, its lesson exercise."""

from __future__ import annotations

import json

import pytest

from lessons.engine.checking import check
from lessons.text import t

ID = "99-20"  # tests/fixtures/bank-99-urutan.yml: Deklarasi Bangkok, Brunei, Kamboja, Timor-Leste
# shown in alphabetical order: a Brunei bergabung, b Deklarasi Bangkok, c Kamboja bergabung, d Timor-Leste bergabung
RIGHT = ["b", "a", "c", "d"]


def test_events_are_shown_in_alphabetical_order_not_in_the_key_order(test_bank):
    ex = test_bank[ID]
    assert list(ex.form_fields["order_items"].values()) == [
        "Brunei bergabung", "Deklarasi Bangkok", "Kamboja bergabung", "Timor-Leste bergabung"]
    assert ex.as_text().splitlines()[2:6] == ["a. Brunei bergabung", "b. Deklarasi Bangkok", "c. Kamboja bergabung",
                                              "d. Timor-Leste bergabung"]


@pytest.mark.parametrize("answer, status, score", [
    (RIGHT, "benar", 2.0),
    ("b, a, c, d", "benar", 2.0),
    ("b a c d", "benar", 2.0),  # letters typed with spaces
    (["Deklarasi Bangkok", "brunei bergabung", "C", "d."], "benar", 2.0),  # texts, capitals, a full stop
    ({"b": 1, "a": 2, "c": 3, "d": "4"}, "benar", 2.0),  # what the widget stores
    (["b", "a", "d", "c"], "sebagian", 1.0),
    (["b", "a"], "sebagian", 1.0),  # a partial order: two places right of four
    ({"d": 4}, "sebagian", 0.5),
    (["a", "c", "d", "b"], "salah", 0.0),  # every event one place off
])
def test_scoring_per_place(test_bank, answer, status, score):
    result = check(test_bank[ID], answer)
    assert (result.status, result.score) == (status, score), result.message


@pytest.mark.parametrize("answer, words", [
    ({"a": 1, "b": 1}, "sama-sama diberi urutan ke-1"),
    (["a", "b", "a"], "lebih dari satu kali"),
    (["a", "A"], "lebih dari satu kali"),
    ({"a": 9}, "pilih nomor urutan 1 sampai 4"),
    ({"a": "01"}, "pilih nomor urutan 1 sampai 4"),  # no alias of a place
    (["z"], "Peristiwa \"z\" tidak ada"),
    (["a", "b", "c", "d", "a"], "punya 4 peristiwa"),
    (7, "huruf peristiwa"),
    ([1, 2], "huruf peristiwa"),
])
def test_bad_input_is_one_indonesian_sentence(test_bank, answer, words):
    result = check(test_bank[ID], answer)
    assert result.status == "tidak_valid" and result.score == 0
    reason = result.message.splitlines()[1]
    assert words in reason, reason
    assert reason.endswith(".") and reason.count(". ") == 0, reason  # one sentence


def test_empty_answers_are_empty(test_bank):
    for answer in (None, [], {}, ["", None], {"a": ""}, "  "):
        assert check(test_bank[ID], answer).status == "kosong", answer


def test_sealed_copy_scores_alike_and_holds_no_order(test_bank):
    import yaml

    from lessons.engine.sealing import build_sealed_exercise, seal_bank

    doc = json.loads(json.dumps(seal_bank(test_bank, "99", "uji", {}, salt="garam", only={ID})))
    (entry,) = doc["exercises"]
    assert "sequence" not in entry and entry["order_items"] == test_bank[ID].form_fields["order_items"]
    sealed = build_sealed_exercise(entry, "99", doc["sealed"], ID)
    for answer in (RIGHT, ["b", "a"], ["a", "c", "d", "b"], {"a": 1, "b": 1}, None):
        assert check(sealed, answer) == check(test_bank[ID], answer), answer
    assert "Urutan tepat." not in yaml.safe_dump(doc, allow_unicode=True)  # the "benar" feedback is locked
    exam = json.loads(json.dumps(seal_bank(test_bank, "99", "uji", {}, salt="garam", only={ID}, exam={ID})))
    assert check(build_sealed_exercise(exam["exercises"][0], "99", exam["sealed"], ID), RIGHT).status == "tersimpan"


def test_teacher_outputs_name_the_events(test_bank):
    from lessons.teacher import blueprint, gradebook, item_analysis

    ex = test_bank[ID]
    assert blueprint.key_text(ex) == ("1. b. Deklarasi Bangkok; 2. a. Brunei bergabung; 3. c. Kamboja bergabung; "
                                      "4. d. Timor-Leste bergabung")
    assert gradebook.answer_text(ex, {"a": 2}, "sebagian") == "1. –; 2. a. Brunei bergabung; 3. –; 4. –"
    assert gradebook.answer_text(ex, {"a": 1, "b": 1}, "tidak_valid") == t("fb_unreadable_answer")  # refused
    (item,) = item_analysis.items_of({ID: 2.0}, {ID: ex})
    assert not item.dichotomous and item.options == []  # partial credit: alpha, no distractor table


def test_the_widget_is_tap_only_and_shows_the_order_chosen(test_bank):
    import ipywidgets as widgets

    from lessons.views.exercise_widget import ExerciseWidget

    view = ExerciseWidget(test_bank[ID])
    drops = view.controls.observed
    assert len(drops) == 4 and all(isinstance(d, widgets.Dropdown) for d in drops)  # a tap, no dragging
    assert [v for _label, v in drops[0].options] == ["", "1", "2", "3", "4"]
    drops[1].value, drops[0].value = "1", "2"  # b first, a second
    assert view.answer() == {"a": 2, "b": 1}
    assert "1. b; 2. a; 3. –; 4. –" in view.controls.summary.value
    drops[2].value = "1"
    assert "1. b / c" in view.controls.summary.value
    assert "sama-sama diberi urutan ke-1" in view.submit().message
    view.set_answer({"a": 2, "b": 1, "c": 3, "d": 4})
    assert view.submit().status == "benar"
    view.set_answer({"a": "x"})  # a hand-edited sheet: nothing chosen, no error
    assert view.answer() == {}


def test_the_lesson_exercise_follows_the_data():
    """00-12's order is the order of date_joined in data/members.csv (the five founders on one day)."""
    from lessons.core.data import load
    from lessons.engine.bank import load_bank

    ex = load_bank("00")["00-12"]
    members = load("members")
    founded = members["date_joined"].min()
    founders = members[members["date_joined"] == founded]
    assert len(founders) == 5
    dates, named = [], set()
    for event in [ex.form_fields["order_items"][letter] for letter in ex.kind.key_answer(ex)]:
        if "pendiri" in event:
            dates.append(founded)
            named |= set(founders["iso3"])
            continue
        rows = members[[name in event for name in members["name_id"]]]
        assert len(rows) >= 1 and rows["date_joined"].nunique() == 1, event
        dates.append(rows["date_joined"].iloc[0])
        named |= set(rows["iso3"])
    assert dates == sorted(dates) and len(set(dates)) == len(dates)
    assert named == set(members["iso3"])  # all eleven members, Timor-Leste (26 Oct 2025) last
    assert dates[-1].isoformat()[:10] == "2025-10-26"


def test_the_lesson_notebook_shows_it():
    from pathlib import Path

    nb = json.loads(next((Path(__file__).resolve().parent.parent / "notebooks").glob("00-*.ipynb")).read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert 'ks.exercise("00-12")' in cells
