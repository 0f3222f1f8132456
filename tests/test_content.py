"""Content rules: nothing copied from the source article; standard (baku)
Indonesian spellings in everything a learner sees."""

from __future__ import annotations

import ast
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


# Common Indonesian function words: a string literal of three or more words
# holding one of them is a sentence a person reads, and belongs in lessons/text/.
INDONESIAN_FUNCTION_WORDS = frozenset(
    "yang tidak harus dan untuk dengan belum bukan sudah atau dari pada dalam oleh "
    "adalah akan juga karena ini itu ke di".split()
)


def _docstring_nodes(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                found.add(id(first.value))
    return found


def indonesian_literals(source: str, filename: str = "<source>") -> list[str]:
    """The string literals of ``source`` (f-strings with ``{}`` for each field)
    that look like Indonesian sentences: "file:line: text" for each."""
    tree = ast.parse(source, filename)
    docstrings = _docstring_nodes(tree)
    inside_fstrings = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
              and id(node) not in docstrings and id(node) not in inside_fstrings):
            text = node.value
        else:
            continue
        words = [w for w in re.findall(r"\w+", text.casefold()) if not w.isdigit()]  # snake_case ids stay one word
        if len(words) >= 3 and INDONESIAN_FUNCTION_WORDS & set(words):
            hits.append((node.lineno, f"{filename}:{node.lineno}: {text!r}"))
    return [hit for _, hit in sorted(hits)]


def test_no_indonesian_sentence_outside_lessons_text():
    package = ROOT / "lessons"
    hits = []
    for path in sorted(package.rglob("*.py")):
        if path.relative_to(package).parts[0] == "text":
            continue
        hits += indonesian_literals(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    assert not hits, "move these strings to lessons/text/ and look them up with t(key):\n" + "\n".join(hits)


def test_the_indonesian_literal_scan_catches_a_planted_sentence():
    planted = (
        '"""Modul contoh: docstring ini boleh berbahasa Indonesia dan tidak ditandai."""\n'
        "def check(value, where):\n"
        '    """Docstring fungsi yang juga dilewati."""\n'
        '    code = "tidak_setuju" if value else "pilihan_ganda"\n'
        '    vote = "tidak setuju"\n'
        '    style = "<div style=\\"color:#555\\">"\n'
        '    if value is None:\n'
        '        raise ValueError("Berkas ini tidak dapat dibaca.")\n'
        '    return f"{where}: toleransi harus angka {value} atau lebih."\n'
    )
    hits = indonesian_literals(planted, "planted.py")
    assert hits == ["planted.py:8: 'Berkas ini tidak dapat dibaca.'",
                    "planted.py:9: '{}: toleransi harus angka {} atau lebih.'"], hits


# --- exercise keys a teacher can defend (issue 11) ---------------------------

import collections as _collections

import yaml as _yaml


def _exercises():
    for path in sorted((DATA / "exercises").glob("0*.yml")):
        yield from _yaml.safe_load(path.read_text(encoding="utf-8"))["exercises"]


def key_bias():
    """(share of single-choice items whose key is the uniquely longest option,
    key letter counts of lettered multiple-choice items)."""
    single, longest, letters = 0, 0, _collections.Counter()
    for ex in _exercises():
        if ex["form"] == "pilihan_ganda" or (ex["form"] == "data" and ex.get("answer_type") == "pilihan"):
            lengths = {str(k): len(str(v)) for k, v in ex["options"].items()}
            top = max(lengths.values())
            single += 1
            longest += lengths[str(ex["key"])] == top and list(lengths.values()).count(top) == 1
            if ex["form"] == "pilihan_ganda":
                letters[str(ex["key"])] += 1
    return longest / single, letters


def test_keys_cannot_be_guessed_from_length_or_position():
    share, letters = key_bias()
    n = sum(letters.values())
    print(f"single-choice items whose key is the longest option: {share:.0%}; key letters: {dict(sorted(letters.items()))}")
    assert share <= 0.35, f"the key is the longest option in {share:.0%} of single-choice items"
    assert set(letters) == {"A", "B", "C", "D"}, letters
    assert max(letters.values()) <= 0.35 * n, f"one key letter dominates: {letters}"


FILLER = {"karena", "sebab", "sehingga", "agar", "supaya", "maka", "jadi", "oleh karena itu", "menurut saya",
          "menurutku", "misalnya", "contohnya", "contoh", "kesimpulan", "penting", "saling"}


def test_essay_rubrics_do_not_reward_filler_words():
    bad = [(ex["id"], crit["label"], sorted(FILLER & {w.lower() for w in crit["keywords"]}))
           for ex in _exercises() if ex["form"] == "uraian" for crit in ex["rubric"]
           if FILLER & {w.lower() for w in crit["keywords"]}]
    assert not bad, bad


def test_hints_do_not_say_how_many_options_are_right():
    counting = re.compile(r"\b(ada|hanya)\s+(satu|dua|tiga|empat|lima|\d)\s+(pilihan|jawaban)\b", re.I)
    bad = [ex["id"] for ex in _exercises() if counting.search(str(ex.get("hint", "")))]
    assert not bad, bad


def test_levels_fit_what_the_item_asks():
    levels = {ex["id"]: ex["level"] for ex in _exercises()}
    # reading a table or recalling is not analysis; judging a source is evaluation
    for xid in ("00-04", "00-08", "06-14", "06-12", "06-16"):
        assert levels[xid] in ("C1", "C2", "C3"), (xid, levels[xid])
    assert levels["04-06"] == "C5"


def test_final_test_items_carry_their_own_data_and_it_matches_data():
    from lessons.core.data import load
    from lessons.core.formatting import number

    items = {ex["id"]: ex for ex in _exercises()}
    ind = load("indicators")

    def value(iso3, indicator, year, decimals):
        row = ind[(ind.iso3 == iso3) & (ind.indicator == indicator) & (ind.year == year)]
        return number(float(row["value"].iloc[0]), decimals)

    for year in (2001, 2023):  # Timor-Leste 2000 is an artefact (issue 22)
        assert value("TLS", "under5_mortality_rate", year, 1) in items["06-13"]["stimulus"]
    for iso3 in ("BRN", "KHM", "LAO", "TLS"):
        for year in (2000, 2017):
            assert value(iso3, "maternal_mortality_ratio", year, 0) in items["06-14"]["stimulus"], (iso3, year)
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
              "November", "Desember"]
    members = load("members").set_index("iso3")
    for iso3 in ("BRN", "VNM", "LAO", "MMR", "KHM"):
        d = members.loc[iso3, "date_joined"]
        assert f"{members.loc[iso3, 'name_id']} {d.day} {months[d.month - 1]} {d.year}" in items["06-12"]["stimulus"]
