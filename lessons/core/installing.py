"""Put a file or a folder of files in place for Jupyter, atomically, only when it differs.

:mod:`lessons.core.kernel_start` (an IPython startup file) and
:mod:`lessons.core.lab_extension` (the prebuilt JupyterLab extension) both
install into the user's Jupyter or IPython folders from the first cell of every
lesson. Several kernels (a Voilà class, Run All in many tabs) may do it at the
same time, and a kernel must never fail because of it. So :func:`install_tree`:

* reads what is there and does nothing when it already holds exactly the wanted bytes;
* writes into a name of its own (``<name>.new-<pid>``) and moves that into place
  with one ``os.replace``, so no reader ever sees half a file or half a folder;
* returns the target, or ``None`` when it cannot be written (a read-only home):
  it never raises ``OSError``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

#: what to install: the bytes of one file, or {relative POSIX path: bytes} for a folder
Tree = bytes | dict[str, bytes]


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` as {relative POSIX path: bytes}."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def holds(target: Path, tree: Tree) -> bool:
    """Whether ``target`` already holds exactly ``tree`` (False while another process replaces it)."""
    try:
        if isinstance(tree, bytes):
            return target.is_file() and target.read_bytes() == tree
        return target.is_dir() and read_tree(target) == tree
    except OSError:
        return False


def _write(fresh: Path, tree: Tree) -> None:
    if isinstance(tree, bytes):
        fresh.write_bytes(tree)
        return
    for name, data in tree.items():
        path = fresh / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def install_tree(target: Path, tree: Tree) -> Path | None:
    """Make ``target`` hold ``tree`` (a file's bytes, or a folder's files); ``target``, or None if it cannot be written."""
    if holds(target, tree):
        return target
    fresh = target.with_name(f"{target.name}.new-{os.getpid()}")
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _write(fresh, tree)
        if isinstance(tree, dict):
            # os.replace cannot put a folder over one that has files: move the old one aside first (one rename,
            # so a folder at `target` is always a complete copy; nothing is ever deleted inside it)
            with contextlib.suppress(FileNotFoundError):
                os.replace(target, old)
        os.replace(fresh, target)
        return target
    except OSError:  # a read-only home, or another kernel put its copy in first: fine if what is there is right
        return target if holds(target, tree) else None
    finally:
        for leftover in (fresh, old):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            elif leftover.exists():
                with contextlib.suppress(OSError):
                    leftover.unlink()
