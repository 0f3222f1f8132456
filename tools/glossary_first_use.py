#!/usr/bin/env python3
"""Fill the ``first_lesson`` column of ``data/glossary.csv``: the lesson whose
text first uses each term, so that lesson's term box (``ks.lesson_terms``)
explains it before the learner needs it.

Usage (from the repository root)::

    python tools/glossary_first_use.py          # rewrite the column
    python tools/glossary_first_use.py --check  # exit 1 if it is out of date

The text of a lesson is its markdown cells (what a learner reads). A term is
found by its spelling or one of its aliases, as a whole word: an acronym-like
spelling (two or more capitals, e.g. "AADMER", "IPM") must match exactly,
anything else ignores case ("ratifikasi", "Ratifikasi"). Terms no lesson uses
keep an empty cell (the glossary still lists them).
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "data" / "glossary.csv"
COLUMN = "first_lesson"


def lesson_texts(notebooks: Path = ROOT / "notebooks") -> dict[str, str]:
    """lesson number → the markdown a learner reads in that lesson."""
    texts = {}
    for path in sorted(notebooks.glob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        texts[path.name[:2]] = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return texts


def spellings(row: dict) -> list[str]:
    return [s.strip() for s in [row["term"], *str(row.get("aliases") or "").split(";")] if s.strip()]


def _pattern(spelling: str) -> re.Pattern:
    acronym = sum(ch.isupper() for ch in spelling) >= 2
    return re.compile(rf"(?<![\w-]){re.escape(spelling)}(?![\w-])", 0 if acronym else re.IGNORECASE)


def first_use(rows: list[dict], texts: dict[str, str]) -> dict[str, str]:
    """term → the first lesson (in lesson order) whose text uses it, or ""."""
    found = {}
    for row in rows:
        patterns = [_pattern(s) for s in spellings(row)]
        found[row["term"]] = next((lesson for lesson in sorted(texts)
                                   if any(p.search(texts[lesson]) for p in patterns)), "")
    return found


def updated_csv(text: str, texts: dict[str, str]) -> str:
    rows = list(csv.DictReader(io.StringIO(text)))
    fields = list(rows[0].keys()) if rows else []
    if COLUMN not in fields:
        fields.append(COLUMN)
    found = first_use(rows, texts)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        row[COLUMN] = found[row["term"]]
        writer.writerow(row)
    return out.getvalue()


def main(argv: list[str]) -> int:
    text = GLOSSARY.read_text(encoding="utf-8")
    new = updated_csv(text, lesson_texts())
    if "--check" in argv:
        if new != text:
            print("data/glossary.csv: first_lesson is out of date; run python tools/glossary_first_use.py")
            return 1
        return 0
    GLOSSARY.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
