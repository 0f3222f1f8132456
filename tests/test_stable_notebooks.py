"""Stored notebooks diff cleanly (issue 23): re-executing an unchanged lesson gives a
byte-identical file, and the key notebooks keep their cell ids when a bank grows, so
one new question changes only its own cells."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import yaml

from lessons.engine.bank import load_bank
from lessons.teacher.key_notebooks import key_notebook
from tests.kernels import IpcKernelManager
from tools.execute_notebooks import WIDGET_VIEW, execute, normalise, stable_model_id

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "notebooks" / "00-pengantar.ipynb"  # widgets, a map, a table, exercises: the kinds of output there are


def test_re_executing_an_unchanged_lesson_gives_the_same_bytes(tmp_path):
    copy = tmp_path / LESSON.name
    shutil.copyfile(LESSON, copy)
    execute(copy, kernel_manager_class=IpcKernelManager)
    assert copy.read_bytes() == LESSON.read_bytes(), "run: python tools/execute_notebooks.py " + str(LESSON.relative_to(ROOT))


def test_widget_model_ids_follow_the_cell_not_the_run():
    nb = nbformat.read(LESSON, as_version=4)
    views = [(cell.id, i, out["data"][WIDGET_VIEW]["model_id"]) for cell in nb.cells if cell.cell_type == "code"
             for i, out in enumerate(cell.outputs) if WIDGET_VIEW in out.get("data", {})]
    assert len(views) >= 5
    assert all(model_id == stable_model_id(cell_id, i) for cell_id, i, model_id in views)
    assert len({model_id for _c, _i, model_id in views}) == len(views)
    # a run gives random ids (uuid4 hex); normalising makes them the stored ones again
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if WIDGET_VIEW in out.get("data", {}):
                out["data"][WIDGET_VIEW]["model_id"] = "0123456789abcdef0123456789abcdef"
    normalise(nb)
    assert nbformat.writes(nb) + "\n" == LESSON.read_text(encoding="utf-8")


def _ids(nb) -> list[str]:
    return [cell.id for cell in nb.cells]


def test_key_notebooks_keep_their_cell_ids():
    for path in sorted((ROOT / "guru" / "kunci").glob("*-kunci.ipynb")):
        lesson = path.name[:2]
        committed = nbformat.read(path, as_version=4)
        assert _ids(key_notebook(lesson, load_bank(lesson).title)) == _ids(committed) == _ids(
            key_notebook(lesson, load_bank(lesson).title)), path.name


def test_a_new_question_adds_only_its_own_key_cells(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    bank_file = tmp_path / "data" / "exercises" / "00.yml"
    doc = yaml.safe_load(bank_file.read_text(encoding="utf-8"))
    before = key_notebook("00", doc["title"])
    new = {**doc["exercises"][0], "id": f"00-{len(doc['exercises']) + 1:02d}"}
    doc["exercises"].insert(3, new)  # in the middle of the bank
    bank_file.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("KSSA_COURSE_DIR", str(tmp_path))
    after = key_notebook("00", doc["title"])
    old = {cell.id: cell for cell in before.cells}
    added = [cell for cell in after.cells if cell.id not in old]
    assert added and all(cell.id.startswith(new["id"] + "-") for cell in added)
    assert [cell.id for cell in after.cells if cell.id in old] == _ids(before)
    assert all(cell.source == old[cell.id].source for cell in after.cells if cell.id in old)
