"""Exercise ids follow reading order; sheets written under the old ids are migrated on load."""

from __future__ import annotations

import json
import re

import nbformat
import yaml

from lessons.engine.answer_sheet import AnswerSheet
from lessons.engine.id_migration import ID_SCHEME, OLD_TO_NEW, migrate_sheet, new_id

from .conftest import DATA, ROOT


def test_every_notebook_shows_each_bank_exercise_once_and_the_bank_only_grows_at_its_end():
    """Ids are stable (saved sheets and gradebooks name them), so a question added later takes the next free
    id at the end of its bank but is shown in the section it asks about (CONTRIBUTING.md, "A new question"):
    e.g. 00-12 sits beside the joining timeline. The notebook shows every bank exercise exactly once, and a
    bank lists its ids in increasing order (nothing renumbered or inserted with a reused id)."""
    for path in sorted((ROOT / "notebooks").glob("0*.ipynb")):
        lesson = path.name[:2]
        shown = [m for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"
                 for m in re.findall(r'ks\.exercise\("(\d\d-\d\d)"', cell.source)]
        bank = [ex["id"] for ex in yaml.safe_load((DATA / "exercises" / f"{lesson}.yml").read_text("utf-8"))["exercises"]]
        assert sorted(shown) == bank, (path.name, shown, bank)


def test_the_map_is_a_permutation_of_existing_ids():
    for lesson, mapping in OLD_TO_NEW.items():
        assert sorted(mapping) == sorted(mapping.values()), lesson
        bank = {ex["id"] for ex in yaml.safe_load((DATA / "exercises" / f"{lesson}.yml").read_text("utf-8"))["exercises"]}
        assert set(mapping) <= bank, lesson
    assert new_id("06", "06-17") == "06-03" and new_id("02", "02-03") == "02-03"


def test_an_old_sheet_is_migrated_once_on_load(tmp_path):
    old = {"format": "kssa-lembar-jawaban", "version": 1, "lesson": "06",
           "answers": {"06-17": {"answer": "A"}, "06-03": {"answer": "B"}, "06-01": {"answer": "D"}}}
    path = tmp_path / "jawaban-06.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    sheet = AnswerSheet("06", path)
    assert sheet.answer("06-03") == "A" and sheet.answer("06-04") == "B" and sheet.answer("06-01") == "D"
    sheet.save("06-02", "C")  # the migrated sheet is written back, marked
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["id_scheme"] == ID_SCHEME
    assert {k: v["answer"] for k, v in doc["answers"].items()} == {"06-03": "A", "06-04": "B", "06-01": "D", "06-02": "C"}
    # reading it again does not apply the permutation a second time
    assert AnswerSheet("06", path).answer("06-03") == "A"


def test_a_new_sheet_is_marked_and_never_migrated(tmp_path):
    path = tmp_path / "jawaban-00.json"
    sheet = AnswerSheet("00", path)
    sheet.save("00-03", "x")
    assert json.loads(path.read_text(encoding="utf-8"))["id_scheme"] == ID_SCHEME
    assert AnswerSheet("00", path).answer("00-03") == "x"


def test_migrate_sheet_leaves_odd_documents_to_the_callers_checks():
    assert migrate_sheet([]) == [] and migrate_sheet({"answers": 3}) == {"answers": 3}
    marked = {"lesson": "00", "answers": {"00-03": 1}, "id_scheme": ID_SCHEME}
    assert migrate_sheet(marked) is marked


