"""Analisis butir soal against a class of 10 computed by hand (the working is
in the comments), and on a real grading run."""

from __future__ import annotations

import pytest

from lessons.teacher.item_analysis import Item, analyse, d_band, p_band

STUDENTS = [f"S{i:02d}" for i in range(1, 11)]

# Right (1) / wrong (0) on four 1-point items; I4 is a multiple-choice item
# (options A–D, key B) and the letter each student chose is given.
#        I1 I2 I3 I4  choice  total
# S01:    1  1  1  1  B       4
# S02:    1  1  1  1  B       4
# S03:    1  1  0  1  B       3
# S04:    1  0  1  0  C       2
# S05:    1  1  0  0  A       2
# S06:    0  1  1  0  A       2
# S07:    1  0  0  1  B       2
# S08:    1  0  0  0  A       1
# S09:    0  0  1  0  A       1
# S10:    0  0  0  0  (none)  0
RIGHT = {
    "S01": (1, 1, 1, 1), "S02": (1, 1, 1, 1), "S03": (1, 1, 0, 1), "S04": (1, 0, 1, 0), "S05": (1, 1, 0, 0),
    "S06": (0, 1, 1, 0), "S07": (1, 0, 0, 1), "S08": (1, 0, 0, 0), "S09": (0, 0, 1, 0), "S10": (0, 0, 0, 0),
}
CHOSEN = {"S01": "B", "S02": "B", "S03": "B", "S04": "C", "S05": "A", "S06": "A", "S07": "B", "S08": "A", "S09": "A", "S10": None}


def _dichotomous(all_dichotomous: bool = True):
    items = [Item("I1", 1, "isian", all_dichotomous), Item("I2", 1, "isian", all_dichotomous),
             Item("I3", 1, "isian", all_dichotomous),
             Item("I4", 1, "pilihan_ganda", all_dichotomous, options=["A", "B", "C", "D"], key=["B"])]
    scores = {s: {f"I{j + 1}": float(v) for j, v in enumerate(RIGHT[s])} for s in STUDENTS}
    choices = {s: {"I4": [CHOSEN[s]] if CHOSEN[s] else []} for s in STUDENTS}
    return analyse(items, scores, choices)


def test_difficulty_and_its_bands():
    # p = number right / 10: I1 7/10 = 0,70 (sedang: 0,70 is still inside 0,30–0,70);
    # I2 5/10 = 0,50; I3 5/10 = 0,50; I4 4/10 = 0,40
    result = {s.id: s for s in _dichotomous().items}
    assert [round(result[i].p, 4) for i in ("I1", "I2", "I3", "I4")] == [0.70, 0.50, 0.50, 0.40]
    assert {s.p_band for s in result.values()} == {"sedang"}
    assert (p_band(0.29), p_band(0.30), p_band(0.70), p_band(0.71)) == ("sukar", "sedang", "sedang", "mudah")


def test_discrimination_from_upper_and_lower_27_percent():
    # 27% of 10 = 2,7 → 3 students per group. Totals 4,4,3,2,2,2,2,1,1,0:
    # upper = S01, S02, S03; lower = S08, S09, S10 (no tie crosses a boundary).
    # I1: upper 3/3 − lower 1/3 (S08) = 0,667 → baik
    # I2: 3/3 − 0/3 = 1,00 → baik sekali
    # I3: upper S01, S02 = 2/3; lower S09 = 1/3 → 0,333 → cukup
    # I4: 3/3 − 0/3 = 1,00 → baik sekali
    analysis = _dichotomous()
    assert analysis.students == 10 and analysis.group_size == 3
    result = {s.id: s for s in analysis.items}
    assert result["I1"].d == pytest.approx(2 / 3) and result["I1"].d_band == "baik"
    assert result["I2"].d == pytest.approx(1.0) and result["I2"].d_band == "baik sekali"
    assert result["I3"].d == pytest.approx(1 / 3) and result["I3"].d_band == "cukup"
    assert result["I4"].d == pytest.approx(1.0)
    assert (d_band(-0.1), d_band(0.2), d_band(0.21), d_band(0.4), d_band(0.7), d_band(0.71)) == (
        "negatif", "jelek", "cukup", "cukup", "baik", "baik sekali")


def test_distractors():
    # I4 chosen: B 4 (S01, S02, S03, S07) = 40%; A 4 (S05, S06, S08, S09) = 40%;
    # C 1 (S04) = 10%; D 0 = 0% → below 5%: not working; no answer 1 (S10) = 10%
    i4 = {s.id: s for s in _dichotomous().items}["I4"]
    assert i4.options == pytest.approx({"A": 0.4, "B": 0.4, "C": 0.1, "D": 0.0, "": 0.1})
    assert i4.weak_distractors == ["D"]
    assert any("pengecoh" in flag and "D" in flag for flag in i4.flags)
    others = [s for s in _dichotomous().items if s.id != "I4"]
    assert all(not s.flags for s in others)


