"""The Voilà settings every way of serving the course shares.

One dictionary of traitlets settings, ``{class: {trait: value}}``, so the
same values become command-line flags for ``python -m lessons mulai``
(:func:`as_flags`) and configuration for a Jupyter server that runs Voilà
as an extension (a class server).
"""

from __future__ import annotations

HOME_PAGE = "beranda.ipynb"

SETTINGS: dict[str, dict[str, object]] = {
    # The terminal stays readable: our own Indonesian lines say where the course runs
    # (Voilà's warnings, such as "notebook is not trusted", mean nothing to a student).
    "Voila": {"log_level": "ERROR"},
    "VoilaConfiguration": {
        # a learner never sees a traceback (the lessons' own messages are Indonesian)
        "show_tracebacks": False,
    },
}


def as_flags(settings: dict[str, dict[str, object]] = SETTINGS) -> list[str]:
    """``--Class.trait=value`` flags for a traitlets application."""
    flags = []
    for cls, traits in settings.items():
        for trait, value in traits.items():
            if isinstance(value, bool | int | float | str):
                flags.append(f"--{cls}.{trait}={value}")
            else:
                flags.append(f"--{cls}.{trait}={value!r}")
    return flags
