"""Urutan: put events (or steps) in the right order; scored per position.

The bank lists the events in the right order (``sequence``, teacher-only: the
order is the key). Students see them lettered in alphabetical order, so the
order shown never gives the key away, and give each one its place (1 = the
earliest). On a phone each event has a drop-down of places: a tap, no
dragging. An answer is one of

* a list of letters (or event texts) in order: ``["d", "a", "f", "c", "b", "e"]``;
* the same as one text: ``"d, a, f, c, b, e"``;
* a mapping from letter to place: ``{"a": 2, "d": 1}`` (what the widget stores).

Each event in its right place earns an equal share of the points (like
menjodohkan, per pair); a place given to two events, or an event placed
twice, is refused with one Indonesian sentence.
"""

from __future__ import annotations

import re
from html import escape

from lessons.engine.forms.base import (
    WRITE, Controls, Form, item_number, lock_benar, per_item, plain_text, read_or_none, require, require_feedback,
    table_block,
)
from lessons.engine.model import BankError, ClearKey, Exercise, InvalidAnswer, Result, canonical, is_empty, normalize_text
from lessons.text import join_list, t, type_name

LETTERS = "abcdefghijklmnopqrstuvwxyz"
FIELD = "order_items"  # the sealed entry's field (and ``ex.form_fields`` key): letter -> event text
SEPARATORS = re.compile(r"\s*[,;→>]\s*|\s+-\s+|\s*\n\s*")


def items(ex: Exercise) -> dict[str, str]:
    """The events as students see them: letter -> text, in letter order."""
    return ex.form_fields.get(FIELD, {})


class OrderControls(Controls):
    """Each event with a drop-down of places (1, 2, …), and a line that shows the order chosen so far."""

    def __init__(self, ex: Exercise):
        import ipywidgets as widgets

        self.ex = ex
        n = len(items(ex))
        choices = [(t("choose"), "")] + [(t("order_place", n=i), str(i)) for i in range(1, n + 1)]
        self.places: dict[str, object] = {}
        self.rows = []
        for letter, text in items(ex).items():
            drop = widgets.Dropdown(options=choices, value="", description="",
                                    layout=widgets.Layout(width="auto", min_width="9em"))
            self.places[letter] = drop
            label = widgets.HTML(f"<b>{letter}.</b> {escape(text)}", layout=widgets.Layout(min_width="12em", max_width="34em"))
            self.rows.append(widgets.HBox([label, drop], layout=widgets.Layout(align_items="center", flex_flow="row wrap")))
        self.summary = widgets.HTML(self.summary_html())
        self.rows.append(self.summary)
        for drop in self.places.values():
            drop.observe(lambda _change: setattr(self.summary, "value", self.summary_html()), names="value")
        self.observed = list(self.places.values())

    def summary_html(self) -> str:
        """The order chosen so far, place by place ("–" for a place no event has yet)."""
        by_place: dict[str, list[str]] = {}
        for letter, drop in getattr(self, "places", {}).items():
            if drop.value:
                by_place.setdefault(drop.value, []).append(letter)
        n = len(items(self.ex))
        shown = "; ".join(f"{i}. {' / '.join(by_place.get(str(i), [])) or '–'}" for i in range(1, n + 1))
        return f'<div class="kssa-order-summary" style="color:#333;font-size:95%">{escape(t("order_summary", order=shown))}</div>'

    def get(self):
        return {letter: int(drop.value) for letter, drop in self.places.items() if drop.value}

    def set(self, value) -> None:
        mapping = value if isinstance(value, dict) else {}
        for letter, drop in self.places.items():
            place = str(mapping.get(letter, ""))
            drop.value = place if place in {v for _label, v in drop.options} else ""


