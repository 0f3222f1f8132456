"""Sealed exercise banks for student releases.

A sealed bank holds everything a student needs to see the question and get
instant feedback, and nothing that reads as the key:

* key tokens are kept only as salted SHA-256 digests (:class:`SealedKey`);
* feedback that would give the key away (the feedback of each option, the
  "benar" feedback, the labels of essay-rubric criteria) is encrypted with a
  key derived from the token that earns it (:mod:`lessons.engine.locks`), so
  it opens only when the student gives that answer;
* model answers, rubric keywords, accepted answers, derivations, examples
  and explanations are left out entirely.

What each form puts into its sealed entry is the form's own business
(``Form.seal`` / ``Form.unseal`` in :mod:`lessons.engine.forms`).

This is protection against reading the answers off the files, not
cryptographic secrecy: a determined student could still try every option.
"""

from __future__ import annotations

from lessons.engine.forms import form_of, resolve
from lessons.engine.locks import new_salt
from lessons.engine.model import BankError, Exercise, SealedKey
from lessons.text import t

VERSION = 1


def seal_exercise(ex: Exercise, salt: str) -> dict:
    """The sealed bank entry of a clear exercise."""
    entry = {
        "id": ex.id, "form": ex.form, "level": ex.level, "points": ex.points, "objective": ex.objective,
        "question": ex.question, "hint": ex.hint,
    }
    if ex.stimulus:
        entry["stimulus"] = ex.stimulus
    fields, locked, open_feedback = form_of(ex).seal(ex, salt)
    entry.update(fields)
    keys = {}
    for name, keyset in ex.keys.items():
        sealed = keyset if isinstance(keyset, SealedKey) else SealedKey.seal(keyset, salt)
        keys[name] = {"size": len(sealed), "digests": sorted(sealed.digests)}
    entry["keys"] = keys
    entry["feedback"] = open_feedback
    entry["locked_feedback"] = locked
    return entry


def seal_bank(bank, lesson: str, title: str, objectives: dict, salt: str, only: set[str] | None = None) -> dict:
    """A whole sealed bank document (what a release writes as YAML)."""
    return {
        "lesson": lesson, "title": title, "objectives": objectives,
        "sealed": {"version": VERSION, "salt": salt},
        "exercises": [seal_exercise(ex, salt) for ex in bank.values() if only is None or ex.id in only],
    }


def build_sealed_exercise(entry: dict, lesson: str, sealed: dict, where: str) -> Exercise:
    """An Exercise from a sealed bank entry (the inverse of seal_exercise)."""
    if not isinstance(entry, dict) or not isinstance(sealed, dict) or not isinstance(sealed.get("salt"), str):
        raise BankError(t("bank_sealed_incomplete", where=where))
    try:
        salt = sealed["salt"]
        kind = resolve(entry["form"], entry.get("answer_type"), where)
        ex = Exercise(
            id=str(entry["id"]), lesson=lesson, form=str(entry["form"]), level=str(entry["level"]),
            points=float(entry["points"]), question=str(entry["question"]), hint=str(entry["hint"]),
            objective=str(entry.get("objective", "")), indicator=str(entry.get("indicator", "")),
            stimulus=str(entry.get("stimulus", "") or ""), feedback=dict(entry.get("feedback") or {}),
            salt=salt, locked_feedback=dict(entry.get("locked_feedback") or {}), kind=kind,
        )
        kind.unseal(ex, entry)
        for name, spec in (entry.get("keys") or {}).items():
            ex.keys[name] = SealedKey(salt, spec["digests"], int(spec["size"]))
    except (KeyError, TypeError, ValueError) as err:
        raise BankError(t("bank_sealed_broken", where=where, error=type(err).__name__)) from None
    if "main" not in ex.keys and kind.needs_main_key():
        raise BankError(t("bank_sealed_no_key", where=where))
    return ex


__all__ = ["VERSION", "build_sealed_exercise", "new_salt", "seal_bank", "seal_exercise"]
