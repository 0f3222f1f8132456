"""The exercise engine: banks, answer normalisation and scoring.

Exercises are data. Each lesson has a bank ``data/exercises/NN.yml``; every
exercise there has an ``id``, a ``form``, a cognitive ``level`` (C1–C6),
``points``, a ``hint``, feedback, and its key.

Scoring never looks at the key directly. Each form turns an answer into a set
of *tokens* (strings such as ``"B"``, ``"2=c"`` or a normalised phrase) and asks
a :class:`KeySet` whether a token is in the key. A :class:`ClearKey` holds the
tokens themselves (the teacher's bank); a :class:`SealedKey` holds only salted
SHA-256 digests of them, so a student release can give instant feedback
without any key being readable as plain text.

:func:`check` accepts *any* Python value as an answer and always returns a
:class:`Result` with an Indonesian message; it never raises.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from lessons.core import formatting
from lessons.core.paths import course
from lessons.text import FORM_NAMES, LEVEL_NAMES, join_list, t, type_name

FORMS = tuple(FORM_NAMES)
LEVELS = tuple(LEVEL_NAMES)
MAX_TEXT = 5000  # characters accepted in one typed answer
ESSAY_MAX_NGRAM = 4


class BankError(Exception):
    """A bank file is missing or malformed. ``str()`` is Indonesian."""


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


# --------------------------------------------------------------------------
# text normalisation


def normalize_text(value: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces.

    ``"  Sekretariat-ASEAN, Jakarta! "`` → ``"sekretariat asean jakarta"``.
    """
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = value.casefold()
    value = re.sub(r"[^\w]+", " ", value)
    return " ".join(value.split())


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


# --------------------------------------------------------------------------
# the model


@dataclass(frozen=True)
class Result:
    """The outcome of checking one answer."""

    exercise_id: str
    status: str  # benar | sebagian | salah | kosong | tidak_valid | perlu_diperiksa
    score: float
    points: float
    message: str
    needs_review: bool = False

    @property
    def correct(self) -> bool:
        return self.status == "benar"

    def as_text(self) -> str:
        return self.message

    def _repr_mimebundle_(self, include=None, exclude=None):
        from html import escape

        lines = self.message.split("\n")
        body = "".join(f"<div>{escape(line)}</div>" for line in lines)
        return {"text/plain": self.message, "text/html": f'<div class="kssa-feedback" role="status">{body}</div>'}


class InvalidAnswer(Exception):
    """Raised inside the engine when an answer cannot be read; caught by check."""

    def __init__(self, message: str, empty: bool = False):
        super().__init__(message)
        self.empty = empty


@dataclass
class Exercise:
    """One exercise of a bank, with its key material."""

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
    keys: dict = field(default_factory=dict)  # name -> KeySet
    teacher: dict = field(default_factory=dict)  # model answer, rubric, derivation: never shown to students
    salt: str = ""  # set in a sealed (student) bank
    locked_feedback: dict = field(default_factory=dict)  # name -> {digest: ciphertext} in a sealed bank

    def feedback_for(self, name: str, unlock=()) -> str:
        """Feedback ``name`` ("A", "benar", ...); in a sealed bank it opens
        only with the token that earns it (the chosen option, the right set)."""
        if name in self.feedback:
            return self.feedback[name]
        locked = self.locked_feedback.get(name)
        if locked:
            from lessons.engine.sealing import unlock_text

            for token in unlock:
                text = unlock_text(self.salt, name, token, locked)
                if text is not None:
                    return text
        return ""

    def criterion_label(self, criterion: dict, tokens) -> str:
        if "label" in criterion:
            return criterion["label"]
        from lessons.engine.sealing import unlock_text

        for token in tokens:
            text = unlock_text(self.salt, criterion["key"], token, criterion["label_locked"])
            if text is not None:
                return text
        return ""

    # -- presentation -----------------------------------------------------

    @property
    def form_name(self) -> str:
        if self.form == "data":
            return FORM_NAMES["data"]
        return FORM_NAMES[self.form]

    def header(self) -> str:
        return t("exercise_header", id=self.id, form=self.form_name, level=self.level, points=formatting.points(self.points))

    def as_text(self) -> str:
        """The question as plain text (what nbval compares)."""
        lines = [self.header()]
        if self.stimulus:
            lines += [t("exercise_stimulus"), self.stimulus.strip()]
        lines.append(self.question.strip())
        if self.form in ("pilihan_ganda", "pg_kompleks"):
            lines += [f"{k}. {v}" for k, v in self.options.items()]
        elif self.form == "data" and self.answer_type == "pilihan":
            lines += [f"- {v}" for v in self.options.values()]
        elif self.form == "benar_salah":
            lines += [f"{i}. {s}" for i, s in enumerate(self.statements, start=1)]
        elif self.form == "menjodohkan":
            lines += [f"{i}. {s}" for i, s in enumerate(self.left, start=1)]
            lines += [f"{k}. {v}" for k, v in self.right.items()]
        return "\n".join(lines)


