"""The exercise engine: scoring per form, sealed keys, and robustness."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.engine.bank import build_exercise, load_bank
from lessons.engine.checking import check
from lessons.engine.model import BankError, SealedKey, normalize_text, parse_number



def test_every_form_is_in_the_fixture_bank(test_bank):
    from lessons.engine.forms import FORMS

    assert {ex.kind.key for ex in test_bank.values()} == set(FORMS)  # the registry, not a list


@pytest.mark.parametrize("exercise_id, answer, status, score", [
    ("99-01", "B", "benar", 1.0),
    ("99-01", "b.", "benar", 1.0),
    ("99-01", "Jakarta", "benar", 1.0),  # the option text itself
    ("99-01", "A", "salah", 0.0),
    ("99-02", ["C", "A"], "benar", 2.0),
    ("99-02", "a, c", "benar", 2.0),
    ("99-02", ["A", "C", "D"], "salah", 0.0),  # all-or-nothing, as teachers score it
    ("99-02", ["A"], "salah", 0.0),
    ("99-03", [True, False], "benar", 2.0),
    ("99-03", ["B", "S"], "benar", 2.0),
    ("99-03", ["Benar", "Benar"], "sebagian", 1.0),
    ("99-03", [None, "Salah"], "sebagian", 1.0),
    ("99-04", {"1": "a", "2": "d", "3": "c"}, "benar", 3.0),
    ("99-04", {1: "bencana", 2: "perempuan dan anak", 3: "b"}, "sebagian", 2.0),
    ("99-04", {"1": "b"}, "salah", 0.0),
    ("99-05", "jakarta", "benar", 1.0),
    ("99-05", "  DKI   Jakarta!! ", "benar", 1.0),
    ("99-05", "Bangkok", "salah", 0.0),
    ("99-06", "Kerja sama membantu kesehatan, sekolah, dan korban tsunami di kawasan.", "perlu_diperiksa", 3.0),
    ("99-06", "Kerja sama itu membantu kesehatan warga di kawasan.", "perlu_diperiksa", 1.0),
    ("99-06", "Saya tidak tahu jawabannya sama sekali.", "perlu_diperiksa", 0.0),
    ("99-07", "11", "benar", 1.0),
    ("99-07", "11,0", "benar", 1.0),
    ("99-07", 10, "salah", 0.0),
    ("99-08", "TLS", "benar", 1.0),
    ("99-08", "Kamboja", "salah", 0.0),
])
def test_scoring(test_bank, exercise_id, answer, status, score):
    result = check(test_bank[exercise_id], answer)
    assert (result.status, result.score) == (status, score), result.message
    assert result.points == test_bank[exercise_id].points


@pytest.mark.parametrize("answer, status", [
    (None, "kosong"), ("", "kosong"), ("   ", "kosong"), (math.nan, "kosong"), ([], "kosong"),
    (5, "tidak_valid"), (["A", "B"], "tidak_valid"), ("E", "tidak_valid"), ({"a": 1}, "tidak_valid"),
    ("x" * 100_000, "tidak_valid"), (b"B", "tidak_valid"), (object(), "tidak_valid"),
])
def test_bad_input_gets_a_message_not_an_exception(test_bank, answer, status):
    result = check(test_bank["99-01"], answer)
    assert result.status == status
    assert result.score == 0
    assert result.message.startswith("⚠")
    assert "Traceback" not in result.message


def test_unknown_exercise_id_is_a_message():
    for bad in ("77-01", "rubbish", None, 12, "01-99"):
        result = check(bad, "A")
        assert result.status == "tidak_valid"
        assert "tidak ditemukan" in result.message


def test_wrong_answer_feedback_never_reveals_the_key(test_bank):
    for ex in test_bank.values():
        if ex.form in ("isian",):
            result = check(ex, "jawaban yang keliru")
            assert "jakarta" not in normalize_text(result.message)
    menjodohkan = check(test_bank["99-04"], {"1": "b", "2": "b", "3": "b"})
    assert "bencana" not in menjodohkan.message and "pendidikan tinggi" not in menjodohkan.message


def test_essay_feedback_hides_the_unmet_rubric(test_bank):
    result = check(test_bank["99-06"], "Kerja sama itu membantu kesehatan warga di kawasan.")
    assert "kesehatan" in result.message  # met: may be named
    for hidden in ("pendidikan", "sekolah", "tsunami", "bencana alam"):
        assert hidden not in result.message
    assert result.needs_review


def test_sealed_key_scores_like_the_clear_key(test_bank):
    for ex in test_bank.values():
        for name, key in list(ex.keys.items()):
            sealed = SealedKey.seal(key, salt="garam-uji")
            assert len(sealed) == len(key)
            assert all(tok in sealed for tok in key.tokens)
            assert "zzz-not-a-token" not in sealed
            assert SealedKey.seal(key, salt="garam-lain").digests.isdisjoint(sealed.digests)  # the salt matters


def _values(node):
    """Every scalar value in a (sealed) bank entry, however deep."""
    if isinstance(node, dict):
        for value in node.values():
            yield from _values(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _values(value)
    else:
        yield node


def _leaks(ex, entry) -> list[str]:
    """Key material of ``ex`` found as a value anywhere in ``entry``."""
    from lessons.engine.model import ClearKey, canonical

    tokens = set()
    for key in ex.keys.values():
        if isinstance(key, ClearKey):
            tokens |= set(key.tokens)
    if isinstance(ex.keys.get("main"), ClearKey):
        tokens.add(canonical(ex.keys["main"].tokens))
    phrases = {normalize_text(str(a)) for a in ex.teacher.get("accepted", [])}
    phrases |= {normalize_text(str(k)) for c in ex.teacher.get("rubric", []) for k in [c["label"], *c["keywords"]]}
    found = []
    for value in _values(entry):
        text = str(value)
        if text in tokens or (isinstance(value, str) and normalize_text(text) in phrases):
            found.append(text)
    return found


def test_a_sealed_entry_holds_no_key_material_and_the_check_can_fail(test_bank):
    """No key token, accepted answer or rubric keyword is a value of a sealed
    entry; the same check finds them in an entry whose keys were left clear."""
    import json

    from lessons.engine.sealing import seal_exercise

    for ex in test_bank.values():
        entry = json.loads(json.dumps(seal_exercise(ex, "garam")))  # what the YAML file holds
        assert _leaks(ex, entry) == [], ex.id
        unsealed = dict(entry, keys={name: sorted(key.tokens) for name, key in ex.keys.items()})
        assert _leaks(ex, unsealed), ex.id  # a leak is found for every form
def test_sealed_exercise_gives_the_same_results(test_bank):
    answers = {"99-01": "B", "99-02": ["A", "C"], "99-03": [True, True], "99-04": {"1": "a"}, "99-05": "Jakarta",
               "99-06": "kesehatan dan pendidikan bagi semua warga", "99-07": "11", "99-08": "KHM"}
    for ex_id, answer in answers.items():
        ex = test_bank[ex_id]
        clear = check(ex, answer)
        import copy

        sealed = copy.copy(ex)
        sealed.keys = {n: SealedKey.seal(k, "s") for n, k in ex.keys.items()}
        assert check(sealed, answer) == clear


def test_normalize_and_numbers():
    assert normalize_text("  Sekretariat-ASEAN, Jakarta! ") == "sekretariat asean jakarta"
    assert normalize_text("Viêt Nam") == "viet nam"
    assert parse_number("12,5") == parse_number("12.5") == parse_number(12.5)
    assert parse_number("1.234,5") == parse_number("1234.5")
    for bad in ("", "abc", "1,2,3", True, None, math.inf, math.nan, [1]):
        assert parse_number(bad) is None


def _entry(**extra):
    base = {"id": "99-01", "form": "pilihan_ganda", "level": "C1", "points": 1, "question": "q", "hint": "h",
            "options": {"A": "a", "B": "b", "C": "c", "D": "d"}, "key": "A",
            "feedback": {k: "f" for k in "ABCD"}}
    base.update(extra)
    return base


@pytest.mark.parametrize("change, words", [
    ({"key": "E"}, "kunci"),
    ({"level": "C9"}, "level"),
    ({"points": -1}, "poin"),
    ({"form": "teka-teki"}, "bentuk"),
    ({"id": "01-04"}, "kode"),
    ({"feedback": {"A": "f"}}, "umpan balik"),
    ({"question": ""}, "question"),
])
def test_bank_errors_are_explained(change, words):
    with pytest.raises(BankError) as info:
        build_exercise(_entry(**change), "99", "soal ke-1")
    assert words in str(info.value)


def test_broken_bank_file_is_one_sentence(tmp_path):
    path = tmp_path / "99.yml"
    path.write_text("lesson: '99'\nexercises: [ {id: 99-01, form: \n", encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_bank("99", path)
    assert "data/exercises/99.yml" in str(info.value) and "\n" not in str(info.value)


# --------------------------------------------------------------------------
# property-based: any value, any form → a Result, never an exception

json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=300) | st.binary(max_size=20),
    lambda children: st.lists(children, max_size=6) | st.dictionaries(st.text(max_size=5) | st.integers(), children, max_size=6)
    | st.tuples(children, children) | st.frozensets(st.integers() | st.text(max_size=3), max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=json_like)
def test_any_input_on_every_form_gives_a_result(test_bank, answer):
    for ex in test_bank.values():
        result = check(ex, answer)
        assert 0 <= result.score <= ex.points
        assert result.status in {"benar", "sebagian", "salah", "kosong", "tidak_valid", "perlu_diperiksa"}
        assert isinstance(result.message, str) and result.message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=0, max_size=6000))
def test_huge_and_odd_strings(test_bank, text):
    for ex in test_bank.values():
        assert isinstance(check(ex, text).message, str)


def test_a_sealed_bank_gives_identical_feedback(test_bank, tmp_path):
    """The student release's bank: same results and messages, no key in the file."""
    import yaml

    from lessons.teacher.key_notebooks import right_answer, wrong_answers
    from lessons.engine.sealing import seal_bank

    doc = seal_bank(test_bank, "99", "uji", {}, salt="garam")
    path = tmp_path / "99.yml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    sealed = load_bank("99", path)
    for ex_id, ex in test_bank.items():
        answers = [right_answer(ex) if ex.kind.rubric(ex) is None else "kesehatan dan pendidikan serta bencana alam bagi warga"]
        answers += wrong_answers(ex) + [None, "zz", 5]
        for answer in answers:
            assert check(sealed[ex_id], answer) == check(ex, answer), (ex_id, answer)
    text = path.read_text(encoding="utf-8")
    for secret in ("DKI Jakarta", "sekolah", "tsunami", "bencana alam", "Tepat.", "key:", "accepted", "model_answer"):
        assert secret not in text, secret


