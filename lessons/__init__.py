"""Kerja Sama Sosial ASEAN: the package the lesson notebooks call.

Notebooks use it as ``import lessons as ks`` and then, for example,
``ks.issue_table()``, ``ks.network_explorer()`` or ``ks.exercise("01-03")``.
The names below are loaded on first use, so ``import lessons`` stays light.

Modules, one per concern:

- ``data``            read and validate the files in ``data/``
- ``tables``          widget-driven tables (pure filter/render + wiring)
- ``diagrams``        map, timeline and cooperation-network figures
- ``exercises``       exercise banks, answer normalisation and scoring
- ``exercise_widget`` an exercise as a widget with "Periksa"
- ``answer_sheet``    the student's answer sheet next to the notebook
- ``display``         how widgets, figures and messages appear in a notebook
- ``text``            every learner-facing (Indonesian) string
"""

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "issue_table": "tables",
    "programme_table": "tables",
    "member_table": "tables",
    "show_member_map": "diagrams",
    "show_joining_timeline": "diagrams",
    "show_network": "diagrams",
    "network_explorer": "diagrams",
    "exercise": "exercise_widget",
    "check": "exercises",
    "load": "data",
    "DataFileError": "data",
    "BankError": "exercises",
}

__all__ = sorted(_EXPORTS)


_SUBMODULES = {"data", "tables", "diagrams", "exercises", "exercise_widget", "answer_sheet", "instructor",
               "derivations", "display", "text", "indicators", "disasters", "culture", "mechanism", "results"}


def __getattr__(name):
    if name in _SUBMODULES:  # e.g. ks.indicators.explorer() in lesson 02
        value = import_module(f"{__name__}.{name}")
        globals()[name] = value
        return value
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lessons' has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