# --------------------------------------------------------------------------
# reading a bank


_ID = re.compile(r"\d{2}-\d{2}")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _require(entry: dict, key: str, kind, where: str):
    value = entry.get(key)
    if not isinstance(value, kind) or (isinstance(value, (str, list, dict)) and not value):
        raise BankError(f"{where}: bagian \"{key}\" wajib ada dan harus berisi {'teks' if kind is str else 'daftar' if kind is list else 'data'}.")
    return value


def build_exercise(entry: dict, lesson: str, where: str) -> Exercise:
    """Turn one bank entry (a dict from the YAML file) into an Exercise."""
    if not isinstance(entry, dict):
        raise BankError(f"{where}: setiap soal harus berupa kumpulan isian.")
    ex_id = _require(entry, "id", str, where)
    where = f"soal {ex_id}"
    if not _ID.fullmatch(ex_id) or not ex_id.startswith(lesson + "-"):
        raise BankError(f"{where}: kode soal harus berbentuk \"{lesson}-NN\".")
    form = entry.get("form")
    if form not in FORMS:
        raise BankError(f"{where}: bentuk soal \"{form}\" tidak dikenal.")
    level = entry.get("level")
    if level not in LEVELS:
        raise BankError(f"{where}: level kognitif harus salah satu dari C1–C6.")
    points = entry.get("points")
    if isinstance(points, bool) or not isinstance(points, (int, float)) or not 0 < points <= 100:
        raise BankError(f"{where}: poin harus angka lebih dari 0.")
    ex = Exercise(
        id=ex_id,
        lesson=lesson,
        form=form,
        level=level,
        points=float(points),
        question=_require(entry, "question", str, where),
        hint=_require(entry, "hint", str, where),
        objective=str(entry.get("objective", "")),
        indicator=str(entry.get("indicator", "")),
        stimulus=str(entry.get("stimulus", "") or ""),
        feedback=dict(entry.get("feedback") or {}),
    )
    for name in ("model_answer", "derivation", "explanation", "examples", "accepted", "key", "tolerance"):
        if name in entry:
            ex.teacher[name] = entry[name]

    if form == "pilihan_ganda" or (form == "data" and entry.get("answer_type", "pilihan") == "pilihan"):
        options = _require(entry, "options", dict, where)
        ex.options = {str(k): str(v) for k, v in options.items()}
        if form == "pilihan_ganda" and list(ex.options) != ["A", "B", "C", "D"]:
            raise BankError(f"{where}: pilihan ganda harus punya pilihan A, B, C dan D.")
        key = str(entry.get("key"))
        if key not in ex.options:
            raise BankError(f"{where}: kunci \"{key}\" bukan salah satu pilihan.")
        ex.keys["main"] = ClearKey({key})
        if form == "data":
            ex.answer_type = "pilihan"
            _require_feedback(ex, where, ("benar", "salah"))
        else:
            for option in ex.options:
                if not isinstance(ex.feedback.get(option), str):
                    raise BankError(f"{where}: umpan balik untuk pilihan {option} belum ada.")
    elif form == "pg_kompleks":
        options = _require(entry, "options", dict, where)
        ex.options = {str(k): str(v) for k, v in options.items()}
        if list(ex.options) != list("ABCDE")[: len(ex.options)] or not 3 <= len(ex.options) <= 5:
            raise BankError(f"{where}: pilihan ganda kompleks harus punya 3–5 pilihan berlabel A, B, C, ...")
        key = entry.get("key")
        if not isinstance(key, list) or not key or any(str(k) not in ex.options for k in key):
            raise BankError(f"{where}: kunci harus daftar huruf pilihan yang ada.")
        ex.keys["main"] = ClearKey({str(k) for k in key})
        _require_feedback(ex, where, ("benar", "salah"))
    elif form == "benar_salah":
        statements = _require(entry, "statements", list, where)
        tokens = set()
        for i, st in enumerate(statements, start=1):
            if not isinstance(st, dict) or not isinstance(st.get("text"), str) or not isinstance(st.get("key"), bool):
                raise BankError(f"{where}: pernyataan {i} harus punya \"text\" dan \"key\" (true/false).")
            ex.statements.append(st["text"])
            tokens.add(f"{i}={'B' if st['key'] else 'S'}")
        ex.keys["main"] = ClearKey(tokens)
        _require_feedback(ex, where, ("benar", "salah"))
    elif form == "menjodohkan":
        pairs = _require(entry, "pairs", list, where)
        distractors = [str(d) for d in entry.get("distractors", []) or []]
        lefts, rights = [], []
        for i, pair in enumerate(pairs, start=1):
            if not isinstance(pair, dict) or not isinstance(pair.get("left"), str) or not isinstance(pair.get("right"), str):
                raise BankError(f"{where}: pasangan {i} harus punya \"left\" dan \"right\".")
            lefts.append(pair["left"])
            rights.append(pair["right"])
        if len(set(rights + distractors)) != len(rights) + len(distractors):
            raise BankError(f"{where}: setiap jawaban di lajur kanan harus berbeda.")
        ordered = sorted(rights + distractors, key=normalize_text)  # order never reveals the key
        ex.left = lefts
        ex.right = {_LETTERS[i]: text for i, text in enumerate(ordered)}
        letter_of = {text: letter for letter, text in ex.right.items()}
        ex.keys["main"] = ClearKey({f"{i}={letter_of[r]}" for i, r in enumerate(rights, start=1)})
        _require_feedback(ex, where, ("benar", "salah"))
    elif form == "isian":
        accepted = _require(entry, "accepted", list, where)
        tokens = {normalize_text(str(a)) for a in accepted} - {""}
        if not tokens:
            raise BankError(f"{where}: jawaban yang diterima tidak boleh kosong.")
        ex.keys["main"] = ClearKey(tokens)
        _require_feedback(ex, where, ("benar", "salah"))
    elif form == "uraian":
        rubric = _require(entry, "rubric", list, where)
        for i, criterion in enumerate(rubric, start=1):
            keywords = criterion.get("keywords") if isinstance(criterion, dict) else None
            if not isinstance(keywords, list) or not keywords or not isinstance(criterion.get("label"), str):
                raise BankError(f"{where}: kriteria rubrik {i} harus punya \"label\" dan \"keywords\".")
            pts = criterion.get("points", 1)
            if isinstance(pts, bool) or not isinstance(pts, (int, float)) or pts <= 0:
                raise BankError(f"{where}: poin kriteria rubrik {i} harus angka lebih dari 0.")
            words = {normalize_text(str(k)) for k in keywords} - {""}
            if any(len(w.split()) > ESSAY_MAX_NGRAM for w in words):
                raise BankError(f"{where}: kata kunci rubrik {i} paling banyak {ESSAY_MAX_NGRAM} kata.")
            name = f"c{i}"
            ex.keys[name] = ClearKey(words)
            ex.criteria.append({"key": name, "label": criterion["label"], "points": float(pts)})
        total = sum(c["points"] for c in ex.criteria)
        if abs(total - ex.points) > 1e-9:
            raise BankError(f"{where}: jumlah poin rubrik ({formatting.points(total)}) harus sama dengan poin soal ({formatting.points(ex.points)}).")
        ex.min_words = int(entry.get("min_words", 5))
        ex.teacher["rubric"] = [{"label": c["label"], "keywords": list(k.get("keywords")), "points": c["points"]} for c, k in zip(ex.criteria, rubric)]
        _require_feedback(ex, where, ("benar", "salah"))
    elif form == "data":
        ex.answer_type = "angka"
        if entry.get("answer_type") != "angka":
            raise BankError(f"{where}: soal data harus ber-answer_type \"pilihan\" atau \"angka\".")
        decimals = entry.get("decimals", 0)
        tolerance = entry.get("tolerance", 0)
        key = parse_number(entry.get("key"))
        if key is None or not isinstance(decimals, int) or not 0 <= decimals <= 3:
            raise BankError(f"{where}: kunci soal angka harus angka dan decimals 0–3.")
        tol = parse_number(tolerance)
        if tol is None or tol < 0:
            raise BankError(f"{where}: toleransi harus angka 0 atau lebih.")
        step = Decimal(1).scaleb(-decimals)
        low = (key - tol).quantize(step, rounding="ROUND_CEILING")
        high = (key + tol).quantize(step, rounding="ROUND_FLOOR")
        count = int((high - low) / step) + 1
        if count > 10001:
            raise BankError(f"{where}: toleransi terlalu lebar untuk jumlah desimalnya.")
        ex.keys["main"] = ClearKey({number_token(low + step * i, decimals) for i in range(count)})
        ex.decimals = decimals
        ex.unit = str(entry.get("unit", ""))
        _require_feedback(ex, where, ("benar", "salah"))
    return ex


