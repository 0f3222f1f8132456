"""Scoring cannot be gamed: property tests over every exercise of every bank.

For arbitrary answer objects (nested lists, dicts, strings, numbers, None)
and for near-miss answers built from the exercise itself (its letters,
option texts, item numbers and their aliases such as "01", " 1", 1.0, True
or Arabic-Indic digits), checking an answer

* never raises and never scores more than the exercise's points;
* reads at most one response per item, and an answer that names one item
  (or one option) twice under two spellings is refused;
* scores exactly what the right responses earn, computed here from the
  bank's YAML (not from the engine's key objects): per item for benar–salah
  and menjodohkan, all or nothing for the other forms, by rubric for essays.
  A form added later, with no oracle of its own here yet, is checked against
  the share of its clear key its tokens hit, as its Form declares
  (``partial_credit``): the set of forms comes from the registry;
* gives the same result from a practice-mode sealed bank, and from an
  exam-mode sealed bank only "tersimpan" (saved, no score) or the same
  refusal.
"""

from __future__ import annotations

import json
import unicodedata
from decimal import Decimal
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.core.paths import course
from lessons.engine.bank import load_bank, read_yaml
from lessons.engine.checking import check, tokens_for
from lessons.engine.model import InvalidAnswer, normalize_text, parse_number
from lessons.engine.sealing import build_sealed_exercise, seal_bank

SALT = "garam-sifat"


@lru_cache(maxsize=None)
def _banks():
    return {lesson: load_bank(lesson) for lesson in course().lessons()}


@lru_cache(maxsize=None)
def _raw_entries():
    """Every bank entry as the author wrote it (the independent source of keys)."""
    found = {}
    for lesson in course().lessons():
        doc = read_yaml(course().bank_path(lesson).read_text(encoding="utf-8"))
        found.update({entry["id"]: entry for entry in doc["exercises"]})
    return found


@lru_cache(maxsize=None)
def _sealed(mode: str):
    """Every exercise as a student release of ``mode`` holds it (through a JSON round trip)."""
    found = {}
    for lesson, bank in _banks().items():
        exam = set(bank) if mode == "ujian" else set()
        doc = json.loads(json.dumps(seal_bank(bank, lesson, bank.title, bank.objectives, SALT, exam=exam)))
        for entry in doc["exercises"]:
            found[entry["id"]] = build_sealed_exercise(entry, lesson, doc["sealed"], entry["id"])
    return found


EXERCISES = [ex for bank in _banks().values() for ex in bank.values()]


# --------------------------------------------------------------------------
# strategies

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 50), st.floats(allow_nan=True), st.text(max_size=12))
ANY = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=7),
        st.dictionaries(st.one_of(st.text(max_size=4), st.integers(-2, 12), st.booleans(), st.floats(0, 12)), inner, max_size=7),
    ),
    max_leaves=25,
)


def _item_aliases(n: int) -> list:
    """Names of item numbers: the plain ones and the spellings that must not count twice."""
    names = []
    for i in range(1, n + 1):
        names += [i, str(i), f"0{i}", f"00{i}", f" {i}", f"{i} ", float(i), chr(0x0660 + i) if i < 10 else str(i)]
    return names + [True, 0, n + 1, "x"]


def _codes(ex) -> dict:
    """Every code -> text a student sees: options, matching answers, and a later form's own lettered fields."""
    found = {**ex.options, **ex.right}
    for value in ex.form_fields.values():
        if isinstance(value, dict):
            found.update({str(k): str(v) for k, v in value.items()})
    return found


def _items(ex) -> int:
    """How many numbered items (statements, pairs, events …) the exercise has."""
    return max(len(ex.statements), len(ex.left), len(ex.options),
               *(len(v) for v in ex.form_fields.values() if isinstance(v, (dict, list))), 1)


