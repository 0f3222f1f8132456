"""Analisis butir soal: difficulty, discrimination, distractors and reliability.

The classical item statistics Indonesian teachers compute after a test (the
numbers tools such as Anates or ITEMAN report), from one grading run:

* **p, tingkat kesukaran** (difficulty index): the mean score on the item
  divided by its points; for a right/wrong item, the share of students who got
  it right (P = B / JS). Bands as in Arikunto, S., *Dasar-Dasar Evaluasi
  Pendidikan*, edisi 2, Jakarta: Bumi Aksara, 2012, bab tentang analisis butir
  soal: sukar for p < 0,30, sedang for 0,30 ≤ p ≤ 0,70, mudah for p > 0,70.
* **D, daya pembeda** (discrimination index): p of the upper group minus p of
  the lower group, D = P_A − P_B, the groups being the 27% of students with the
  highest and the 27% with the lowest total (Kelley, T. L., "The selection of
  upper and lower groups for the validation of test items", *Journal of
  Educational Psychology* 30 (1939), 17–24). Bands as in Arikunto (2012):
  negatif below 0, jelek 0,00–0,20, cukup 0,21–0,40, baik 0,41–0,70,
  baik sekali above 0,70.
* **Efektivitas pengecoh** (distractor analysis) for choice items: the share
  choosing each option; a distractor chosen by fewer than 5% of the students
  does not work (Arikunto 2012, the same chapter).
* **Reliability** of the whole test: KR-20 when every item is scored right or
  wrong, r = k/(k−1) · (1 − Σpq / s²) (Kuder, G. F. & Richardson, M. W., "The
  theory of the estimation of test reliability", *Psychometrika* 2 (1937),
  151–160); otherwise Cronbach's alpha, α = k/(k−1) · (1 − Σs²_i / s²)
  (Cronbach, L. J., "Coefficient alpha and the internal structure of tests",
  *Psychometrika* 16 (1951), 297–334). Variances are population variances
  (divided by N), as in both papers, so KR-20 equals alpha on 0/1 items. A
  test with r ≥ 0,70 is called reliable (Nunnally, J. C. & Bernstein, I. H.,
  *Psychometric Theory*, 3rd ed., McGraw-Hill, 1994).

:func:`analyse` is pure (numbers in, numbers out); :func:`from_run` builds its
input from a grading run (students who handed in nothing are left out; an
unanswered item counts as 0).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from lessons.core.formatting import number, percent
from lessons.engine.forms import form_of
from lessons.text import FORM_NAMES, t

GROUP_SHARE = 0.27
DISTRACTOR_MIN = 0.05
RELIABLE = 0.70
BLANK = ""


@dataclass
class Item:
    """One exercise as the analysis needs it."""

    id: str
    points: float
    form: str = ""
    dichotomous: bool = True
    options: list[str] = field(default_factory=list)  # option codes of a choice item
    key: list[str] = field(default_factory=list)  # the right option codes
    labels: dict = field(default_factory=dict)  # option code -> what the teacher reads (data items: the label)


@dataclass
class ItemStats:
    id: str
    form: str
    p: float | None
    p_band: str
    d: float | None
    d_band: str
    upper_p: float | None
    lower_p: float | None
    options: dict  # code -> share choosing it (BLANK for "no answer"); {} for other forms
    weak_distractors: list[str]
    flags: list[str]
    labels: dict = field(default_factory=dict)
    key: list[str] = field(default_factory=list)


@dataclass
class Analysis:
    students: int
    group_size: int
    items: list[ItemStats]
    reliability: float | None
    method: str  # "KR-20" | "alpha" | ""
    reliability_band: str


def p_band(p: float | None) -> str:
    """Arikunto (2012): sukar p < 0,30; sedang 0,30–0,70; mudah p > 0,70."""
    if p is None:
        return ""
    p = round(p, 2)
    return t("ia_p_hard") if p < 0.30 else t("ia_p_easy") if p > 0.70 else t("ia_p_medium")


def d_band(d: float | None) -> str:
    """Arikunto (2012): negatif < 0; jelek 0,00–0,20; cukup 0,21–0,40; baik 0,41–0,70; baik sekali > 0,70."""
    if d is None:
        return ""
    d = round(d, 2)
    if d < 0:
        return t("ia_d_negative")
    if d <= 0.20:
        return t("ia_d_poor")
    if d <= 0.40:
        return t("ia_d_fair")
    if d <= 0.70:
        return t("ia_d_good")
    return t("ia_d_excellent")


def _pvar(values: list[float]) -> float:
    """Population variance (divided by N)."""
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / len(values)


def analyse(items: list[Item], scores: dict[str, dict[str, float]],
            choices: dict[str, dict[str, list[str]]] | None = None) -> Analysis:
    """The item analysis of a class.

    ``scores[student][item id]`` is the score (0 when unanswered);
    ``choices[student][item id]`` the option codes a student chose (an empty
    list for no answer), for choice items only.
    """
    choices = choices or {}
    students = sorted(scores)
    n = len(students)
    ids = [item.id for item in items]
    # the class's table read once, student by student (a big class's rows are read in order, not
    # item by item across thousands of dicts); columns are its transpose, students in name order
    table = [[scores[s].get(i, 0.0) for i in ids] for s in students]
    columns = list(zip(*table)) if n else [() for _ in items]
    totals = [sum(values) for values in table]
    # rank by total, highest first; ties keep the name order, so the run is repeatable
    ranked = sorted(range(n), key=lambda i: -totals[i])
    size = max(1, int(math.floor(GROUP_SHARE * n + 0.5))) if n >= 2 else 0
    size = min(size, n // 2)
    upper, lower = ranked[:size], ranked[n - size:] if size else []
    chosen = _option_counts(items, students, choices)
    stats = []
    for item, column, counts in zip(items, columns, chosen):
        share = [v / item.points for v in column] if item.points else []
        p = sum(share) / n if n and item.points else None
        up = sum(column[i] for i in upper) / (size * item.points) if size and item.points else None
        low = sum(column[i] for i in lower) / (size * item.points) if size and item.points else None
        d = up - low if up is not None and low is not None else None
        options, weak = {}, []
        if counts is not None:
            options = {code: count / n for code, count in counts.items()}
            weak = [code for code in item.options if code not in item.key and options[code] < DISTRACTOR_MIN]
        flags = []
        if d is not None and round(d, 2) < 0:
            flags.append(t("ia_flag_negative"))
        elif d is not None and round(d, 2) <= 0.20:
            flags.append(t("ia_flag_poor"))
        if p is not None and round(p, 2) < 0.30:
            flags.append(t("ia_flag_hard"))
        elif p is not None and round(p, 2) > 0.70 and d is not None and round(d, 2) <= 0.20:
            flags.append(t("ia_flag_easy"))
        if weak:
            flags.append(t("ia_flag_distractors", options=", ".join(item.labels.get(c, c) for c in weak)))
        stats.append(ItemStats(item.id, item.form, p, p_band(p), d, d_band(d), up, low, options, weak, flags, item.labels, item.key))
    reliability, method = None, ""
    k = len(items)
    if n >= 2 and k >= 2 and all(item.points for item in items):
        if all(item.dichotomous for item in items):
            method = "KR-20"
            points = [item.points for item in items]
            rows = [[1.0 if v >= most else 0.0 for v, most in zip(values, points)] for values in table]
            variance = _pvar([sum(row) for row in rows])
            ps = [sum(column) / n for column in zip(*rows)]
            spread = sum(p * (1 - p) for p in ps)
        else:
            method = "alpha"
            variance = _pvar(totals)
            spread = sum(_pvar(list(column)) for column in columns)
        if variance > 0:
            reliability = k / (k - 1) * (1 - spread / variance)
    band = "" if reliability is None else t("ia_reliable") if round(reliability, 2) >= RELIABLE else t("ia_not_reliable")
    return Analysis(n, size, stats, reliability, method, band)


def _option_counts(items: list[Item], students: list[str], choices: dict) -> list[dict | None]:
    """Per item, how many students chose each of its option codes (BLANK: chose
    none; a student counts once per code), or None for an item without options."""
    counts = [dict.fromkeys([*item.options, BLANK], 0) if item.options and students else None for item in items]
    wanted = [(item.id, tally) for item, tally in zip(items, counts) if tally is not None]
    if not wanted:
        return counts
    for s in students:
        mine = choices.get(s, {})
        for ex_id, tally in wanted:
            picked = mine.get(ex_id)
            if not picked:
                tally[BLANK] += 1
                continue
            for code in set(picked):
                if code in tally:
                    tally[code] += 1
    return counts


# --------------------------------------------------------------------------
# from a grading run


def items_of(exercises: dict, banks: dict) -> list[Item]:
    """``Item`` for each assigned exercise (``exercises``: id -> points) found in ``banks``."""
    out = []
    for ex_id, maximum in exercises.items():
        ex = banks.get(ex_id)
        if ex is None:
            continue
        # each question form says what it is (Form.item_parts), so no form is named here: a choice
        # item has options; one scored with partial credit (per statement, per pair, by rubric) is polytomous
        parts = form_of(ex).item_parts(ex)
        out.append(Item(ex_id, float(maximum), ex.form, parts.dichotomous, list(parts.options), list(parts.key),
                        dict(parts.labels)))
    return out


def _chosen(ex, answer) -> list[str]:
    from lessons.engine.model import InvalidAnswer, is_empty

    if is_empty(answer):
        return []
    try:
        return sorted(ex.kind.read(ex, answer))
    except (InvalidAnswer, TypeError, ValueError):
        return []


def from_run(run, banks: dict) -> Analysis:
    """The analysis of a grading run: students who handed something in; an
    unanswered item scores 0."""
    items = items_of(run.assignment.exercises, banks)
    choice_items = [(item.id, banks[item.id]) for item in items if item.options]
    read: dict = {}  # (exercise, answer) -> the codes chosen: a class gives the same answer many times

    def chosen(ex_id, ex, answer) -> list[str]:
        try:
            kind = type(answer)
            memo = (ex_id, kind.__name__, answer if kind is str else repr(answer))
            if memo not in read:
                read[memo] = _chosen(ex, answer)
            return read[memo]
        except (RecursionError, ValueError, TypeError):
            return _chosen(ex, answer)

    scores, choices = {}, {}
    for record in run.students:
        if not record.files:
            continue
        label = record.key or record.name
        scores[label] = {item.id: float(record.score(item.id)) for item in items}
        answers = record.answers
        choices[label] = {ex_id: chosen(ex_id, ex, answers.get(ex_id)) for ex_id, ex in choice_items}
    return analyse(items, scores, choices)


# --------------------------------------------------------------------------
# presentation


def option_label(code: str, labels: dict | None = None) -> str:
    return t("ia_blank") if code == BLANK else (labels or {}).get(code, code)


def table(analysis: Analysis) -> tuple[list[str], list[list]]:
    """(header, rows) for the xlsx sheet; numbers as numbers."""
    header = [t("ia_col_item"), t("ia_col_form"), t("ia_col_p"), t("ia_col_p_band"), t("ia_col_d"), t("ia_col_d_band"),
              t("ia_col_options"), t("ia_col_flags")]
    rows = []
    for s in analysis.items:
        options = "; ".join(f"{option_label(c, s.labels)}: {percent(100 * v, 0)}" for c, v in s.options.items())
        rows.append([s.id, FORM_NAMES.get(s.form, s.form), None if s.p is None else round(s.p, 2), s.p_band,
                     None if s.d is None else round(s.d, 2), s.d_band, options, "; ".join(s.flags)])
    return header, rows


def summary_lines(analysis: Analysis) -> list[str]:
    """The per-test lines (students, groups, reliability), in Indonesian."""
    lines = [t("ia_students", students=analysis.students, group=analysis.group_size)]
    if analysis.reliability is None:
        lines.append(t("ia_no_reliability"))
    else:
        name = t("ia_kr20") if analysis.method == "KR-20" else t("ia_alpha")
        lines.append(t("ia_reliability", method=name, value=number(analysis.reliability, 2), band=analysis.reliability_band))
    flagged = [s.id for s in analysis.items if s.flags]
    lines.append(t("ia_flagged", count=len(flagged), items=", ".join(flagged) or "–"))
    return lines
