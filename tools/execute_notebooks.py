#!/usr/bin/env python3
"""Re-execute notebooks so their stored outputs are exactly what nbval compares.

Usage (from the repository root)::

    python tools/execute_notebooks.py                 # every notebook
    python tools/execute_notebooks.py notebooks/01-*.ipynb

Each notebook runs in its own folder with a fresh kernel and a temporary
answer-sheet folder (so no student answers leak in). Widget state is not
stored: without a kernel, JupyterLab then shows each widget's text summary,
and the files stay small and deterministic. A widget view's ``model_id`` would
otherwise be a fresh random id on every run (it names a model that is not
stored anyway, and nbval skips widget views); it is replaced by an id derived
from the cell id and the output's place, so re-executing an unchanged notebook
gives a byte-identical file. Execution counts are renumbered from 1 and kernel
metadata is normalised.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def stable_model_id(cell_id: str, index: int) -> str:
    """The stored ``model_id`` of the ``index``-th output of the cell ``cell_id``: 32 hex digits, like a real one."""
    return hashlib.sha256(f"{cell_id}/{index}".encode()).hexdigest()[:32]


def normalise(nb) -> None:
    """Make the stored notebook depend only on its cells and their outputs (see the module docstring)."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    count = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count
            for index, output in enumerate(cell.outputs):
                if "execution_count" in output:
                    output["execution_count"] = count
                view = output.get("data", {}).get(WIDGET_VIEW)
                if view is not None:
                    view["model_id"] = stable_model_id(cell.id, index)


def execute(path: Path, kernel_manager_class=None) -> float:
    """Execute the notebook at ``path`` and store it normalised; the seconds it took.

    ``kernel_manager_class``: the tests pass one that talks over IPC sockets (tests/kernels.py).
    """
    nb = nbformat.read(path, as_version=4)
    extra = {"kernel_manager_class": kernel_manager_class} if kernel_manager_class is not None else {}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as answers:
        old = os.environ.get("KSSA_ANSWER_DIR")
        os.environ["KSSA_ANSWER_DIR"] = answers
        try:
            NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
                           store_widget_state=False, **extra).execute()
        finally:
            if old is None:
                os.environ.pop("KSSA_ANSWER_DIR", None)
            else:
                os.environ["KSSA_ANSWER_DIR"] = old
    elapsed = time.perf_counter() - start
    normalise(nb)
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "guru" / "kunci").glob("*.ipynb"))
    for path in paths:
        seconds = execute(path.resolve())
        print(f"{path}: {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
