"""Kerja Sama Sosial ASEAN: the package the lesson notebooks call.

Notebooks use one call style: ``import lessons as ks``, then one call per
code cell, always ``ks.<name>(...)``, e.g. ``ks.issue_table()``,
``ks.indicator_explorer()`` or ``ks.exercise("01-03")``. The names below are
this facade; each is loaded on first use, so ``import lessons`` stays light.

The package has layers; imports go one way only (downwards), and a test
(import-linter, ``.importlinter``) enforces it::

    topics/   one module per lesson (l00_pengantar … l06_evaluasi)
    views/    figures, tables, the exercise widget, how things display
    engine/   the exercise model, question forms, banks, sealing, answer sheets
    core/     the course folder, data loading and validation, formatting
    text/     every string a person reads (Indonesian)

``teacher/`` (release, grading, kisi-kisi, key notebooks, the CLI) uses core
and engine only, and is never copied into a student release.
"""

from importlib import import_module

__version__ = "0.1.0"

#: notebook name -> (module under lessons/, attribute)
_FACADE = {
    # lesson 00
    "member_table": ("topics.l00_pengantar", "member_table"),
    "show_member_map": ("views.diagrams", "show_member_map"),
    "show_joining_timeline": ("views.diagrams", "show_joining_timeline"),
    # lesson 01 (the network also in 06)
    "issue_table": ("topics.l01_ruang_lingkup", "issue_table"),
    "programme_table": ("topics.l01_ruang_lingkup", "programme_table"),
    "network_explorer": ("views.diagrams", "network_explorer"),
    "show_network": ("views.diagrams", "show_network"),
    # lesson 02
    "show_hdi_change": ("topics.l02_kesejahteraan", "show_change"),
    "indicator_explorer": ("topics.l02_kesejahteraan", "explorer"),
    # lesson 03
    "show_disaster_timeline": ("topics.l03_bencana", "show_timeline"),
    "disaster_comparison": ("topics.l03_bencana", "comparison"),
    "show_life_expectancy_dips": ("topics.l03_bencana", "show_life_expectancy_dips"),
    # lesson 04
    "culture_table": ("topics.l04_budaya", "culture_table"),
    "show_culture_timeline": ("topics.l04_budaya", "show_timeline"),
    "identity_table": ("topics.l04_budaya", "identity_table"),
    "heritage_parks_table": ("topics.l04_budaya", "heritage_parks_table"),
    # lesson 05
    "show_asean_structure": ("topics.l05_mekanisme", "show_structure"),
    "structure_table": ("topics.l05_mekanisme", "structure_table"),
    "decision_cycle": ("topics.l05_mekanisme", "decision_cycle"),
    "consensus_simulator": ("topics.l05_mekanisme", "consensus_simulator"),
    # lesson 06
    "reflection": ("topics.l06_evaluasi", "reflection"),
    "results_view": ("topics.l06_evaluasi", "results_view"),
    # every lesson
    "glossary": ("topics.glossarium", "glossary"),
    "lesson_terms": ("topics.glossarium", "lesson_terms"),
    "exercise": ("views.exercise_widget", "exercise"),
    "answer_sheet": ("views.sheet_tools", "answer_sheet"),
    "check": ("engine.checking", "check"),
    "load": ("core.data", "load"),
    "DataFileError": ("core.errors", "DataFileError"),
    "BankError": ("engine.model", "BankError"),
}

__all__ = sorted(_FACADE)


def __getattr__(name):
    spec = _FACADE.get(name)
    if spec is None:
        raise AttributeError(f"module 'lessons' has no attribute {name!r}")
    module, attribute = spec
    value = getattr(import_module(f"{__name__}.{module}"), attribute)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_FACADE))
