"""Rubric keywords accept plain paraphrases where the rubric intends them.

"saling membantu" got 0 of 3 provisional points in a teacher's run (issue
21): the rubric named "saling memahami" but not the everyday ways of saying
"a caring, sharing community". A keyword may now list alternatives in
braces, ``"saling {membantu|menolong}"``; the student's sealed copy scores
them exactly as the teacher's bank does.
"""

from __future__ import annotations

import json

import pytest

from lessons.engine.bank import load_bank
from lessons.engine.checking import check
from lessons.engine.forms.uraian import MAX_ALTERNATIVES, spelled_out
from lessons.engine.model import BankError
from lessons.engine.sealing import build_sealed_exercise, seal_bank
from lessons.teacher.release import secrets_of


def test_alternatives_are_spelled_out():
    assert spelled_out("saling {membantu|menolong| mendukung}") == ["saling membantu", "saling menolong", "saling mendukung"]
    assert spelled_out("{a|b} dan {c|d}") == ["a dan c", "a dan d", "b dan c", "b dan d"]
    assert spelled_out("laut") == ["laut"] and spelled_out(2025) == ["2025"]


def _sealed(lesson: str, ex_id: str):
    bank = load_bank(lesson)
    doc = json.loads(json.dumps(seal_bank(bank, lesson, bank.title, bank.objectives, "garam-uji")))
    entry = next(e for e in doc["exercises"] if e["id"] == ex_id)
    return build_sealed_exercise(entry, lesson, doc["sealed"], ex_id)


@pytest.mark.parametrize("answer, least", [
    ("Kerja sama dibutuhkan supaya negara-negara bisa saling membantu ketika ada bencana alam besar di kawasan kita.", 2),
    ("Supaya hidup warga lebih sejahtera dan negara tetangga mau saling menolong bersama.", 2),
    ("Warga negara ASEAN perlu bergotong royong, tolong menolong, dan bahu membahu di kawasan ini.", 1),
])
def test_plain_paraphrases_earn_the_criterion(answer, least):
    ex = load_bank("00")["00-08"]
    clear = check(ex, answer)
    assert clear.score >= least and clear.status == "perlu_diperiksa"
    assert check(_sealed("00", "00-08"), answer).score == clear.score  # the student's copy agrees


def test_the_teachers_rubric_and_the_leak_scan_know_every_spelled_out_keyword():
    ex = load_bank("00")["00-08"]
    keywords = ex.teacher["rubric"][2]["keywords"]
    assert "saling membantu" in keywords and not any("{" in k for k in keywords)
    assert "saling menolong" in secrets_of(ex)["kata_kunci"]


def test_too_many_alternatives_are_refused(tmp_path):
    from lessons.engine.bank import build_exercise

    entry = {"id": "99-01", "form": "uraian", "level": "C2", "points": 1, "objective": "TP1", "indicator": "x",
             "question": "Mengapa?", "hint": "h", "feedback": {"benar": "b", "salah": "s"},
             "rubric": [{"label": "l", "points": 1, "keywords": ["{a|b|c|d} {e|f|g|h} {i|j|k|l} {m|n|o|p}"]}]}
    assert len(spelled_out(entry["rubric"][0]["keywords"][0])) > MAX_ALTERNATIVES
    with pytest.raises(BankError, match="terlalu banyak pilihan"):
        build_exercise(entry, "99", "99.yml")


def _reference_normalize(value: str) -> str:
    """normalize_text as first written: every character walked in Python."""
    import re
    import unicodedata

    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", value.casefold()).split())


def test_fast_normalize_text_agrees_with_the_reference():
    """normalize_text (used by the essay reader and the leak scan on long texts) takes a faster path;
    it gives exactly what the character-by-character version gives."""
    from hypothesis import given, settings, strategies as st

    from lessons.engine.forms.uraian import essay_words
    from lessons.engine.model import normalize_text

    @settings(max_examples=400, deadline=None)
    @given(st.text() | st.text(alphabet="aZ09 -_.,éÉßİﬁ½Ａ\u0301\u00a0\n"))
    def same(text):
        assert essay_words(text) == _reference_normalize(text).split()
        assert normalize_text(text) == _reference_normalize(text)

    same()
