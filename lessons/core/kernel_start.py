"""Every lesson kernel has ``ks``, also after a restart.

Lesson cells call ``ks.exercise(...)``; ``ks`` comes from the first code cell
(``import lessons as ks``). After "Restart Kernel" a student who runs one
exercise cell would get ``NameError: name 'ks' is not defined``.

IPython runs every ``*.py`` file of the profile's ``startup/`` folder when a
kernel starts, before any cell (``IPYTHONDIR``, else ``~/.ipython``; IPython 8
no longer reads config files from the working folder, so a file beside the
notebooks would not be found). :func:`install` writes one small startup file
there: in a Jupyter kernel whose Python has ``lessons`` it runs
``import lessons as ks``; anywhere else (a terminal IPython, an environment
without the course) it does nothing. It never raises: a kernel must start.

The file is written by Binder's ``postBuild`` and, on any other computer, by
the answer-sheet cell every lesson runs at its top (``ks.answer_sheet``), so
after one run of any lesson every later kernel, restarted or new, has ``ks``
in JupyterLab, Notebook 7, Voilà and JupyterHub alike.
"""

from __future__ import annotations

import os
from pathlib import Path

from lessons.core.installing import install_tree

FILE_NAME = "50-kerja-sama-sosial-asean.py"
MARKER = "# kerja-sama-sosial-asean startup v1"
STARTUP_CODE = f'''{MARKER}
# Written by lessons.core.kernel_start: lesson cells use `ks` even after a kernel restart.
# Delete this file to stop it; it does nothing outside a Jupyter kernel that can import lessons.
def _kssa_start():
    try:
        shell = get_ipython()  # noqa: F821 - defined by IPython when it runs startup files
        if type(shell).__name__ != "ZMQInteractiveShell" or "ks" in shell.user_ns:
            return
        import lessons

        shell.user_ns["ks"] = lessons
    except Exception:  # never stop a kernel from starting
        pass


_kssa_start()
del _kssa_start
'''


def startup_file() -> Path:
    """Where the startup file goes: the default profile's startup folder."""
    base = os.environ.get("IPYTHONDIR") or str(Path.home() / ".ipython")
    return Path(base) / "profile_default" / "startup" / FILE_NAME


def install() -> Path | None:
    """Write the startup file if it is missing or older; the path, or None if it cannot be written.

    A read-only home is fine: the first cell still imports lessons as usual.
    """
    return install_tree(startup_file(), STARTUP_CODE.encode("utf-8"))


if __name__ == "__main__":  # postBuild: python -m lessons.core.kernel_start
    install()
