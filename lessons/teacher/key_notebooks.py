"""Teacher-side views of the exercise banks.

:func:`key_notebook` builds a lesson's answer-key notebook: every exercise is
answered once correctly and at least once wrongly through the ``answer`` path,
and nbval then checks the stored feedback. The answers come from the bank
(``examples:`` when the author gave them, otherwise derived from the key).
Every cell's id is derived from its exercise id and its role (``00-03-key``,
``00-03-right``, ``00-03-wrong-1``), so rebuilding a key notebook after one
question changes only that question's cells.
"""

from __future__ import annotations


from lessons.engine.bank import load_bank
from lessons.engine.forms import form_of
from lessons.engine.model import Exercise
from lessons.text import LEVEL_NAMES, t


def right_answer(ex: Exercise):
    """A correct answer to ``ex``, in the form a student would give it."""
    return form_of(ex).right_answer(ex)


def wrong_answers(ex: Exercise) -> list:
    """At least one wrong answer to ``ex`` (the author's, or derived)."""
    return form_of(ex).wrong_answers(ex)


def teacher_notes(ex: Exercise) -> str:
    """Markdown for the teacher: the question, key, rubric and model answer."""
    lines = [t("key_heading", exercise=ex.id, form=ex.form_name, level=LEVEL_NAMES[ex.level], points=f"{ex.points:g}"), ""]
    if ex.indicator:
        lines += [t("key_indicator", indicator=ex.indicator), ""]
    lines += ["```text", ex.as_text(), "```", ""]
    rubric = form_of(ex).rubric(ex)
    if rubric is not None:
        lines.append(t("key_rubric"))
        lines.append("")
        lines.append(t("key_rubric_head"))
        lines.append("|---|---|---|")
        for item in rubric:
            lines.append(f"| {item['label']} | {', '.join(item['keywords'])} | {item['points']:g} |")
        lines += ["", t("key_model_answer", answer=ex.teacher.get("model_answer", ""))]
    else:
        lines.append(t("key_key", answer=form_of(ex).key_text(ex)))
    if ex.teacher.get("explanation"):
        lines += ["", t("key_explanation", text=ex.teacher["explanation"])]
    return "\n".join(lines)


def _call(ex: Exercise, answer) -> str:
    return f'ks.exercise("{ex.id}", answer={answer!r})'


def key_notebook(lesson: str, title: str):
    """The answer-key notebook of ``lesson`` as an nbformat NotebookNode."""
    import nbformat.v4 as nbf

    bank = load_bank(lesson)
    cells = [
        nbf.new_markdown_cell(t("key_intro", lesson=lesson, title=title), id=f"{lesson}-intro"),
        nbf.new_code_cell("import lessons as ks", id=f"{lesson}-import"),
    ]
    for ex in bank.values():
        cells.append(nbf.new_markdown_cell(teacher_notes(ex), id=f"{ex.id}-key"))
        cells.append(nbf.new_code_cell(_call(ex, right_answer(ex)), id=f"{ex.id}-right"))
        for n, wrong in enumerate(wrong_answers(ex), start=1):
            cells.append(nbf.new_code_cell(_call(ex, wrong), id=f"{ex.id}-wrong-{n}"))
    nb = nbf.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    return nb
