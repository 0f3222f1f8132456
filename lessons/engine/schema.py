"""The structure of a teacher's bank file, checked with JSON Schema.

``bank.schema.json`` (next to this module) describes what every bank shares;
each question form adds its own fields (``Form.schema``), and
:func:`bank_schema` joins them into one Draft 2020-12 schema. A structural
problem becomes one Indonesian sentence naming the exercise and the field
(:func:`bank_problem`, :func:`exercise_problem`). What a schema cannot say
(the key is one of the options, rubric points add up, …) each form checks in
code when it builds the exercise.
"""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from pathlib import Path

from lessons.engine.forms import form_names, variants
from lessons.text import t

SCHEMA_FILE = Path(__file__).with_name("bank.schema.json")


@lru_cache(maxsize=1)
def bank_schema() -> dict:
    """The whole bank schema: the shared file plus every form's own fields."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    exercise = schema["$defs"]["exercise"]
    exercise["properties"]["form"] = {"enum": form_names()}
    rules = []
    for name in form_names():
        found = variants(name)
        if len(found) > 1 or found[0].answer_type:
            rules.append({"if": {"properties": {"form": {"const": name}}, "required": ["form"]},
                          "then": {"properties": {"answer_type": {"enum": [f.answer_type for f in found]}}}})
        for form in found:
            condition = {"properties": {"form": {"const": name}}, "required": ["form"]}
            if form.answer_type:
                condition["properties"]["answer_type"] = {"const": form.answer_type}
                if not form.default_variant:
                    condition["required"] = ["form", "answer_type"]
            rules.append({"if": condition, "then": copy.deepcopy(form.schema)})
    exercise["allOf"] = rules
    return schema


@lru_cache(maxsize=2)
def _validator(part: str):
    from lessons.core.json_schema import draft_2020_12_validator

    schema = bank_schema()
    if part == "exercise":
        schema = {"$schema": schema["$schema"], "$ref": "#/$defs/exercise", "$defs": schema["$defs"]}
    return draft_2020_12_validator()(schema)


def _field(path) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _quoted(message: str) -> list[str]:
    return re.findall(r"'([^']+)'", message)


def _sentence(error, where: str, path, top: bool = False) -> str:
    field = _field(path)
    kind = error.validator
    if kind == "required":
        missing = [p for p in error.validator_value if isinstance(error.instance, dict) and p not in error.instance]
        name = missing[0] if missing else (_quoted(error.message) or ["?"])[0]
        return t("schema_required", where=where, field=_field([*path, name]))
    if kind in ("unevaluatedProperties", "additionalProperties"):
        names = [n for n in _quoted(error.message) if isinstance(error.instance, dict) and n in error.instance]
        name = _field([*path, names[0] if names else "?"])
        return t("schema_unknown_top" if top else "schema_unknown", where=where, field=name)
    if kind == "type":
        kinds = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        expected = f" {t('schema_or')} ".join(t(f"schema_type_{k}") for k in kinds)
        return t("schema_type", where=where, field=field, expected=expected)
    if kind in ("enum", "const"):
        allowed = error.validator_value if kind == "enum" else [error.validator_value]
        key = "schema_form" if path and path[-1] == "form" else "schema_enum"
        return t(key, where=where, field=field, value=str(error.instance)[:40], allowed=", ".join(map(str, allowed)))
    if kind in ("minLength", "minItems", "minProperties"):
        return t("schema_empty", where=where, field=field)
    if kind == "pattern":
        key = {"id": "schema_pattern_id", "lesson": "schema_pattern_lesson"}.get(path[-1] if path else "", "schema_pattern")
        if path and path[0] == "testlets":
            key = "schema_pattern_testlet"
        return t(key, where=where, field=field, value=str(error.instance)[:40])
    if kind in ("minimum", "exclusiveMinimum", "maximum"):
        key = {"minimum": "schema_minimum", "exclusiveMinimum": "schema_exclusive_minimum", "maximum": "schema_maximum"}[kind]
        return t(key, where=where, field=field, limit=error.validator_value)
    return t("schema_other", where=where, field=field)


def _first(errors):
    """The error an author should fix first: in document order, a missing or
    wrong field before an unknown one (an unknown one may follow from it)."""
    def order(error):
        path = list(error.absolute_path)
        exercise = path[1] if len(path) >= 2 and path[0] == "exercises" and isinstance(path[1], int) else -1
        unknown = error.validator in ("unevaluatedProperties", "additionalProperties")
        return (exercise, unknown, len(path), [str(p) for p in path])

    return min(errors, key=order, default=None)


def _exercise_where(entry, fallback: str) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        return t("schema_where_exercise", id=entry["id"])
    return fallback


def bank_problem(doc) -> str:
    """One Indonesian sentence on the first structural problem of a bank document, or ""."""
    error = _first(_validator("bank").iter_errors(doc))
    if error is None:
        return ""
    path = list(error.absolute_path)
    if len(path) >= 2 and path[0] == "exercises" and isinstance(path[1], int):
        where = _exercise_where(doc["exercises"][path[1]], t("schema_where_nth", n=path[1] + 1))
        return _sentence(error, where, path[2:])
    return _sentence(error, t("schema_where_bank"), path, top=not path)


def exercise_problem(entry, where: str) -> str:
    """One Indonesian sentence on the first structural problem of one bank entry, or ""."""
    error = _first(_validator("exercise").iter_errors(entry))
    if error is None:
        return ""
    return _sentence(error, _exercise_where(entry, where), list(error.absolute_path))


__all__ = ["SCHEMA_FILE", "bank_problem", "bank_schema", "exercise_problem"]
