"""The kernel behind a student's page: ipykernel without its debugger.

ipykernel imports debugpy (the JupyterLab debugger) in every kernel it
starts: about 8 MB of memory per kernel, and a "Debugger warning" line in the
terminal of ``python -m lessons mulai``. A student in Voilà never debugs, so
the kernels of student pages start here instead, with debugpy and
rfc3987-syntax (lessons/core/json_schema.py) unimportable, and then run
ipykernel as usual.

``kernels/python3/kernel.json`` beside this file names this module; its
folder (:data:`DATA_DIR`) goes first on ``JUPYTER_PATH`` of the processes that
serve students (plain Voilà: lessons/deploy/student_mode.py; the students'
servers on the class server: lessons/deploy/hub/jupyterhub_config.py), so
their "python3" kernel is this one. JupyterLab (teachers, and students who
want the code) keeps the ordinary kernel with its debugger.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: a Jupyter data folder holding ``kernels/python3/kernel.json``
DATA_DIR = Path(__file__).resolve().parent
#: modules a student's kernel never imports
NOT_IMPORTED = ("debugpy", "rfc3987_syntax")


def on_jupyter_path(environ: "os._Environ | dict" = os.environ) -> None:
    """Put :data:`DATA_DIR` first on ``JUPYTER_PATH`` in ``environ`` (once)."""
    parts = [p for p in environ.get("JUPYTER_PATH", "").split(os.pathsep) if p and p != str(DATA_DIR)]
    environ["JUPYTER_PATH"] = os.pathsep.join([str(DATA_DIR), *parts])


def main() -> None:
    for name in NOT_IMPORTED:
        sys.modules.setdefault(name, None)
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
