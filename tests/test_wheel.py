"""The package works from an installed wheel, not only from the checkout.

The wheel holds code, text, templates and schemas (package data); data/ and
notebooks/ are the *course folder*, found by the one rule in
lessons/core/paths.py. This test builds the wheel, installs it with its
dependencies into a fresh virtual environment of its own, copies the course folder (data/ and notebooks/ without
kunci/, and without lessons/) elsewhere, and there runs a lesson notebook
under strict nbval and the teacher's commands. It also runs the commands
where no course folder is found: one Indonesian sentence, exit code 2.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from . import fresh_venvs
from .conftest import ROOT
from .fresh_venvs import fresh_venv

pytestmark = pytest.mark.slow

PACKAGE = "lessons"


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KSSA_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(extra)
    return env


def _run(cmd, cwd, env, check=True, timeout=240):
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise AssertionError(f"{cmd} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv python, wheel path, environment) with the wheel installed."""
    base = tmp_path_factory.mktemp("wheel")
    # Build from a copy of the sources, so the checkout gets no build/ folder.
    src = base / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / PACKAGE, src / PACKAGE, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = base / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(src)],
         base, _env())
    wheel = next(dist.glob("*.whl"))
    # A venv of its own: the wheel and its dependencies (with the test extra, for nbval) are installed into
    # it, so nothing comes from the interpreter that runs this test (uv: see tests/fresh_venvs.py).
    python = fresh_venv(base / "venv", with_pip=False)
    done = fresh_venvs.install(python, [f"{wheel}[test]"], base, _env(), timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return python, wheel, _env(KSSA_ANSWER_DIR=str(base / "jawaban"))


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course folder away from the checkout: data/ and notebooks/ only."""
    folder = tmp_path_factory.mktemp("kursus") / "kelas"
    shutil.copytree(ROOT / "data", folder / "data", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "notebooks", folder / "notebooks",
                    ignore=shutil.ignore_patterns("kunci", ".ipynb_checkpoints", "jawaban-*.json"))
    return folder


def test_the_wheel_holds_code_text_templates_and_schemas_only(installed):
    _python, wheel, _env = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {p.relative_to(ROOT).as_posix() for p in (ROOT / PACKAGE).rglob("*")
              if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")}
    assert wanted - names == set(), "files of lessons/ missing from the wheel"
    assert {n for n in wanted if not n.endswith(".py")}, "the package has data files (templates)"
    assert "lessons/teacher/templates/feedback.html" in names
    assert all(n.startswith((f"{PACKAGE}/", "kerja_sama_sosial_asean-")) for n in names), "only the package"


def test_the_venv_uses_the_installed_copy(installed, course):
    python, _wheel, env = installed
    done = _run([str(python), "-c", "import lessons, jinja2; print(lessons.__file__)"], course, env)
    location = Path(done.stdout.strip()).resolve()
    assert location.is_relative_to(python.parent.parent.resolve()), location  # not the editable checkout
    assert "site-packages" in location.parts


def test_a_lesson_notebook_passes_strict_nbval(installed, course):
    python, _wheel, env = installed
    # the sanitizer file is copied next to the course: named by its path in the checkout, it made pytest take
    # the checkout's pyproject.toml (and its addopts) as this run's configuration (pytest looks for one above
    # every argument that is a path, option values included)
    shutil.copy2(ROOT / "tests" / "sanitize.cfg", course / "sanitize.cfg")
    done = _run([str(python), "-m", "pytest", "-q", "--nbval", "--nbval-current-env", "--nbval-sanitize-with",
                 "sanitize.cfg", "-p", "no:cacheprovider", "notebooks/00-pengantar.ipynb"],
                course, env, check=False)
    assert "configfile:" not in done.stdout and "inifile:" not in done.stdout, done.stdout[:2000]
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout


def _right_sheet(lesson: str) -> str:
    from lessons.engine.bank import load_bank
    from lessons.teacher.key_notebooks import right_answer

    bank = load_bank(lesson, ROOT / "data" / "exercises" / f"{lesson}.yml")
    return json.dumps({"format": "kssa-lembar-jawaban", "version": 1, "id_scheme": 2, "lesson": lesson,
                       "answers": {i: {"answer": right_answer(ex)} for i, ex in bank.items()}})


def test_release_grade_and_blueprint_from_the_wheel(installed, course):
    python, _wheel, env = installed
    lessons = [str(python), "-m", "lessons"]

    done = _run([*lessons, "release", "rilis", "--pelajaran", "00", "--batas", "2026-12-15"], course, env)
    assert "bersih" in done.stdout
    release = course / "rilis"
    assert (release / "notebooks" / "00-pengantar.ipynb").is_file()
    assert (release / "data" / "exercises" / "00.yml").is_file() and not (release / "lessons" / "teacher").exists()
    import tomllib

    project = tomllib.loads((release / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "scripts" not in project and any(d.startswith("pandas") for d in project["dependencies"])
    shown = _run([*lessons], release, env, check=False)  # the release's own package: no teacher tools
    assert shown.returncode == 2 and "Alat guru" in shown.stderr and "Traceback" not in shown.stderr

    kiriman = course / "kiriman" / "ani"
    kiriman.mkdir(parents=True)
    (kiriman / "jawaban-00.json").write_text(_right_sheet("00"), encoding="utf-8")
    done = _run([*lessons, "grade", "kiriman", "--tugas", "rilis/tugas.json", "--hasil", "hasil", "--tanpa-progres"],
                course, env)
    assert "1 siswa dinilai" in done.stdout
    rows = list(csv.DictReader((course / "hasil" / "nilai.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["Nama siswa"], float(r["Persentase"])) for r in rows] == [("ani", 100.0)]
    page = (course / "hasil" / "umpan-balik" / "ani.html").read_text(encoding="utf-8")
    assert "(100%)" in page and "<!DOCTYPE html>" in page

    done = _run([*lessons, "blueprint", "kisi"], course, env)
    table = list(csv.reader((course / "kisi" / "kisi-kisi.csv").read_text(encoding="utf-8-sig").splitlines()))
    from lessons.engine.bank import load_bank

    expected = sum(len(load_bank(p.stem, p)) for p in (ROOT / "data" / "exercises").glob("[0-9][0-9].yml"))
    assert len(table) == expected + 1 and table[0][0] == "Pelajaran"
    assert "Kisi-kisi" in (course / "kisi" / "kisi-kisi.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [
    ["release", "rilis"], ["grade", "kiriman", "--hasil", "hasil", "--tanpa-progres"], ["blueprint", "kisi"]])
def test_nothing_found_is_one_sentence(installed, tmp_path, command):
    """Outside any course folder (and the installed package has none above it)."""
    python, _wheel, env = installed
    done = _run([str(python), "-m", "lessons", *command], tmp_path, env, check=False)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Gagal: Folder kursus tidak ditemukan"), done.stderr
    assert str(tmp_path / "data") in lines[0]  # it says where it looked
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing written
