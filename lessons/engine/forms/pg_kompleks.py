"""Pilihan ganda kompleks: tick every right option (3–5 options); all or nothing."""

from __future__ import annotations

import re

from lessons.engine.forms.base import Choice, Controls, all_or_nothing, letter, lock_benar, require, require_feedback
from lessons.engine.model import BankError, ClearKey, Exercise, InvalidAnswer, Result, canonical
from lessons.text import t, type_name


class TickControls(Controls):
    """One check box per option."""

    def __init__(self, ex: Exercise):
        import ipywidgets as widgets

        wide = widgets.Layout(width="auto", max_width="52em")
        self.ticks = {k: widgets.Checkbox(value=False, description=f"{k}. {v}", indent=False, layout=wide)
                      for k, v in ex.options.items()}
        self.rows = list(self.ticks.values())
        self.observed = list(self.ticks.values())

    def get(self):
        return [k for k, box in self.ticks.items() if box.value]

    def set(self, value) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for k, box in self.ticks.items():
            box.value = k in chosen


class PgKompleks(Choice):
    form = "pg_kompleks"
    list_of_answers = False
    schema = {
        "properties": {
            "options": {"type": "object", "additionalProperties": {"type": ["string", "number"]}},
            "key": {"type": "array", "minItems": 1, "items": {"type": "string"}},
            "feedback": {"type": "object"},
        },
        "required": ["options", "key", "feedback"],
    }

    def build(self, ex: Exercise, entry: dict, where: str) -> None:
        options = require(entry, "options", dict, where)
        ex.options = {str(k): str(v) for k, v in options.items()}
        if list(ex.options) != list("ABCDE")[: len(ex.options)] or not 3 <= len(ex.options) <= 5:
            raise BankError(t("bank_complex_options", where=where))
        key = entry.get("key")
        if not isinstance(key, list) or not key or any(str(k) not in ex.options for k in key):
            raise BankError(t("bank_complex_key", where=where))
        ex.keys["main"] = ClearKey({str(k) for k in key})
        ex.keys["set"] = ClearKey({canonical(ex.keys["main"].tokens)})  # the whole right set: all or nothing
        require_feedback(ex, where)

    def public_fields(self, ex: Exercise) -> dict:
        return {"options": dict(ex.options)}

    def seal(self, ex: Exercise, sealer):
        locked = lock_benar(ex, sealer, ex.keys["set"].tokens)
        return self.public_fields(ex), locked, {"salah": ex.feedback["salah"]}

    def sealed_keys(self, ex: Exercise) -> dict:
        # only the digest of the whole set: per-option digests would tell how many options are right
        return {"set": ex.keys["set"]}

    def key_names(self) -> tuple[str, ...]:
        return ("set",)

    def unseal(self, ex: Exercise, entry: dict) -> None:
        ex.options = {str(k): str(v) for k, v in (entry.get("options") or {}).items()}

    def read(self, ex: Exercise, answer) -> set[str]:
        if isinstance(answer, str):
            answer = [a for a in re.split(r"[\s,;]+", answer) if a]
        if not isinstance(answer, (list, tuple, set, frozenset)):
            raise InvalidAnswer(t("invalid_type", got=type_name(answer), expected=t("expected_letters")))
        if len(answer) > len(ex.options):
            raise InvalidAnswer(t("invalid_count", expected=len(ex.options), what=t("what_options"), got=len(answer)))
        chosen = [letter(ex, a) for a in answer]
        if len(set(chosen)) != len(chosen):  # "A" and "a" (or A's text) name one option twice
            raise InvalidAnswer(t("invalid_duplicate_option", option=next(c for c in chosen if chosen.count(c) > 1)))
        return set(chosen)

    def score(self, ex: Exercise, tokens: set[str]) -> Result:
        ok = canonical(tokens) in ex.keys["set"]
        return all_or_nothing(ex, ok, [canonical(tokens)])

    def text_lines(self, ex: Exercise) -> list[str]:
        return [f"{k}. {v}" for k, v in ex.options.items()]

    def controls(self, ex: Exercise) -> Controls:
        return TickControls(ex)

    def key_answer(self, ex: Exercise):
        return ex.key_tokens()

    def derived_wrong_answers(self, ex: Exercise) -> list:
        tokens = ex.key_tokens()
        others = [k for k in ex.options if k not in tokens]
        return [tokens[:-1] or others[:1], tokens + others[:1]] if others else [tokens[:-1]]


FORM = PgKompleks()
