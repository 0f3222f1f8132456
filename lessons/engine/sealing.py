"""Sealed exercise banks for student releases, in two modes per exercise.

**latihan** (practice, the default): the sealed entry holds everything a
student needs to see the question and get instant feedback, and nothing that
reads as the key:

* key tokens are kept only as salted SHA-256 digests (:class:`SealedKey`);
  the salt of every digest and every lock is the release's salt *and the
  exercise id* (and the key's name), so one dictionary pass tests one
  exercise, never all of them;
* feedback that would give the key away (the feedback of each option, the
  "benar" feedback, the labels of essay-rubric criteria) is encrypted with a
  key derived from the token that earns it (:mod:`lessons.engine.locks`), so
  it opens only when the student gives that answer;
* side channels are closed: every locked text of an exercise has one length,
  and no count is published (digest lists and locks are padded with random
  decoys; a pg_kompleks key is one digest of the whole right set);
* model answers, rubric keywords, accepted answers, derivations, examples
  and explanations are left out entirely.

This stops reading the key off the files, not a determined student: the
answer space of a choice item is small, so hashing every option recovers a
practice key in seconds. That is why there is a second mode.

**ujian** (exam): the entry holds the question and what a student sees
(options, statements …) and *no key material at all*: no digest, no locked
text, no feedback. "Periksa" saves the answer for the teacher, who grades
it with the clear bank (status ``tersimpan``).

What each form puts into its sealed entry is the form's own business
(``Form.public_fields`` / ``Form.seal`` / ``Form.unseal`` in :mod:`lessons.engine.forms`).
"""

from __future__ import annotations

from lessons.engine.forms import form_of, resolve
from lessons.engine.locks import Sealer, new_salt
from lessons.engine.model import BankError, Exercise, SealedKey
from lessons.text import t

VERSION = 2
MODES = ("latihan", "ujian")


def exercise_salt(salt: str, exercise_id: str) -> str:
    """The salt of one exercise's digests and locks."""
    return f"{salt}\x1f{exercise_id}"


def key_salt(salt: str, exercise_id: str, name: str) -> str:
    """The salt of one key of one exercise (two keys of one essay never share digests)."""
    return f"{exercise_salt(salt, exercise_id)}\x1f{name}"


def _locked_texts(ex: Exercise) -> list[str]:
    """Every text a practice entry of ``ex`` may lock (they are padded to one length)."""
    return [str(v) for v in ex.feedback.values()] + [str(c.get("label", "")) for c in ex.criteria]


def seal_exercise(ex: Exercise, salt: str, mode: str = "latihan") -> dict:
    """The sealed bank entry of a clear exercise, in ``mode`` (latihan or ujian)."""
    if mode not in MODES:
        raise ValueError(mode)
    form = form_of(ex)
    entry = {
        "id": ex.id, "form": ex.form, "level": ex.level, "points": ex.points, "objective": ex.objective,
        "question": ex.question,
    }
    if ex.stimulus:
        entry["stimulus"] = ex.stimulus
    if ex.testlet_id:
        entry["testlet"] = ex.testlet_id
    if mode == "ujian":
        entry["mode"] = "ujian"
        entry.update(form.public_fields(ex))
        return entry
    entry["hint"] = ex.hint
    sealer = Sealer(exercise_salt(salt, ex.id), _locked_texts(ex))
    fields, locked, open_feedback = form.seal(ex, sealer)
    entry.update(fields)
    entry["keys"] = {
        name: {"digests": Sealer.pad_digests(SealedKey.seal(keyset, key_salt(salt, ex.id, name)).digests)}
        for name, keyset in form.sealed_keys(ex).items()
    }
    entry["feedback"] = open_feedback
    entry["locked_feedback"] = locked
    return entry


def seal_bank(bank, lesson: str, title: str, objectives: dict, salt: str, only: set[str] | None = None,
              exam: set[str] | frozenset = frozenset()) -> dict:
    """A whole sealed bank document (what a release writes as YAML); exercises in ``exam`` are sealed as ujian.
    The testlets of the exercises handed out go with them: a stimulus is shown to every student anyway."""
    chosen = [ex for ex in bank.values() if only is None or ex.id in only]
    doc = {
        "lesson": lesson, "title": title, "objectives": objectives,
        "sealed": {"version": VERSION, "salt": salt},
    }
    used = {ex.testlet_id for ex in chosen if ex.testlet_id}
    testlets = [{"id": tl.id, "title": tl.title, "stimulus": tl.stimulus}
                for tl in getattr(bank, "testlets", {}).values() if tl.id in used]
    if testlets:
        doc["testlets"] = testlets
    doc["exercises"] = [seal_exercise(ex, salt, "ujian" if ex.id in exam else "latihan") for ex in chosen]
    return doc


def build_sealed_exercise(entry: dict, lesson: str, sealed: dict, where: str) -> Exercise:
    """An Exercise from a sealed bank entry (the inverse of seal_exercise)."""
    if not isinstance(entry, dict) or not isinstance(sealed, dict) or not isinstance(sealed.get("salt"), str):
        raise BankError(t("bank_sealed_incomplete", where=where))
    if sealed.get("version") != VERSION:
        raise BankError(t("bank_sealed_version", where=where))
    try:
        salt = sealed["salt"]
        exam = entry.get("mode", "latihan") == "ujian"
        kind = resolve(entry["form"], entry.get("answer_type"), where)
        ex_id = str(entry["id"])
        ex = Exercise(
            id=ex_id, lesson=lesson, form=str(entry["form"]), level=str(entry["level"]),
            points=float(entry["points"]), question=str(entry["question"]), hint=str(entry.get("hint", "") or ""),
            objective=str(entry.get("objective", "")), indicator=str(entry.get("indicator", "")),
            stimulus=str(entry.get("stimulus", "") or ""), feedback=dict(entry.get("feedback") or {}),
            salt=exercise_salt(salt, ex_id), locked_feedback=dict(entry.get("locked_feedback") or {}), kind=kind,
            exam=exam, testlet_id=str(entry.get("testlet", "") or ""),
        )
        kind.unseal(ex, entry)
        for name, spec in (entry.get("keys") or {}).items():
            ex.keys[name] = SealedKey(key_salt(salt, ex_id, name), spec["digests"])
    except (KeyError, TypeError, ValueError) as err:
        raise BankError(t("bank_sealed_broken", where=where, error=type(err).__name__)) from None
    if not exam and any(name not in ex.keys for name in kind.key_names()):
        raise BankError(t("bank_sealed_no_key", where=where))
    return ex


__all__ = ["MODES", "VERSION", "build_sealed_exercise", "exercise_salt", "key_salt", "new_salt", "seal_bank", "seal_exercise"]
