"""Build a student copy of the course (``python -m lessons release``).

The copy holds the chosen lesson notebooks, the data, the ``lessons``
package (so it can be installed on its own), an empty answer sheet per
lesson, and an assignment file (``tugas.json`` and a readable ``TUGAS.md``).
The exercise banks in it are *sealed* (see :mod:`lessons.sealing`): instant
feedback still works, but no key, accepted answer, rubric keyword or model
answer is readable in any file. The answer-key notebooks and the teacher's
question grid are never copied. :func:`scan_for_leaks` checks a finished copy.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lessons.core.formatting import points
from lessons.core.paths import CourseDir, course, course_at
from lessons.engine.answer_sheet import FORMAT as SHEET_FORMAT, VERSION as SHEET_VERSION
from lessons.engine.bank import load_bank, read_yaml
from lessons.engine.forms import form_of
from lessons.engine.model import Exercise, normalize_text
from lessons.engine.sealing import new_salt, seal_bank
from lessons.text import FORM_NAMES, LEVEL_NAMES, t

ASSIGNMENT_FILE = "tugas.json"
ASSIGNMENT_FORMAT = "kssa-tugas"
EXERCISE_CALL = re.compile(r'ks\.exercise\(\s*"(\d\d-\d\d)"')
# Field names that only the teacher's bank has; none may appear in a release.
TEACHER_FIELDS = ("key", "accepted", "model_answer", "rubric", "keywords", "examples", "derivation", "explanation", "pairs", "distractors")


# The installed package (editable or not). A student copy gets all of it but
# what is named "teacher": lessons/teacher/ (the teacher's tools) and
# lessons/text/teacher.py (the teacher's words) stay with the teacher.
PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEACHER_PACKAGE = Path(__file__).resolve().parent
# The non-Python files of the package (pyproject.toml's [tool.setuptools.package-data]).
PACKAGE_DATA = ["**/*.json", "**/*.html", "**/*.yml", "**/*.yaml", "**/*.txt", "**/*.css"]


def _student_package_files(folder: str, names: list[str]) -> set[str]:
    """shutil.copytree's ignore: caches, and every module named like the teacher package."""
    ignored = {n for n in names if n == "__pycache__" or n.endswith((".pyc", ".pyo"))}
    if Path(folder).resolve().is_relative_to(PACKAGE_DIR):
        ignored |= {n for n in names if n in (TEACHER_PACKAGE.name, f"{TEACHER_PACKAGE.name}.py")}
    return ignored


class ReleaseError(Exception):
    """A release cannot be built; ``str()`` is Indonesian."""


@dataclass
class Release:
    folder: Path
    lessons: list[str]
    exercises: list[dict]
    leaks: list[str] = field(default_factory=list)

    @property
    def total_points(self) -> float:
        return sum(e["points"] for e in self.exercises)


def _bank_doc(lesson: str, root) -> dict:
    bank = load_bank(lesson, root.bank_path(lesson))
    return {"lesson": bank.lesson, "title": bank.title, "objectives": bank.objectives}


def course_of(root=None) -> CourseDir:
    """``root`` as a CourseDir: a CourseDir, a folder, or None for the course found by the one rule."""
    if isinstance(root, CourseDir):
        return root
    return course_at(Path(root)) if root is not None else course()


def available_lessons(root=None) -> list[str]:
    return course_of(root).lessons()


def _notebook_for(lesson: str, root) -> Path:
    found = sorted((root.notebooks).glob(f"{lesson}-*.ipynb"))
    if not found:
        raise ReleaseError(t("release_notebook_missing", lesson=lesson))
    return found[0]


def _strip_unassigned(nb: dict, keep: set[str]) -> dict:
    """Drop the exercise cells of exercises that are not assigned."""
    cells = []
    for cell in nb.get("cells", []):
        source = "".join(cell.get("source", "")) if isinstance(cell.get("source"), list) else cell.get("source", "")
        ids = EXERCISE_CALL.findall(source) if cell.get("cell_type") == "code" else []
        if ids and not set(ids) & keep:
            continue
        cells.append(cell)
    nb["cells"] = cells
    return nb


