"""Build a student copy of the course (``python -m lessons release``).

The copy holds the chosen lesson notebooks, the data, the ``lessons``
package (so it can be installed on its own), an empty answer sheet per
lesson, and an assignment file (``tugas.json`` and a readable ``TUGAS.md``).
The exercise banks in it are *sealed* (see :mod:`lessons.engine.sealing`),
each exercise in one of two modes: **latihan** (instant feedback; no key,
accepted answer, rubric keyword or model answer is readable in any file, but
a determined student can recover practice keys by trying candidates) or
**ujian** (no key material at all; answers are saved for the teacher). The
notebooks are copied without saved widget state, exercise cells keep only
their question text, and cells that check an answer in code are left out.
The answer-key notebooks and the teacher's question grid are never copied.
:func:`scan_for_leaks` checks a finished copy, stored outputs included.

``--timpa`` replaces only a folder that holds a previous release (its
``tugas.json``), never the course, a folder above it, the home folder or the
filesystem root.
"""

from __future__ import annotations

import datetime as _dt
import base64
import json
import re
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from lessons.core.formatting import points
from lessons.core.paths import CourseDir, course, course_at
from lessons.engine.answer_sheet import FORMAT as SHEET_FORMAT, VERSION as SHEET_VERSION
from lessons.engine.id_migration import ID_SCHEME
from lessons.engine.bank import load_bank, read_yaml
from lessons.engine.forms import FORMS, form_of
from lessons.engine.model import Exercise, normalize_text
from lessons.engine.sealing import MODES, new_salt, seal_bank
from lessons.text import FORM_NAMES, LEVEL_NAMES, t

# Files of data/ for the teacher only (the planning kit's plans), never copied into a student copy.
TEACHER_DATA = ("teaching_plans.yml",)
ASSIGNMENT_FILE = "tugas.json"
ASSIGNMENT_FORMAT = "kssa-tugas"
EXERCISE_CALL = re.compile(r'ks\.exercise\(\s*"(\d\d-\d\d)"')
ANSWERED_CALL = re.compile(r"ks\.exercise\([^)]*\banswer\s*=")
LESSON_OR_EXERCISE = re.compile(r"\d\d(-\d\d)?")
# Field names that only the teacher's bank has, whatever the form; each form adds its own (Form.teacher_fields).
COMMON_TEACHER_FIELDS = ("key", "model_answer", "examples", "derivation", "explanation")


def teacher_fields() -> tuple[str, ...]:
    """Every field name of a teacher's bank that holds key material: none may appear in a release."""
    return tuple(dict.fromkeys([*COMMON_TEACHER_FIELDS, *(f for form in FORMS.values() for f in form.teacher_fields)]))


# The installed package (editable or not). A student copy gets all of it but
# what is named "teacher": lessons/teacher/ (the teacher's tools) and
# lessons/text/teacher.py (the teacher's words) stay with the teacher.
PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEACHER_PACKAGE = Path(__file__).resolve().parent
# The non-Python files of the package (pyproject.toml's [tool.setuptools.package-data]).
PACKAGE_DATA = ["**/*.json", "**/*.html", "**/*.yml", "**/*.yaml", "**/*.txt", "**/*.css", "labextension/**/*.js",
                "deploy/voila_template/**/*.j2", "**/*.md"]
# pyproject.toml's [tool.setuptools.data-files]: the prebuilt JupyterLab extension
# (lessons/core/lab_extension.py), where a wheel install puts it.
DATA_FILES = {"share/jupyter/labextensions/kssa-wait-for-kernel": ["lessons/labextension/package.json"],
              "share/jupyter/labextensions/kssa-wait-for-kernel/static": ["lessons/labextension/static/*"]}


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


HOME_PAGE = "beranda.ipynb"
GLOSSARY_PAGE = "glosarium.ipynb"  # linked from the home page; every copy gets it
HOME_LINK = re.compile(r"^\s*[*-] \[.*\]\((\d\d-[^)/]+\.ipynb)\)\s*$")


