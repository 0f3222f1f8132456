"""Checking an answer: read it into tokens with its form, then score them.

:func:`check` accepts *any* Python value as an answer and always returns a
:class:`~lessons.engine.model.Result` with an Indonesian message; it never raises.
"""

from __future__ import annotations

from lessons.engine.bank import find_exercise
from lessons.engine.forms import form_of
from lessons.engine.model import BankError, Exercise, InvalidAnswer, Result, is_empty
from lessons.text import t


def tokens_for(ex: Exercise, answer) -> set[str]:
    """The tokens of ``answer``; raises InvalidAnswer with an Indonesian message."""
    if is_empty(answer):
        raise InvalidAnswer(t("result_empty"), empty=True)
    return form_of(ex).read(ex, answer)


def score_tokens(ex: Exercise, tokens: set[str]) -> Result:
    """Score already-read tokens against the exercise's key(s).

    An exam-mode exercise of a student release has no key: its answer is
    only saved for the teacher (status ``tersimpan``, no score yet)."""
    if ex.exam:
        return Result(ex.id, "tersimpan", 0.0, ex.points, "\n".join([t("result_saved_exam"), t("result_saved_exam_note")]), True)
    return form_of(ex).score(ex, tokens)


def _hint(ex: Exercise) -> list[str]:
    return [t("hint_line", hint=ex.hint.strip())] if ex.hint.strip() else []


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
        return Result(ex.id, status, 0.0, ex.points, "\n".join([head, *body, *_hint(ex)]))
    except (RecursionError, ArithmeticError, TypeError, ValueError):  # last line of defence: never a traceback
        return Result(ex.id, "tidak_valid", 0.0, ex.points, "\n".join([t("result_invalid"), *_hint(ex)]))
    return score_tokens(ex, tokens)
