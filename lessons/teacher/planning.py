"""The teacher's planning kit (``python -m lessons rencana``): one HTML page per
lesson and an index, written to ``guru/rencana/``.

The words a teacher plans with (CP/ATP mapping, pertanyaan pemantik, diagnostic
check, flow notes, diferensiasi, Pancasila link, kokurikuler idea, short path)
are data: ``data/teaching_plans.yml``, checked against
``teaching_plans.schema.json`` and then against the course, with one Indonesian
sentence for the first problem. What the notebook already says is read from the
notebook, never copied into the plan: its learning objectives, its time table
("| Bagian | Kegiatan | Waktu |") and the exercises under each "## N." heading.
So the flow on a page always has the notebook's parts and minutes, and a part
the plan does not cover stops the generator instead of vanishing from the page.

A plan refers to a part by a regular expression (``bagian``) matched against
the part's time-table title and heading. A reference marked ``baru`` names a
section announced for the lessons (issue 12) that may not be written yet: it
may match nothing, and is used as soon as it does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lessons.core.formatting import number
from lessons.engine.bank import load_bank, read_yaml
from lessons.teacher.pages import render
from lessons.teacher.release import course_of
from lessons.text import t

PLAN_FILE = "teaching_plans.yml"
SCHEMA_FILE = Path(__file__).with_name("teaching_plans.schema.json")
INDEX_PAGE = "index.html"
MEETING_MINUTES = 80  # one meeting of 2 × 40 menit

TABLE_HEADER = re.compile(r"^\|\s*Bagian\s*\|\s*Kegiatan\s*\|\s*Waktu\s*\|", re.M)
TABLE_ROW = re.compile(r"^\|\s*(\d+)\s*\|\s*(.+?)\s*\|\s*(\d+)\s*menit\s*\|\s*$", re.M)
HEADING = re.compile(r"^##\s+(\d+)\.\s+(.+?)\s*$", re.M)
OBJECTIVE = re.compile(r"\*\*\((TP\d+)\)\*\*\s*(.+?)\s*$", re.M)
EXERCISE = re.compile(r'ks\.exercise\(\s*"(\d\d-\d\d)"')


class PlanError(Exception):
    """The plans cannot be read or do not fit the course; ``str()`` is Indonesian."""


@dataclass
class Part:
    """One part of a lesson notebook: its time-table row, heading and exercises."""

    lesson: str
    number: int
    title: str
    minutes: int
    heading: str = ""
    exercises: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return t("plan_part_label", number=self.number, title=self.title)

    def matches(self, pattern: re.Pattern) -> bool:
        return bool(pattern.search(self.title) or pattern.search(self.heading))


# --------------------------------------------------------------------------
# reading and checking the plan file


def plan_path(root=None) -> Path:
    return course_of(root).data / PLAN_FILE


@lru_cache(maxsize=1)
def _validator():
    from lessons.core.json_schema import draft_2020_12_validator

    return draft_2020_12_validator()(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def _where(path) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or t("plan_where_top")


def schema_problem(doc) -> str:
    """One Indonesian sentence on the first structural problem of a plan document, or ""."""
    errors = sorted(_validator().iter_errors(doc), key=lambda e: (e.validator == "additionalProperties", [str(p) for p in e.absolute_path]))
    if not errors:
        return ""
    error = errors[0]
    path = list(error.absolute_path)
    kind = error.validator
    if kind == "required":
        missing = [name for name in error.validator_value if isinstance(error.instance, dict) and name not in error.instance]
        return t("plan_schema_required", field=_where([*path, missing[0] if missing else "?"]))
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {}))) if isinstance(error.instance, dict) else []
        return t("plan_schema_unknown", field=_where([*path, extra[0] if extra else "?"]))
    if kind in ("minItems", "minLength", "minProperties"):
        return t("plan_schema_empty", field=_where(path))
    if kind == "maxItems":
        return t("plan_schema_too_many", field=_where(path), limit=error.validator_value)
    if kind in ("enum", "const"):
        allowed = error.validator_value if kind == "enum" else [error.validator_value]
        return t("plan_schema_enum", field=_where(path), allowed=", ".join(map(str, allowed)))
    if kind == "type":
        return t("plan_schema_type", field=_where(path))
    if kind == "pattern":
        return t("plan_schema_pattern", field=_where(path), value=str(error.instance)[:60])
    return t("plan_schema_other", field=_where(path))


def _compile(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern, re.I)
    except re.error:
        raise PlanError(t("plan_bad_pattern", pattern=pattern, where=where)) from None


def load_plans(root=None) -> dict:
    """The plan document, structurally valid (else PlanError)."""
    path = plan_path(root)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanError(t("plan_missing_file", file=path)) from None
    except (OSError, UnicodeDecodeError):
        raise PlanError(t("plan_unreadable", file=path)) from None
    import yaml

    try:
        doc = read_yaml(text)
    except yaml.YAMLError as err:
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        raise PlanError(t("plan_yaml", file=path.name, line=(line + 1) if line is not None else "?")) from None
    problem = schema_problem(doc)
    if problem:
        raise PlanError(t("plan_invalid", file=path.name, problem=problem))
    return doc


# --------------------------------------------------------------------------
# what the notebook says


def _cells(path: Path) -> list[dict]:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise PlanError(t("plan_notebook_unreadable", file=path.name)) from None
    cells = []
    for cell in nb.get("cells", []) if isinstance(nb, dict) else []:
        source = cell.get("source", "")
        cells.append({"type": cell.get("cell_type"), "source": "".join(source) if isinstance(source, list) else str(source)})
    return cells


def notebook_path(lesson: str, root=None) -> Path:
    found = sorted(course_of(root).notebooks.glob(f"{lesson}-*.ipynb"))
    if not found:
        raise PlanError(t("plan_notebook_missing", lesson=lesson))
    return found[0]


def lesson_parts(lesson: str, root=None) -> list[Part]:
    """The parts of a lesson as its notebook's time table lists them, with heading and exercises."""
    path = notebook_path(lesson, root)
    cells = _cells(path)
    table = next((c["source"] for c in cells if c["type"] == "markdown" and TABLE_HEADER.search(c["source"])), None)
    if table is None:
        raise PlanError(t("plan_no_table", file=path.name))
    rows = [Part(lesson, int(n), title.strip(), int(minutes)) for n, title, minutes in TABLE_ROW.findall(table)]
    if not rows:
        raise PlanError(t("plan_no_table", file=path.name))
    # a heading "## N." belongs to the first row numbered N; a later row with the same number (a
    # part split into sub-parts) takes over at the "###" heading that starts like its title
    first = {}
    for row in rows:
        first.setdefault(row.number, row)
    current, siblings = None, []
    for cell in cells:
        if cell["type"] == "markdown":
            for line in cell["source"].split("\n"):
                numbered = HEADING.match(line)
                if numbered:
                    current = first.get(int(numbered.group(1)))
                    siblings = [r for r in rows if current is not None and r.number == current.number]
                    if current is not None:
                        current.heading = numbered.group(2)
                elif re.match(r"^##\s", line):
                    current, siblings = None, []  # Rangkuman, Sumber: not a numbered part
                elif line.startswith("### ") and len(siblings) > 1:
                    words = " ".join(line[4:].split()[:2]).casefold().rstrip(":")
                    for row in siblings[1:]:
                        if row.title.casefold().startswith(words):
                            current = row
                            current.heading = line[4:].strip()
        elif cell["type"] == "code" and current is not None:
            current.exercises += EXERCISE.findall(cell["source"])
    return rows