def test_grading_reads_an_old_sheet_and_an_old_assignment_under_the_new_ids(tmp_path):
    """A class that answered a release made before the renumbering is graded
    exactly like one that answered under the new ids."""
    import json

    from lessons.engine.bank import load_bank
    from lessons.engine.id_migration import OLD_TO_NEW
    from lessons.teacher.grading import Assignment, grade
    from lessons.teacher.key_notebooks import right_answer

    bank = load_bank("06")
    new_to_old = {new: old for old, new in OLD_TO_NEW["06"].items()}
    answers = {ex_id: right_answer(ex) for ex_id, ex in bank.items() if ex.form != "uraian"}
    old_sheet = {"format": "kssa-lembar-jawaban", "version": 1, "lesson": "06",
                 "answers": {new_to_old.get(i, i): {"answer": a} for i, a in answers.items()}}
    new_sheet = {"format": "kssa-lembar-jawaban", "version": 1, "lesson": "06", "id_scheme": 2,
                 "answers": {i: {"answer": a} for i, a in answers.items()}}
    old_tugas = {"format": "kssa-tugas", "version": 1, "title": "Lama", "lessons": ["06"],
                 "exercises": [{"id": new_to_old.get(i, i), "points": ex.points} for i, ex in bank.items()]}
    for name, doc in (("Lama - jawaban-06.json", old_sheet), ("Baru - jawaban-06.json", new_sheet)):
        (tmp_path / "kiriman").mkdir(exist_ok=True)
        (tmp_path / "kiriman" / name).write_text(json.dumps(doc), encoding="utf-8")
    (tmp_path / "tugas.json").write_text(json.dumps(old_tugas), encoding="utf-8")
    assignment = Assignment.read(tmp_path / "tugas.json")
    assert list(assignment.exercises) == list(bank)  # mapped to the new ids, in bank order
    run = grade(tmp_path / "kiriman", assignment, progress=False)
    scores = {r.name: {i: r.score(i) for i in assignment.exercises} for r in run.students}
    assert scores["Lama"] == scores["Baru"] and sum(scores["Baru"].values()) > 0


def test_corrections_typed_against_the_old_ids_follow_their_old_assignment(tmp_path):
    """A teacher's koreksi-nilai.csv written by hand for a release made before
    the renumbering names the old ids: its rows land on the same questions.
    Rows the gradebook's template or Meja Guru wrote carry the new scheme and
    are left alone, so a file that mixes both is read right."""
    from lessons.engine.bank import load_bank
    from lessons.engine.id_migration import OLD_TO_NEW
    from lessons.teacher.grading import Assignment, StudentRecord, apply_overrides
    from lessons.text import t

    bank = load_bank("06")
    essays = [i for i, ex in bank.items() if ex.form == "uraian" and i in OLD_TO_NEW["06"].values()]
    renamed = [i for i in bank if i in OLD_TO_NEW["06"].values() and OLD_TO_NEW["06"].get(i, i) != i]
    assert essays and renamed
    essay = essays[0]
    old_essay = next(old for old, new in OLD_TO_NEW["06"].items() if new == essay)
    other = next(i for i in renamed if i != essay)
    assert old_essay != essay and old_essay in bank  # a permutation: the old id names another question now
    tugas = {"format": "kssa-tugas", "version": 1, "title": "Lama", "lessons": ["06"],
             "exercises": [{"id": old, "points": bank[new].points} for old, new in
                           ((next((o for o, n in OLD_TO_NEW["06"].items() if n == i), i), i) for i in bank)]}
    (tmp_path / "tugas.json").write_text(json.dumps(tugas), encoding="utf-8")
    old = Assignment.read(tmp_path / "tugas.json")
    new = Assignment.read(None)
    assert old.old_ids and not new.old_ids
    cols = [t("override_col_student"), t("override_col_exercise"), t("override_col_score"),
            t("override_col_note"), t("override_col_scheme")]
    csv_path = tmp_path / "koreksi-nilai.csv"
    csv_path.write_text(",".join(cols) + "\n" + f"Ani,{old_essay},1,tangan,\n" + f"Ani,{other},0,meja,{ID_SCHEME}\n",
                        encoding="utf-8")
    students = {"ani": StudentRecord("ani", "Ani")}
    assert apply_overrides(students, csv_path, old) == []
    assert set(students["ani"].overrides) == {essay, other}
    # the same file for an assignment made under the new ids: nothing is renamed
    students = {"ani": StudentRecord("ani", "Ani")}
    apply_overrides(students, csv_path, new)
    assert set(students["ani"].overrides) == {old_essay, other}