# --------------------------------------------------------------------------
# the forms registry


def test_every_form_name_has_one_registered_form():
    from lessons.engine.forms import FORMS, form_names
    from lessons.text import FORM_NAMES

    assert set(form_names()) == set(FORM_NAMES)
    assert all(key == form.key for key, form in FORMS.items())


def test_every_form_answers_its_own_key_and_rejects_its_wrong_answers(test_bank):
    from lessons.engine.forms import form_of

    for ex in test_bank.values():
        form = form_of(ex)
        assert form.form == ex.form and form is ex.kind
        by_rubric = form.rubric(ex) is not None  # an essay: its model answer is for the teacher to read
        right = check(ex, form.right_answer(ex) if not by_rubric else "kesehatan pendidikan dan bencana alam bagi warga")
        assert right.status == ("perlu_diperiksa" if by_rubric else "benar"), ex.id
        assert right.score == ex.points
        for wrong in form.wrong_answers(ex):
            assert check(ex, wrong).score < ex.points, (ex.id, wrong)
        assert isinstance(form.key_text(ex), str) and form.key_text(ex)
        assert set(form.secrets(ex)) == {"jawaban", "kata_kunci", "contoh"}
        assert ex.as_text().startswith(ex.header())


def test_no_module_outside_forms_dispatches_on_the_form():
    """Everything about a form lives in its module under lessons/engine/forms/."""
    import re
    from pathlib import Path

    import lessons

    package = Path(lessons.__file__).parent
    pattern = re.compile(r'form ==|form in \(|answer_type ==|hasattr\(self, "(choice|ticks|truths|pairs)"\)')
    found = [f"{p.relative_to(package)}:{n}" for p in package.rglob("*.py") if "forms" not in p.parts
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1) if pattern.search(line)]
    assert found == []