def objectives(lesson: str, root=None) -> list[tuple[str, str]]:
    """(TPn, text) as the notebook states its learning objectives."""
    for cell in _cells(notebook_path(lesson, root)):
        if cell["type"] == "markdown":
            found = OBJECTIVE.findall(cell["source"])
            if found:
                return [(tp, text.rstrip(";.")) for tp, text in found]
    return []


# --------------------------------------------------------------------------
# matching the plan to the notebooks


def _resolve(ref: dict, parts: dict[str, list[Part]], where: str) -> list[Part]:
    """The part a reference names: exactly one, or none for an announced (``baru``) section."""
    lesson = ref["pelajaran"]
    pattern = _compile(ref["bagian"], where)
    found = [p for p in parts.get(lesson, []) if p.matches(pattern)]
    if len(found) > 1:
        raise PlanError(t("plan_ref_many", pattern=ref["bagian"], lesson=lesson, where=where,
                          parts="; ".join(p.label for p in found)))
    if not found and not ref.get("baru"):
        raise PlanError(t("plan_ref_nothing", pattern=ref["bagian"], lesson=lesson, where=where))
    return found


@dataclass
class Course:
    """The plans joined with what the notebooks and banks say."""

    doc: dict
    lessons: list[str]
    titles: dict[str, str]
    parts: dict[str, list[Part]]
    objectives: dict[str, list[tuple[str, str]]]
    unused: list[str]  # announced references that match no part yet

    def part(self, lesson: str, pattern: str, baru: bool, where: str) -> Part | None:
        found = _resolve({"pelajaran": lesson, "bagian": pattern, "baru": baru}, self.parts, where)
        return found[0] if found else None


