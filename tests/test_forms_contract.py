"""The Form contract, for every registered question form, and the teacher's outputs going through it.

The set of forms comes from the registry (``lessons.engine.forms.FORMS``), never
from a list: a form added later is checked here without an edit. Its exercise
in the fixture bank comes from its own ``tests/fixtures/bank-99-<form>.yml``.

A stub form registered only inside one test shows that every teacher output
(kisi-kisi key text, gradebook answer text, item analysis, printed worksheet,
the release's visible and teacher-only fields) asks the form and looks at no
``Exercise`` field of its own.
"""

from __future__ import annotations

import html
import json

import pytest

from lessons.engine.checking import check
from lessons.engine.forms import FORMS
from lessons.engine.forms.base import ItemParts

FORM_KEYS = sorted(FORMS)
BLOCK_KINDS = {"choices", "table", "list", "lines"}


def _of_form(bank, key):
    found = [ex for ex in bank.values() if ex.kind.key == key]
    assert found, f"the fixture bank has no exercise of form {key}: add tests/fixtures/bank-99-<form>.yml"
    return found


def _course_exercises(key):
    from lessons.core.paths import course
    from lessons.engine.bank import load_bank

    return [ex for lesson in course().lessons() for ex in load_bank(lesson).values() if ex.kind.key == key]


def _right(ex):
    """A right answer; an essay's model answer is for the teacher, so a text that meets the fixture's rubric."""
    if ex.kind.rubric(ex) is not None:
        return " ".join([k for c in ex.kind.rubric(ex) for k in c["keywords"][:1]] + ["lalu"] * ex.min_words)
    return ex.kind.right_answer(ex)


@pytest.mark.parametrize("key", FORM_KEYS)
def test_right_answer_earns_full_points_and_the_first_wrong_answer_earns_nothing(test_bank, key):
    """The documented contract (Form.wrong_answers): wrong_answers(ex)[0] scores 0, not merely less.
    The gradebook, item-analysis and instructor tests build classes from it."""
    for ex in [*_of_form(test_bank, key), *_course_exercises(key)]:
        form = ex.kind
        right = check(ex, _right(ex))
        assert right.score == ex.points, (ex.id, right.message)
        wrong = form.wrong_answers(ex)
        assert wrong, ex.id
        first = check(ex, wrong[0])
        assert first.status != "kosong" and first.score == 0, (ex.id, wrong[0], first.message)
        for other in wrong[1:]:
            assert check(ex, other).score < ex.points, (ex.id, other)


def test_the_zero_score_contract_can_fail(test_bank):
    """"Less than full points" is not enough: half a matching answer earns part of the points, so a form whose
    first wrong answer were half right would fail the contract above."""
    ex = next(e for e in test_bank.values() if isinstance(e.kind.right_answer(e), dict) and e.kind.partial_credit)
    half = dict(list(ex.kind.right_answer(ex).items())[:1])
    assert 0 < check(ex, half).score < ex.points


@pytest.mark.parametrize("key", FORM_KEYS)
def test_every_teacher_output_of_the_form_is_readable(test_bank, key):
    from lessons.teacher.pages import render
    from lessons.teacher import worksheets

    for ex in _of_form(test_bank, key):
        form = ex.kind
        text = form.key_text(ex)
        assert isinstance(text, str) and text.strip(), ex.id
        if form.rubric(ex) is None:
            assert "=" not in text, (ex.id, text)  # words, not the engine's tokens ("2=c")
        shown = form.answer_text(ex, _right(ex))
        assert isinstance(shown, str) and shown.strip(), ex.id
        parts = form.item_parts(ex)
        assert isinstance(parts, ItemParts) and parts.dichotomous == (not form.partial_credit), ex.id
        assert set(parts.key) <= set(parts.options), ex.id
        blocks = form.worksheet(ex)
        assert blocks and {b["kind"] for b in blocks} <= BLOCK_KINDS, ex.id
        page = render("worksheet.html", items=[worksheets.item(ex, 1)], lesson="99", title="uji", objectives={})
        assert html.escape(ex.question, quote=False) in page, ex.id


@pytest.mark.parametrize("key", FORM_KEYS)
def test_visible_and_teacher_fields_match_the_sealed_entry(test_bank, key):
    from lessons.engine.sealing import seal_exercise

    for ex in _of_form(test_bank, key):
        form = ex.kind
        for mode in ("latihan", "ujian"):
            entry = json.loads(json.dumps(seal_exercise(ex, "garam", mode)))
            assert set(form.visible_fields) <= set(entry), (ex.id, mode)  # what the scan may skip is really there
            assert not set(form.teacher_fields) & set(entry), (ex.id, mode)
        assert not set(form.visible_fields) & set(form.teacher_fields)


def test_release_field_lists_come_from_the_forms():
    from lessons.teacher.release import teacher_fields, visible_fields

    for form in FORMS.values():
        assert set(form.visible_fields) <= set(visible_fields())
        assert set(form.teacher_fields) <= set(teacher_fields())
    assert not set(visible_fields()) & set(teacher_fields())


