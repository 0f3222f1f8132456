"""Exercise banks: ``data/exercises/NN.yml`` read once into a :class:`Bank`.

A teacher's bank is checked in two steps: its structure against the JSON
Schema (:mod:`lessons.engine.schema`), then each exercise by its form, which
builds the key and checks what a schema cannot (the key is one of the
options, rubric points add up, …). A student release's bank is *sealed*
(:mod:`lessons.engine.sealing`). Either way every problem is one Indonesian
sentence in a :class:`BankError`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from lessons.core.paths import course
from lessons.engine.forms import resolve
from lessons.engine.model import BankError, Exercise
from lessons.engine.schema import bank_problem, exercise_problem
from lessons.engine.sealing import build_sealed_exercise
from lessons.text import t

ID = re.compile(r"\d{2}-\d{2}")
TEACHER_FIELDS = ("model_answer", "derivation", "explanation", "examples", "accepted", "key", "tolerance")


class Bank(Mapping):
    """One lesson's bank: its exercises by id (in bank order), with the
    lesson, title and learning objectives of the file."""

    def __init__(self, lesson: str, title: str = "", objectives: dict | None = None,
                 exercises: dict[str, Exercise] | None = None, sealed: bool = False):
        self.lesson = lesson
        self.title = title
        self.objectives = dict(objectives or {})
        self.exercises: dict[str, Exercise] = dict(exercises or {})
        self.sealed = sealed

    def __getitem__(self, exercise_id: str) -> Exercise:
        return self.exercises[exercise_id]

    def __iter__(self):
        return iter(self.exercises)

    def __len__(self) -> int:
        return len(self.exercises)

    def __repr__(self) -> str:
        return f"Bank({self.lesson!r}, {len(self)} exercises{', sealed' if self.sealed else ''})"


def read_yaml(text: str):
    """Parse YAML safely, with the C parser when PyYAML has it (10× faster)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def build_exercise(entry, lesson: str, where: str) -> Exercise:
    """Turn one bank entry (a dict from the YAML file) into an Exercise."""
    problem = exercise_problem(entry, where)
    if problem:
        raise BankError(problem)
    return _build(entry, lesson)


def _build(entry: dict, lesson: str) -> Exercise:
    """An Exercise from a structurally valid entry; the form checks the rest."""
    ex_id = entry["id"]
    where = t("schema_where_exercise", id=ex_id)
    if not ex_id.startswith(lesson + "-"):
        raise BankError(t("bank_id_prefix", where=where, lesson=lesson))
    kind = resolve(entry["form"], entry.get("answer_type"), where)
    ex = Exercise(
        id=ex_id, lesson=lesson, form=entry["form"], level=entry["level"], points=float(entry["points"]),
        question=entry["question"], hint=entry["hint"],
        objective=str(entry.get("objective", "")), indicator=str(entry.get("indicator", "")),
        stimulus=str(entry.get("stimulus", "") or ""), feedback=dict(entry.get("feedback") or {}), kind=kind,
    )
    for name in TEACHER_FIELDS:
        if name in entry:
            ex.teacher[name] = entry[name]
    kind.build(ex, entry, where)
    return ex


def load_bank(lesson: str, path: Path | None = None) -> Bank:
    """The bank of ``lesson`` ("00", "01", ...): a Mapping id → Exercise, in bank order."""
    path = Path(path) if path else course().bank_path(lesson)
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise BankError(t("bank_missing", lesson=lesson)) from None
    return _load_bank_cached(lesson, str(path), stamp)


@lru_cache(maxsize=16)
def _load_bank_cached(lesson: str, path: str, stamp) -> Bank:
    import yaml

    shown = f"data/exercises/{Path(path).name}"
    try:
        doc = read_yaml(Path(path).read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise BankError(t("bank_error", file=shown, detail=t("bank_yaml_unreadable", error=type(err).__name__))) from None
    if not isinstance(doc, dict) or str(doc.get("lesson")) != lesson or not isinstance(doc.get("exercises"), list):
        raise BankError(t("bank_error", file=shown, detail=t("bank_bad_top", lesson=lesson)))
    sealed = doc.get("sealed")
    try:
        if not sealed:
            problem = bank_problem(doc)
            if problem:
                raise BankError(problem)
        bank = Bank(lesson, str(doc.get("title", "") or ""), doc.get("objectives") or {}, sealed=bool(sealed))
        for entry in doc["exercises"]:
            where = t("schema_where_nth", n=len(bank) + 1)
            ex = build_sealed_exercise(entry, lesson, sealed, where) if sealed else _build(entry, lesson)
            if ex.id in bank:
                raise BankError(t("bank_duplicate_id", id=ex.id))
            bank.exercises[ex.id] = ex
    except BankError as err:
        raise BankError(t("bank_error", file=shown, detail=str(err))) from None
    return bank


def find_exercise(exercise_id) -> Exercise:
    """The exercise with id ``"NN-MM"``; BankError (Indonesian) if unknown."""
    if not isinstance(exercise_id, str) or not ID.fullmatch(exercise_id):
        raise BankError(t("invalid_unknown_id", id=str(exercise_id)[:40]))
    bank = load_bank(exercise_id[:2])
    if exercise_id not in bank:
        raise BankError(t("invalid_unknown_id", id=exercise_id))
    return bank[exercise_id]
