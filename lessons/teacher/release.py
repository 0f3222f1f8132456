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

from lessons.core.paths import CourseDir, course, course_at
from lessons.engine.answer_sheet import FORMAT as SHEET_FORMAT, VERSION as SHEET_VERSION
from lessons.engine.exercises import read_yaml, Exercise, load_bank, normalize_text
from lessons.engine.sealing import new_salt, seal_bank

ASSIGNMENT_FILE = "tugas.json"
ASSIGNMENT_FORMAT = "kssa-tugas"
EXERCISE_CALL = re.compile(r'ks\.exercise\(\s*"(\d\d-\d\d)"')
# Field names that only the teacher's bank has; none may appear in a release.
TEACHER_FIELDS = ("key", "accepted", "model_answer", "rubric", "keywords", "examples", "derivation", "explanation", "pairs", "distractors")


# The installed package (editable or not). A student copy gets all of it but
# lessons/teacher/: the teacher's tools stay with the teacher.
PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEACHER_PACKAGE = Path(__file__).resolve().parent


def _student_package_files(folder: str, names: list[str]) -> set[str]:
    """shutil.copytree's ignore: caches, and the whole teacher package."""
    ignored = {n for n in names if n == "__pycache__" or n.endswith((".pyc", ".pyo"))}
    if Path(folder).resolve() == PACKAGE_DIR:
        ignored.add(TEACHER_PACKAGE.name)
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
    return read_yaml((root.bank_path(lesson)).read_text(encoding="utf-8"))


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
        raise ReleaseError(f"Buku catatan pelajaran {lesson} tidak ditemukan di folder notebooks/.")
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
        raise ReleaseError(f"Folder {out} sudah berisi berkas. Pilih folder baru atau tambahkan --timpa.")
    if due:
        try:
            _dt.date.fromisoformat(due)
        except ValueError:
            raise ReleaseError(f"Tanggal batas \"{due}\" harus berformat TTTT-BB-HH, misalnya 2026-12-15.") from None
    known = available_lessons(root)
    chosen_ex = sorted(set(exercises or []))
    if chosen_ex:
        lessons = sorted({e[:2] for e in chosen_ex})
    lessons = sorted(set(lessons or known))
    unknown = [lesson for lesson in lessons if lesson not in known]
    if unknown:
        raise ReleaseError(f"Pelajaran {', '.join(unknown)} tidak ada. Pelajaran yang tersedia: {', '.join(known)}.")
    banks = {lesson: load_bank(lesson, root.bank_path(lesson)) for lesson in lessons}
    every = {ex_id for bank in banks.values() for ex_id in bank}
    missing = [e for e in chosen_ex if e not in every]
    if missing:
        raise ReleaseError(f"Soal {', '.join(missing)} tidak ada di bank soal.")
    keep = set(chosen_ex) or every

    if out.exists() and force:
        shutil.rmtree(out)
    (out / "notebooks").mkdir(parents=True)
    # data, without the teacher's banks
    shutil.copytree(root.data, out / "data", ignore=shutil.ignore_patterns("exercises", "__pycache__"))
    (out / "data" / "exercises").mkdir()
    # the package, so the copy can be installed and run on its own
    shutil.copytree(PACKAGE_DIR, out / "lessons", ignore=_student_package_files)
    for name in ("pyproject.toml", "environment.yml", "postBuild"):
        if (root.root / name).exists():
            shutil.copy2(root.root / name, out / name)
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
        "format": ASSIGNMENT_FORMAT, "version": 1, "title": title or "Tugas Kerja Sama Sosial ASEAN",
        "created": _dt.date.today().isoformat(), "due": due, "release_id": salt[:8],
        "lessons": lessons, "exercises": listed, "total_points": sum(e["points"] for e in listed),
    }
    (out / ASSIGNMENT_FILE).write_text(json.dumps(assignment, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "TUGAS.md").write_text(_assignment_markdown(assignment), encoding="utf-8")
    release = Release(out, lessons, listed)
    release.leaks = scan_for_leaks(out, root, keep)
    return release


def _student_readme(title: str, lessons: list[str]) -> str:
    return (
        f"# {title or 'Kerja Sama Sosial ASEAN'}\n\n"
        "Salinan kursus untuk siswa. Buka folder `notebooks/`, jalankan buku catatan pelajaran, dan jawab soalnya.\n"
        "Jawabanmu tersimpan otomatis di berkas `notebooks/jawaban-NN.json`. Serahkan berkas itu kepada gurumu.\n\n"
        f"Pelajaran: {', '.join(lessons)}. Rincian tugas ada di `TUGAS.md`.\n"
    )


def _assignment_markdown(assignment: dict) -> str:
    lines = [f"# {assignment['title']}", ""]
    lines.append(f"* Batas pengumpulan: {assignment['due'] or 'ditentukan guru'}")
    lines.append(f"* Pelajaran: {', '.join(assignment['lessons'])}")
    lines.append(f"* Jumlah soal: {len(assignment['exercises'])}; skor maksimum: {assignment['total_points']:g}")
    lines += ["", "| Soal | Bentuk | Level | Poin |", "|---|---|---|---|"]
    for ex in assignment["exercises"]:
        lines.append(f"| {ex['id']} | {ex['form']} | {ex['level']} | {ex['points']:g} |")
    lines += ["", "Yang dikumpulkan: berkas `notebooks/jawaban-NN.json` untuk setiap pelajaran.", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------
# leak scan


def secrets_of(ex: Exercise) -> dict[str, list[str]]:
    """What must never be readable in a student copy, by kind."""
    found: dict[str, list[str]] = {"jawaban": [], "kata_kunci": [], "contoh": []}
    if ex.form == "isian":
        found["jawaban"] += [str(a) for a in ex.teacher.get("accepted", [])]
    if ex.form == "uraian":
        for item in ex.teacher.get("rubric", []):
            found["kata_kunci"] += [str(k) for k in item["keywords"]] + [item["label"]]
    for name in ("model_answer", "explanation"):
        if ex.teacher.get(name):
            found["contoh"].append(str(ex.teacher[name]))
    return found


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
        if "kunci" in path.parts or "Kunci Jawaban" in texts[path]:
            problems.append(f"{rel}: berisi kunci jawaban")
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
                            problems.append(f"{rel}: {kind} soal {ex.id} terbaca (\"{item[:40]}\")")
    for path in bank_paths:
        if path in texts:
            for name in TEACHER_FIELDS:
                if re.search(rf"(^|[\s{{,\"']){name}\"?\s*:", texts[path], re.M):
                    problems.append(f"{path.relative_to(folder).as_posix()}: bagian \"{name}\" dari bank guru ikut tersalin")
    return sorted(set(problems))
