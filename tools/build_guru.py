#!/usr/bin/env python3
"""Rebuild the generated teacher pages in ``guru/``: one command for all of them.

Usage (from the repository root)::

    python tools/build_guru.py            # rebuild whatever is stale
    python tools/build_guru.py 00 03      # ... and re-execute these lessons' key notebooks even if their cells are unchanged
    python tools/build_guru.py --check    # write nothing; name every stale file and exit 1 (what CI checks)

What is generated, and from what:

* ``guru/rencana/*.html``, the planning kit (Modul Ajar), from ``data/teaching_plans.yml``,
  the lesson notebooks and the banks (``lessons/teacher/planning.py``; teachers who only
  edit the plans can also run ``python -m lessons rencana guru/rencana``);
* ``guru/kunci/NN-kunci.ipynb``, the answer-key notebooks, from the banks
  (``lessons/teacher/key_notebooks.py``). A key notebook is stale when its cells (ids,
  kinds, sources) differ from what the bank gives; it is then written and executed
  (``tools/execute_notebooks.py``), so its stored feedback is what nbval compares.
  Its cell ids come from the exercise ids, so one new question adds only its own cells.

``guru/meja-guru.ipynb`` is written by hand and is not generated.
``tests/test_guru_pages.py`` runs the check, so a stale page fails the suite (and CI).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLANS = Path("guru") / "rencana"
KEYS = Path("guru") / "kunci"


def key_path(lesson: str) -> Path:
    return KEYS / f"{lesson}-kunci.ipynb"


def _cells(nb) -> list[tuple]:
    return [(cell.get("id"), cell.cell_type, cell.source) for cell in nb.cells]


def stale_keys(root: Path = ROOT) -> list[str]:
    """The lessons whose key notebook is missing or whose cells differ from what their bank gives."""
    import nbformat

    from lessons.core.paths import course_at
    from lessons.engine.bank import load_bank
    from lessons.teacher.key_notebooks import key_notebook

    out = []
    for lesson in course_at(root).lessons():
        path = root / key_path(lesson)
        made = key_notebook(lesson, load_bank(lesson).title)
        if not path.is_file() or _cells(nbformat.read(path, as_version=4)) != _cells(made):
            out.append(lesson)
    return out


def stale_plans(root: Path = ROOT) -> list[str]:
    """The planning-kit files that a fresh build (into a temporary folder) would write differently, add or drop."""
    from lessons.teacher import planning

    committed = root / PLANS
    with tempfile.TemporaryDirectory() as tmp:
        planning.write(Path(tmp), root)
        fresh = {p.name: p.read_bytes() for p in Path(tmp).glob("*.html")}
    have = {p.name: p.read_bytes() for p in committed.glob("*.html")} if committed.is_dir() else {}
    return sorted(str(PLANS / name) for name in set(fresh) | set(have) if fresh.get(name) != have.get(name))


def stale(root: Path = ROOT) -> list[str]:
    """Every stale generated file under guru/, as a path relative to the course folder."""
    return stale_plans(root) + [str(key_path(lesson)) for lesson in stale_keys(root)]


def build(lessons: list[str], root: Path = ROOT) -> list[str]:
    """Rebuild what is stale (and the key notebooks of ``lessons``); the files written."""
    import nbformat

    from lessons.engine.bank import load_bank
    from lessons.teacher import planning
    from lessons.teacher.key_notebooks import key_notebook
    from tools.execute_notebooks import execute

    written = []
    plans = stale_plans(root)
    if plans:
        folder = root / PLANS
        for old in folder.glob("*.html"):  # a page of a lesson that no longer exists goes too
            old.unlink()
        planning.write(folder, root)
        written += plans
    for lesson in sorted(set(stale_keys(root)) | set(lessons)):
        path = root / key_path(lesson)
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(key_notebook(lesson, load_bank(lesson).title), path)
        print(f"{key_path(lesson)}: {execute(path):.1f} s")
        written.append(str(key_path(lesson)))
    return written


def main(argv: list[str]) -> int:
    if "--check" in argv:
        found = stale()
        for name in found:
            print(f"stale: {name}")
        if found:
            print("run: python tools/build_guru.py")
        return 1 if found else 0
    from lessons.teacher.planning import PlanError

    try:
        written = build([a for a in argv if not a.startswith("-")])
    except PlanError as err:  # data/teaching_plans.yml does not fit the notebooks: one sentence, which says where
        print(err, file=sys.stderr)
        return 2
    print("\n".join(written) if written else "guru/ is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
