"""Content rules: nothing copied from the source article; standard (baku)
Indonesian spellings in everything a learner sees."""

from __future__ import annotations

import re
import subprocess
import sys

import nbformat
import pytest

from .conftest import DATA, ROOT

SEED_TOOL = ROOT.parent / "shared" / "tools" / "seed_overlap.py"

# non-baku spellings the article uses, and what to write instead
NON_BAKU = {
    r"\bkerjasama\b": "kerja sama",
    r"\bbekerjasama\b": "bekerja sama",
    r"\bantar negara\b": "antarnegara",
    r"\bantar budaya\b": "antarbudaya",
    r"\bASEAN Secretariat\b": "Sekretariat ASEAN",
    r"\bkontijensi\b": "kontingensi",
    r"\bkesengjangan\b": "kesenjangan",
}


@pytest.mark.skipif(not SEED_TOOL.exists(), reason="../shared/tools/seed_overlap.py is not present")
def test_nothing_is_copied_from_the_source_article():
    run = subprocess.run([sys.executable, str(SEED_TOOL), str(ROOT)], capture_output=True, text=True)
    assert run.returncode == 0 and not run.stdout.strip(), run.stdout


def _learner_texts():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                yield path.name, cell.source
    for path in sorted((DATA / "exercises").glob("*.yml")):
        yield path.name, path.read_text(encoding="utf-8")
    from lessons import text

    yield "lessons/text.py", "\n".join(str(v) for v in text.STRINGS.values())


def _learner_columns():
    from lessons.core.data import load

    for name, columns in {
        "social_issues": ["name_id", "goal", "strategies", "results", "correction"],
        "programmes": ["name_id", "description_id", "year_note"],
        "network_edges": ["description_id"],
        "milestones": ["title_id", "description_id"],
    }.items():
        frame = load(name)
        for column in columns:
            yield f"data/{name}.{column}", "\n".join(frame[column].dropna().astype(str))


def test_learners_see_standard_spelling():
    problems = []
    for where, text in [*_learner_texts(), *_learner_columns()]:
        for pattern, fix in NON_BAKU.items():
            for match in re.finditer(pattern, text, re.I):
                problems.append(f"{where}: '{match.group(0)}' → '{fix}'")
    assert not problems, "\n".join(problems)


def test_every_string_key_used_in_the_code_exists():
    from lessons import text

    used = set()
    for path in (ROOT / "lessons").rglob("*.py"):
        used |= set(re.findall(r"\bt\(\s*\"([a-z_]+)\"", path.read_text(encoding="utf-8")))
    missing = used - set(text.STRINGS)
    assert not missing, missing