def _copy_home_page(root, out: Path, names: list[str]) -> None:
    """The home page (Beranda), with links only to the lessons in the copy."""
    source = root.notebooks / HOME_PAGE
    if not source.is_file():
        return
    nb = json.loads(source.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        text = "".join(cell["source"]) if isinstance(cell.get("source"), list) else str(cell.get("source", ""))
        lines = [line for line in text.split("\n") if not (HOME_LINK.match(line) and HOME_LINK.match(line).group(1) not in names)]
        cell["source"] = "\n".join(lines)
    (out / "notebooks" / HOME_PAGE).write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _notebook_for(lesson: str, root) -> Path:
    found = sorted((root.notebooks).glob(f"{lesson}-*.ipynb"))
    if not found:
        raise ReleaseError(t("release_notebook_missing", lesson=lesson))
    return found[0]


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _strip_unassigned(nb: dict, keep: set[str]) -> dict:
    """Drop the exercise cells of exercises that are not assigned."""
    cells = []
    for cell in nb.get("cells", []):
        ids = EXERCISE_CALL.findall(_source(cell)) if cell.get("cell_type") == "code" else []
        if ids and not set(ids) & keep:
            continue
        cells.append(cell)
    nb["cells"] = cells
    return nb


def _question_output(ex: Exercise, count) -> dict:
    """The stored output of an unanswered exercise cell: the question as text."""
    return {"data": {"text/plain": ex.as_text()}, "execution_count": count, "metadata": {}, "output_type": "execute_result"}


def clean_notebook(nb: dict, exercises: dict[str, Exercise]) -> dict:
    """A notebook as a student copy holds it, whatever the teacher's copy stored.

    Saved widget state is dropped (it holds typed answers and shown feedback);
    an exercise cell keeps only its question text as output; a cell that
    checks an answer in code (``answer=``) is left out, output and all.
    """
    nb.get("metadata", {}).pop("widgets", None)
    cells = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            source = _source(cell)
            if ANSWERED_CALL.search(source):
                continue
            ids = EXERCISE_CALL.findall(source)
            if ids:
                outputs = [_question_output(exercises[i], cell.get("execution_count")) for i in ids if i in exercises]
                cell["outputs"] = outputs[:1]
        cell.get("metadata", {}).pop("widgets", None)
        cells.append(cell)
    nb["cells"] = cells
    return nb


def exam_ids(specs, chosen: set[str]) -> set[str]:
    """The exercise ids named by ``--ujian`` (``NN`` for a whole lesson or ``NN-MM``), all within ``chosen``."""
    found, wrong = set(), []
    for spec in specs or []:
        spec = str(spec).strip()
        if not LESSON_OR_EXERCISE.fullmatch(spec):
            wrong.append(spec)
            continue
        named = {e for e in chosen if e == spec or e.startswith(spec + "-")} if len(spec) == 2 else {spec} & chosen
        if not named:
            wrong.append(spec)
        found |= named
    if wrong:
        raise ReleaseError(t("release_exam_unknown", items=", ".join(wrong[:10])))
    return found


def _is_previous_release(folder: Path) -> bool:
    try:
        doc = json.loads((folder / ASSIGNMENT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and doc.get("format") == ASSIGNMENT_FORMAT


def check_replaceable(out: Path, root: CourseDir) -> None:
    """Refuse (ReleaseError) to replace ``out`` unless it holds a previous release.

    Never the course itself, a folder above it, the home folder, the
    filesystem root, or a link; and only a folder with our ``tugas.json``.
    """
    if out.is_symlink():
        raise ReleaseError(t("release_replace_link", folder=out))
    target = out.resolve()
    course_root = root.root.resolve()
    if target == Path(target.anchor) or target == Path.home().resolve():
        raise ReleaseError(t("release_replace_home", folder=out))
    if course_root.is_relative_to(target):
        raise ReleaseError(t("release_replace_course", folder=out))
    if not target.is_dir() or not _is_previous_release(target):
        raise ReleaseError(t("release_replace_not_release", folder=out, file=ASSIGNMENT_FILE))


def build_release(out: Path, lessons: list[str] | None = None, exercises: list[str] | None = None,
                  title: str = "", due: str | None = None, root=None, force: bool = False,
                  mode: str = "latihan", exam: list[str] | None = None) -> Release:
    """Write the student copy into ``out``; return what it contains.

    ``mode`` (latihan or ujian) is every exercise's mode; ``exam`` names
    exercises (``NN-MM``) or whole lessons (``NN``) sealed as ujian anyway.
    """
    out = Path(out)
    root = course_of(root)
    if mode not in MODES:
        raise ReleaseError(t("release_bad_mode", mode=mode, modes=", ".join(MODES)))
    replace = (out.exists() or out.is_symlink()) and (out.is_symlink() or not out.is_dir() or any(out.iterdir()))
    if replace and not force:
        raise ReleaseError(t("release_folder_not_empty", folder=out))
    if replace:
        check_replaceable(out, root)
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
    exam_set = keep if mode == "ujian" else exam_ids(exam, keep)

    if replace:
        shutil.rmtree(out.resolve())
    (out / "notebooks").mkdir(parents=True)
    # data, without the teacher's banks
    shutil.copytree(root.data, out / "data", ignore=shutil.ignore_patterns("exercises", "__pycache__", *TEACHER_DATA))
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
    _copy_home_page(root, out, [_notebook_for(lesson, root).name for lesson in lessons])
    if (root.notebooks / GLOSSARY_PAGE).is_file():
        glossary_page = clean_notebook(json.loads((root.notebooks / GLOSSARY_PAGE).read_text(encoding="utf-8")), {})
        for cell in glossary_page.get("cells", []):  # it runs on opening; stored numbers would only trip the leak scan
            if cell.get("cell_type") == "code":
                cell["outputs"], cell["execution_count"] = [], None
        (out / "notebooks" / GLOSSARY_PAGE).write_text(json.dumps(glossary_page, ensure_ascii=False, indent=1) + "\n",
                                                       encoding="utf-8")
    for lesson in lessons:
        (out / "data" / "exercises" / f"{lesson}.yml").write_text(
            sealed_bank_text(banks[lesson], lesson, root, salt, keep, exam_set), encoding="utf-8")
        nb = json.loads(_notebook_for(lesson, root).read_text(encoding="utf-8"))
        if chosen_ex:
            nb = _strip_unassigned(nb, keep)
        nb = clean_notebook(nb, {i: ex for i, ex in banks[lesson].items() if i in keep})
        (out / "notebooks" / _notebook_for(lesson, root).name).write_text(
            json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        (out / "notebooks" / f"jawaban-{lesson}.json").write_text(
            json.dumps({"format": SHEET_FORMAT, "version": SHEET_VERSION, "lesson": lesson, "answers": {},
                        "id_scheme": ID_SCHEME}, indent=1) + "\n",
            encoding="utf-8")
        for ex in banks[lesson].values():
            if ex.id in keep:
                listed.append({"id": ex.id, "lesson": lesson, "form": ex.form, "level": ex.level, "points": ex.points,
                               "mode": "ujian" if ex.id in exam_set else "latihan"})

    assignment = {
        "format": ASSIGNMENT_FORMAT, "version": 1, "id_scheme": ID_SCHEME, "title": title or t("release_default_title"),
        "created": _dt.date.today().isoformat(), "due": due, "release_id": salt[:8],
        "lessons": lessons, "exercises": listed, "total_points": sum(e["points"] for e in listed),
    }
    (out / ASSIGNMENT_FILE).write_text(json.dumps(assignment, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "TUGAS.md").write_text(_assignment_markdown(assignment), encoding="utf-8")
    release = Release(out, lessons, listed)
    release.leaks = scan_for_leaks(out, root, keep, exam_set)
    return release


def sealed_bank_text(bank, lesson: str, root, salt: str, keep: set[str], exam_set: set[str]) -> str:
    """The sealed bank file of ``lesson`` in a student copy: JSON, which is also YAML (the file keeps its
    ``.yml`` name and any YAML reader reads it), because every lesson kernel of a student copy reads it
    and :func:`lessons.engine.bank.read_yaml` parses JSON about ten times faster than YAML (PyYAML builds
    its objects in Python even with the C parser)."""
    doc = _bank_doc(lesson, root)
    sealed = seal_bank(bank, lesson, str(doc.get("title", "")), doc.get("objectives", {}), salt, keep, exam_set)
    return json.dumps(sealed, ensure_ascii=False) + "\n"  # one line: without indent json writes it in C


def _student_readme(title: str, lessons: list[str]) -> str:
    return t("release_readme", title=title or t("teacher_course_title"), lessons=", ".join(lessons))


def _assignment_markdown(assignment: dict) -> str:
    lines = [f"# {assignment['title']}", ""]
    lines.append(t("assignment_due", due=assignment["due"] or t("assignment_due_open")))
    lines.append(t("assignment_lessons", lessons=", ".join(assignment["lessons"])))
    lines.append(t("assignment_count", count=len(assignment["exercises"]), points=points(assignment["total_points"])))
    exam = [ex["id"] for ex in assignment["exercises"] if ex.get("mode") == "ujian"]
    if exam:
        lines.append(t("assignment_exam", exercises=", ".join(exam)))
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
              "", "[tool.setuptools.package-data]", f"lessons = {_toml(PACKAGE_DATA)}",
              "", "[tool.setuptools.data-files]", *(f"{_toml(k)} = {_toml(v)}" for k, v in DATA_FILES.items()), ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------
# leak scan


def secrets_of(ex: Exercise) -> dict[str, list[str]]:
    """What must never be readable in a student copy, by kind."""
    return form_of(ex).secrets(ex)


def _bank_files(folder: Path) -> list[Path]:
    return [*(folder / "data" / "exercises").glob("*"), folder / ASSIGNMENT_FILE, *(folder / "notebooks").glob("jawaban-*.json")]


# Fields of a sealed entry every student sees on screen, whatever the form; each form adds its own
# (Form.visible_fields: options, statements …).
COMMON_VISIBLE_FIELDS = ("question", "stimulus", "hint", "feedback")


def visible_fields() -> tuple[str, ...]:
    """The fields of a sealed entry shown on screen to every student (the leak scan reads the rest)."""
    return tuple(dict.fromkeys([*COMMON_VISIBLE_FIELDS, *(f for form in FORMS.values() for f in form.visible_fields)]))


# a run of base64 (ciphertext, a digest list, a data: address); it holds at least one of 0-9 + / =, which
# ordinary words do not
BASE64_RUN = re.compile(r"(?<![A-Za-z0-9+/=])(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{6,}={0,2}(?![A-Za-z0-9+/=])")


def _decoded(match) -> str:
    """A base64 run as what it says when it decodes to text (a key hidden in
    base64 is still readable), else a space: ciphertext reads as nothing, so
    a run like "+laUt+" is never taken for the word "laut"."""
    run = match.group(0)
    if len(run) < 8:
        return run
    try:
        data = base64.b64decode(run + "=" * (-len(run) % 4), validate=True)
        text = data.decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return " "
    if not text or sum(ch.isprintable() or ch.isspace() for ch in text) < len(text):
        return " "
    return " " + readable(text) + " "


def readable(text: str) -> str:
    """``text`` as a person could read it: base64 runs decoded where they
    decode to text, dropped where they are ciphertext or binary."""
    return BASE64_RUN.sub(_decoded, text) if len(text) >= 8 else text


def _readable_doc(node):
    """A parsed YAML/JSON document with every string made :func:`readable`."""
    if isinstance(node, str):
        return readable(node)
    if isinstance(node, list):
        return [_readable_doc(v) for v in node]
    if isinstance(node, dict):
        return {k: _readable_doc(v) for k, v in node.items()}
    return node


def _hidden_part(text: str, doc=None) -> str:
    """The part of a sealed bank a student never sees on screen, as text.

    Question texts, options and hints are shown to every student anyway, so a
    rubric word that happens to occur in a reading passage is not a leak; what
    must stay unreadable is everything else in the file. Its strings are
    made :func:`readable` (ciphertext reads as nothing); the result is JSON
    (``"name": value``), so a teacher-only field name is still seen as one.
    ``doc`` is the file already parsed.
    """
    if doc is None:
        try:
            doc = read_yaml(text)
        except yaml.YAMLError:
            return text
    if not isinstance(doc, dict):
        return text
    rest = {k: v for k, v in doc.items() if k not in ("title", "objectives", "testlets")}  # testlets: shown stimuli
    shown = visible_fields()
    rest["exercises"] = [
        {k: v for k, v in entry.items() if k not in shown} if isinstance(entry, dict) else entry
        for entry in (doc.get("exercises") if isinstance(doc.get("exercises"), list) else [])
    ]
    comments = [readable(line) for line in text.splitlines() if line.lstrip().startswith("#")]
    return json.dumps(_readable_doc(rest), ensure_ascii=False, default=str) + "\n" + "\n".join(comments)


def feedback_secrets(ex: Exercise) -> list[str]:
    """Feedback only a right answer opens: shown in a stored output, it tells the key."""
    return form_of(ex).key_feedback(ex)


RESULT_MARKERS = ("result_correct", "result_partial", "result_wrong")


def _strings(node) -> str:
    """Every string (and key) inside ``node``, one per line: what a reader of the file could see."""
    found, stack = [], [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            found += [str(k) for k in item]
            stack += list(item.values())
        elif isinstance(item, list):
            stack += item
    return "\n".join(found)


def _notebook_parts(text: str) -> tuple[str, str, bool]:
    """(stored outputs as text, saved widget state as text, has an answer= call) of a notebook file."""
    try:
        nb = json.loads(text)
    except ValueError:
        return text, "", False
    if not isinstance(nb, dict):
        return text, "", False
    meta = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    state = [_strings(meta.get("widgets", ""))]
    outputs, answered = [], False
    for cell in nb.get("cells") or []:
        if not isinstance(cell, dict):
            continue
        cell_meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        state.append(_strings(cell_meta.get("widgets", "")))
        answered = answered or bool(cell.get("cell_type") == "code" and ANSWERED_CALL.search(_source(cell)))
        for output in cell.get("outputs") or []:
            outputs.append(_strings(output))
    has_state = any(part for part in state)
    return "\n".join(outputs), "\n".join(state) if has_state else "", answered


def _exam_digests(ex: Exercise, salt: str) -> set[str]:
    """Every digest and lock id a practice entry of ``ex`` would hold under ``salt``."""
    from lessons.engine.locks import lock_id
    from lessons.engine.model import ClearKey, SealedKey
    from lessons.engine.sealing import exercise_salt, key_salt

    found = set()
    for name, key in ex.keys.items():
        if isinstance(key, ClearKey):
            found |= set(SealedKey.seal(key, key_salt(salt, ex.id, name)).digests)
            for lock_name in (*form_of(ex).lock_names(ex), name):
                found |= {lock_id(exercise_salt(salt, ex.id), lock_name, tok) for tok in key.tokens}
    return found


def scan_for_leaks(folder: Path, root=None, only: set[str] | None = None, exam: set[str] | None = None) -> list[str]:
    """Every place in ``folder`` where answer-key material is readable.

    Checked: (1) model answers and explanations, anywhere in the copy;
    (2) accepted short answers, rubric keywords and rubric labels, in the
    files made from the banks (sealed banks, assignment, answer sheets);
    (3) teacher-only field names in those files; (4) answer-key notebooks
    anywhere; (5) in every notebook, its stored outputs and saved widget
    state: widget state at all, a checked result, feedback that only a right
    answer opens, a cell that checks an answer in code; (6) for exam-mode
    exercises (``exam``, or as the sealed banks say), any key material: a
    digest, a lock or feedback, in any file. An empty list means the copy is clean.
    """
    folder = Path(folder)
    root = course_of(root)
    problems = []
    texts = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.suffix in (".ipynb", ".json", ".yml", ".yaml", ".md", ".csv", ".txt", ".py", ".html"):
            texts[path] = path.read_text(encoding="utf-8", errors="replace")
    exam = set(exam or ()) | _sealed_exam_ids(folder)
    salts = _sealed_salts(folder)
    bank_paths = set(_bank_files(folder))
    parsed = {path: doc for path, doc in _sealed_doc_cache(folder)}
    for path in bank_paths & set(texts):
        if path.suffix in (".yml", ".yaml"):
            texts[path] = _hidden_part(texts[path], parsed.get(path))
    normal = {path: f" {normalize_text(readable(text))} " for path, text in texts.items()}
    normal_everywhere = list(normal.items())  # a model answer may not be readable anywhere
    normal_in_banks = [(path, text) for path, text in normal_everywhere if path in bank_paths]  # the rest: banks only
    for path in texts:
        rel = path.relative_to(folder).as_posix()
        if "kunci" in path.parts or t("key_notebook_marker") in texts[path]:
            problems.append(t("leak_key_notebook", file=rel))
        if path.name in TEACHER_DATA:
            problems.append(t("leak_teacher_data", file=rel))
    for lesson in available_lessons(root):
        for ex in load_bank(lesson, root.bank_path(lesson)).values():
            if only is not None and ex.id not in only:
                continue
            for kind, items in secrets_of(ex).items():
                for item in items:
                    needle = normalize_text(item)
                    if not needle:
                        continue
                    for path, text in (normal_everywhere if kind == "contoh" else normal_in_banks):
                        if f" {needle} " in text:
                            problems.append(t("leak_secret", file=path.relative_to(folder).as_posix(), kind=kind,
                                              exercise=ex.id, text=item[:40]))
    for path in bank_paths:
        if path in texts:
            for name in _teacher_field_keys(texts[path]):
                problems.append(t("leak_field", file=path.relative_to(folder).as_posix(), name=name))
    problems += _scan_notebooks(folder, texts, root, only)
    problems += _scan_exam(folder, texts, root, exam, salts)
    return sorted(set(problems))


@lru_cache(maxsize=4)
def _teacher_field_pattern(names: tuple[str, ...]) -> re.Pattern:
    """One pattern for every teacher-only field name written as a key: ``name:`` or ``"name":``."""
    return re.compile(r"(?:^|[\s{,\"'])(" + "|".join(re.escape(n) for n in names) + r")\"?\s*:", re.M)


def _teacher_field_keys(text: str) -> list[str]:
    """The teacher-only field names (:func:`teacher_fields`) that ``text`` holds as keys, in that order."""
    names = teacher_fields()
    found = {m.group(1) for m in _teacher_field_pattern(names).finditer(text)}
    return [name for name in names if name in found]


def _clear_exercises(root, only) -> list[Exercise]:
    return [ex for lesson in available_lessons(root) for ex in load_bank(lesson, root.bank_path(lesson)).values()
            if only is None or ex.id in only]


def _scan_notebooks(folder: Path, texts: dict, root, only) -> list[str]:
    problems = []
    markers = [t(key) for key in RESULT_MARKERS]  # with their symbols: "benar" alone is an ordinary word
    secrets = [(ex.id, normalize_text(text)) for ex in _clear_exercises(root, only) for text in feedback_secrets(ex)]
    bank_paths = set(_bank_files(folder))
    for path, text in texts.items():
        rel = path.relative_to(folder).as_posix()
        if path.suffix == ".ipynb":
            outputs, state, answered = _notebook_parts(text)
            if state:
                problems.append(t("leak_widget_state", file=rel))
            if answered:
                problems.append(t("leak_answered_cell", file=rel))
            if any(m in outputs or m in state for m in markers):
                problems.append(t("leak_checked_result", file=rel))
            shown = f" {normalize_text(readable(outputs + ' ' + state))} "
        elif path in bank_paths:
            shown = f" {normalize_text(readable(text))} "
        else:
            continue
        for ex_id, needle in secrets:
            if needle and f" {needle} " in shown:
                problems.append(t("leak_secret", file=rel, kind=t("leak_kind_feedback"), exercise=ex_id, text=needle[:40]))
    return problems


def _sealed_docs(folder: Path) -> list[dict]:
    return [doc for _path, doc in _sealed_doc_cache(folder)]


def _sealed_doc_cache(folder: Path):
    """The sealed banks of ``folder`` parsed, re-read only when a file changed."""
    stamps = tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted((folder / "data" / "exercises").glob("*.y*ml")))
    if _SEALED_CACHE.get("key") == (str(folder), stamps):
        return _SEALED_CACHE["docs"]
    docs = []
    for path, *_stamp in stamps:
        try:
            doc = read_yaml(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, OSError, UnicodeDecodeError):
            continue
        if isinstance(doc, dict):
            docs.append((path, doc))
    _SEALED_CACHE.update(key=(str(folder), stamps), docs=docs)
    return docs


_SEALED_CACHE: dict = {}


def _sealed_exam_ids(folder: Path) -> set[str]:
    return {str(e.get("id")) for doc in _sealed_docs(folder) for e in doc.get("exercises") or []
            if isinstance(e, dict) and e.get("mode") == "ujian"}


def _sealed_salts(folder: Path) -> set[str]:
    return {str(doc["sealed"]["salt"]) for doc in _sealed_docs(folder)
            if isinstance(doc.get("sealed"), dict) and doc["sealed"].get("salt")}


EXAM_FORBIDDEN = ("keys", "locked_feedback", "feedback", "criteria", "hint")


def _scan_exam(folder: Path, texts: dict, root, exam: set[str], salts: set[str]) -> list[str]:
    """Exam-mode exercises: no key material in their entries, and none of their digests anywhere."""
    if not exam:
        return []
    problems = []
    for doc in _sealed_docs(folder):
        for entry in doc.get("exercises") or []:
            if isinstance(entry, dict) and str(entry.get("id")) in exam:
                for name in EXAM_FORBIDDEN:
                    if entry.get(name):
                        problems.append(t("leak_exam_field", exercise=entry.get("id"), name=name))
    hexes = {}
    for path, text in texts.items():
        for word in set(re.findall(r"[0-9a-f]{32,64}", text)):
            hexes.setdefault(word, path)
    for ex in _clear_exercises(root, exam):
        for salt in salts:
            for digest in _exam_digests(ex, salt) & set(hexes):
                problems.append(t("leak_exam_digest", file=hexes[digest].relative_to(folder).as_posix(), exercise=ex.id))
    return problems