# --------------------------------------------------------------------------
# a stub form registered only here


def _stub_form():
    from lessons.engine.forms.base import Form, ItemParts, all_or_nothing, lines_block, list_block
    from lessons.engine.model import ClearKey, InvalidAnswer

    class StubForm(Form):
        """Pick one word of three; the words live in ``ex.form_fields``, not in any field a teacher module knows."""

        form = "stub_uji"
        visible_fields = ("stub_words",)
        teacher_fields = ("stub_secret",)

        def build(self, ex, entry, where):
            ex.form_fields["stub_words"] = dict(entry["stub_words"])
            ex.keys["main"] = ClearKey({entry["stub_secret"]})

        def public_fields(self, ex):
            return {"stub_words": dict(ex.form_fields["stub_words"])}

        def seal(self, ex, sealer):
            return self.public_fields(ex), {}, {}

        def unseal(self, ex, entry):
            ex.form_fields["stub_words"] = dict(entry["stub_words"])

        def read(self, ex, answer):
            if answer not in ex.form_fields["stub_words"]:
                raise InvalidAnswer("bukan kata")
            return {answer}

        def score(self, ex, tokens):
            return all_or_nothing(ex, tokens <= ex.keys["main"].tokens, sorted(tokens))

        def key_answer(self, ex):
            return ex.key_tokens()[0]

        def derived_wrong_answers(self, ex):
            return [next(w for w in ex.form_fields["stub_words"] if w not in ex.key_tokens())]

        def key_text(self, ex):
            return f"KUNCI-STUB {ex.form_fields['stub_words'][self.key_answer(ex)]}"

        def answer_text(self, ex, answer):
            return f"JAWABAN-STUB {ex.form_fields['stub_words'].get(answer, answer)}"

        def item_parts(self, ex):
            words = ex.form_fields["stub_words"]
            return ItemParts(True, tuple(words), tuple(ex.key_tokens()), {w: f"LABEL-{w}" for w in words})

        def worksheet(self, ex):
            return [list_block("DAFTAR-STUB", [f"{k}: {v}" for k, v in ex.form_fields["stub_words"].items()]),
                    lines_block(3, "TULIS-STUB")]

    return StubForm()


@pytest.fixture
def stub(monkeypatch):
    from lessons.engine.forms import FORMS
    from lessons.engine.model import Exercise
    from lessons.text import FORM_NAMES

    form = _stub_form()
    monkeypatch.setitem(FORMS, form.key, form)
    monkeypatch.setitem(FORM_NAMES, form.form, "Soal stub")
    ex = Exercise(id="99-90", lesson="99", form=form.form, level="C1", points=2.0, question="Kata mana yang benar?",
                  hint="h", feedback={"benar": "ya", "salah": "tidak"}, kind=form)
    form.build(ex, {"stub_words": {"p": "pantai", "l": "laut", "g": "gunung"}, "stub_secret": "l"}, "stub")
    return ex


def test_a_stub_form_shows_in_every_teacher_output(stub):
    from lessons.teacher import blueprint, gradebook, item_analysis, worksheets
    from lessons.teacher.pages import render
    from lessons.teacher.release import teacher_fields, visible_fields

    ex = stub
    # kisi-kisi and the key sheet
    assert blueprint.key_text(ex) == "KUNCI-STUB laut"
    assert worksheets.key_item(ex, 1)["key"] == "KUNCI-STUB laut"
    # gradebook and feedback page
    assert gradebook.answer_text(ex, "g", "salah") == "JAWABAN-STUB gunung"
    assert gradebook.answer_text(ex, None, "kosong") != "JAWABAN-STUB None"  # an empty answer is the gradebook's own
    # item analysis: options, key and labels from the form
    (item,) = item_analysis.items_of({ex.id: 2.0}, {ex.id: ex})
    assert (item.options, item.key, item.dichotomous) == (["p", "l", "g"], ["l"], True)
    assert item.labels["g"] == "LABEL-g"
    analysis = item_analysis.analyse([item], {"s1": {ex.id: 2.0}, "s2": {ex.id: 0.0}}, {"s1": {ex.id: ["l"]}, "s2": {ex.id: ["g"]}})
    assert analysis.items[0].options == {"p": 0.0, "l": 0.5, "g": 0.5, "": 0.0}
    # the printed worksheet
    sheet = worksheets.item(ex, 1)
    page = render("worksheet.html", items=[sheet], lesson="99", title="uji", objectives={})
    assert "DAFTAR-STUB" in page and "l: laut" in page and "TULIS-STUB" in page
    assert page.count('class="line"') == 3 and "KUNCI-STUB" not in page
    # the release: its fields are known to the leak scan
    assert "stub_words" in visible_fields() and "stub_secret" in teacher_fields()


def test_the_stub_is_gone_after_its_test():
    from lessons.teacher.release import teacher_fields

    assert "stub_uji" not in FORMS and "stub_secret" not in teacher_fields()
