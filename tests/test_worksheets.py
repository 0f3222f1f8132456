"""Printable worksheets (LKPD): generated from the banks; the student sheet holds no key material."""

from __future__ import annotations

import html
import re

import pytest

from lessons.engine.bank import load_bank
from lessons.engine.forms import form_of
from lessons.teacher import worksheets
from lessons.teacher.release import available_lessons


def key_material(lesson: str) -> list[str]:
    """Texts that would give an answer away: secrets, key feedback, feedback of every option, key_text."""
    found, public = [], []
    bank = load_bank(lesson)
    for ex in bank.values():  # what any student is shown anyway: a rubric keyword used there is no leak
        public += [ex.stimulus, ex.question, *ex.options.values(), *map(str, ex.statements), *ex.left, *ex.right.values()]
    public_text = " ".join(public + list(bank.objectives.values()))
    for ex in bank.values():
        form = form_of(ex)
        for kind, texts in form.secrets(ex).items():
            found += [str(x) for x in texts if kind != "kata_kunci" or str(x) not in public_text]
        found += [str(x) for x in ex.feedback.values()]
        found += form.key_feedback(ex)
        found.append(ex.hint)
    return [f for f in found if f and len(f.strip()) >= 12]  # short tokens (a letter, a number) occur in any text


def leaks(page: str, lesson: str) -> list[str]:
    text = re.sub(r"\s+", " ", html.unescape(page))
    return [s for s in key_material(lesson) if re.sub(r"\s+", " ", s) in text]


@pytest.mark.parametrize("lesson", available_lessons())
def test_student_sheet_has_every_question_and_no_key(lesson):
    student, key = worksheets.sheets(lesson)
    bank = load_bank(lesson)
    text = html.unescape(student)
    for ex in bank.values():
        assert ex.question in text, ex.id
        for option in ex.options.values():
            assert option in text, ex.id
    assert not leaks(student, lesson)
    assert "@page" in student and "A4" in student
    from lessons.teacher.blueprint import key_text

    for ex in bank.values():  # the key sheet has every key in readable form, an essay its rubric
        rubric = form_of(ex).rubric(ex)
        expected = rubric[0]["label"] if rubric else key_text(ex)
        assert html.escape(expected, quote=False) in key, ex.id


def test_leak_check_fails_on_a_planted_key():
    lesson = "01"
    student, _ = worksheets.sheets(lesson)
    ex = next(e for e in load_bank(lesson).values() if form_of(e).rubric(e))
    secret = next(s for texts in form_of(ex).secrets(ex).values() for s in texts if len(s) >= 12)
    assert leaks(student.replace("</body>", f"<p>{html.escape(secret)}</p></body>"), lesson)
    feedback = next(iter(load_bank(lesson).values())).feedback
    planted = next(v for v in feedback.values() if len(v) >= 12)
    assert leaks(student + html.escape(planted), lesson)


def test_cli_writes_both_sheets_and_rejects_an_unknown_lesson(tmp_path, capsys):
    from lessons.teacher.cli import main

    assert main(["lkpd", str(tmp_path), "--pelajaran", "02"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kunci-02.html", "lkpd-02.html"]
    assert main(["lkpd", str(tmp_path), "--pelajaran", "99"]) == 2
    assert "99" in capsys.readouterr().err


def _data_exercises():
    for lesson in available_lessons():
        for ex in load_bank(lesson).values():
            if ex.teacher.get("derivation"):
                yield ex


def test_every_data_question_prints_its_data():
    for ex in _data_exercises():
        table = worksheets.data_table(ex)
        if ex.stimulus or ex.testlet is not None or ex.teacher["derivation"]["function"] in worksheets.NO_TABLE:
            continue
        assert table and table["rows"], ex.id
        student, _ = worksheets.sheets(ex.lesson)
        assert html.escape(table["caption"], quote=False) in student, ex.id


def test_printed_data_give_the_same_answer_as_the_key():
    """The paper table must lead to the bank's key, like the widget does."""
    from lessons.core.data import member_names
    from lessons.topics.derivations import derive

    names = member_names()
    checked = set()
    for ex in _data_exercises():
        spec = ex.teacher["derivation"]
        function, args = spec["function"], spec.get("args") or {}
        table = worksheets.data_table(ex)
        if table is None:
            continue
        rows = table["rows"]
        if function == "network_degree":
            assert sum(names[args["iso3"]] in row[1] for row in rows) == derive(spec), ex.id
        elif function == "network_busiest_body":
            best = max(int(row[2]) for row in rows)
            from lessons.core.data import load
            acronym = load("programmes").set_index("id").loc[derive(spec), "acronym"]
            assert [row[2] for row in rows if row[0] == acronym] == [str(best)], ex.id
        elif function == "count_programmes":
            wanted = {True: "ya", False: "tidak"}.get(args.get("asean_body"))
            assert sum(wanted is None or row[2] == wanted for row in rows) == derive(spec), ex.id
        elif function in ("decline_between", "indicator_decline", "life_expectancy_drop"):
            row = next(r for r in rows if r[0] == names[args["iso3"]])
            first, last = (float(v.replace(".", "").replace(",", ".")) for v in row[1:3])
            assert abs((first - last) - float(derive(spec))) < 0.11, ex.id
        elif function in ("years_between_founding_and_newest",):
            assert int(rows[-1][1][-4:]) - int(rows[0][1][-4:]) == derive(spec), ex.id
        else:
            continue
        checked.add(function)
    assert len(checked) >= 4, checked


def test_an_unknown_derivation_stops_with_a_sentence():
    ex = next(e for e in _data_exercises() if not e.stimulus)
    ex = type(ex)(**{**ex.__dict__, "teacher": {**ex.teacher, "derivation": {"function": "baru_sekali"}}})
    with pytest.raises(worksheets.WorksheetError, match="baru_sekali"):
        worksheets.data_table(ex)


def test_the_worksheet_and_the_lessons_share_one_table_each():
    """No copies: the worksheet prints with the very table the lesson views use (lessons/core/shared_tables.py)."""
    from lessons.core import shared_tables
    from lessons.topics import l02_kesejahteraan, l04_budaya

    assert worksheets.INDICATOR_DECIMALS is shared_tables.INDICATOR_DECIMALS is l02_kesejahteraan.INDICATOR_DECIMALS
    assert worksheets.heritage_parks_frame is shared_tables.heritage_parks_frame is l04_budaya.heritage_parks_frame