class Urutan(Form):
    form = "urutan"
    list_of_answers = False  # ``examples.wrong`` given as a list is one answer (an order)
    partial_credit = True
    visible_fields = (FIELD,)
    teacher_fields = ("sequence",)
    schema = {
        "properties": {
            "sequence": {"type": "array", "minItems": 3, "maxItems": len(LETTERS),
                         "items": {"type": ["string", "number"]}},
            "feedback": {"type": "object"},
        },
        "required": ["sequence", "feedback"],
    }

    # -- the bank -----------------------------------------------------------

    def build(self, ex: Exercise, entry: dict, where: str) -> None:
        sequence = [str(s).strip() for s in require(entry, "sequence", list, where)]
        if any(not s for s in sequence) or len({normalize_text(s) for s in sequence}) != len(sequence):
            raise BankError(t("bank_order_unique", where=where))
        shown = sorted(sequence, key=normalize_text)  # letters in alphabetical order: the order shown is not the key
        ex.form_fields[FIELD] = {LETTERS[i]: text for i, text in enumerate(shown)}
        letter_of = {text: letter for letter, text in items(ex).items()}
        ex.keys["main"] = ClearKey({f"{place}={letter_of[text]}" for place, text in enumerate(sequence, start=1)})
        require_feedback(ex, where)

    def public_fields(self, ex: Exercise) -> dict:
        return {FIELD: dict(items(ex))}

    def seal(self, ex: Exercise, sealer):
        locked = lock_benar(ex, sealer, [canonical(ex.keys["main"].tokens)])
        return self.public_fields(ex), locked, {"salah": ex.feedback["salah"]}

    def unseal(self, ex: Exercise, entry: dict) -> None:
        ex.form_fields[FIELD] = {str(k): str(v) for k, v in (entry.get(FIELD) or {}).items()}

    # -- answers ------------------------------------------------------------

    def letter(self, ex: Exercise, value) -> str:
        """The letter of an event named by its letter or its text."""
        if not isinstance(value, str):
            raise InvalidAnswer(t("invalid_type", got=type_name(value), expected=t("expected_order")))
        text = value.strip().rstrip(".").casefold()
        if text in items(ex):
            return text
        for letter, label in items(ex).items():
            if normalize_text(value) == normalize_text(label):
                return letter
        raise InvalidAnswer(t("invalid_order_event", value=value[:40], allowed=join_list(items(ex))))

    def read(self, ex: Exercise, answer) -> set[str]:
        n = len(items(ex))
        if isinstance(answer, str):
            parts = [part for part in SEPARATORS.split(answer.strip()) if part]
            letters = answer.split()
            if len(parts) == 1 and len(letters) > 1 and all(w.casefold() in items(ex) for w in letters):
                parts = letters  # "d a f c b e": letters typed with spaces
            answer = parts
        if isinstance(answer, (list, tuple)):  # events in order: the first is place 1
            if len(answer) > n:
                raise InvalidAnswer(t("invalid_count", expected=n, what=t("what_events"), got=len(answer)))
            pairs = [(value, place) for place, value in enumerate(answer, start=1)]
        elif isinstance(answer, dict):  # event -> place
            pairs = list(answer.items())
        else:
            raise InvalidAnswer(t("invalid_type", got=type_name(answer), expected=t("expected_order")))
        place_of: dict[str, int] = {}
        taken: dict[int, str] = {}
        for value, raw_place in pairs:
            if is_empty(value):
                continue
            if is_empty(raw_place):
                continue
            letter = self.letter(ex, value)
            if letter in place_of:
                raise InvalidAnswer(t("invalid_order_twice", letter=letter))
            try:
                place = item_number(raw_place, n)
            except InvalidAnswer:
                raise InvalidAnswer(t("invalid_order_place", place=str(raw_place)[:20], n=n)) from None
            if place in taken:
                raise InvalidAnswer(t("invalid_order_same_place", place=place, first=taken[place], second=letter))
            place_of[letter], taken[place] = place, letter
        if not place_of:
            raise InvalidAnswer(t("result_empty"), empty=True)
        return {f"{place}={letter}" for letter, place in place_of.items()}

    def score(self, ex: Exercise, tokens: set[str]) -> Result:
        return per_item(ex, tokens, len(items(ex)), "order_score")

    # -- presentation -------------------------------------------------------

    def text_lines(self, ex: Exercise) -> list[str]:
        return [f"{letter}. {text}" for letter, text in items(ex).items()] + [t("order_how")]

    def question_html(self, ex: Exercise) -> str:
        return f'<div style="font-size:95%">{escape(t("order_how"))}</div>'

    def controls(self, ex: Exercise) -> Controls:
        return OrderControls(ex)

    # -- the teacher's views ------------------------------------------------

    def key_answer(self, ex: Exercise):
        """The letters in the right order."""
        return [tok.split("=")[1] for tok in sorted(ex.key_tokens(), key=lambda s: int(s.split("=")[0]))]

    def derived_wrong_answers(self, ex: Exercise) -> list:
        right = self.right_answer(ex)
        return [right[1:] + right[:1]]  # every event one place off: no event in its place, so it scores 0

    def placed(self, ex: Exercise, tokens) -> str:
        """Tokens ("2=a") as "1. d. …; 2. a. …", place by place ("–" for an empty place)."""
        by_place = dict(tok.split("=", 1) for tok in tokens)
        return "; ".join(f"{i}. {by_place[str(i)]}. {items(ex).get(by_place[str(i)], '')}" if str(i) in by_place
                         else f"{i}. –" for i in range(1, len(items(ex)) + 1))

    def key_text(self, ex: Exercise) -> str:
        return self.placed(ex, ex.key_tokens()) if ex.key_tokens() else plain_text(self.right_answer(ex))

    def answer_text(self, ex: Exercise, answer) -> str:
        tokens = read_or_none(self, ex, answer)
        return self.placed(ex, tokens) if tokens is not None else plain_text(answer)

    def worksheet(self, ex: Exercise) -> list[dict]:
        return [table_block([t("order_ws_letter"), t("order_ws_event"), t("order_ws_place")],
                            [[letter, text, WRITE] for letter, text in items(ex).items()])]


FORM = Urutan()
