"""The question forms, one module each, and their registry.

Every module in this package except ``base`` defines ``FORM``, an instance of
a :class:`~lessons.engine.forms.base.Form` subclass; :data:`FORMS` holds them
all, keyed by ``form`` (or ``form:answer_type`` for a variant such as
``data:angka``). Adding a form is adding a module here (and its name in
``lessons/text/common.py`` ``FORM_NAMES``); nothing else dispatches on forms.
"""

from __future__ import annotations

import pkgutil
from importlib import import_module

from lessons.engine.forms.base import Form
from lessons.engine.model import BankError, Exercise
from lessons.text import t


def _discover() -> dict[str, Form]:
    found: dict[str, Form] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name == "base":
            continue
        form = import_module(f"{__name__}.{info.name}").FORM
        found[form.key] = form
    return found


FORMS: dict[str, Form] = _discover()


def form_names() -> list[str]:
    """The bank's ``form:`` values, each once."""
    return sorted({f.form for f in FORMS.values()})


def variants(form: str) -> list[Form]:
    """The forms with bank ``form:`` value ``form``, the default variant first."""
    return sorted((f for f in FORMS.values() if f.form == form), key=lambda f: (not f.default_variant, f.key))


def resolve(form, answer_type, where: str) -> Form:
    """The Form of a bank entry with ``form:`` and ``answer_type:`` (None if absent)."""
    found = variants(form) if isinstance(form, str) else []
    if not found:
        raise BankError(t("bank_form_unknown", where=where, form=form))
    if len(found) == 1 and not found[0].answer_type:
        return found[0]
    for candidate in found:
        if candidate.answer_type == answer_type or (answer_type is None and candidate.default_variant):
            return candidate
    allowed = f" {t('schema_or')} ".join(f"\"{f.answer_type}\"" for f in found)
    raise BankError(t("bank_answer_type", where=where, form=form, allowed=allowed))


def form_of(ex: Exercise) -> Form:
    """The Form of exercise ``ex``."""
    if ex.kind is not None:
        return ex.kind
    return FORMS.get(f"{ex.form}:{ex.answer_type}") or FORMS[ex.form]


__all__ = ["FORMS", "Form", "form_names", "form_of", "resolve", "variants"]