def test_kr20_by_hand():
    # Σpq = 0,7·0,3 + 0,5·0,5 + 0,5·0,5 + 0,4·0,6 = 0,21 + 0,25 + 0,25 + 0,24 = 0,95
    # totals 4,4,3,2,2,2,2,1,1,0: mean 2,1; squared deviations
    # 3,61 + 3,61 + 0,81 + 4·0,01 + 1,21 + 1,21 + 4,41 = 14,90; variance 14,90 / 10 = 1,49
    # KR-20 = 4/3 · (1 − 0,95 / 1,49) = 0,4832 → below 0,70: kurang reliabel
    analysis = _dichotomous()
    assert analysis.method == "KR-20"
    assert analysis.reliability == pytest.approx(4 / 3 * (1 - 0.95 / 1.49))
    assert round(analysis.reliability, 4) == 0.4832 and analysis.reliability_band == "kurang reliabel"


def test_alpha_equals_kr20_on_right_wrong_items():
    same = _dichotomous(all_dichotomous=False)
    assert same.method == "alpha" and same.reliability == pytest.approx(_dichotomous().reliability)


def test_cronbach_alpha_by_hand():
    #        E(0–3) M(0–2) P(0–1) total
    # S01:    3      2      1      6
    # S02:    3      2      1      6
    # S03:    2      2      1      5
    # S04:    2      1      1      4
    # S05:    2      1      0      3
    # S06:    1      1      1      3
    # S07:    1      1      0      2
    # S08:    1      0      0      1
    # S09:    0      1      0      1
    # S10:    0      0      0      0
    # var(E): mean 1,5; 2·2,25 + 6·0,25 + 2·2,25 = 10,5 → 1,05
    # var(M): mean 1,1; 3·0,81 + 5·0,01 + 2·1,21 = 4,90 → 0,49
    # var(P): mean 0,5 → 0,25;  Σ = 1,79
    # var(total): mean 3,1; 8,41+8,41+3,61+0,81+0,01+0,01+1,21+4,41+4,41+9,61 = 40,90 → 4,09
    # α = 3/2 · (1 − 1,79 / 4,09) = 0,8435 → reliabel
    # p(E) = 15 / (10·3) = 0,50; D(E) = (3+3+2)/9 − (1+0+0)/9 = 7/9 = 0,778 → baik sekali
    table = {"S01": (3, 2, 1), "S02": (3, 2, 1), "S03": (2, 2, 1), "S04": (2, 1, 1), "S05": (2, 1, 0),
             "S06": (1, 1, 1), "S07": (1, 1, 0), "S08": (1, 0, 0), "S09": (0, 1, 0), "S10": (0, 0, 0)}
    items = [Item("E", 3, "uraian", False), Item("M", 2, "menjodohkan", False), Item("P", 1, "pilihan_ganda", True)]
    scores = {s: dict(zip(("E", "M", "P"), map(float, v))) for s, v in table.items()}
    analysis = analyse(items, scores)
    assert analysis.method == "alpha"
    assert analysis.reliability == pytest.approx(1.5 * (1 - 1.79 / 4.09))
    assert round(analysis.reliability, 4) == 0.8435 and analysis.reliability_band == "reliabel"
    essay = analysis.items[0]
    assert essay.p == pytest.approx(0.5) and essay.d == pytest.approx(7 / 9) and essay.d_band == "baik sekali"


def test_a_reversed_item_is_flagged():
    items = [Item("A", 1), Item("B", 1), Item("R", 1)]
    # R is right only for the weakest students: negative discrimination
    # totals: S0–S4 1 each, S5–S9 2 each; upper = S5, S6, S7 (R: 0/3); lower = S2, S3, S4
    # (name order among equal totals; R: 1/3) → D = 0 − 1/3 < 0
    scores = {f"S{i}": {"A": float(i >= 3), "B": float(i >= 5), "R": float(i < 3)} for i in range(10)}
    flagged = {s.id: s.flags for s in analyse(items, scores).items}
    assert any("negatif" in f for f in flagged["R"]) and not flagged["A"]


def test_too_small_a_class_gives_no_reliability():
    analysis = analyse([Item("A", 1), Item("B", 1)], {"S1": {"A": 1.0, "B": 0.0}})
    assert analysis.reliability is None and analysis.group_size == 0
    assert analysis.items[0].d is None