def _vocabulary(ex) -> list:
    """Responses built from the exercise: its codes in several spellings, its texts, truths, key-like values."""
    words = [None, "", True, False, "B", "S", "benar", "salah", "Benar", "ya", "tidak", 1, 2, "1", "2"]
    for code, label in _codes(ex).items():
        words += [code, code.lower(), code.upper(), f"{code}.", f" {code} ", label, label.upper()]
    raw = _raw_entries()[ex.id]
    for value in raw.get("accepted", []) or []:
        words += [value, str(value).upper(), f" {value}!"]
    if ex.form == "data" and ex.answer_type == "angka":
        key = Decimal(str(raw["key"]))
        tol = Decimal(str(raw.get("tolerance", 0)))
        for delta in (Decimal(0), tol, -tol, tol + Decimal("0.01"), Decimal("0.5"), Decimal(1)):
            words += [str(key + delta), str(key + delta).replace(".", ","), float(key + delta)]
    for criterion in raw.get("rubric", []) or []:
        words += [str(k) for k in criterion["keywords"]]
    return words


def near_misses(ex):
    words = _vocabulary(ex)
    items = _items(ex)
    word = st.sampled_from(words)
    essay = st.lists(word.filter(lambda w: isinstance(w, str)), min_size=1, max_size=12).map(" ".join)
    return st.one_of(
        word,
        st.lists(word, max_size=items + 2),
        st.dictionaries(st.sampled_from(_item_aliases(items)), word, max_size=items + 3),
        essay,
    )


def answers(ex):
    return st.one_of(ANY, near_misses(ex))


# --------------------------------------------------------------------------
# the score an answer earns, computed from the bank's YAML


def _item(token: str) -> tuple[int, str]:
    number, response = token.split("=", 1)
    return int(number), response


def expected_score(ex, tokens: set[str]) -> float:
    raw = _raw_entries()[ex.id]
    points = float(raw["points"])
    if ex.form == "benar_salah":
        key = {i: "B" if st_["key"] else "S" for i, st_ in enumerate(raw["statements"], start=1)}
        right = sum(1 for tok in tokens if key[_item(tok)[0]] == _item(tok)[1])
        return round(points * right / len(key) + 1e-12, 2)
    if ex.form == "menjodohkan":
        letter_of = {text: code for code, text in ex.right.items()}  # what the student sees on screen
        key = {i: letter_of[pair["right"]] for i, pair in enumerate(raw["pairs"], start=1)}
        right = sum(1 for tok in tokens if key[_item(tok)[0]] == _item(tok)[1])
        return round(points * right / len(key) + 1e-12, 2)
    if ex.form == "pg_kompleks":
        return points if tokens == {str(k) for k in raw["key"]} else 0.0
    if ex.form in ("pilihan_ganda",) or (ex.form == "data" and ex.answer_type == "pilihan"):
        return points if tokens == {str(raw["key"])} else 0.0
    if ex.form == "isian":
        accepted = {normalize_text(str(a)) for a in raw["accepted"]}
        return points if tokens & accepted else 0.0
    if ex.form == "data":
        key, tol = parse_number(raw["key"]), parse_number(raw.get("tolerance", 0))
        (token,) = tokens
        return points if abs(Decimal(token) - key) <= tol else 0.0
    if ex.form == "uraian":
        met = sum(float(c.get("points", 1)) for c in raw["rubric"]
                  if any(normalize_text(str(k)) in tokens for k in c["keywords"]))
        return round(min(points, met) + 1e-12, 2)
    return _declared_score(ex, tokens, points)


HAND_ORACLES = {"benar_salah", "menjodohkan", "pg_kompleks", "pilihan_ganda", "isian", "data:angka", "data:pilihan",
                "uraian"}


def _declared_score(ex, tokens: set[str], points: float) -> float:
    """A form without an oracle above: what its Form declares. Partial credit: one share per item token
    ("2=c") in the clear key; otherwise all or nothing."""
    key = ex.keys["main"].tokens
    if ex.kind.partial_credit:
        return round(points * len(tokens & key) / len(key) + 1e-12, 2)
    return points if tokens <= key else 0.0


def test_every_registered_form_is_scored_by_an_oracle():
    """Forms come from the registry; each has a hand oracle above or the declared one (per item or all or nothing)."""
    from lessons.engine.forms import FORMS

    assert HAND_ORACLES <= set(FORMS)  # no oracle of a form that is gone
    for ex in EXERCISES:  # the declared oracle cannot read a rubric: a rubric form needs a hand oracle
        assert ex.kind.key in HAND_ORACLES or ex.kind.rubric(ex) is None, ex.id


