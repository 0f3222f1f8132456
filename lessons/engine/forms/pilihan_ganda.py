"""Pilihan ganda: one of the options A–D is right; feedback per option."""

from __future__ import annotations

from lessons.engine.forms.base import Choice, Controls, letter, message, require
from lessons.engine.model import BankError, ClearKey, Exercise, Result
from lessons.text import t


class ChoiceControls(Controls):
    """One radio button per option."""

    def __init__(self, ex: Exercise, labels):
        import ipywidgets as widgets

        self.ex = ex
        self.choice = widgets.RadioButtons(options=labels, value=None, layout=widgets.Layout(width="auto", max_width="52em"))
        self.rows = [self.choice]
        self.observed = [self.choice]

    def get(self):
        return self.choice.value

    def set(self, value) -> None:
        self.choice.value = value if value in self.ex.options else None


class PilihanGanda(Choice):
    form = "pilihan_ganda"
    schema = {
        "properties": {
            "options": {"type": "object", "additionalProperties": {"type": ["string", "number"]}},
            "key": {"type": "string"},
            "feedback": {"type": "object"},
        },
        "required": ["options", "key", "feedback"],
    }

    def build(self, ex: Exercise, entry: dict, where: str) -> None:
        self.build_options(ex, entry, where)
        if list(ex.options) != ["A", "B", "C", "D"]:
            raise BankError(t("bank_choice_options", where=where))
        self.build_key(ex, entry, where)
        for option in ex.options:
            if not isinstance(ex.feedback.get(option), str):
                raise BankError(t("bank_choice_feedback", where=where, option=option))

    @staticmethod
    def build_options(ex: Exercise, entry: dict, where: str) -> None:
        options = require(entry, "options", dict, where)
        ex.options = {str(k): str(v) for k, v in options.items()}

    @staticmethod
    def build_key(ex: Exercise, entry: dict, where: str) -> None:
        key = str(entry.get("key"))
        if key not in ex.options:
            raise BankError(t("bank_choice_key", where=where, value=key))
        ex.keys["main"] = ClearKey({key})

    def public_fields(self, ex: Exercise) -> dict:
        return {"options": dict(ex.options)}

    def seal(self, ex: Exercise, sealer):
        locked = {option: sealer.lock(option, [option], ex.feedback[option]) for option in ex.options}
        return self.public_fields(ex), locked, {}

    def unseal(self, ex: Exercise, entry: dict) -> None:
        ex.options = {str(k): str(v) for k, v in (entry.get("options") or {}).items()}

    def read(self, ex: Exercise, answer) -> set[str]:
        return {letter(ex, answer)}

    def score(self, ex: Exercise, tokens: set[str]) -> Result:
        (token,) = tokens
        ok = token in ex.keys["main"]
        status = "benar" if ok else "salah"
        score = ex.points if ok else 0.0
        feedback = ex.feedback_for(token, [token]) or ex.feedback_for(status, [token])
        return Result(ex.id, status, score, ex.points, message(ex, status, score, feedback=feedback))

    def text_lines(self, ex: Exercise) -> list[str]:
        return [f"{k}. {v}" for k, v in ex.options.items()]

    def controls(self, ex: Exercise) -> Controls:
        return ChoiceControls(ex, [(f"{k}. {v}", k) for k, v in ex.options.items()])

    def key_feedback(self, ex: Exercise) -> list[str]:
        found = super().key_feedback(ex)
        return found + [ex.feedback[token] for token in ex.key_tokens() if ex.feedback.get(token)]

    def key_answer(self, ex: Exercise):
        return ex.key_tokens()[0]

    def lock_names(self, ex: Exercise) -> tuple[str, ...]:
        return ("benar", *ex.options)  # the feedback of each option is locked under its own name

    def derived_wrong_answers(self, ex: Exercise) -> list:
        tokens = ex.key_tokens()
        return [next(k for k in ex.options if k not in tokens)]


FORM = PilihanGanda()