# --------------------------------------------------------------------------
# the bank schema: structure in JSON Schema, in Indonesian sentences


def test_the_bank_schema_is_valid_and_every_course_bank_fits_it():
    from jsonschema import Draft202012Validator

    from lessons.core.paths import course
    from lessons.engine.bank import read_yaml
    from lessons.engine.schema import bank_problem, bank_schema

    Draft202012Validator.check_schema(bank_schema())
    for lesson in course().lessons():
        doc = read_yaml(course().bank_path(lesson).read_text(encoding="utf-8"))
        assert bank_problem(doc) == "", lesson


def _bank_file(tmp_path, change=None, top=None):
    import yaml

    from .conftest import test_bank_doc

    doc = test_bank_doc()
    if change:
        index, update = change
        doc["exercises"][index].update(update)
        doc["exercises"][index] = {k: v for k, v in doc["exercises"][index].items() if v is not None}
    doc.update(top or {})
    path = tmp_path / "99.yml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("change, top, words", [
    ((0, {"hint": None}), None, ["soal 99-01", "\"hint\"", "wajib ada"]),
    ((4, {"anwser": "Jakarta"}), None, ["soal 99-05", "\"anwser\"", "tidak dikenal"]),
    ((2, {"statements": [{"text": "s1", "key": "ya"}]}), None, ["soal 99-03", "statements[1].key", "true atau false"]),
    ((1, {"points": "dua"}), None, ["soal 99-02", "\"points\"", "angka"]),
    ((3, {"pairs": []}), None, ["soal 99-04", "\"pairs\"", "tidak boleh kosong"]),
    ((6, {"answer_type": "persen"}), None, ["soal 99-07", "answer_type", "pilihan, angka"]),
    ((0, {"form": "teka-teki"}), None, ["soal 99-01", "bentuk soal \"teka-teki\"", "pilihan_ganda"]),
    ((5, {"rubric": [{"label": "x", "keywords": "sehat", "points": 3}]}), None, ["soal 99-06", "rubric[1].keywords", "daftar"]),
    ((0, {"id": "99-1"}), None, ["\"99-1\"", "NN-MM"]),
    (None, {"judul": "x"}, ["bagian utama bank", "\"judul\""]),
])
def test_structural_problems_are_one_indonesian_sentence(tmp_path, change, top, words):
    with pytest.raises(BankError) as info:
        load_bank("99", _bank_file(tmp_path, change, top))
    message = str(info.value)
    assert "data/exercises/99.yml" in message and "\n" not in message
    for word in words:
        assert word in message, message
    assert "is a required property" not in message and "was unexpected" not in message  # no English from jsonschema


