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

from lessons.core import formatting
from lessons.core.paths import course
from lessons.engine.forms import resolve
from lessons.engine.model import BankError, Exercise, Testlet
from lessons.engine.schema import bank_problem, exercise_problem
from lessons.engine.sealing import build_sealed_exercise
from lessons.text import t

ID = re.compile(r"\d{2}-\d{2}")
TEACHER_FIELDS = ("model_answer", "derivation", "explanation", "examples", "accepted", "key", "tolerance",
                  "analytic_rubric")


class Bank(Mapping):
    """One lesson's bank: its exercises by id (in bank order), with the
    lesson, title and learning objectives of the file, and its testlets
    (stimuli shared by several exercises) by id."""

    def __init__(self, lesson: str, title: str = "", objectives: dict | None = None,
                 exercises: dict[str, Exercise] | None = None, sealed: bool = False):
        self.lesson = lesson
        self.title = title
        self.objectives = dict(objectives or {})
        self.exercises: dict[str, Exercise] = dict(exercises or {})
        self.sealed = sealed
        self.testlets: dict[str, Testlet] = {}

    def __getitem__(self, exercise_id: str) -> Exercise:
        return self.exercises[exercise_id]

    def __iter__(self):
        return iter(self.exercises)

    def __len__(self) -> int:
        return len(self.exercises)

    def __repr__(self) -> str:
        return f"Bank({self.lesson!r}, {len(self)} exercises{', sealed' if self.sealed else ''})"


def read_yaml(text: str):
    """Parse YAML safely, with the C parser when PyYAML has it (10× faster). A document written as JSON
    (the sealed banks of a student copy, see ``lessons.teacher.release.sealed_bank_text``) is read by
    the json module, ten times faster again; what it holds is the same either way."""
    if text.lstrip("\ufeff \t\r\n").startswith("{"):
        import json

        try:
            return json.loads(text.lstrip("\ufeff"))
        except ValueError:  # YAML flow style, or broken: the YAML parser decides, and says where
            pass
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
        testlet_id=str(entry.get("testlet", "") or ""),
    )
    if ex.testlet_id and ex.stimulus:
        raise BankError(t("bank_testlet_and_stimulus", where=where, testlet=ex.testlet_id))
    for name in TEACHER_FIELDS:
        if name in entry:
            ex.teacher[name] = entry[name]
    if "analytic_rubric" in entry:
        _check_analytic_rubric(entry["analytic_rubric"], ex.points, where)
    kind.build(ex, entry, where)
    return ex


def _check_analytic_rubric(spec: dict, points: float, where: str) -> None:
    """Every criterion describes every level, and the best level of every criterion adds up to the points."""
    levels = spec["levels"]
    for n, criterion in enumerate(spec["criteria"], start=1):
        if len(criterion["descriptors"]) != len(levels):
            raise BankError(t("bank_analytic_descriptors", where=where, n=n, levels=len(levels)))
    best = max(level["score"] for level in levels) * len(spec["criteria"])
    if abs(best - points) > 1e-9:
        raise BankError(t("bank_analytic_total", where=where, total=formatting.points(best), points=formatting.points(points)))


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
        attach_testlets(bank, doc.get("testlets") or [], strict=not sealed)
    except BankError as err:
        raise BankError(t("bank_error", file=shown, detail=str(err))) from None
    return bank


def attach_testlets(bank: Bank, specs: list, strict: bool = True) -> None:
    """Give every exercise of ``bank`` that names a testlet its :class:`Testlet`.

    A testlet's exercises must follow one another in the bank (the stimulus is
    shown once, above the first); an exercise may not name an unknown testlet.
    ``strict`` (a teacher's bank) also requires every testlet to have at least
    two exercises; a release that hands out only some of them keeps the rest.
    """
    known: dict[str, dict] = {}
    for spec in specs:
        if not isinstance(spec, dict) or not all(isinstance(spec.get(k), str) and spec.get(k) for k in ("id", "title", "stimulus")):
            raise BankError(t("bank_testlet_incomplete", n=len(known) + 1))
        if spec["id"] in known:
            raise BankError(t("bank_testlet_duplicate", testlet=spec["id"]))
        known[spec["id"]] = spec
    members: dict[str, list[str]] = {name: [] for name in known}
    order = list(bank.exercises)
    for ex in bank.values():
        if not ex.testlet_id:
            continue
        if ex.testlet_id not in known:
            raise BankError(t("bank_testlet_unknown", id=ex.id, testlet=ex.testlet_id,
                              known=", ".join(known) or t("bank_testlet_none")))
        members[ex.testlet_id].append(ex.id)
    for name, ids in members.items():
        if strict and len(ids) < 2:
            raise BankError(t("bank_testlet_too_few", testlet=name, n=len(ids)))
        if ids and order[order.index(ids[0]):order.index(ids[0]) + len(ids)] != ids:
            raise BankError(t("bank_testlet_apart", testlet=name, ids=", ".join(ids)))
    bank.testlets = {name: Testlet(name, known[name]["title"], known[name]["stimulus"], tuple(ids))
                     for name, ids in members.items() if ids}
    for ex in bank.values():
        ex.testlet = bank.testlets.get(ex.testlet_id)


def find_exercise(exercise_id) -> Exercise:
    """The exercise with id ``"NN-MM"``; BankError (Indonesian) if unknown."""
    if not isinstance(exercise_id, str) or not ID.fullmatch(exercise_id):
        raise BankError(t("invalid_unknown_id", id=str(exercise_id)[:40]))
    bank = load_bank(exercise_id[:2])
    if exercise_id not in bank:
        raise BankError(t("invalid_unknown_id", id=exercise_id))
    return bank[exercise_id]
