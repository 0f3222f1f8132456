#!/usr/bin/env python3
"""Write the teacher's answer-key notebooks (guru/kunci/NN-kunci.ipynb, outside the
notebooks/ folder students open)
from the exercise banks, then execute them so their feedback is stored.

Usage: python tools/make_key_notebooks.py [NN ...]
Run it after changing a bank; tests/test_notebooks.py fails when a key
notebook no longer covers its bank.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lessons.core.paths import course  # noqa: E402
from lessons.engine.bank import load_bank  # noqa: E402
from lessons.teacher.key_notebooks import key_notebook  # noqa: E402
from tools.execute_notebooks import execute  # noqa: E402


def main(argv: list[str]) -> int:
    lessons = argv or course().lessons()
    for lesson in lessons:
        title = load_bank(lesson).title
        path = ROOT / "guru" / "kunci" / f"{lesson}-kunci.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(key_notebook(lesson, title), path)
        print(f"{path.relative_to(ROOT)}: {execute(path):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
