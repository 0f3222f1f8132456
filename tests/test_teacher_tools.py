"""The teacher's commands where there is nothing to work on, the release's own
pyproject.toml, and the HTML pages (autoescaped, Indonesian numbers)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from lessons.engine.bank import load_bank
from lessons.engine.checking import check
from lessons.teacher import cli
from lessons.teacher.key_notebooks import right_answer, wrong_answers
from lessons.text import t

from .conftest import DATA, ROOT

COMMANDS = {
    "release": ["release", "rilis"],
    "grade": ["grade", "kiriman", "--hasil", "hasil", "--tanpa-progres"],
    "blueprint": ["blueprint", "kisi"],
}


def _one_sentence(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Gagal: ") and "Traceback" not in captured.err, captured.err
    return lines[0]


@pytest.fixture
def nowhere(tmp_path, monkeypatch):
    """An empty working folder, no course named by the environment, and no
    course above the package (as for a package installed from a wheel)."""
    import lessons.core.paths as paths

    for name in ("KSSA_COURSE_DIR", "KSSA_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(paths, "PACKAGE_PARENT", tmp_path / "paket")
    work = tmp_path / "kerja"
    work.mkdir()
    (work / "kiriman").mkdir()
    monkeypatch.chdir(work)
    return work


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_course_folder_is_one_sentence_and_exit_2(nowhere, capsys, command):
    assert cli.main(COMMANDS[command]) == 2
    sentence = _one_sentence(capsys)
    assert sentence.startswith("Gagal: Folder kursus tidak ditemukan") and str(nowhere / "data") in sentence
    assert sorted(p.name for p in nowhere.iterdir()) == ["kiriman"]  # nothing written


@pytest.fixture
def empty_course(tmp_path, monkeypatch):
    """A course folder with its data but not a single exercise bank."""
    course = tmp_path / "kursus"
    shutil.copytree(DATA, course / "data", ignore=shutil.ignore_patterns("exercises"))
    (course / "data" / "exercises").mkdir()
    (course / "notebooks").mkdir()
    (course / "kiriman").mkdir()
    (course / "kiriman" / "jawaban-00.json").write_text("{}", encoding="utf-8")
    monkeypatch.delenv("KSSA_DATA_DIR", raising=False)
    monkeypatch.setenv("KSSA_COURSE_DIR", str(course))
    monkeypatch.chdir(course)
    return course


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_course_without_banks_writes_nothing(empty_course, capsys, command):
    assert cli.main(COMMANDS[command]) == 2
    assert "tidak berisi satu bank soal pun" in _one_sentence(capsys)
    assert sorted(p.name for p in empty_course.iterdir()) == ["data", "kiriman", "notebooks"]


def test_an_assignment_without_exercises_writes_no_gradebook(tmp_path, capsys):
    assignment = tmp_path / "tugas.json"
    assignment.write_text(json.dumps({"format": "kssa-tugas", "version": 1, "title": "Kosong", "lessons": ["00"],
                                      "exercises": []}), encoding="utf-8")
    (tmp_path / "kiriman").mkdir()
    (tmp_path / "kiriman" / "budi_jawaban-00.json").write_text("{}", encoding="utf-8")
    assert cli.main(["grade", str(tmp_path / "kiriman"), "--tugas", str(assignment), "--hasil", str(tmp_path / "hasil"),
                     "--tanpa-progres"]) == 2
    assert "tidak mencantumkan satu soal pun" in _one_sentence(capsys)
    assert not (tmp_path / "hasil").exists()


def test_an_empty_submissions_folder_writes_no_gradebook(tmp_path, capsys):
    (tmp_path / "kiriman").mkdir()
    assert cli.main(["grade", str(tmp_path / "kiriman"), "--hasil", str(tmp_path / "hasil"), "--tanpa-progres"]) == 2
    assert "tidak berisi satu berkas pun" in _one_sentence(capsys)
    assert not (tmp_path / "hasil").exists()


def test_argparse_speaks_indonesian(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["release"])
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert "penggunaan:" in err and "argumen berikut wajib diisi: folder" in err
    assert "usage" not in err and "error" not in err and "required" not in err
    with pytest.raises(SystemExit):
        cli.main(["grade", "--help"])
    out = capsys.readouterr().out
    assert "pilihan" in out and t("cli_help") in out and "show this help" not in out
    import argparse

    assert argparse._("usage: ") == "usage: "  # only for the teacher's command


# --------------------------------------------------------------------------
# the release's own pyproject.toml and `python -m lessons` in a release


@pytest.fixture(scope="module")
def release_folder(tmp_path_factory):
    from lessons.teacher.release import build_release

    made = build_release(tmp_path_factory.mktemp("rilis") / "kelas", ["00"])
    assert made.leaks == []
    return made.folder


def entry_point_problems(pyproject: Path, folder: Path) -> list[str]:
    """Entry points of ``pyproject`` whose module is not a file in ``folder``."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    groups = {"scripts": project.get("scripts", {}), "gui-scripts": project.get("gui-scripts", {}),
              **project.get("entry-points", {})}
    problems = []
    for group, entries in groups.items():
        for name, target in entries.items():
            parts = target.split(":")[0].strip().split(".")
            if not ((folder.joinpath(*parts).with_suffix(".py")).is_file() or (folder.joinpath(*parts) / "__init__.py").is_file()):
                problems.append(f"{group}.{name} = {target}")
    return problems


