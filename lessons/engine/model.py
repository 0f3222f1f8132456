"""The exercise model: exercises, keys, results, and answer normalisation.

Exercises are data. Each lesson has a bank ``data/exercises/NN.yml`` (read by
:mod:`lessons.engine.bank`); every exercise there has an ``id``, a ``form``, a
cognitive ``level`` (C1–C6), ``points``, a ``hint``, feedback, and its key.

Scoring never looks at the key directly. Each form (see
:mod:`lessons.engine.forms`) turns an answer into a set of *tokens* (strings
such as ``"B"``, ``"2=c"`` or a normalised phrase) and asks a key whether a
token is in it. A :class:`ClearKey` holds the tokens themselves (the
teacher's bank); a :class:`SealedKey` holds only salted SHA-256 digests of
them, so a student release can give instant feedback without any key being
readable as plain text.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from lessons.core import formatting
from lessons.engine.locks import unlock_text
from lessons.text import FORM_NAMES, t

MAX_TEXT = 5000  # characters accepted in one typed answer
ESSAY_MAX_NGRAM = 4


class BankError(Exception):
    """A bank file is missing or malformed. ``str()`` is Indonesian."""


class InvalidAnswer(Exception):
    """Raised inside the engine when an answer cannot be read; caught by check."""

    def __init__(self, message: str, empty: bool = False):
        super().__init__(message)
        self.empty = empty


# --------------------------------------------------------------------------
# keys


class ClearKey:
    """A key whose tokens are kept as they are (the teacher's bank)."""

    def __init__(self, tokens):
        self.tokens = frozenset(tokens)

    def __contains__(self, token: str) -> bool:
        return token in self.tokens

    def __len__(self) -> int:
        return len(self.tokens)


class SealedKey:
    """A key kept only as salted SHA-256 digests of its tokens."""

    def __init__(self, salt: str, digests, size: int | None = None):
        self.salt = salt
        self.digests = frozenset(digests)
        self.size = len(self.digests) if size is None else size

    @staticmethod
    def digest(salt: str, token: str) -> str:
        return hashlib.sha256(f"{salt}\x1f{token}".encode("utf-8")).hexdigest()

    @classmethod
    def seal(cls, key: ClearKey, salt: str) -> "SealedKey":
        return cls(salt, (cls.digest(salt, tok) for tok in key.tokens), len(key.tokens))

    def __contains__(self, token: str) -> bool:
        return self.digest(self.salt, token) in self.digests

    def __len__(self) -> int:
        return self.size


def canonical(tokens) -> str:
    """One string for a whole answer set (unlocks "benar" feedback of set answers)."""
    return "|".join(sorted(tokens))


# --------------------------------------------------------------------------
# text and number normalisation


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_NOT_WORD = re.compile(r"[^\w]+")


def normalize_text(value: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces.

    ``"  Sekretariat-ASEAN, Jakarta! "`` → ``"sekretariat asean jakarta"``.

    Fast on long, mostly ASCII text (a class's essays, every file of a
    release): ASCII needs no accent stripping, and only the non-ASCII runs
    are walked character by character.
    """
    if value.isascii():
        return " ".join(_NOT_WORD.sub(" ", value.lower()).split())
    value = unicodedata.normalize("NFKD", value)
    value = _NON_ASCII.sub(lambda m: "".join(ch for ch in m.group(0) if not unicodedata.combining(ch)), value)
    return " ".join(_NOT_WORD.sub(" ", value.casefold()).split())


def ngrams(text: str, longest: int = ESSAY_MAX_NGRAM) -> set[str]:
    """Every run of 1..``longest`` words of the normalised ``text``."""
    words = normalize_text(text).split()
    return {" ".join(words[i : i + n]) for n in range(1, longest + 1) for i in range(len(words) - n + 1)}


def parse_number(value) -> Decimal | None:
    """A number typed the Indonesian or English way ("12,5", "12.5", 12.5)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return Decimal(str(value))
    if isinstance(value, str):
        text = value.strip().replace(" ", "").replace("\u00a0", "")
        if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", text):  # 1.234,5
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", ".")
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            return None
    return None


def number_token(value: Decimal, decimals: int) -> str:
    quantum = Decimal(1).scaleb(-decimals)
    return str(value.quantize(quantum, rounding="ROUND_HALF_UP"))


def is_empty(value) -> bool:
    """No answer at all: None, NaN, blank text, an empty collection."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    if isinstance(value, (list, tuple, set, frozenset, dict)) and not value:
        return True
    return False


# --------------------------------------------------------------------------
# the model


@dataclass(frozen=True)
class Result:
    """The outcome of checking one answer."""

    exercise_id: str
    status: str  # benar | sebagian | salah | kosong | tidak_valid | perlu_diperiksa | tersimpan (exam: for the teacher)
    score: float
    points: float
    message: str
    needs_review: bool = False

    @property
    def correct(self) -> bool:
        return self.status == "benar"

    def _repr_mimebundle_(self, include=None, exclude=None):
        from html import escape

        lines = self.message.split("\n")
        body = "".join(f"<div>{escape(line)}</div>" for line in lines)
        return {"text/plain": self.message, "text/html": f'<div class="kssa-feedback" role="status">{body}</div>'}


@dataclass(frozen=True)
class Testlet:
    """An AKM-style testlet: one stimulus (a text or a table) shared by several
    exercises of one bank, shown once above the first of them."""

    id: str
    title: str
    stimulus: str
    items: tuple = ()  # the ids of its exercises, in bank order

    @property
    def first(self) -> str:
        return self.items[0] if self.items else ""

    def heading(self) -> str:
        if len(self.items) > 1:
            return t("testlet_heading", title=self.title, first=self.items[0], last=self.items[-1])
        return t("testlet_heading_one", title=self.title)

    def text_lines(self, exercise_id: str) -> list[str]:
        """What an exercise of this testlet shows as text: the whole stimulus
        above the first item, a pointer to it above the others."""
        if exercise_id == self.first:
            return [self.heading(), self.stimulus.strip()]
        return [t("testlet_see_above", title=self.title, first=self.first)]


@dataclass
class Exercise:
    """One exercise of a bank, with its key material.

    ``kind`` is the exercise's question form (a :class:`lessons.engine.forms.base.Form`),
    set when the bank is read; everything that differs between forms goes
    through it.
    """

    id: str
    lesson: str
    form: str
    level: str
    points: float
    question: str
    hint: str
    objective: str = ""
    indicator: str = ""
    stimulus: str = ""
    testlet_id: str = ""  # the bank's testlet this exercise belongs to ("" = none)
    testlet: Any = field(default=None, repr=False, compare=False)  # its Testlet, set when the bank is read
    options: dict = field(default_factory=dict)  # letter/code -> text
    statements: list = field(default_factory=list)  # benar_salah
    left: list = field(default_factory=list)  # menjodohkan: numbered items
    right: dict = field(default_factory=dict)  # menjodohkan: letter -> text
    feedback: dict = field(default_factory=dict)
    answer_type: str = ""  # data: pilihan | angka
    decimals: int = 0
    unit: str = ""
    criteria: list = field(default_factory=list)  # uraian: [{"label", "points", "key"}]
    min_words: int = 0
    form_fields: dict = field(default_factory=dict)  # a form's own public fields that have no slot above (a new form's)
    keys: dict = field(default_factory=dict)  # name -> ClearKey | SealedKey
    teacher: dict = field(default_factory=dict)  # model answer, rubric, derivation: never shown to students
    salt: str = ""  # set in a sealed (student) bank: the bank's salt and this exercise's id
    exam: bool = False  # an exam-mode sealed entry: no key material at all; answers are saved for the teacher
    locked_feedback: dict = field(default_factory=dict)  # name -> {digest: ciphertext} in a sealed bank
    kind: Any = field(default=None, repr=False, compare=False)  # the Form

    def feedback_for(self, name: str, unlock=()) -> str:
        """Feedback ``name`` ("A", "benar", ...); in a sealed bank it opens
        only with the token that earns it (the chosen option, the right set)."""
        if name in self.feedback:
            return self.feedback[name]
        locked = self.locked_feedback.get(name)
        if locked:
            for token in unlock:
                text = unlock_text(self.salt, name, token, locked)
                if text is not None:
                    return text
        return ""

    def criterion_label(self, criterion: dict, tokens) -> str:
        if "label" in criterion:
            return criterion["label"]
        for token in tokens:
            text = unlock_text(self.salt, criterion["key"], token, criterion["label_locked"])
            if text is not None:
                return text
        return ""

    def key_tokens(self) -> list[str]:
        """The main key's tokens, sorted (a clear bank only; [] otherwise)."""
        key = self.keys.get("main")
        return sorted(key.tokens) if isinstance(key, ClearKey) else []

    # -- presentation -----------------------------------------------------

    @property
    def form_name(self) -> str:
        return FORM_NAMES[self.form]

    def header(self) -> str:
        return t("exercise_header", id=self.id, form=self.form_name, level=self.level, points=formatting.points(self.points))

    def as_text(self) -> str:
        """The question as plain text (what nbval compares)."""
        lines = [self.header()]
        if self.testlet is not None:
            lines += self.testlet.text_lines(self.id)
        if self.stimulus:
            lines += [t("exercise_stimulus"), self.stimulus.strip()]
        lines.append(self.question.strip())
        lines += self.kind.text_lines(self)
        return "\n".join(lines)
