"""Every learner-facing string of the package, in one place: this folder.

Learners see standard (baku) Bahasa Indonesia only. ``common.py`` holds the
strings shared by all lessons (widgets, exercises, data errors, shared
figures); ``lesson02.py`` … ``lesson06.py`` hold the strings of one lesson's
own tables and figures; ``teacher.py`` holds what teachers read (command
line, gradebook, feedback pages, kisi-kisi, answer-key notebooks). Code looks strings up by key with :func:`t`; every
key is unique across the files (a test checks it), so a second language later
is a parallel set of files with the same keys.
"""

from __future__ import annotations

from importlib import import_module

from .common import (  # noqa: F401  (re-exported)
    FIELD_NAMES, FIELD_SYMBOLS, FORM_NAMES, KIND_NAMES, LANGUAGE, LEVEL_NAMES, RELATION_NAMES, join_list, type_name,
)
from .common import STRINGS as _COMMON

LESSON_MODULES = ("lesson02", "lesson03", "lesson04", "lesson05", "lesson06", "deploy", "teacher")


def _collect() -> dict:
    strings = dict(_COMMON)
    for name in LESSON_MODULES:
        try:
            module = import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"{__name__}.{name}":
                raise
            continue
        for key, value in module.STRINGS.items():
            if key in strings:
                raise KeyError(f"text key {key!r} of {name} is already defined")
            strings[key] = value
    return strings


STRINGS = _collect()


def t(key: str, **values) -> str:
    """Return the learner-facing string ``key`` with ``values`` filled in."""
    template = STRINGS[key]
    return template.format(**values) if values else template
