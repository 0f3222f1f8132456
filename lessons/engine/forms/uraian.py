"""Uraian: an essay scored provisionally by rubric keywords; always checked by the teacher.

A rubric keyword may name plain paraphrases as alternatives in braces:
``"saling {membantu|menolong|mendukung}"`` stands for "saling membantu",
"saling menolong" and "saling mendukung" (several groups combine; every
spelled-out keyword is at most ``ESSAY_MAX_NGRAM`` words). The teacher's
rubric (key notebooks, LKPD key) lists every spelled-out keyword.
"""

from __future__ import annotations

import itertools
import re

from lessons.core import formatting
from lessons.engine.forms.base import Controls, Form, lines_block, message, require, require_feedback, round_score, typed_text
from lessons.engine.model import (
    ESSAY_MAX_NGRAM, BankError, ClearKey, Exercise, InvalidAnswer, Result, normalize_text,
)
from lessons.text import t

DEFAULT_MIN_WORDS = 5
MAX_ALTERNATIVES = 64  # spelled-out keywords from one keyword with alternatives
ALTERNATIVES = re.compile(r"\{([^{}]*)\}")


def spelled_out(keyword) -> list[str]:
    """Every keyword a rubric keyword stands for: "saling {membantu|menolong}"
    → ["saling membantu", "saling menolong"]; a keyword without braces is itself."""
    text = str(keyword)
    parts = ALTERNATIVES.split(text)  # text, group, text, group, ...
    if len(parts) == 1:
        return [text]
    choices = [[parts[i]] if i % 2 == 0 else [alt.strip() for alt in parts[i].split("|")] for i in range(len(parts))]
    out = []
    for combo in itertools.islice(itertools.product(*choices), MAX_ALTERNATIVES + 1):
        out.append(" ".join("".join(combo).split()))
    return list(dict.fromkeys(out))


def essay_words(text: str) -> list[str]:
    """The words of ``normalize_text(text)`` (the n-grams of :func:`ngrams` are built from them)."""
    return normalize_text(text).split()


class EssayControls(Controls):
    """A text area."""

    def __init__(self, ex: Exercise):
        import ipywidgets as widgets

        self.text = widgets.Textarea(value="", placeholder=t("essay_placeholder"), rows=5,
                                     continuous_update=False, layout=widgets.Layout(width="100%", max_width="52em"))
        self.rows = [self.text]
        self.observed = [self.text]

    def get(self):
        return self.text.value

    def set(self, value) -> None:
        self.text.value = value if isinstance(value, str) else ""