def _require_feedback(ex: Exercise, where: str, names) -> None:
    for name in names:
        if not isinstance(ex.feedback.get(name), str) or not ex.feedback[name].strip():
            raise BankError(f"{where}: umpan balik \"{name}\" belum ada.")


def read_yaml(text: str):
    """Parse YAML safely, with the C parser when PyYAML has it (10× faster)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def bank_path(lesson: str) -> Path:
    return course().bank_path(lesson)


def load_bank(lesson: str, path: Path | None = None) -> dict[str, Exercise]:
    """All exercises of ``lesson`` ("00", "01", ...), keyed by id, in bank order."""
    path = Path(path) if path else bank_path(lesson)
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise BankError(t("bank_missing", lesson=lesson)) from None
    return _load_bank_cached(lesson, str(path), stamp)


@lru_cache(maxsize=16)
def _load_bank_cached(lesson: str, path: str, stamp) -> dict[str, Exercise]:
    import yaml

    shown = f"data/exercises/{Path(path).name}"
    try:
        doc = read_yaml(Path(path).read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise BankError(t("bank_error", file=shown, detail=f"format YAML tidak dapat dibaca ({type(err).__name__})")) from None
    if not isinstance(doc, dict) or str(doc.get("lesson")) != lesson or not isinstance(doc.get("exercises"), list):
        raise BankError(t("bank_error", file=shown, detail=f"harus berisi \"lesson: '{lesson}'\" dan daftar \"exercises\"."))
    bank: dict[str, Exercise] = {}
    sealed = doc.get("sealed")
    try:
        for entry in doc["exercises"]:
            if sealed:
                from lessons.engine.sealing import build_sealed_exercise

                ex = build_sealed_exercise(entry, lesson, sealed, f"soal ke-{len(bank) + 1}")
            else:
                ex = build_exercise(entry, lesson, f"soal ke-{len(bank) + 1}")
            if ex.id in bank:
                raise BankError(f"kode soal {ex.id} dipakai dua kali.")
            ex.teacher["objectives"] = doc.get("objectives", {})
            bank[ex.id] = ex
    except BankError as err:
        raise BankError(t("bank_error", file=shown, detail=str(err))) from None
    return bank


def find_exercise(exercise_id) -> Exercise:
    """The exercise with id ``"NN-MM"``; BankError (Indonesian) if unknown."""
    if not isinstance(exercise_id, str) or not _ID.fullmatch(exercise_id):
        raise BankError(t("invalid_unknown_id", id=str(exercise_id)[:40]))
    bank = load_bank(exercise_id[:2])
    if exercise_id not in bank:
        raise BankError(t("invalid_unknown_id", id=exercise_id))
    return bank[exercise_id]


# --------------------------------------------------------------------------
# reading answers into tokens


def _is_empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    if isinstance(value, (list, tuple, set, frozenset, dict)) and not value:
        return True
    return False


def _letter(ex: Exercise, value) -> str:
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


def _truth(value) -> str | None:
    if isinstance(value, bool):
        return "B" if value else "S"
    if isinstance(value, str):
        word = normalize_text(value)
        if word in ("b", "benar", "true", "ya"):
            return "B"
        if word in ("s", "salah", "false", "tidak"):
            return "S"
    return None


def tokens_for(ex: Exercise, answer) -> set[str]:
    """The tokens of ``answer``; raises InvalidAnswer with an Indonesian message."""
    if _is_empty(answer):
        raise InvalidAnswer(t("result_empty"), empty=True)
    form = ex.form
    if form == "pilihan_ganda" or (form == "data" and ex.answer_type == "pilihan"):
        return {_letter(ex, answer)}
    if form == "pg_kompleks":
        if isinstance(answer, str):
            answer = [a for a in re.split(r"[\s,;]+", answer) if a]
        if not isinstance(answer, (list, tuple, set, frozenset)):
            raise InvalidAnswer(t("invalid_type", got=type_name(answer), expected=t("expected_letters")))
        if len(answer) > len(ex.options):
            raise InvalidAnswer(t("invalid_count", expected=len(ex.options), what="pilihan", got=len(answer)))
        return {_letter(ex, a) for a in answer}
    if form == "benar_salah":
        n = len(ex.statements)
        if n == 1 and not isinstance(answer, (list, tuple, dict)):
            answer = [answer]
        if isinstance(answer, dict):
            answer = [answer.get(i, answer.get(str(i))) for i in range(1, n + 1)]
        if not isinstance(answer, (list, tuple)):
            raise InvalidAnswer(t("invalid_type", got=type_name(answer), expected=t("expected_truth")))
        if len(answer) != n:
            raise InvalidAnswer(t("invalid_count", expected=n, what=t("what_statements"), got=len(answer)))
        tokens = set()
        for i, value in enumerate(answer, start=1):
            if _is_empty(value):
                continue
            truth = _truth(value)
            if truth is None:
                raise InvalidAnswer(t("invalid_type", got=type_name(value), expected=t("expected_truth")))
            tokens.add(f"{i}={truth}")
        if not tokens:
            raise InvalidAnswer(t("result_empty"), empty=True)
        return tokens
    if form == "menjodohkan":
        n = len(ex.left)
        if isinstance(answer, (list, tuple)) and len(answer) == n:
            answer = {i: v for i, v in enumerate(answer, start=1)}
        if not isinstance(answer, dict):
            raise InvalidAnswer(t("invalid_type", got=type_name(answer), expected=t("expected_pairs")))
        tokens = set()
        for raw_key, value in answer.items():
            number = raw_key if isinstance(raw_key, int) and not isinstance(raw_key, bool) else None
            if isinstance(raw_key, str) and raw_key.strip().isdigit():
                number = int(raw_key.strip())
            if number is None or not 1 <= number <= n:
                raise InvalidAnswer(t("invalid_option", value=str(raw_key)[:40], allowed=join_list(range(1, n + 1))))
            if _is_empty(value):
                continue
            if not isinstance(value, str):
                raise InvalidAnswer(t("invalid_type", got=type_name(value), expected=t("expected_pairs")))
            letter = value.strip().casefold()
            if letter not in ex.right:
                matches = [k for k, v in ex.right.items() if normalize_text(v) == normalize_text(value)]
                if not matches:
                    raise InvalidAnswer(t("invalid_option", value=value[:40], allowed=join_list(ex.right)))
                letter = matches[0]
            tokens.add(f"{number}={letter}")
        if not tokens:
            raise InvalidAnswer(t("result_empty"), empty=True)
        return tokens
    if form in ("isian", "uraian"):
        if isinstance(answer, bool) or not isinstance(answer, (str, int, float)):
            raise InvalidAnswer(t("invalid_type", got=type_name(answer), expected=t("expected_text")))
        text = str(answer)
        if len(text) > MAX_TEXT:
            raise InvalidAnswer(t("invalid_too_long", n=len(text), limit=MAX_TEXT))
        if form == "isian":
            token = normalize_text(text)
            if not token:
                raise InvalidAnswer(t("result_empty"), empty=True)
            return {token}
        words = normalize_text(text).split()
        if not words:
            raise InvalidAnswer(t("result_empty"), empty=True)
        if len(words) < ex.min_words:
            raise InvalidAnswer(t("essay_short", n=ex.min_words))
        return ngrams(text)
    if form == "data":  # angka
        if isinstance(answer, str) and len(answer) > 100:
            raise InvalidAnswer(t("invalid_too_long", n=len(answer), limit=100))
        number = parse_number(answer)
        if number is not None and abs(number) >= Decimal("1e12"):
            raise InvalidAnswer(t("invalid_number", value=str(answer)[:40]))
        if number is None:
            if isinstance(answer, (str, int, float)) and not isinstance(answer, bool):
                raise InvalidAnswer(t("invalid_number", value=str(answer)[:40]))
            raise InvalidAnswer(t("invalid_type", got=type_name(answer), expected=t("expected_number")))
        return {number_token(number, ex.decimals)}
    raise InvalidAnswer(t("invalid_type", got=type_name(answer), expected=t("expected_text")))  # pragma: no cover


# --------------------------------------------------------------------------
# scoring


def _round(score: float) -> float:
    return round(score + 1e-12, 2)


def _message(ex: Exercise, status: str, score: float, extra: list[str] | None = None, feedback: str = "",
             complete: bool = False) -> str:
    head = {
        "benar": t("result_correct"),
        "sebagian": t("result_partial"),
        "salah": t("result_wrong"),
        "perlu_diperiksa": t("result_review"),
    }[status]
    lines = [head]
    if feedback:
        lines.append(feedback.strip())
    lines += extra or []
    if status == "perlu_diperiksa":
        lines.append(t("score_provisional", score=formatting.points(score), points=formatting.points(ex.points)))
    else:
        lines.append(t("score_line", score=formatting.points(score), points=formatting.points(ex.points)))
    if status != "benar" and not complete and ex.hint:
        lines.append(t("hint_line", hint=ex.hint.strip()))
    return "\n".join(lines)


def canonical(tokens) -> str:
    """One string for a whole answer set (unlocks "benar" feedback of set answers)."""
    return "|".join(sorted(tokens))


def score_tokens(ex: Exercise, tokens: set[str]) -> Result:
    """Score already-read tokens against the exercise's key(s)."""
    key = ex.keys.get("main")
    form = ex.form
    if form == "pilihan_ganda" or (form == "data" and ex.answer_type == "pilihan"):
        (token,) = tokens
        ok = token in key
        status = "benar" if ok else "salah"
        feedback = ex.feedback_for(token, [token]) or ex.feedback_for(status, [token])
        return Result(ex.id, status, ex.points if ok else 0.0, ex.points,
                      _message(ex, status, ex.points if ok else 0.0, feedback=feedback))
    if form == "pg_kompleks":
        ok = len(tokens) == len(key) and all(tok in key for tok in tokens)
        status = "benar" if ok else "salah"
        return Result(ex.id, status, ex.points if ok else 0.0, ex.points,
                      _message(ex, status, ex.points if ok else 0.0, feedback=ex.feedback_for(status, [canonical(tokens)])))
    if form in ("benar_salah", "menjodohkan"):
        total = len(ex.statements) if form == "benar_salah" else len(ex.left)
        right = sum(1 for tok in tokens if tok in key)
        score = _round(ex.points * right / total)
        status = "benar" if right == total else "sebagian" if right else "salah"
        extra = [t("statement_score" if form == "benar_salah" else "pairs_score", correct=right, total=total)]
        return Result(ex.id, status, score, ex.points,
                      _message(ex, status, score, extra,
                               feedback=ex.feedback_for("benar" if status == "benar" else "salah", [canonical(tokens)])))
    if form in ("isian", "data"):
        ok = any(tok in key for tok in tokens)
        status = "benar" if ok else "salah"
        return Result(ex.id, status, ex.points if ok else 0.0, ex.points,
                      _message(ex, status, ex.points if ok else 0.0, feedback=ex.feedback_for(status, sorted(tokens))))
    if form == "uraian":
        met = [c for c in ex.criteria if any(tok in ex.keys[c["key"]] for tok in tokens)]
        score = _round(min(ex.points, sum(c["points"] for c in met)))
        extra = [t("essay_met", items="; ".join(ex.criterion_label(c, sorted(tokens)) for c in met))] if met else [t("essay_none")]
        feedback = ex.feedback_for("benar" if len(met) == len(ex.criteria) else "salah")
        complete = len(met) == len(ex.criteria)
        return Result(ex.id, "perlu_diperiksa", score, ex.points,
                      _message(ex, "perlu_diperiksa", score, extra, feedback, complete=complete), True)
    raise AssertionError(form)  # pragma: no cover


def check(ex: Exercise | str, answer) -> Result:
    """Check ``answer`` for ``ex`` (an Exercise or its id). Never raises."""
    if not isinstance(ex, Exercise):
        try:
            ex = find_exercise(ex)
        except BankError as err:
            return Result(str(ex)[:40], "tidak_valid", 0.0, 0.0, f"{t('result_invalid')}\n{err}")
    try:
        tokens = tokens_for(ex, answer)
    except InvalidAnswer as err:
        status = "kosong" if err.empty else "tidak_valid"
        head = t("result_empty") if err.empty else t("result_invalid")
        body = [] if err.empty else [str(err)]
        return Result(ex.id, status, 0.0, ex.points, "\n".join([head, *body, t("hint_line", hint=ex.hint.strip())]))
    except (RecursionError, ArithmeticError, TypeError, ValueError):  # last line of defence: never a traceback
        return Result(ex.id, "tidak_valid", 0.0, ex.points, "\n".join([t("result_invalid"), t("hint_line", hint=ex.hint.strip())]))
    return score_tokens(ex, tokens)
