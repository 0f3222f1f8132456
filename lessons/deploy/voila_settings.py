"""The Voilà settings every way of serving the course shares.

One dictionary of traitlets settings, ``{class: {trait: value}}``, so the
same values become command-line flags for ``python -m lessons mulai``
(:func:`as_flags`) and configuration for a Jupyter server that runs Voilà
as an extension (a class server).
"""

from __future__ import annotations

HOME_PAGE = "beranda.ipynb"

SETTINGS: dict[str, dict[str, object]] = {
    # The terminal stays readable: our own Indonesian lines say where the course runs.
    "Voila": {"log_level": "WARN"},
    "VoilaConfiguration": {
        # a learner never sees a traceback (the lessons' own messages are Indonesian)
        "show_tracebacks": False,
    },
}

# issue 19: class server
# Kernels: a closed page stops its kernel at once (lessons/deploy/page_sessions.py
# makes Voilà's page-close request pass the XSRF check, voila#1458). The culler
# is the backstop for pages that vanish without that request (a phone that loses
# its network, a browser that is killed): a kernel with no page connected and
# idle for 15 minutes is stopped, checked every minute. A page that is open is
# never culled (cull_connected=False), however long a student reads during a
# 40-minute lesson, and a phone put aside for a class discussion of up to 15
# minutes finds its kernel again; after that a reload brings every saved answer back.
KERNEL_IDLE_TIMEOUT = 15 * 60  # seconds without a connected page
KERNEL_CULL_INTERVAL = 60
SETTINGS["MappingKernelManager"] = {
    "cull_idle_timeout": KERNEL_IDLE_TIMEOUT,
    "cull_interval": KERNEL_CULL_INTERVAL,
    "cull_connected": False,
    "cull_busy": False,
}
# The page's kernel learns which browser opened it (lessons/engine/live_session.py).
SETTINGS["VoilaConfiguration"]["http_header_envs"] = ["X-Kssa-Browser"]


def as_flags(settings: dict[str, dict[str, object]] = SETTINGS) -> list[str]:
    """``--Class.trait=value`` flags for a traitlets application."""
    flags = []
    for cls, traits in settings.items():
        for trait, value in traits.items():
            if isinstance(value, list):  # a list trait: the flag once per item
                flags.extend(f"--{cls}.{trait}={item}" for item in value)
            elif isinstance(value, bool | int | float | str):
                flags.append(f"--{cls}.{trait}={value}")
            else:
                flags.append(f"--{cls}.{trait}={value!r}")
    return flags