class Uraian(Form):
    form = "uraian"
    partial_credit = True
    teacher_fields = ("rubric", "keywords")
    worksheet_lines = 8
    schema = {
        "properties": {
            "rubric": {"type": "array", "minItems": 1, "items": {
                "type": "object", "required": ["label", "keywords"],
                "properties": {"label": {"type": "string"},
                               "keywords": {"type": "array", "minItems": 1, "items": {"type": ["string", "number"]}},
                               "points": {"type": "number", "exclusiveMinimum": 0}}}},
            "model_answer": {"type": "string"},
            "min_words": {"type": "integer", "minimum": 0},
            "feedback": {"type": "object"},
        },
        "required": ["rubric", "feedback"],
    }

    def build(self, ex: Exercise, entry: dict, where: str) -> None:
        rubric = require(entry, "rubric", list, where)
        for i, criterion in enumerate(rubric, start=1):
            keywords = criterion.get("keywords") if isinstance(criterion, dict) else None
            if not isinstance(keywords, list) or not keywords or not isinstance(criterion.get("label"), str):
                raise BankError(t("bank_rubric_criterion", where=where, n=i))
            pts = criterion.get("points", 1)
            if isinstance(pts, bool) or not isinstance(pts, (int, float)) or pts <= 0:
                raise BankError(t("bank_rubric_points", where=where, n=i))
            spelled = [word for k in keywords for word in spelled_out(k)]
            if any(len(spelled_out(k)) > MAX_ALTERNATIVES for k in keywords):
                raise BankError(t("bank_rubric_alternatives", where=where, n=i, limit=MAX_ALTERNATIVES))
            words = {normalize_text(word) for word in spelled} - {""}
            if any(len(w.split()) > ESSAY_MAX_NGRAM for w in words):
                raise BankError(t("bank_rubric_keyword_words", where=where, n=i, limit=ESSAY_MAX_NGRAM))
            name = f"c{i}"
            ex.keys[name] = ClearKey(words)
            ex.criteria.append({"key": name, "label": criterion["label"], "points": float(pts)})
        total = sum(c["points"] for c in ex.criteria)
        if abs(total - ex.points) > 1e-9:
            raise BankError(t("bank_rubric_total", where=where, total=formatting.points(total), points=formatting.points(ex.points)))
        ex.min_words = int(entry.get("min_words", DEFAULT_MIN_WORDS))
        ex.teacher["rubric"] = [{"label": c["label"], "points": c["points"],
                                 "keywords": list(dict.fromkeys(w for k in item.get("keywords") for w in spelled_out(k)))}
                                for c, item in zip(ex.criteria, rubric)]
        require_feedback(ex, where)

    def key_names(self) -> tuple[str, ...]:
        return ()

    def public_fields(self, ex: Exercise) -> dict:
        return {"min_words": ex.min_words}

    def seal(self, ex: Exercise, sealer):
        fields = dict(self.public_fields(ex), criteria=[
            {"keyset": c["key"], "points": c["points"], "label_locked": sealer.lock(c["key"], ex.keys[c["key"]].tokens, c["label"])}
            for c in ex.criteria
        ])
        return fields, {}, {"benar": ex.feedback["benar"], "salah": ex.feedback["salah"]}

    def unseal(self, ex: Exercise, entry: dict) -> None:
        ex.min_words = int(entry.get("min_words", 0))
        ex.criteria = [{"key": c["keyset"], "points": float(c["points"]), "label_locked": dict(c["label_locked"])}
                       for c in entry.get("criteria") or []]

    def read(self, ex: Exercise, answer) -> set[str]:
        words = essay_words(typed_text(answer))
        if not words:
            raise InvalidAnswer(t("result_empty"), empty=True)
        if len(words) < ex.min_words:
            raise InvalidAnswer(t("essay_short", n=ex.min_words))
        return {" ".join(words[i : i + n]) for n in range(1, ESSAY_MAX_NGRAM + 1) for i in range(len(words) - n + 1)}

    def score(self, ex: Exercise, tokens: set[str]) -> Result:
        def hit(key) -> bool:  # a clear key is a set: one intersection instead of a lookup per n-gram
            return not key.tokens.isdisjoint(tokens) if isinstance(key, ClearKey) else any(tok in key for tok in tokens)

        met = [c for c in ex.criteria if hit(ex.keys[c["key"]])]
        score = round_score(min(ex.points, sum(c["points"] for c in met)))
        ordered = sorted(tokens) if any("label" not in c for c in met) else []  # only a sealed label needs them
        extra = [t("essay_met", items="; ".join(ex.criterion_label(c, ordered) for c in met))] if met else [t("essay_none")]
        complete = len(met) == len(ex.criteria)
        feedback = ex.feedback_for("benar" if complete else "salah")
        return Result(ex.id, "perlu_diperiksa", score, ex.points,
                      message(ex, "perlu_diperiksa", score, extra, feedback, complete=complete), True)

    def controls(self, ex: Exercise) -> Controls:
        return EssayControls(ex)

    def key_answer(self, ex: Exercise):
        return ex.teacher["model_answer"]

    def derived_wrong_answers(self, ex: Exercise) -> list:
        return [t("sample_wrong_essay")]

    def key_text(self, ex: Exercise) -> str:
        return t("key_text_rubric", criteria="; ".join(f"{c['label']} ({formatting.points(c['points'])})"
                                                       for c in ex.teacher["rubric"]))

    def worksheet(self, ex: Exercise) -> list[dict]:
        label = t("lkpd_answer") + (f" — {t('lkpd_min_words', words=ex.min_words)}" if ex.min_words else "")
        return [lines_block(self.worksheet_lines, label)]

    def rubric(self, ex: Exercise) -> list[dict] | None:
        return ex.teacher["rubric"]

    def key_feedback(self, ex: Exercise) -> list[str]:
        return []  # an essay's feedback is shown to every student, right or not

    def secrets(self, ex: Exercise) -> dict[str, list[str]]:
        found = super().secrets(ex)
        for item in ex.teacher.get("rubric", []):
            found["kata_kunci"] += [str(k) for k in item["keywords"]] + [item["label"]]
        return found


FORM = Uraian()
