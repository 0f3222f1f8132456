"""JupyterLab waits for the kernel before running cells.

JupyterLab clears a cell's outputs and runs nothing when the cell is run
before the notebook's kernel exists (upstream jupyterlab/jupyterlab#8490). A
student who presses Run All while a lesson is still starting is left with a
blank lesson. The small prebuilt JupyterLab extension in
``lessons/labextension`` (source and how to rebuild it:
``tools/labextension/``) makes every run action wait for the kernel first.

JupyterLab loads prebuilt extensions from the ``labextensions`` folders of
its data path. A wheel install puts this one under
``<prefix>/share/jupyter/labextensions`` (pyproject's data-files), but an
editable install (``pip install -e .``, the README's) does not, so
:func:`install` copies it into the user's Jupyter data folder
(``JUPYTER_DATA_DIR``, else e.g. ``~/.local/share/jupyter``). Binder's
``postBuild`` and the answer-sheet cell every lesson runs first call it, so it
is there from JupyterLab's next page load on. It never raises.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

NAME = "kssa-wait-for-kernel"
SOURCE = Path(__file__).resolve().parent.parent / "labextension"


def target_folder() -> Path:
    """Where JupyterLab looks for the user's prebuilt extensions."""
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "labextensions" / NAME


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _holds(folder: Path, wanted: dict[str, bytes]) -> bool:
    try:
        return folder.is_dir() and _files(folder) == wanted
    except OSError:  # being replaced by another kernel right now
        return False


def install() -> Path | None:
    """Copy the extension if it is missing or differs; its folder, or None when it cannot be written."""
    try:
        target = target_folder()
        wanted = _files(SOURCE)
        if not wanted:
            return None
        if _holds(target, wanted):
            return target
    except (OSError, ImportError):  # read-only home or no Jupyter: lessons still work, only without the wait
        return None
    # several kernels (a Voilà class, Run All in many tabs) may do this at once: each copies into its own
    # folder, then moves it into place; one wins, the others find the copy already there next time
    fresh = target.with_name(f"{target.name}.new-{os.getpid()}")
    try:
        shutil.copytree(SOURCE, fresh)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(fresh, target)
        return target
    except OSError:
        return target if _holds(target, wanted) else None
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


if __name__ == "__main__":  # postBuild: python -m lessons.core.lab_extension
    install()
