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
is there from JupyterLab's next page load on. It never raises. The copy is
made by :func:`lessons.core.installing.install_tree` (atomic, only when it
differs), the same helper that writes the kernel startup file.
"""

from __future__ import annotations

from pathlib import Path

from lessons.core.installing import install_tree, read_tree

NAME = "kssa-wait-for-kernel"
SOURCE = Path(__file__).resolve().parent.parent / "labextension"


def target_folder() -> Path:
    """Where JupyterLab looks for the user's prebuilt extensions."""
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "labextensions" / NAME


def install() -> Path | None:
    """Copy the extension if it is missing or differs; its folder, or None when it cannot be written."""
    try:
        target = target_folder()
        wanted = read_tree(SOURCE)
    except (OSError, ImportError):  # read-only home or no Jupyter: lessons still work, only without the wait
        return None
    if not wanted:
        return None
    return install_tree(target, wanted)


if __name__ == "__main__":  # postBuild: python -m lessons.core.lab_extension
    install()