def _lenient_item(raw_key):
    """How a careless reader would turn a dict key into an item number (to find aliases)."""
    if isinstance(raw_key, bool):
        return int(raw_key)
    if isinstance(raw_key, (int, float)) and float(raw_key).is_integer():
        return int(raw_key)
    if isinstance(raw_key, str):
        digits = "".join(str(unicodedata.digit(ch, "")) for ch in raw_key.strip())
        return int(digits) if digits and len(digits) == len(raw_key.strip()) else None
    return None


def _names_an_item_twice(ex, answer) -> bool:
    if not isinstance(answer, dict) or not ex.kind.partial_credit or ex.kind.rubric(ex) is not None:
        return False
    numbers = [_lenient_item(k) for k in answer]
    numbers = [n for n in numbers if n is not None]
    return len(numbers) != len(set(numbers))


def _names_an_option_twice(ex, answer) -> bool:
    if ex.form != "pg_kompleks" or not isinstance(answer, (list, tuple)):
        return False
    codes = []
    for value in answer:
        if isinstance(value, str):
            text = value.strip().rstrip(".")
            code = next((c for c, label in ex.options.items()
                         if text.casefold() == c.casefold() or normalize_text(text) == normalize_text(label)), None)
            if code:
                codes.append(code)
    return len(codes) != len(set(codes))


# --------------------------------------------------------------------------
# the properties


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda ex: ex.id)
def test_no_answer_earns_more_than_its_right_responses(ex):
    latihan, ujian = _sealed("latihan")[ex.id], _sealed("ujian")[ex.id]

    @settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(answer=answers(ex))
    def prop(answer):
        result = check(ex, answer)
        assert 0.0 <= result.score <= ex.points
        if result.status in ("kosong", "tidak_valid"):
            assert result.score == 0.0
        else:
            tokens = tokens_for(ex, answer)
            if ex.kind.partial_credit and ex.kind.rubric(ex) is None:  # per item: "n=response" tokens
                numbers = [_item(tok)[0] for tok in tokens]
                assert len(numbers) == len(set(numbers)), "one response per item"
                assert all(1 <= n <= _items(ex) for n in numbers)
            if ex.form in ("pilihan_ganda", "isian", "data"):
                assert len(tokens) == 1
            assert result.score == expected_score(ex, tokens), (answer, tokens)
        if _names_an_item_twice(ex, answer) or _names_an_option_twice(ex, answer):
            assert result.status == "tidak_valid", answer
        # the student's copy scores exactly like the teacher's bank …
        assert check(latihan, answer) == result
        # … and an exam copy only saves (or refuses the same way), with no score
        saved = check(ujian, answer)
        if result.status in ("kosong", "tidak_valid"):
            assert saved.status == result.status
        else:
            assert (saved.status, saved.score, saved.needs_review) == ("tersimpan", 0.0, True)

    prop()


def test_the_expected_score_can_tell_right_from_wrong():
    """The oracle above is not vacuous: a right answer earns full points, a wrong one less."""
    from lessons.teacher.key_notebooks import right_answer, wrong_answers

    for ex in EXERCISES:
        if ex.kind.rubric(ex) is not None:
            continue
        right = tokens_for(ex, right_answer(ex))
        assert expected_score(ex, right) == ex.points == check(ex, right_answer(ex)).score, ex.id
        for wrong in wrong_answers(ex):
            try:
                tokens = tokens_for(ex, wrong)
            except InvalidAnswer:
                continue
            assert expected_score(ex, tokens) < ex.points, (ex.id, wrong)


@pytest.mark.parametrize("answer", [
    {"1": "a", "01": "b"}, {"1": "a", " 1": "b"}, {1: "a", "1": "b"}, {"1": "a", "١": "b"}, {True: "a"}, {1.0: "a"}])
def test_aliased_item_keys_are_refused(answer):
    for ex in EXERCISES:
        if ex.form in ("menjodohkan", "benar_salah"):
            value = {k: ("B" if ex.form == "benar_salah" else v) for k, v in answer.items()}
            assert check(ex, value).status == "tidak_valid", (ex.id, value)


def test_repeated_or_aliased_options_are_refused():
    for ex in EXERCISES:
        if ex.form == "pg_kompleks":
            first, label = next(iter(ex.options.items()))
            for answer in ([first, first], [first, first.lower()], [first, f"{first}."], [first, label]):
                result = check(ex, answer)
                assert result.status == "tidak_valid" and "lebih dari sekali" in result.message, (ex.id, answer)