def course_plans(root=None) -> Course:
    """Read and check everything; PlanError names the first problem."""
    root = course_of(root)
    doc = load_plans(root)
    lessons = root.lessons()
    planned = sorted(doc["pelajaran"])
    for lesson in lessons:
        if lesson not in doc["pelajaran"]:
            raise PlanError(t("plan_lesson_missing", lesson=lesson, file=PLAN_FILE))
    for lesson in planned:
        if lesson not in lessons:
            raise PlanError(t("plan_lesson_unknown", lesson=lesson, known=", ".join(lessons)))
    banks = {lesson: load_bank(lesson, root.bank_path(lesson)) for lesson in lessons}
    every = {ex for bank in banks.values() for ex in bank}
    sources = {s["id"] for s in doc["kurikulum"]["sumber"]}
    cps = {c["id"] for c in doc["kurikulum"]["merdeka"]["cp"]}
    for cp in doc["kurikulum"]["merdeka"]["cp"]:
        if cp["sumber"] not in sources:
            raise PlanError(t("plan_unknown_source", source=cp["sumber"]))
    if doc["kurikulum"]["k13"]["sumber"] not in sources:
        raise PlanError(t("plan_unknown_source", source=doc["kurikulum"]["k13"]["sumber"]))
    parts = {lesson: lesson_parts(lesson, root) for lesson in lessons}
    unused = []
    for lesson in lessons:
        plan = doc["pelajaran"][lesson]
        for item in plan["cp"]:
            if item["ref"] not in cps:
                raise PlanError(t("plan_unknown_cp", ref=item["ref"], lesson=lesson))
        for kind in ("remedial", "pengayaan"):
            for path in plan[kind]:
                missing = [ex for ex in path["soal"] if ex not in every]
                if missing:
                    raise PlanError(t("plan_unknown_exercise", exercises=", ".join(missing), lesson=lesson))
                for pattern in path["bagian"]:
                    _resolve({"pelajaran": lesson, "bagian": pattern}, parts, t("plan_where_paths", lesson=lesson))
        # every part gets exactly one flow note
        notes: dict[int, list[str]] = {}  # id(part) -> patterns
        for note in plan["alur"]:
            found = _resolve({"pelajaran": lesson, **note}, parts, t("plan_where_flow", lesson=lesson))
            if not found:
                unused.append(t("plan_unused", lesson=lesson, pattern=note["bagian"]))
            for part in found:
                notes.setdefault(id(part), []).append(note["bagian"])
        for part in parts[lesson]:
            if id(part) not in notes:
                raise PlanError(t("plan_part_no_note", part=part.label, lesson=lesson, file=PLAN_FILE))
            if len(notes[id(part)]) > 1:
                raise PlanError(t("plan_part_two_notes", part=part.label, lesson=lesson, patterns=", ".join(notes[id(part)])))
    # the short path places every part once, in class or at home
    placed: dict[int, int] = {}  # id(part) -> meeting
    for i, meeting in enumerate(doc["jalur_singkat"]["pertemuan"], 1):
        for where in ("kelas", "rumah"):
            for ref in meeting[where]:
                found = _resolve(ref, parts, t("plan_where_short", meeting=i))
                if not found:
                    unused.append(t("plan_unused", lesson=ref["pelajaran"], pattern=ref["bagian"]))
                for part in found:
                    key = id(part)
                    if key in placed:
                        raise PlanError(t("plan_short_twice", part=part.label, lesson=part.lesson))
                    placed[key] = i
    for lesson in lessons:
        for part in parts[lesson]:
            if id(part) not in placed:
                raise PlanError(t("plan_short_missing", part=part.label, lesson=lesson))
    titles = {lesson: banks[lesson].title for lesson in lessons}
    return Course(doc, lessons, titles, parts, {lesson: objectives(lesson, root) for lesson in lessons}, list(dict.fromkeys(unused)))


# --------------------------------------------------------------------------
# the pages


def _minutes(value: int) -> str:
    return t("plan_minutes", minutes=number(value))


def _paths(plan_items: list[dict], course: Course, lesson: str) -> list[dict]:
    out = []
    for item in plan_items:
        parts = [course.part(lesson, p, False, t("plan_where_paths", lesson=lesson)) for p in item["bagian"]]
        out.append({"text": item["teks"], "parts": [p.label for p in parts if p], "exercises": item["soal"]})
    return out


