"""Benar–salah: true or false for each statement; scored per statement."""

from __future__ import annotations

from html import escape

from lessons.engine.forms.base import (
    BOX, Controls, Form, by_item, lock_benar, per_item, plain_text, read_or_none, require, require_feedback, table_block,
)
from lessons.engine.model import BankError, ClearKey, Exercise, InvalidAnswer, Result, canonical, is_empty, normalize_text
from lessons.text import t, type_name


def truth(value) -> str | None:
    """"B" (benar), "S" (salah), or None for a value that is neither."""
    if isinstance(value, bool):
        return "B" if value else "S"
    if isinstance(value, str):
        word = normalize_text(value)
        if word in ("b", "benar", "true", "ya"):
            return "B"
        if word in ("s", "salah", "false", "tidak"):
            return "S"
    return None


class TruthControls(Controls):
    """A Benar/Salah radio pair under each statement."""

    def __init__(self, ex: Exercise):
        import ipywidgets as widgets

        self.truths = []
        self.rows = []
        for i, text in enumerate(ex.statements, start=1):
            radio = widgets.RadioButtons(options=[(t("true"), "B"), (t("false"), "S")], value=None,
                                         layout=widgets.Layout(width="auto"))
            self.truths.append(radio)
            self.rows.append(widgets.VBox([widgets.HTML(f"<b>{i}.</b> {escape(text)}"), radio]))
        self.observed = list(self.truths)

    def get(self):
        return [r.value for r in self.truths]

    def set(self, value) -> None:
        values = value if isinstance(value, list) else []
        for radio, v in zip(self.truths, values):
            radio.value = v if v in ("B", "S") else None


class BenarSalah(Form):
    form = "benar_salah"
    list_of_answers = False
    partial_credit = True
    visible_fields = ("statements",)
    schema = {
        "properties": {
            "statements": {"type": "array", "minItems": 1, "items": {
                "type": "object", "required": ["text", "key"],
                "properties": {"text": {"type": "string"}, "key": {"type": "boolean"}}}},
            "feedback": {"type": "object"},
        },
        "required": ["statements", "feedback"],
    }

    def build(self, ex: Exercise, entry: dict, where: str) -> None:
        statements = require(entry, "statements", list, where)
        tokens = set()
        for i, st in enumerate(statements, start=1):
            if not isinstance(st, dict) or not isinstance(st.get("text"), str) or not isinstance(st.get("key"), bool):
                raise BankError(t("bank_truth_statement", where=where, n=i))
            ex.statements.append(st["text"])
            tokens.add(f"{i}={'B' if st['key'] else 'S'}")
        ex.keys["main"] = ClearKey(tokens)
        require_feedback(ex, where)

    def public_fields(self, ex: Exercise) -> dict:
        return {"statements": list(ex.statements)}

    def seal(self, ex: Exercise, sealer):
        locked = lock_benar(ex, sealer, [canonical(ex.keys["main"].tokens)])
        return self.public_fields(ex), locked, {"salah": ex.feedback["salah"]}

    def unseal(self, ex: Exercise, entry: dict) -> None:
        ex.statements = [str(s) for s in entry.get("statements") or []]

    def read(self, ex: Exercise, answer) -> set[str]:
        n = len(ex.statements)
        if n == 1 and not isinstance(answer, (list, tuple, dict)):
            answer = [answer]
        if isinstance(answer, dict):  # {1: "B", "2": "S"}: each statement named once, by its plain number
            found = by_item(answer, n)
            answer = [found.get(i) for i in range(1, n + 1)]
        if not isinstance(answer, (list, tuple)):
            raise InvalidAnswer(t("invalid_type", got=type_name(answer), expected=t("expected_truth")))
        if len(answer) != n:
            raise InvalidAnswer(t("invalid_count", expected=n, what=t("what_statements"), got=len(answer)))
        tokens = set()
        for i, value in enumerate(answer, start=1):
            if is_empty(value):
                continue
            verdict = truth(value)
            if verdict is None:
                raise InvalidAnswer(t("invalid_type", got=type_name(value), expected=t("expected_truth")))
            tokens.add(f"{i}={verdict}")
        if not tokens:
            raise InvalidAnswer(t("result_empty"), empty=True)
        return tokens

    def score(self, ex: Exercise, tokens: set[str]) -> Result:
        return per_item(ex, tokens, len(ex.statements), "statement_score")

    def text_lines(self, ex: Exercise) -> list[str]:
        return [f"{i}. {s}" for i, s in enumerate(ex.statements, start=1)]

    def controls(self, ex: Exercise) -> Controls:
        return TruthControls(ex)

    def key_answer(self, ex: Exercise):
        verdicts = dict(tok.split("=") for tok in ex.key_tokens())
        return [t("true") if verdicts[str(i)] == "B" else t("false") for i in range(1, len(ex.statements) + 1)]

    def derived_wrong_answers(self, ex: Exercise) -> list:
        return [[t("false") if a == t("true") else t("true") for a in self.right_answer(ex)]]

    def key_text(self, ex: Exercise) -> str:
        return "; ".join(f"{i}. {a}" for i, a in enumerate(self.right_answer(ex), start=1))

    def answer_text(self, ex: Exercise, answer) -> str:
        tokens = read_or_none(self, ex, answer)
        if tokens is None:
            return plain_text(answer)
        verdicts = dict(tok.split("=", 1) for tok in tokens)  # "1=B": one verdict per statement
        return "; ".join(f"{n}. {t('true') if verdicts.get(str(n)) == 'B' else t('false') if str(n) in verdicts else '–'}"
                         for n in range(1, len(ex.statements) + 1))

    def worksheet(self, ex: Exercise) -> list[dict]:
        return [table_block([t("lkpd_no"), t("lkpd_statement"), t("lkpd_true"), t("lkpd_false")],
                            [[i, text, BOX, BOX] for i, text in enumerate(ex.statements, start=1)])]


FORM = BenarSalah()
