"""The teacher's HTML pages (feedback per student, kisi-kisi): Jinja2
templates in ``templates/``, always autoescaped, so a student's name or
answer is shown as text and never run as HTML. Their words come from
lessons/text/teacher.py (``t`` in a template) and their numbers from
lessons.core.formatting (``points``, ``percent``, ``number``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from lessons.core.formatting import number, percent, points
from lessons.text import t

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(t=t, points=points, percent=percent, number=number, testlet_of=testlet_of)
    return env


def testlet_of(exercise_id: str):
    """The testlet (shared stimulus) of exercise ``exercise_id`` in the course's bank, or None:
    a page shows the stimulus once, above the first row of the testlet it lists."""
    from lessons.engine.bank import find_exercise
    from lessons.engine.model import BankError

    try:
        return find_exercise(exercise_id).testlet
    except BankError:
        return None


def render(template: str, **values) -> str:
    """The page ``template`` (a file in templates/) filled with ``values``."""
    return environment().get_template(template).render(**values)
