"""The lesson notebooks follow the lesson standard, and the answer-key
notebooks cover every exercise in the banks."""

from __future__ import annotations

import re

import nbformat
import pytest

from lessons.core.paths import course
from lessons.engine.bank import load_bank

from .conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
KEYS = sorted((ROOT / "guru" / "kunci").glob("*.ipynb"))
EXERCISE_CALL = re.compile(r'ks\.exercise\("(\d\d-\d\d)"(.*)\)')
MARKERS = ("NBVAL_IGNORE_OUTPUT", "NBVAL_SKIP", "NBVAL_RAISES_EXCEPTION", "nbval-ignore-output", "nbval-skip")


def _lesson_id(path) -> str:
    return path.name[:2]


def _read(path):
    return nbformat.read(path, as_version=4)


def test_there_is_a_lesson_notebook_for_every_bank_and_a_key_for_every_lesson():
    banks = {p.stem for p in course().banks.glob("*.yml")}
    assert banks == {_lesson_id(p) for p in LESSONS}
    assert {p.name[:2] for p in KEYS} == banks


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_standard(path):
    nb = _read(path)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for heading in ("Tujuan Pembelajaran", "Rangkuman", "Sumber"):
        assert re.search(rf"^#+ .*{heading}", markdown, re.M), heading
    assert re.search(r"2 × 40 menit", markdown)
    bank = load_bank(_lesson_id(path))
    used = [m.group(1) for c in nb.cells if c.cell_type == "code" for m in EXERCISE_CALL.finditer(c.source)]
    assert sorted(used) == sorted(bank), "every exercise of the bank appears once in its lesson"
    exercises = list(bank.values())
    assert len(exercises) >= 6
    assert len({e.form for e in exercises}) >= 4
    assert len({e.level for e in exercises}) >= 3


# How to run cells in JupyterLab: it means nothing on a student page (Voilà runs every cell itself), so such
# text sits in a markdown cell tagged notebook-only, which the course's Voilà template leaves out.
JUPYTERLAB_HOW_TO = re.compile(r"Shift\s*\+\s*Enter|Run All|menu \*\*Run|[Jj]alankan (lagi )?sel", re.I)


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_how_to_run_cells_is_only_in_notebook_only_cells(path):
    for cell in _read(path).cells:
        tagged = "notebook-only" in cell.metadata.get("tags", [])
        if cell.cell_type == "markdown" and not tagged:
            assert not JUPYTERLAB_HOW_TO.search(cell.source), cell.source[:200]
        assert not (tagged and cell.cell_type == "code"), "a code cell runs on the student page too"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_cells_are_thin_and_exercises_unanswered(path):
    for cell in _read(path).cells:
        if cell.cell_type != "code":
            continue
        lines = [line for line in cell.source.splitlines() if line.strip()]
        assert len(lines) <= 10, cell.source
        for match in EXERCISE_CALL.finditer(cell.source):
            assert match.group(2) == "", "lesson notebooks are committed unanswered"


@pytest.mark.parametrize("path", LESSONS + KEYS, ids=lambda p: p.name)
def test_at_most_one_nbval_exclusion_and_it_says_why(path):
    excluded = 0
    for cell in _read(path).cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "code" and (any(m in cell.source for m in MARKERS) or any(m in tags for m in MARKERS)):
            excluded += 1
            assert re.search(r"#.*(karena|because|why)", cell.source, re.I), "an exclusion must say why"
    assert excluded <= 1


@pytest.mark.parametrize("path", LESSONS + KEYS, ids=lambda p: p.name)
def test_stored_outputs_are_clean(path):
    nb = _read(path)
    assert "widgets" not in nb.metadata, "widget state is not stored (run tools/execute_notebooks.py)"
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert cell.execution_count is not None, "notebooks are committed executed"
        for output in cell.outputs:
            assert output.output_type != "error"
            assert not (output.output_type == "stream" and output.name == "stderr"), output.text


@pytest.mark.parametrize("path", KEYS, ids=lambda p: p.name)
def test_key_notebook_covers_every_exercise_right_and_wrong(path):
    from lessons.engine.checking import check

    bank = load_bank(path.name[:2])
    calls: dict[str, list] = {}
    for cell in _read(path).cells:
        for match in EXERCISE_CALL.finditer(cell.source if cell.cell_type == "code" else ""):
            assert match.group(2).startswith(", answer="), "the key notebook answers through answer="
            answer = eval(match.group(2)[len(", answer="):])  # noqa: S307 - our own committed notebook
            calls.setdefault(match.group(1), []).append(check(bank[match.group(1)], answer))
    assert set(calls) == set(bank)
    for ex_id, results in calls.items():
        full = [r for r in results if r.score == r.points]
        wrong = [r for r in results if r.score < r.points]
        assert full and wrong, f"{ex_id}: needs one full-score and one wrong answer"


def test_data_question_keys_match_the_data():
    from lessons.topics.derivations import derive
    from lessons.engine.checking import check

    for bank_file in sorted(course().banks.glob("*.yml")):
        for ex in load_bank(bank_file.stem).values():
            if ex.form != "data":
                continue
            assert "derivation" in ex.teacher, f"{ex.id}: a data question says how its key follows from data/"
            derived = derive(ex.teacher["derivation"])
            assert check(ex, derived).correct, f"{ex.id}: key no longer matches data/ (derived {derived!r})"


def test_every_derivation_is_named_by_a_bank():
    """No dead derivations: each function in DERIVATIONS answers some data question."""
    from lessons.topics.derivations import DERIVATIONS

    named = set()
    for bank_file in sorted(course().banks.glob("*.yml")):
        named |= {ex.teacher["derivation"]["function"] for ex in load_bank(bank_file.stem).values() if ex.form == "data"}
    assert named == set(DERIVATIONS)


def test_numeric_data_keys_are_the_derived_value_itself():
    """An angka key is what the derivation computes (to 0.001), never a rounded or typed guess: the
    tolerance belongs to the student's answer, not to the key (issue 22)."""
    from lessons.topics.derivations import derive

    for bank_file in sorted(course().banks.glob("*.yml")):
        for ex in load_bank(bank_file.stem).values():
            if ex.form == "data" and ex.teacher.get("answer_type", ex.__dict__.get("answer_type")) != "pilihan":
                derived = derive(ex.teacher["derivation"])
                key = ex.teacher.get("key")
                if isinstance(key, (int, float)) and not isinstance(key, bool):
                    assert abs(float(key) - float(derived)) < 1e-3, f"{ex.id}: key {key} is not the derived {derived}"


def test_a_data_fix_makes_the_key_test_fail(data_copy):
    """Change one number in data/ and the key test notices: the key of every question that rests on it
    no longer matches what the data say (so a data fix cannot leave a stale key behind)."""
    from lessons.topics.derivations import derive
    from lessons.engine.checking import check

    path = data_copy / "indicators.csv"
    text = path.read_text(encoding="utf-8")
    old = "IDN,Indonesia,2000,under5_mortality_rate,54.446,"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "IDN,Indonesia,2000,under5_mortality_rate,64.446,"), encoding="utf-8")
    from lessons.core import data as core_data
    getattr(core_data.load, "cache_clear", lambda: None)()
    stale = [ex.id for ex in load_bank("02").values() if ex.form == "data"
             and not check(ex, derive(ex.teacher["derivation"])).correct]
    stale += [ex.id for ex in load_bank("06").values() if ex.form == "data"
              and not check(ex, derive(ex.teacher["derivation"])).correct]
    assert {"02-07", "06-22"} <= set(stale), stale
