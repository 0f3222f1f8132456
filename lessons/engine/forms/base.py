"""What every question form provides, and the helpers forms share.

A form module (``pilihan_ganda.py``, ``uraian.py`` …) defines one subclass of
:class:`Form` and holds everything about that form: reading its bank entry,
its key tokens, reading an answer into tokens, scoring, sealing and
unsealing, the question's plain-text lines, the widget controls, the
answer-key notebook's answers, and what every teacher output shows of it:
the key in words (kisi-kisi, key sheet), a student's answer in words
(gradebook, feedback page), its parts for item analysis, its printed
worksheet, and the bank fields a release shows or must never hold.
:mod:`lessons.engine.forms` registers them; the teacher's modules only call
these methods, so a new form needs no edit outside its own module.

The contract a test checks for every registered form (``tests/test_forms_contract.py``):
:meth:`Form.right_answer` scores full points, :meth:`Form.wrong_answers` gives
at least one answer and the first of them scores 0 (the gradebook and item
analysis tests build a class from it), and every teacher output of an
exercise of the form is a readable text or a worksheet block.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from lessons.core import formatting
from lessons.engine.model import (
    MAX_TEXT, BankError, Exercise, InvalidAnswer, Result, canonical, normalize_text,
)
from lessons.engine.locks import Sealer
from lessons.text import join_list, t, type_name


# --------------------------------------------------------------------------
# helpers for building


def require(entry: dict, key: str, kind, where: str):
    """``entry[key]``, which must be a non-empty ``kind``; BankError otherwise."""
    value = entry.get(key)
    if not isinstance(value, kind) or (isinstance(value, (str, list, dict)) and not value):
        expected = t("schema_type_string") if kind is str else t("schema_type_array") if kind is list else t("bank_kind_mapping")
        raise BankError(t("bank_field_required", where=where, field=key, expected=expected))
    return value


def require_feedback(ex: Exercise, where: str, names=("benar", "salah")) -> None:
    for name in names:
        if not isinstance(ex.feedback.get(name), str) or not ex.feedback[name].strip():
            raise BankError(t("bank_feedback_missing", where=where, name=name))


# --------------------------------------------------------------------------
# helpers for reading answers


def letter(ex: Exercise, value) -> str:
    """The option code ``value`` names (its code or its text)."""
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    if not isinstance(value, str):
        raise InvalidAnswer(t("invalid_type", got=type_name(value), expected=t("expected_letter")))
    if len(value) > MAX_TEXT:
        raise InvalidAnswer(t("invalid_too_long", n=len(value), limit=MAX_TEXT))
    text = value.strip().rstrip(".")
    for code in ex.options:
        if text.casefold() == code.casefold():
            return code
    for code, label in ex.options.items():  # the learner may type the option text itself
        if normalize_text(text) == normalize_text(label):
            return code
    raise InvalidAnswer(t("invalid_option", value=text[:40], allowed=join_list(ex.options)))


def item_number(raw_key, n: int) -> int:
    """The item number (1..n) a key of a dict answer names.

    Only the plain spelling counts: the int ``1`` or the text ``"1"``. Aliases
    such as ``"01"``, ``" 1"``, ``1.0``, ``True`` or other scripts' digits are
    refused, so one item can never be answered twice under two names.
    """
    number = raw_key if isinstance(raw_key, int) and not isinstance(raw_key, bool) else None
    if isinstance(raw_key, str) and re.fullmatch(r"[1-9][0-9]{0,3}", raw_key):
        number = int(raw_key)
    if number is None or not 1 <= number <= n:
        raise InvalidAnswer(t("invalid_option", value=str(raw_key)[:40], allowed=join_list(range(1, n + 1))))
    return number


def by_item(answer: dict, n: int) -> dict[int, object]:
    """A dict answer as {item number: response}; a number named twice is refused."""
    found: dict[int, object] = {}
    for raw_key, value in answer.items():
        number = item_number(raw_key, n)
        if number in found:
            raise InvalidAnswer(t("invalid_duplicate_item", number=number))
        found[number] = value
    return found


def typed_text(answer) -> str:
    """A typed answer as text (a number typed as a number is fine)."""
    if isinstance(answer, bool) or not isinstance(answer, (str, int, float)):
        raise InvalidAnswer(t("invalid_type", got=type_name(answer), expected=t("expected_text")))
    text = str(answer)
    if len(text) > MAX_TEXT:
        raise InvalidAnswer(t("invalid_too_long", n=len(text), limit=MAX_TEXT))
    return text


# --------------------------------------------------------------------------
# helpers for scoring


def round_score(score: float) -> float:
    return round(score + 1e-12, 2)


def message(ex: Exercise, status: str, score: float, extra: list[str] | None = None, feedback: str = "",
            complete: bool = False) -> str:
    """The Indonesian feedback message of a scored answer."""
    head = {
        "benar": t("result_correct"),
        "sebagian": t("result_partial"),
        "salah": t("result_wrong"),
        "perlu_diperiksa": t("result_review"),
    }[status]
    lines = [head]
    if feedback:
        lines.append(without_head(feedback.strip(), head))
    lines += extra or []
    if status == "perlu_diperiksa":
        lines.append(t("score_provisional", score=formatting.points(score), points=formatting.points(ex.points)))
    else:
        lines.append(t("score_line", score=formatting.points(score), points=formatting.points(ex.points)))
    if status != "benar" and not complete and ex.hint:
        lines.append(t("hint_line", hint=ex.hint.strip()))
    return "\n".join(lines)


def without_head(feedback: str, head: str) -> str:
    """``feedback`` without an opening that repeats ``head`` ("✘ Belum tepat." +
    "Belum tepat. Baca lagi …" would read "Belum tepat." twice)."""
    words = head.lstrip("✔✘◐⚠ ").strip()
    if words and feedback.casefold().startswith(words.casefold()):
        rest = feedback[len(words):].lstrip()
        return rest
    return feedback


def all_or_nothing(ex: Exercise, ok: bool, feedback_tokens) -> Result:
    """Full points or none; the feedback of the status, opened by ``feedback_tokens``."""
    status = "benar" if ok else "salah"
    score = ex.points if ok else 0.0
    return Result(ex.id, status, score, ex.points, message(ex, status, score, feedback=ex.feedback_for(status, feedback_tokens)))


def per_item(ex: Exercise, tokens, total: int, line_key: str) -> Result:
    """One share of the points per right item (statement, pair)."""
    key = ex.keys["main"]
    right = sum(1 for tok in tokens if tok in key)
    score = round_score(ex.points * right / total)
    status = "benar" if right == total else "sebagian" if right else "salah"
    extra = [t(line_key, correct=right, total=total)]
    feedback = ex.feedback_for("benar" if status == "benar" else "salah", [canonical(tokens)])
    return Result(ex.id, status, score, ex.points, message(ex, status, score, extra, feedback=feedback))


def read_or_none(form: "Form", ex: Exercise, answer):
    """The tokens of ``answer``, sorted, or None when the form cannot read it."""
    try:
        return sorted(form.read(ex, answer))
    except (InvalidAnswer, TypeError, ValueError, AttributeError):
        return None


def plain_text(answer) -> str:
    """An answer as given, in one line: a list joined by commas, a mapping as "key → value"."""
    if isinstance(answer, (list, tuple)):
        return ", ".join(map(str, answer))
    if isinstance(answer, dict):
        return ", ".join(f"{k} → {v}" for k, v in answer.items())
    return str(answer)


# --------------------------------------------------------------------------
# what the teacher's outputs show


@dataclass(frozen=True)
class ItemParts:
    """What item analysis needs of one exercise."""

    dichotomous: bool = True  # scored right or wrong (KR-20 applies); False: partial credit (Cronbach's alpha)
    options: tuple = ()  # the codes a student chooses among (distractor analysis); () for other forms
    key: tuple = ()  # the right codes among ``options``
    labels: dict = field(default_factory=dict)  # code -> what the teacher reads, where the code is not a letter


# Blocks of a printed worksheet item (``Form.worksheet``); lessons/teacher/templates/worksheet.html draws them.
def choices_block(options: dict) -> dict:
    """Options with a box to tick each."""
    return {"kind": "choices", "choices": [{"code": code, "text": text, "letter": letter_code(code)}
                                           for code, text in options.items()]}


def table_block(headers: list[str], rows: list[list]) -> dict:
    """A table; a cell is a text, ``BOX`` (a box to tick) or ``WRITE`` (an empty cell to write in)."""
    return {"kind": "table", "headers": list(headers),
            "rows": [[dict(cell) if isinstance(cell, dict) else {"text": str(cell), "box": False, "write": False}
                      for cell in row] for row in rows]}


BOX = {"text": "", "box": True, "write": False}
WRITE = {"text": "", "box": False, "write": True}


def list_block(label: str, items: list[str]) -> dict:
    """A heading and a list of texts (the lettered answers of a matching question)."""
    return {"kind": "list", "label": label, "items": list(items)}


def lines_block(count: int, label: str) -> dict:
    """``count`` lines to write on, under ``label``."""
    return {"kind": "lines", "count": count, "label": label}


def letter_code(code) -> bool:
    """Is an option code a letter a student sees ("A"), rather than an internal id ("KHM", "aha-centre")?"""
    return isinstance(code, str) and len(code) == 1 and code.isalpha()


# --------------------------------------------------------------------------
# widget controls


class Controls:
    """The answer controls of one exercise: ``rows`` to show, ``observed``
    value widgets (every change is saved), and ``get()``/``set(value)`` in the
    form :func:`lessons.engine.checking.check` reads and the answer sheet stores."""

    rows: list
    observed: list

    def get(self):  # pragma: no cover - every form overrides it
        raise NotImplementedError

    def set(self, value) -> None:  # pragma: no cover - every form overrides it
        raise NotImplementedError


# --------------------------------------------------------------------------
# the form


class Form:
    """One question form. Subclasses set ``form`` (the bank's ``form:``
    value) and, for a form with variants, ``answer_type``."""

    form: str = ""
    answer_type: str = ""  # a variant of ``form`` chosen by the bank's ``answer_type:``
    default_variant: bool = False  # the variant used when the bank gives no ``answer_type``
    #: JSON Schema fragment of this form's own bank fields ({"properties": …, "required": […]}).
    schema: dict = {}
    #: in ``examples: {wrong: […]}`` a list is a list of wrong answers (False: the list is one answer)
    list_of_answers: bool = True
    #: scored with partial credit (per item, by rubric): item analysis then uses alpha, not KR-20
    partial_credit: bool = False
    #: the fields of a sealed entry (``public_fields``) every student sees on screen: the leak scan
    #: does not count a rubric word found there (lessons/teacher/release.py ``visible_fields``)
    visible_fields: tuple[str, ...] = ()
    #: the form's bank fields that hold key material: none may appear in a release (``teacher_fields``)
    teacher_fields: tuple[str, ...] = ()
    #: lines to write on in a printed worksheet, for a form answered in words
    worksheet_lines: int = 2

    @property
    def key(self) -> str:
        """The registry key: ``form``, or ``form:answer_type`` for a variant."""
        return f"{self.form}:{self.answer_type}" if self.answer_type else self.form

    # -- the bank -----------------------------------------------------------

    def build(self, ex: Exercise, entry: dict, where: str) -> None:
        """Fill ``ex`` (common fields done) from its bank ``entry``; set ``ex.keys``."""
        raise NotImplementedError

    def public_fields(self, ex: Exercise) -> dict:
        """The form's fields every student sees (options, statements …): what
        a sealed entry holds in either release mode. Nothing derived from the key."""
        return {}

    def seal(self, ex: Exercise, sealer: Sealer) -> tuple[dict, dict, dict]:
        """(fields, locked feedback, open feedback) of a practice-mode sealed entry;
        every lock goes through ``sealer`` (the exercise's salt, one padded width)."""
        raise NotImplementedError

    def sealed_keys(self, ex: Exercise) -> dict:
        """The keys a practice-mode sealed entry keeps as digests (name → ClearKey)."""
        return dict(ex.keys)

    def unseal(self, ex: Exercise, entry: dict) -> None:
        """Fill ``ex`` from a sealed bank ``entry`` (the inverse of :meth:`seal`)."""

    def key_names(self) -> tuple[str, ...]:
        """The keys a practice-mode sealed entry must have."""
        return ("main",)

    # -- answers ------------------------------------------------------------

    def read(self, ex: Exercise, answer) -> set[str]:
        """The tokens of a non-empty ``answer``; InvalidAnswer (Indonesian) if unreadable."""
        raise NotImplementedError

    def score(self, ex: Exercise, tokens: set[str]) -> Result:
        raise NotImplementedError

    # -- presentation -------------------------------------------------------

    def text_lines(self, ex: Exercise) -> list[str]:
        """The lines after the question in :meth:`Exercise.as_text`."""
        return []

    def question_html(self, ex: Exercise) -> str:
        """Extra HTML under the question in the widget."""
        return ""

    def controls(self, ex: Exercise) -> Controls:
        raise NotImplementedError

    # -- the teacher's views ------------------------------------------------

    def right_answer(self, ex: Exercise):
        """A correct answer, as a student would give it (the author's ``examples.right`` first)."""
        given = (ex.teacher.get("examples") or {}).get("right")
        return given if given is not None else self.key_answer(ex)

    def key_answer(self, ex: Exercise):
        """A correct answer derived from the key."""
        raise NotImplementedError

    def wrong_answers(self, ex: Exercise) -> list:
        """At least one wrong answer (the author's ``examples.wrong`` first).

        Contract: the first one scores 0 (not merely less than the points), so a
        class built from right answers and ``wrong_answers(ex)[0]`` has a known
        total; ``tests/test_forms_contract.py`` checks it for every form."""
        given = (ex.teacher.get("examples") or {}).get("wrong")
        if given is not None:
            return list(given) if isinstance(given, list) and self.list_of_answers else [given]
        return self.derived_wrong_answers(ex)

    def derived_wrong_answers(self, ex: Exercise) -> list:
        raise NotImplementedError

    def key_text(self, ex: Exercise) -> str:
        """The key in words, as a teacher reads it (kisi-kisi, the worksheet's key sheet):
        the option's text, the statement's verdict, the matched pair's words, never an internal code."""
        answer = self.right_answer(ex)
        if isinstance(answer, list):
            return "; ".join(map(str, answer))
        return json.dumps(answer, ensure_ascii=False) if not isinstance(answer, str) else answer

    def answer_text(self, ex: Exercise, answer) -> str:
        """A student's non-empty answer in words (gradebook, feedback page): "B. Jakarta",
        "1. Benar", or what was typed. The caller shortens it and removes control characters."""
        return plain_text(answer)

    def item_parts(self, ex: Exercise) -> ItemParts:
        """What item analysis needs: right/wrong or partial credit, and the options of a choice item."""
        return ItemParts(dichotomous=not self.partial_credit)

    def worksheet(self, ex: Exercise) -> list[dict]:
        """The answer part of the printed worksheet (LKPD), as blocks (``choices_block``,
        ``table_block``, ``list_block``, ``lines_block``): nothing derived from the key."""
        label = t("lkpd_answer") + (f" ({t('lkpd_unit', unit=ex.unit)})" if ex.unit else "")
        return [lines_block(self.worksheet_lines, label)]

    def lock_names(self, ex: Exercise) -> tuple[str, ...]:
        """The names a practice-mode entry may lock feedback under (the leak scan of an exam copy looks for them)."""
        return ("benar",)

    def rubric(self, ex: Exercise) -> list[dict] | None:
        """The scoring rubric ({label, keywords, points} each) the answer-key
        notebook shows instead of a key, or None for a form scored by a key."""
        return None

    def key_feedback(self, ex: Exercise) -> list[str]:
        """Feedback only a right answer opens: seen in a stored output, it tells the key."""
        return [ex.feedback["benar"]] if ex.feedback.get("benar") else []

    def secrets(self, ex: Exercise) -> dict[str, list[str]]:
        """What must never be readable in a student copy, by kind."""
        found: dict[str, list[str]] = {"jawaban": [], "kata_kunci": [], "contoh": []}
        for name in ("model_answer", "explanation"):
            if ex.teacher.get(name):
                found["contoh"].append(str(ex.teacher[name]))
        return found


class Choice(Form):
    """A form answered by choosing among coded options (``ex.options``)."""

    visible_fields = ("options",)

    def key_text(self, ex: Exercise) -> str:
        answer = self.right_answer(ex)
        codes = answer if isinstance(answer, list) else [answer]
        if not all(letter_code(c) for c in ex.options):  # data labels: the label only, the code is internal
            return "; ".join(str(ex.options.get(c, c)) for c in codes)
        return "; ".join(f"{c}. {ex.options.get(c, '')}" for c in codes)

    def answer_text(self, ex: Exercise, answer) -> str:
        tokens = read_or_none(self, ex, answer)
        if tokens is not None and all(tok in ex.options for tok in tokens):
            return "; ".join(f"{tok}. {ex.options[tok]}" for tok in tokens)
        return plain_text(answer)

    def item_parts(self, ex: Exercise) -> ItemParts:
        labels = {code: (str(text) if len(str(text)) <= 40 else str(text)[:39] + "…")
                  for code, text in ex.options.items() if not letter_code(code)}
        return ItemParts(not self.partial_credit, tuple(ex.options), tuple(ex.key_tokens()), labels)

    def worksheet(self, ex: Exercise) -> list[dict]:
        return [choices_block(ex.options)]


def lock_benar(ex: Exercise, sealer: Sealer, tokens) -> dict:
    """The "benar" feedback locked under each token that earns it."""
    return {"benar": sealer.lock("benar", tokens, ex.feedback["benar"])}
