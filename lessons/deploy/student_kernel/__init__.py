"""The kernel behind a student's page: ipykernel without its debugger.

ipykernel imports debugpy (the JupyterLab debugger) in every kernel it
starts: about 8 MB of memory per kernel, and a "Debugger warning" line in the
terminal of ``python -m lessons mulai``. A student in Voilà never debugs, so
the kernels of student pages start here instead, with debugpy and
rfc3987-syntax (lessons/core/json_schema.py) unimportable, and then run
ipykernel as usual.

``kernels/python3/kernel.json`` beside this file names this module; its
folder (:data:`DATA_DIR`) goes first on ``JUPYTER_PATH`` (voila_settings.first_on_jupyter_path) of the processes that
serve students (plain Voilà: lessons/deploy/student_mode.py; the students'
servers on the class server: lessons/deploy/hub/jupyterhub_config.py), so
their "python3" kernel is this one. JupyterLab (teachers, and students who
want the code) keeps the ordinary kernel with its debugger.
"""

from __future__ import annotations

import sys
from pathlib import Path

#: a Jupyter data folder holding ``kernels/python3/kernel.json``
DATA_DIR = Path(__file__).resolve().parent
#: the debugger ipykernel would import (JupyterLab's debugging panel)
DEBUGGER = "debugpy"


def main() -> None:
    from lessons.core.json_schema import skip_iri_grammar

    sys.modules.setdefault(DEBUGGER, None)  # ipykernel then starts without its debugger
    skip_iri_grammar()
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
