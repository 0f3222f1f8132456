"""Sealed exercise banks for student releases.

A sealed bank holds everything a student needs to see the question and get
instant feedback, and nothing that reads as the key:

* key tokens are kept only as salted SHA-256 digests (:class:`SealedKey`);
* feedback that would give the key away (the feedback of each option, the
  "benar" feedback, the labels of essay-rubric criteria) is encrypted with a
  key derived from the token that earns it, so it opens only when the
  student gives that answer;
* model answers, rubric keywords, accepted answers, derivations, examples
  and explanations are left out entirely.

This is protection against reading the answers off the files, not
cryptographic secrecy: a determined student could still try every option.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from lessons.engine.exercises import BankError, ClearKey, Exercise, SealedKey, canonical

VERSION = 1


def _key(salt: str, name: str, token: str) -> bytes:
    return hashlib.sha256(f"{salt}\x1f{name}\x1f{token}".encode("utf-8")).digest()


def _stream(key: bytes, length: int) -> bytes:
    blocks = (hashlib.sha256(key + i.to_bytes(4, "big")).digest() for i in range((length + 31) // 32))
    return b"".join(blocks)[:length]


def lock_text(salt: str, name: str, token: str, text: str) -> tuple[str, str]:
    """(digest, ciphertext) of ``text``, openable only with ``token``."""
    key = _key(salt, name, token)
    data = text.encode("utf-8")
    cipher = bytes(a ^ b for a, b in zip(data, _stream(key, len(data))))
    return hashlib.sha256(key + b"id").hexdigest()[:32], base64.b64encode(cipher).decode("ascii")


def unlock_text(salt: str, name: str, token: str, locked: dict) -> str | None:
    key = _key(salt, name, token)
    digest = hashlib.sha256(key + b"id").hexdigest()[:32]
    cipher = locked.get(digest)
    if cipher is None:
        return None
    data = base64.b64decode(cipher)
    return bytes(a ^ b for a, b in zip(data, _stream(key, len(data)))).decode("utf-8")


def new_salt() -> str:
    return secrets.token_hex(16)


def _lock(salt: str, name: str, tokens, text: str) -> dict:
    return dict(lock_text(salt, name, token, text) for token in tokens)


def seal_exercise(ex: Exercise, salt: str) -> dict:
    """The sealed bank entry of a clear exercise."""
    entry = {
        "id": ex.id, "form": ex.form, "level": ex.level, "points": ex.points, "objective": ex.objective,
        "question": ex.question, "hint": ex.hint,
    }
    if ex.stimulus:
        entry["stimulus"] = ex.stimulus
    key = ex.keys.get("main")
    keys = {}
    locked: dict = {}
    open_feedback = {}
    if ex.form == "pilihan_ganda" or (ex.form == "data" and ex.answer_type == "pilihan"):
        entry["options"] = dict(ex.options)
        if ex.form == "data":
            entry["answer_type"] = "pilihan"
            locked["benar"] = _lock(salt, "benar", key.tokens, ex.feedback["benar"])
            open_feedback["salah"] = ex.feedback["salah"]
        else:
            for option in ex.options:
                locked[option] = _lock(salt, option, [option], ex.feedback[option])
    elif ex.form in ("pg_kompleks", "benar_salah", "menjodohkan"):
        if ex.form == "pg_kompleks":
            entry["options"] = dict(ex.options)
        elif ex.form == "benar_salah":
            entry["statements"] = list(ex.statements)
        else:
            entry["left"] = list(ex.left)
            entry["right"] = dict(ex.right)
        locked["benar"] = _lock(salt, "benar", [canonical(key.tokens)], ex.feedback["benar"])
        open_feedback["salah"] = ex.feedback["salah"]
    elif ex.form in ("isian", "data"):
        if ex.form == "data":
            entry.update({"answer_type": "angka", "decimals": ex.decimals, "unit": ex.unit})
        locked["benar"] = _lock(salt, "benar", key.tokens, ex.feedback["benar"])
        open_feedback["salah"] = ex.feedback["salah"]
    elif ex.form == "uraian":
        entry["min_words"] = ex.min_words
        entry["criteria"] = [
            {"keyset": c["key"], "points": c["points"],
             "label_locked": _lock(salt, c["key"], ex.keys[c["key"]].tokens, c["label"])}
            for c in ex.criteria
        ]
        open_feedback = {"benar": ex.feedback["benar"], "salah": ex.feedback["salah"]}
    for name, keyset in ex.keys.items():
        sealed = keyset if isinstance(keyset, SealedKey) else SealedKey.seal(keyset, salt)
        keys[name] = {"size": len(sealed), "digests": sorted(sealed.digests)}
    entry["keys"] = keys
    entry["feedback"] = open_feedback
    entry["locked_feedback"] = locked
    return entry


def seal_bank(bank: dict[str, Exercise], lesson: str, title: str, objectives: dict, salt: str,
              only: set[str] | None = None) -> dict:
    """A whole sealed bank document (what a release writes as YAML)."""
    return {
        "lesson": lesson, "title": title, "objectives": objectives,
        "sealed": {"version": VERSION, "salt": salt},
        "exercises": [seal_exercise(ex, salt) for ex in bank.values() if only is None or ex.id in only],
    }


def build_sealed_exercise(entry: dict, lesson: str, sealed: dict, where: str) -> Exercise:
    """An Exercise from a sealed bank entry (the inverse of seal_exercise)."""
    if not isinstance(entry, dict) or not isinstance(sealed, dict) or not isinstance(sealed.get("salt"), str):
        raise BankError(f"{where}: bank tersegel tidak lengkap.")
    try:
        salt = sealed["salt"]
        ex = Exercise(
            id=str(entry["id"]), lesson=lesson, form=str(entry["form"]), level=str(entry["level"]),
            points=float(entry["points"]), question=str(entry["question"]), hint=str(entry["hint"]),
            objective=str(entry.get("objective", "")), indicator=str(entry.get("indicator", "")),
            stimulus=str(entry.get("stimulus", "") or ""), feedback=dict(entry.get("feedback") or {}),
            salt=salt, locked_feedback=dict(entry.get("locked_feedback") or {}),
        )
        ex.options = {str(k): str(v) for k, v in (entry.get("options") or {}).items()}
        ex.statements = [str(s) for s in entry.get("statements") or []]
        ex.left = [str(s) for s in entry.get("left") or []]
        ex.right = {str(k): str(v) for k, v in (entry.get("right") or {}).items()}
        ex.answer_type = str(entry.get("answer_type", ""))
        ex.decimals = int(entry.get("decimals", 0))
        ex.unit = str(entry.get("unit", ""))
        ex.min_words = int(entry.get("min_words", 0))
        for name, spec in (entry.get("keys") or {}).items():
            ex.keys[name] = SealedKey(salt, spec["digests"], int(spec["size"]))
        ex.criteria = [{"key": c["keyset"], "points": float(c["points"]), "label_locked": dict(c["label_locked"])}
                       for c in entry.get("criteria") or []]
    except (KeyError, TypeError, ValueError) as err:
        raise BankError(f"{where}: bank tersegel rusak ({type(err).__name__}).") from None
    if "main" not in ex.keys and ex.form != "uraian":
        raise BankError(f"{where}: bank tersegel tidak memuat kunci.")
    return ex


__all__ = ["ClearKey", "SealedKey", "seal_bank", "seal_exercise", "build_sealed_exercise", "lock_text", "unlock_text"]