def build_release(out: Path, lessons: list[str] | None = None, exercises: list[str] | None = None,
                  title: str = "", due: str | None = None, root=None, force: bool = False) -> Release:
    """Write the student copy into ``out``; return what it contains."""
    out = Path(out)
    root = course_of(root)
    if out.exists() and any(out.iterdir()) and not force:
        raise ReleaseError(t("release_folder_not_empty", folder=out))
    if due:
        try:
            _dt.date.fromisoformat(due)
        except ValueError:
            raise ReleaseError(t("release_bad_due", due=due)) from None
    known = available_lessons(root)
    if not known:
        raise ReleaseError(t("teacher_no_banks", folder=root.root))
    chosen_ex = sorted(set(exercises or []))
    if chosen_ex:
        lessons = sorted({e[:2] for e in chosen_ex})
    lessons = sorted(set(lessons or known))
    unknown = [lesson for lesson in lessons if lesson not in known]
    if unknown:
        raise ReleaseError(t("release_unknown_lessons", lessons=", ".join(unknown), known=", ".join(known)))
    banks = {lesson: load_bank(lesson, root.bank_path(lesson)) for lesson in lessons}
    every = {ex_id for bank in banks.values() for ex_id in bank}
    missing = [e for e in chosen_ex if e not in every]
    if missing:
        raise ReleaseError(t("release_unknown_exercises", exercises=", ".join(missing)))
    keep = set(chosen_ex) or every

    if out.exists() and force:
        shutil.rmtree(out)
    (out / "notebooks").mkdir(parents=True)
    # data, without the teacher's banks
    shutil.copytree(root.data, out / "data", ignore=shutil.ignore_patterns("exercises", "__pycache__"))
    (out / "data" / "exercises").mkdir()
    # the package, so the copy can be installed and run on its own
    shutil.copytree(PACKAGE_DIR, out / "lessons", ignore=_student_package_files)
    for name in ("environment.yml", "postBuild"):
        if (root.root / name).exists():
            shutil.copy2(root.root / name, out / name)
    (out / "pyproject.toml").write_text(student_pyproject(root), encoding="utf-8")
    (out / "README.md").write_text(_student_readme(title, lessons), encoding="utf-8")

    salt = new_salt()
    listed = []
    for lesson in lessons:
        doc = _bank_doc(lesson, root)
        sealed = seal_bank(banks[lesson], lesson, str(doc.get("title", "")), doc.get("objectives", {}), salt, keep)
        (out / "data" / "exercises" / f"{lesson}.yml").write_text(
            yaml.safe_dump(sealed, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
        nb = json.loads(_notebook_for(lesson, root).read_text(encoding="utf-8"))
        if chosen_ex:
            nb = _strip_unassigned(nb, keep)
        (out / "notebooks" / _notebook_for(lesson, root).name).write_text(
            json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        (out / "notebooks" / f"jawaban-{lesson}.json").write_text(
            json.dumps({"format": SHEET_FORMAT, "version": SHEET_VERSION, "lesson": lesson, "answers": {}}, indent=1) + "\n",
            encoding="utf-8")
        for ex in banks[lesson].values():
            if ex.id in keep:
                listed.append({"id": ex.id, "lesson": lesson, "form": ex.form, "level": ex.level, "points": ex.points})

    assignment = {
        "format": ASSIGNMENT_FORMAT, "version": 1, "title": title or t("release_default_title"),
        "created": _dt.date.today().isoformat(), "due": due, "release_id": salt[:8],
        "lessons": lessons, "exercises": listed, "total_points": sum(e["points"] for e in listed),
    }
    (out / ASSIGNMENT_FILE).write_text(json.dumps(assignment, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "TUGAS.md").write_text(_assignment_markdown(assignment), encoding="utf-8")
    release = Release(out, lessons, listed)
    release.leaks = scan_for_leaks(out, root, keep)
    return release


def _student_readme(title: str, lessons: list[str]) -> str:
    return t("release_readme", title=title or t("teacher_course_title"), lessons=", ".join(lessons))


def _assignment_markdown(assignment: dict) -> str:
    lines = [f"# {assignment['title']}", ""]
    lines.append(t("assignment_due", due=assignment["due"] or t("assignment_due_open")))
    lines.append(t("assignment_lessons", lessons=", ".join(assignment["lessons"])))
    lines.append(t("assignment_count", count=len(assignment["exercises"]), points=points(assignment["total_points"])))
    lines += ["", t("assignment_table_head"), "|---|---|---|---|"]
    for ex in assignment["exercises"]:
        form, level = FORM_NAMES.get(ex["form"], ex["form"]), LEVEL_NAMES.get(ex["level"], ex["level"])
        lines.append(f"| {ex['id']} | {form} | {level} | {points(ex['points'])} |")
    lines += ["", t("assignment_hand_in"), ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------
# the release's own pyproject.toml

# What a student copy is installed from: the teacher's project less what
# needs lessons/teacher/ (its console script) and less the test extra.
STUDENT_PROJECT_FIELDS = ("name", "version", "requires-python", "license")


def _project_metadata(root: CourseDir) -> tuple[dict, dict]:
    """(build-system, project) of the teacher's pyproject.toml, or, where the
    course folder has none (the package was installed from a wheel), of the
    installed distribution."""
    import tomllib

    path = root.root / "pyproject.toml"
    if path.is_file():
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        return doc.get("build-system", {}), doc.get("project", {})
    from importlib import metadata

    from lessons.core.paths import COURSE_PACKAGE_NAME

    meta = metadata.metadata(COURSE_PACKAGE_NAME)
    requires = [r for r in metadata.requires(COURSE_PACKAGE_NAME) or [] if "extra ==" not in r]
    project = {"name": meta["Name"], "version": meta["Version"], "requires-python": meta.get("Requires-Python"),
               "license": meta.get("License-Expression"), "dependencies": requires}
    return {}, {k: v for k, v in project.items() if v}


def _toml(value) -> str:
    """A TOML string or list of strings (JSON's escapes are TOML's)."""
    if isinstance(value, (list, tuple)):
        return "[\n" + "".join(f"    {json.dumps(str(v), ensure_ascii=False)},\n" for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def student_pyproject(root: CourseDir) -> str:
    """The release's pyproject.toml: the same package and dependencies, no
    console script (``kssa-guru`` needs lessons/teacher/, which a release lacks)."""
    build, project = _project_metadata(root)
    lines = ["[build-system]",
             f"requires = {_toml(build.get('requires', ['setuptools>=77']))}",
             f"build-backend = {_toml(build.get('build-backend', 'setuptools.build_meta'))}",
             "", "[project]"]
    for name in STUDENT_PROJECT_FIELDS:
        if isinstance(project.get(name), str):
            lines.append(f"{name} = {_toml(project[name])}")
    lines.append(f"description = {_toml(t('release_project_description'))}")
    lines.append('readme = "README.md"')
    lines.append(f"dependencies = {_toml(project.get('dependencies', []))}")
    lines += ["", "[tool.setuptools.packages.find]", 'include = ["lessons", "lessons.*"]',
              "", "[tool.setuptools.package-data]", f"lessons = {_toml(PACKAGE_DATA)}", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------
# leak scan


def secrets_of(ex: Exercise) -> dict[str, list[str]]:
    """What must never be readable in a student copy, by kind."""
    return form_of(ex).secrets(ex)


def _bank_files(folder: Path) -> list[Path]:
    return [*(folder / "data" / "exercises").glob("*"), folder / ASSIGNMENT_FILE, *(folder / "notebooks").glob("jawaban-*.json")]


VISIBLE_FIELDS = ("question", "stimulus", "options", "statements", "left", "right", "hint", "feedback")


def _hidden_part(text: str) -> str:
    """The part of a sealed bank a student never sees on screen.

    Question texts, options and hints are shown to every student anyway, so a
    rubric word that happens to occur in a reading passage is not a leak; what
    must stay unreadable is everything else in the file.
    """
    try:
        doc = read_yaml(text)
    except yaml.YAMLError:
        return text
    if not isinstance(doc, dict):
        return text
    rest = {k: v for k, v in doc.items() if k not in ("title", "objectives")}
    rest["exercises"] = [
        {k: v for k, v in entry.items() if k not in VISIBLE_FIELDS} if isinstance(entry, dict) else entry
        for entry in doc.get("exercises") or []
    ]
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    return yaml.safe_dump(rest, allow_unicode=True, sort_keys=False) + "\n".join(comments)


def scan_for_leaks(folder: Path, root=None, only: set[str] | None = None) -> list[str]:
    """Every place in ``folder`` where answer-key material is readable.

    Checked: (1) model answers and explanations, anywhere in the copy;
    (2) accepted short answers, rubric keywords and rubric labels, in the
    files made from the banks (sealed banks, assignment, answer sheets);
    (3) teacher-only field names in those files; (4) answer-key notebooks
    anywhere. An empty list means the copy is clean.
    """
    folder = Path(folder)
    root = course_of(root)
    problems = []
    texts = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in (".ipynb", ".json", ".yml", ".yaml", ".md", ".csv", ".txt", ".py", ".html"):
            texts[path] = path.read_text(encoding="utf-8", errors="replace")
    bank_paths = set(_bank_files(folder))
    for path in bank_paths & set(texts):
        if path.suffix in (".yml", ".yaml"):
            texts[path] = _hidden_part(texts[path])
    normal = {path: f" {normalize_text(text)} " for path, text in texts.items()}
    for path in texts:
        rel = path.relative_to(folder).as_posix()
        if "kunci" in path.parts or t("key_notebook_marker") in texts[path]:
            problems.append(t("leak_key_notebook", file=rel))
    for lesson in available_lessons(root):
        for ex in load_bank(lesson, root.bank_path(lesson)).values():
            if only is not None and ex.id not in only:
                continue
            secrets = secrets_of(ex)
            for path, text in normal.items():
                rel = path.relative_to(folder).as_posix()
                for kind, items in secrets.items():
                    if kind != "contoh" and path not in bank_paths:
                        continue
                    for item in items:
                        needle = normalize_text(item)
                        if needle and f" {needle} " in text:
                            problems.append(t("leak_secret", file=rel, kind=kind, exercise=ex.id, text=item[:40]))
    for path in bank_paths:
        if path in texts:
            for name in TEACHER_FIELDS:
                if re.search(rf"(^|[\s{{,\"']){name}\"?\s*:", texts[path], re.M):
                    problems.append(t("leak_field", file=path.relative_to(folder).as_posix(), name=name))
    return sorted(set(problems))