@pytest.mark.parametrize("change, words", [
    ((0, {"key": "E"}), "bukan salah satu pilihan"),
    ((5, {"points": 4}), "jumlah poin rubrik"),
    ((1, {"options": {"A": "a", "B": "b"}}), "3–5 pilihan"),
    ((3, {"distractors": ["bencana"]}), "harus berbeda"),
    ((6, {"tolerance": -1}), "toleransi"),
])
def test_semantic_problems_are_checked_in_code(tmp_path, change, words):
    from lessons.engine.bank import read_yaml
    from lessons.engine.schema import bank_problem

    path = _bank_file(tmp_path, change)
    assert bank_problem(read_yaml(path.read_text(encoding="utf-8"))) == ""
    with pytest.raises(BankError) as info:
        load_bank("99", path)
    assert words in str(info.value)


def test_bank_keeps_title_and_objectives(test_bank):
    assert test_bank.lesson == "99" and test_bank.objectives == {"TP1": "Menyebutkan"}
    from .conftest import test_bank_doc

    assert list(test_bank)[:8] == [f"99-0{i}" for i in range(1, 9)]  # bank-99.yml, then each bank-99-<form>.yml
    assert list(test_bank) == [entry["id"] for entry in test_bank_doc()["exercises"]]  # in bank order


def test_matching_answer_cannot_alias_one_item_to_earn_unearned_marks():
    """"1", "01", "001", " 1" … all naming item 1 with every letter once scored full
    marks without knowing anything; an item may now be answered once only."""
    from lessons.core.paths import course
    from lessons.engine.bank import load_bank as load

    tried = 0
    for lesson in course().lessons():
        for ex in load(lesson).values():
            if ex.form != "menjodohkan":
                continue
            letters = list(ex.right)
            aliases = [str(i) for i in range(1, len(ex.left) + 1)]
            aliases += ["0" * k + "1" for k in range(1, len(letters) + 1)] + [" 1", "1 ", "١"]
            for keys in (aliases, [1, "1"]):
                answer = {key: letters[i % len(letters)] for i, key in enumerate(keys)}
                result = check(ex, answer)
                assert result.score == 0 and result.status == "tidak_valid", (ex.id, keys, result)
            tried += 1
            honest = {str(i): letters[0] for i in range(1, len(ex.left) + 1)}
            assert check(ex, honest).status in ("benar", "sebagian", "salah")
    assert tried >= 5
