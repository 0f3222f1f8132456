"""The Voilà settings every way of serving the course shares.

One dictionary of traitlets settings, ``{class: {trait: value}}``, so the
same values become command-line flags for ``python -m lessons mulai``
(:func:`as_flags`) and configuration for a Jupyter server that runs Voilà
as an extension (a class server).
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_PAGE = "beranda.ipynb"

# issue 20: phones
#: the folder that holds the course's Voilà template (``voila/templates/kssa/``), found by Voilà through
#: JUPYTER_PATH (:func:`use_template`); inside the package, so editable installs and wheels both have it
TEMPLATE_ROOT = Path(__file__).resolve().parent / "voila_template"
TEMPLATE = "kssa"
#: the texts of the template (lessons/text/deploy.py): the loading screen, error pages, a failed cell
TEMPLATE_TEXT_KEYS = ("page_title", "loading_title", "loading_wait", "loading_progress", "noscript", "error_title",
                      "error_404", "error_403", "error_500", "error_other", "error_code", "error_home",
                      "cell_error_name", "cell_error", "cell_timeout", "widget_loading", "widget_failed")
#: one preheated kernel per lesson page: a kernel that has run a lesson holds about 150 MB, so the
#: nine pages of the course (seven lessons, Beranda, Glosarium) hold about 1.3 GB while waiting.
#: A school PC with 4 GB affords that; a second kernel per page would double it for a gain only
#: when one student opens the same page twice. Each is used once: the page that takes it keeps it
#: (Voilà's refill is refused, lessons/deploy/preheat.py, in_lesson_order).
POOL_SIZE = 1

SETTINGS: dict[str, dict[str, object]] = {
    # The terminal stays readable: our own Indonesian lines say where the course runs
    # (Voilà's warnings, such as "notebook is not trusted", mean nothing to a student).
    "Voila": {"log_level": "ERROR"},
    "VoilaConfiguration": {
        # a learner never sees a traceback (the lessons' own messages are Indonesian)
        "show_tracebacks": False,
    },
}

# issue 20: phones. Compressed responses (JavaScript and pages are 3-5 times smaller on mobile data),
# the course's own template (Indonesian from the first frame, nothing from a CDN) and preheated
# kernels (a lesson is executed before it is asked for, so it opens in a second or two). Each class
# gets its traits with setdefault/update, so other blocks' settings for the same class stay.


def template_text() -> dict[str, str]:
    """The template's Indonesian texts (lessons/text/deploy.py)."""
    from lessons.text import t

    return {key: t(key) for key in TEMPLATE_TEXT_KEYS}


SETTINGS.setdefault("Voila", {}).setdefault("tornado_settings", {}).update({
    "compress_response": True,  # gzip for pages, scripts and styles
    "websocket_compression_options": {},  # permessage-deflate for the kernel's websocket (widget state)
    # the server pings each page every 90 s and gives up on a page silent for 90 s: as lenient with a phone
    # on a weak network as Jupyter's default (30 s and 90 s, which newer Tornado refuses in an English
    # line in the student's terminal: "The websocket_ping_timeout (90000) cannot be longer than …"),
    # with a third of the pings on mobile data
    "ws_ping_interval": 90_000,
    "ws_ping_timeout": 90_000,
})
SETTINGS.setdefault("VoilaConfiguration", {}).update({
    "template": TEMPLATE,
    "resources": {"kssa": template_text()},
    "preheat_kernel": True,
    "default_pool_size": POOL_SIZE,
    # JupyterLab extensions a Voilà page does not use (about 50 kB): Notebook 7's menus, the code
    # highlighter (no code is shown), the course's own JupyterLab extension (it waits for the kernel in Lab)
    "extension_denylist": ["@jupyter-notebook/lab-extension", "jupyterlab_pygments", "kssa-wait-for-kernel"],
})
SETTINGS.setdefault("VoilaKernelManager", {}).update({
    "kernel_pools_config": {"default": {"pool_size": POOL_SIZE}},
})
SETTINGS.setdefault("VoilaExecutor", {}).update({
    "cell_error_instruction": template_text()["cell_error"],
    "cell_timeout_instruction": template_text()["cell_timeout"],
})


def first_on_jupyter_path(folder: Path, environ: "os._Environ | dict" = os.environ) -> None:
    """Put the Jupyter data folder ``folder`` first on ``JUPYTER_PATH`` in ``environ`` (once)."""
    parts = [p for p in environ.get("JUPYTER_PATH", "").split(os.pathsep) if p and p != str(folder)]
    environ["JUPYTER_PATH"] = os.pathsep.join([str(folder), *parts])


def use_template(environ: "os._Environ | dict" = os.environ) -> None:
    """Let Voilà (and the kernels it starts) find the course's template: TEMPLATE_ROOT first on JUPYTER_PATH."""
    first_on_jupyter_path(TEMPLATE_ROOT, environ)


def add_template_globals(settings: dict) -> None:
    """Give the error pages their texts: Voilà renders them with its own Jinja environments
    (``voila_jinja2_env``, and the Jupyter server's ``jinja2_env``), not with a notebook's resources."""
    import jinja2

    text = template_text()
    folder = str(TEMPLATE_ROOT / "voila" / "templates" / TEMPLATE)
    for name in ("voila_jinja2_env", "jinja2_env"):
        env = settings.get(name)
        if env is None:
            continue
        env.globals["kssa_text"] = text
        if name == "jinja2_env" and env is not settings.get("voila_jinja2_env"):
            env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(folder), env.loader])


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
# One student per computer (``python -m lessons mulai``): a page that vanished without its close request
# (a killed browser, a laptop that slept) holds its lesson with the one-student check
# (lessons/engine/live_session.py) until its kernel stops. There the culler waits 3 minutes, not 15: the
# one computer's student returns to a page at once or reloads it, and a second browser that was refused
# may save from then on (its page is told by the check's heartbeat, without a reload). Safe: the stopped
# kernel's page can no longer save anything (its kernel is gone), and a reload of that page is refused in
# turn while the second browser is open. Answers never merge.
HANDOVER_TIMEOUT = 3 * 60


def folder_list_to_home(base_url: str, home: str) -> list[tuple]:
    """Tornado handlers sending Voilà's folder list (``/voila``, ``/voila/tree…``: English,
    and of no use to a student) to ``home``, for plain Voilà and for the class server alike."""
    from jupyter_server.utils import url_path_join
    from tornado.web import RedirectHandler

    return [(url_path_join(base_url, r"/voila/?"), RedirectHandler, {"url": home}),
            (url_path_join(base_url, r"/voila/tree(?:/.*)?"), RedirectHandler, {"url": home})]


def student_mode_settings() -> dict[str, dict[str, object]]:
    """SETTINGS for standalone Voilà on one student's computer: the shorter hand-over above."""
    settings = {cls: dict(traits) for cls, traits in SETTINGS.items()}
    settings["MappingKernelManager"].update({"cull_idle_timeout": HANDOVER_TIMEOUT, "cull_interval": 30})
    return settings


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