def _short_path(course: Course) -> list[dict]:
    meetings = []
    for i, meeting in enumerate(course.doc["jalur_singkat"]["pertemuan"], 1):
        entry = {"number": i, "title": meeting["judul"], "class": [], "home": []}
        for where, key in (("kelas", "class"), ("rumah", "home")):
            for ref in meeting[where]:
                part = course.part(ref["pelajaran"], ref["bagian"], bool(ref.get("baru")), t("plan_where_short", meeting=i))
                if part:
                    entry[key].append({"lesson": part.lesson, "label": part.label, "minutes": part.minutes,
                                       "minutes_text": _minutes(part.minutes), "exercises": part.exercises})
        entry["class_minutes"] = sum(p["minutes"] for p in entry["class"])
        entry["class_minutes_text"] = _minutes(entry["class_minutes"])
        meetings.append(entry)
    return meetings


def short_path(root=None) -> list[dict]:
    """The short path's meetings, each with its parts in class (and their minutes) and at home."""
    return _short_path(course_plans(root))


def _sources(course: Course) -> list[dict]:
    return [{"title": s["judul"], "url": s["url"], "quality": t(f"plan_quality_{s['mutu']}")} for s in course.doc["kurikulum"]["sumber"]]


def _curriculum(course: Course) -> dict:
    merdeka = course.doc["kurikulum"]["merdeka"]
    names = {s["id"]: s["judul"] for s in course.doc["kurikulum"]["sumber"]}
    return {"merdeka": merdeka, "k13": course.doc["kurikulum"]["k13"],
            "cp": {c["id"]: {**c, "source_title": names[c["sumber"]]} for c in merdeka["cp"]},
            "names_asean": merdeka["menyebut_asean"]}


def lesson_page(course: Course, lesson: str, meetings: list[dict]) -> str:
    plan = course.doc["pelajaran"][lesson]
    notes = {}
    for note in plan["alur"]:
        part = course.part(lesson, note["bagian"], bool(note.get("baru")), t("plan_where_flow", lesson=lesson))
        if part:
            notes[id(part)] = note["catatan"]
    flow, start = [], 0
    for part in course.parts[lesson]:
        flow.append({"label": part.label, "number": part.number, "title": part.title, "minutes": _minutes(part.minutes),
                     "range": t("plan_minute_range", start=number(start), end=number(start + part.minutes)),
                     "exercises": part.exercises, "note": notes[id(part)]})
        start += part.minutes
    mine = [{"number": m["number"], "title": m["title"],
             "class": [p for p in m["class"] if p["lesson"] == lesson],
             "home": [p for p in m["home"] if p["lesson"] == lesson]} for m in meetings]
    mine = [m for m in mine if m["class"] or m["home"]]
    index = course.lessons.index(lesson)
    neighbours = {"previous": course.lessons[index - 1] if index else None,
                  "next": course.lessons[index + 1] if index + 1 < len(course.lessons) else None}
    return render("plan_lesson.html", lesson=lesson, title=course.titles[lesson], titles=course.titles,
                  objectives=course.objectives[lesson], plan=plan, curriculum=_curriculum(course), flow=flow,
                  total=_minutes(start), total_minutes=start, meeting_minutes=MEETING_MINUTES,
                  remedial=_paths(plan["remedial"], course, lesson), enrichment=_paths(plan["pengayaan"], course, lesson),
                  short=mine, sources=_sources(course), **neighbours)


def index_page(course: Course, meetings: list[dict]) -> str:
    lessons = [{"lesson": lesson, "title": course.titles[lesson], "objectives": course.objectives[lesson],
                "atp": course.doc["pelajaran"][lesson]["atp"],
                "minutes": _minutes(sum(p.minutes for p in course.parts[lesson]))} for lesson in course.lessons]
    return render("plan_index.html", lessons=lessons, curriculum=_curriculum(course), meetings=meetings,
                  short=course.doc["jalur_singkat"], meeting_minutes=MEETING_MINUTES, sources=_sources(course))


def page_name(lesson: str) -> str:
    return f"rencana-{lesson}.html"


def pages(root=None, course: Course | None = None) -> dict[str, str]:
    """File name -> HTML of every page of the kit."""
    course = course or course_plans(root)
    meetings = _short_path(course)
    out = {INDEX_PAGE: index_page(course, meetings)}
    for lesson in course.lessons:
        out[page_name(lesson)] = lesson_page(course, lesson, meetings)
    return out


def write(folder: Path, root=None) -> tuple[list[Path], list[str]]:
    """Write the kit to ``folder``; return the files written and the announced sections not in the notebooks yet."""
    course = course_plans(root)
    made = pages(course=course)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, html in made.items():
        (folder / name).write_text(html, encoding="utf-8")
        written.append(folder / name)
    return written, course.unused