def test_every_entry_point_of_the_release_resolves(release_folder):
    pyproject = release_folder / "pyproject.toml"
    assert entry_point_problems(pyproject, release_folder) == []
    # the check can fail: the teacher's pyproject names lessons/teacher/cli.py, which a release lacks
    assert entry_point_problems(ROOT / "pyproject.toml", release_folder) == ["scripts.kssa-guru = lessons.teacher.cli:main"]
    assert entry_point_problems(ROOT / "pyproject.toml", ROOT) == []


def test_the_release_pyproject_installs_the_same_package(release_folder):
    mine = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    theirs = tomllib.loads((release_folder / "pyproject.toml").read_text(encoding="utf-8"))
    assert theirs["project"]["dependencies"] == mine["project"]["dependencies"]
    assert theirs["project"]["name"] == mine["project"]["name"] and "scripts" not in theirs["project"]
    assert theirs["build-system"] == mine["build-system"]
    assert theirs["tool"]["setuptools"] == {k: v for k, v in mine["tool"]["setuptools"].items()}


def test_package_data_is_listed_once():
    from lessons.teacher.release import DATA_FILES, PACKAGE_DATA

    mine = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert mine["tool"]["setuptools"]["package-data"] == {"lessons": PACKAGE_DATA}
    assert mine["tool"]["setuptools"]["data-files"] == DATA_FILES
    listed = {f for pattern in PACKAGE_DATA for f in (ROOT / "lessons").glob(pattern)}
    shipped = {f for f in (ROOT / "lessons" / "labextension").rglob("*") if f.is_file()}
    assert shipped and shipped <= listed  # the whole prebuilt extension is package data


def test_python_m_lessons_in_a_release_is_one_sentence(release_folder):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KSSA_", "PYTHONPATH"))}
    done = subprocess.run([sys.executable, "-m", "lessons", "release", "x"], cwd=release_folder, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == t("teacher_tools_missing") and done.stdout == ""
    assert not (release_folder / "x").exists()


# --------------------------------------------------------------------------
# HTML pages


def _run_for(name: str, note: str):
    from lessons.teacher.grading import Assignment, GradeRun, StudentRecord

    bank = load_bank("00", DATA / "exercises" / "00.yml")
    ids = ["00-01", "00-02", "00-05"]
    assignment = Assignment("Tugas <b>uji</b>", {i: bank[i].points for i in ids}, ["00"])
    record = StudentRecord("x", name, files=[f"{name}.json"])
    record.results = {"00-01": check(bank["00-01"], right_answer(bank["00-01"])),
                      "00-02": check(bank["00-02"], wrong_answers(bank["00-02"])[0]),
                      "00-05": check(bank["00-05"], wrong_answers(bank["00-05"])[0])}
    record.overrides = {"00-05": (1.5, note)}
    return GradeRun(assignment, [record], [], 0.0, 1), record, {i: bank[i] for i in ids}


def test_feedback_page_escapes_what_students_wrote_and_writes_numbers_the_indonesian_way():
    from lessons.teacher.gradebook import feedback_html

    name, note = "<script>alert(1)</script>", "<img src=x onerror=alert(2)>"
    run, record, banks = _run_for(name, note)
    page = feedback_html(record, run, banks)
    assert "<script" not in page and "<img" not in page and "<b>uji" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    maximum = sum(run.assignment.exercises.values())  # 1 + 1 + 2 points: 2.5 of 4 = 62.5%
    assert maximum == 4
    assert "2,5 dari 4 (62,5%)" in page and "1,5 / 2" in page and "Skor dari guru: 1,5 dari 2." in page
    assert "62.5" not in page and "2.5" not in page
    assert page.startswith("<!DOCTYPE html>") and '<html lang="id">' in page


def test_kisi_kisi_page_is_escaped(tmp_path):
    from lessons.teacher import blueprint
    from lessons.teacher.pages import render

    page = render("blueprint.html", header=blueprint.HEADER, rows=[["<script>x</script>", "a & b", 1]])
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page and "a &amp; b" in page
    paths = blueprint.write(tmp_path / "kisi", ["00"])
    html = paths["html"].read_text(encoding="utf-8")
    assert html.count("<tr>") == len(load_bank("00", DATA / "exercises" / "00.yml")) + 1
    assert t("bp_warning") in html
