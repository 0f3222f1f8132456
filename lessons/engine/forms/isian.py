"""Isian singkat: a short typed answer, compared after normalisation."""

from __future__ import annotations

from lessons.engine.forms.base import Controls, Form, all_or_nothing, lock_benar, require, require_feedback, typed_text
from lessons.engine.model import BankError, ClearKey, Exercise, InvalidAnswer, Result, normalize_text
from lessons.text import t


class TextControls(Controls):
    """One line of text, with the unit after it when there is one."""

    def __init__(self, ex: Exercise, placeholder: str):
        import ipywidgets as widgets
        from html import escape

        self.text = widgets.Text(value="", placeholder=placeholder, continuous_update=False,
                                 layout=widgets.Layout(width="24em"))
        suffix = [widgets.HTML(escape(ex.unit))] if ex.unit else []
        self.rows = [widgets.HBox([self.text, *suffix])]
        self.observed = [self.text]

    def get(self):
        return self.text.value

    def set(self, value) -> None:
        self.text.value = value if isinstance(value, str) else ""


class Isian(Form):
    form = "isian"
    teacher_fields = ("accepted",)
    schema = {
        "properties": {
            "accepted": {"type": "array", "minItems": 1, "items": {"type": ["string", "number"]}},
            "feedback": {"type": "object"},
        },
        "required": ["accepted", "feedback"],
    }

    def build(self, ex: Exercise, entry: dict, where: str) -> None:
        accepted = require(entry, "accepted", list, where)
        tokens = {normalize_text(str(a)) for a in accepted} - {""}
        if not tokens:
            raise BankError(t("bank_accepted_empty", where=where))
        ex.keys["main"] = ClearKey(tokens)
        require_feedback(ex, where)

    def seal(self, ex: Exercise, sealer):
        return {}, lock_benar(ex, sealer, ex.keys["main"].tokens), {"salah": ex.feedback["salah"]}

    def read(self, ex: Exercise, answer) -> set[str]:
        token = normalize_text(typed_text(answer))
        if not token:
            raise InvalidAnswer(t("result_empty"), empty=True)
        return {token}

    def score(self, ex: Exercise, tokens: set[str]) -> Result:
        key = ex.keys["main"]
        return all_or_nothing(ex, any(tok in key for tok in tokens), sorted(tokens))

    def controls(self, ex: Exercise) -> Controls:
        return TextControls(ex, t("answer_placeholder"))

    def key_answer(self, ex: Exercise):
        return ex.teacher["accepted"][0]

    def derived_wrong_answers(self, ex: Exercise) -> list:
        return [t("sample_wrong_short")]

    def key_text(self, ex: Exercise) -> str:
        return " / ".join(str(a) for a in ex.teacher.get("accepted") or [self.right_answer(ex)])

    def secrets(self, ex: Exercise) -> dict[str, list[str]]:
        found = super().secrets(ex)
        found["jawaban"] += [str(a) for a in ex.teacher.get("accepted", [])]
        return found


FORM = Isian()
