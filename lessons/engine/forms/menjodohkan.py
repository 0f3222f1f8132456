"""Menjodohkan: match each numbered item to a lettered answer; scored per pair."""

from __future__ import annotations

from html import escape

from lessons.engine.forms.base import (
    WRITE, Controls, Form, by_item, list_block, lock_benar, per_item, plain_text, read_or_none, require, require_feedback,
    table_block,
)
from lessons.engine.model import BankError, ClearKey, Exercise, InvalidAnswer, Result, canonical, is_empty, normalize_text
from lessons.text import join_list, t, type_name

LETTERS = "abcdefghijklmnopqrstuvwxyz"


class PairControls(Controls):
    """A drop-down of the lettered answers next to each numbered item."""

    def __init__(self, ex: Exercise):
        import ipywidgets as widgets

        self.ex = ex
        choices = [(t("choose"), "")] + [(f"{k}. {v}", k) for k, v in ex.right.items()]
        self.pairs = []
        self.rows = []
        for i, text in enumerate(ex.left, start=1):
            drop = widgets.Dropdown(options=choices, value="", layout=widgets.Layout(width="auto", max_width="30em"))
            self.pairs.append(drop)
            label = widgets.HTML(f"<b>{i}.</b> {escape(text)} →", layout=widgets.Layout(width="20em", min_width="20em"))
            self.rows.append(widgets.HBox([label, drop], layout=widgets.Layout(align_items="center")))
        self.observed = list(self.pairs)

    def get(self):
        return {str(i): d.value for i, d in enumerate(self.pairs, start=1) if d.value}

    def set(self, value) -> None:
        mapping = value if isinstance(value, dict) else {}
        for i, drop in enumerate(self.pairs, start=1):
            v = mapping.get(str(i))
            drop.value = v if v in self.ex.right else ""


class Menjodohkan(Form):
    form = "menjodohkan"
    list_of_answers = False
    partial_credit = True
    visible_fields = ("left", "right")
    teacher_fields = ("pairs", "distractors")
    schema = {
        "properties": {
            "pairs": {"type": "array", "minItems": 1, "items": {
                "type": "object", "required": ["left", "right"],
                "properties": {"left": {"type": "string"}, "right": {"type": "string"}}}},
            "distractors": {"type": ["array", "null"], "items": {"type": ["string", "number"]}},
            "feedback": {"type": "object"},
        },
        "required": ["pairs", "feedback"],
    }

    def build(self, ex: Exercise, entry: dict, where: str) -> None:
        pairs = require(entry, "pairs", list, where)
        distractors = [str(d) for d in entry.get("distractors", []) or []]
        lefts, rights = [], []
        for i, pair in enumerate(pairs, start=1):
            if not isinstance(pair, dict) or not isinstance(pair.get("left"), str) or not isinstance(pair.get("right"), str):
                raise BankError(t("bank_matching_pair", where=where, n=i))
            lefts.append(pair["left"])
            rights.append(pair["right"])
        if len(set(rights + distractors)) != len(rights) + len(distractors):
            raise BankError(t("bank_matching_right_unique", where=where))
        ordered = sorted(rights + distractors, key=normalize_text)  # order never reveals the key
        ex.left = lefts
        ex.right = {LETTERS[i]: text for i, text in enumerate(ordered)}
        letter_of = {text: letter for letter, text in ex.right.items()}
        ex.keys["main"] = ClearKey({f"{i}={letter_of[r]}" for i, r in enumerate(rights, start=1)})
        require_feedback(ex, where)

    def public_fields(self, ex: Exercise) -> dict:
        return {"left": list(ex.left), "right": dict(ex.right)}

    def seal(self, ex: Exercise, sealer):
        locked = lock_benar(ex, sealer, [canonical(ex.keys["main"].tokens)])
        return self.public_fields(ex), locked, {"salah": ex.feedback["salah"]}

    def unseal(self, ex: Exercise, entry: dict) -> None:
        ex.left = [str(s) for s in entry.get("left") or []]
        ex.right = {str(k): str(v) for k, v in (entry.get("right") or {}).items()}

    def read(self, ex: Exercise, answer) -> set[str]:
        n = len(ex.left)
        if isinstance(answer, (list, tuple)) and len(answer) == n:
            answer = {i: v for i, v in enumerate(answer, start=1)}
        if not isinstance(answer, dict):
            raise InvalidAnswer(t("invalid_type", got=type_name(answer), expected=t("expected_pairs")))
        tokens = set()
        for number, value in by_item(answer, n).items():
            if is_empty(value):
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

    def score(self, ex: Exercise, tokens: set[str]) -> Result:
        return per_item(ex, tokens, len(ex.left), "pairs_score")

    def text_lines(self, ex: Exercise) -> list[str]:
        return [f"{i}. {s}" for i, s in enumerate(ex.left, start=1)] + [f"{k}. {v}" for k, v in ex.right.items()]

    def question_html(self, ex: Exercise) -> str:
        rows = "".join(f"<li>{escape(text)}</li>" for text in ex.right.values())
        return f'<div style="font-size:95%">{escape(t("matching_choices"))}<ol type="a">{rows}</ol></div>'

    def controls(self, ex: Exercise) -> Controls:
        return PairControls(ex)

    def key_answer(self, ex: Exercise):
        return dict(tok.split("=") for tok in sorted(ex.key_tokens(), key=lambda s: int(s.split("=")[0])))

    def derived_wrong_answers(self, ex: Exercise) -> list:
        right = self.right_answer(ex)
        letters = [right[str(i)] for i in range(1, len(ex.left) + 1)]
        rotated = letters[1:] + letters[:1]
        return [{str(i): letter for i, letter in enumerate(rotated, start=1)}]

    def key_text(self, ex: Exercise) -> str:
        return "; ".join(f"{self.item(ex, n)} → {code}. {ex.right.get(code, '')}" for n, code in self.right_answer(ex).items())

    @staticmethod
    def item(ex: Exercise, n: str) -> str:
        """Numbered item ``n`` with its text ("1. AHA Centre")."""
        return f"{n}. {ex.left[int(n) - 1]}" if n.isdigit() and 0 < int(n) <= len(ex.left) else n

    def answer_text(self, ex: Exercise, answer) -> str:
        tokens = read_or_none(self, ex, answer)
        if tokens is None:
            return plain_text(answer)
        pairs = dict(tok.split("=", 1) for tok in tokens)  # "1=d": one match per numbered item
        return "; ".join(f"{self.item(ex, n)} → {pairs[n]}. {ex.right.get(pairs[n], '')}".rstrip(". ")
                         for n in sorted(pairs, key=int))

    def worksheet(self, ex: Exercise) -> list[dict]:
        return [table_block([t("lkpd_no"), t("lkpd_left"), t("lkpd_your_pair")],
                            [[i, text, WRITE] for i, text in enumerate(ex.left, start=1)]),
                list_block(t("lkpd_right"), [f"{code}. {text}" for code, text in ex.right.items()])]


FORM = Menjodohkan()
