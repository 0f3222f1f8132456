"""The glossary: every acronym a learner meets is defined (data/glossary.csv), and the view searches it."""

from __future__ import annotations

import csv
import glob
import importlib
import re
from pathlib import Path

import nbformat
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
#: an upper-case token of 2+ letters (digits and hyphenated parts allowed: COVID-19, SOM-ED, ASEAN-COCI)
TOKEN = re.compile(r"(?<![A-Za-z0-9/.\-_])[A-Z][A-Z0-9]*[A-Z](?:-[A-Z0-9]+)*(?![A-Za-z0-9_])")
ROMAN = re.compile(r"[IVXL]+")  # Bali Concord II, Rencana Kerja IV, kelas VIII: numbers, not terms
#: not terms: upper case for emphasis in a question, and file formats / input patterns in error messages
NOT_TERMS = {"SEBELUM", "TIDAK", "UMUM", "CSV", "JSON", "YAML", "UTF-8", "NN-MM", "TTTT-BB-HH"}
#: learner-facing columns of the data tables (what the widgets show)
LEARNER_COLUMNS = {
    "programmes": ["acronym", "name_id", "year_note", "description_id"],
    "social_issues": ["name_id", "goal", "strategies", "results", "correction"],
    "network_edges": ["description_id"],
    "milestones": ["title_id", "description_id"],
    "ascc_structure": ["acronym", "label_id", "box_id", "role_id"],
    "cultural_milestones": ["label_id", "description_id"],
    "disaster_responses": ["response_name_id", "text_id", "article_note_id"],
    "disaster_timeline": ["title_id"],
}


def tokens(text: str) -> set[str]:
    text = re.sub(r"https?://\S+|`[^`]*`", "", text)
    return {tok for tok in TOKEN.findall(text) if not ROMAN.fullmatch(tok) and tok not in NOT_TERMS}


def lesson_text() -> dict[str, str]:
    """Where -> the text a learner reads there (notebook markdown minus its list of sources, strings, data, banks)."""
    out = {}
    for path in sorted(glob.glob(str(ROOT / "notebooks" / "0?-*.ipynb"))):
        nb = nbformat.read(path, as_version=4)
        cells = [re.split(r"(?m)^\s*(?:#+\s*Sumber|\*\*Sumber)", c.source)[0] for c in nb.cells if c.cell_type == "markdown"]
        out[Path(path).name] = "\n".join(cells)
    for module in ["common"] + [Path(p).stem for p in glob.glob(str(ROOT / "lessons" / "text" / "lesson*.py"))]:
        mod = importlib.import_module(f"lessons.text.{module}")
        out[f"lessons/text/{module}.py"] = "\n".join(
            v for d in vars(mod).values() if isinstance(d, dict) for v in d.values() if isinstance(v, str))
    for name, columns in LEARNER_COLUMNS.items():
        with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as fh:
            out[f"data/{name}.csv"] = "\n".join(row[c] or "" for row in csv.DictReader(fh) for c in columns)

    def walk(node):
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for v in node.values():
                yield from walk(v)
        elif isinstance(node, list):
            for v in node:
                yield from walk(v)

    for path in sorted((DATA / "exercises").glob("*.yml")):
        out[f"data/exercises/{path.name}"] = "\n".join(walk(yaml.safe_load(path.read_text(encoding="utf-8"))))
    return out


def glossary_keys(frame: pd.DataFrame) -> set[str]:
    keys = set()
    for _, row in frame.fillna("").iterrows():
        keys.add(row["term"])
        keys |= {a.strip() for a in row["aliases"].split(";") if a.strip()}
        keys |= tokens(row["term"])  # "AHA Centre" covers the token AHA
    return keys


def missing(text_by_place: dict[str, str], keys: set[str]) -> dict[str, set[str]]:
    gaps = {}
    for place, text in text_by_place.items():
        lost = tokens(text) - keys
        if lost:
            gaps[place] = lost
    return gaps


def glossary():
    from lessons.core.data import load

    return load("glossary")


def test_every_acronym_a_learner_meets_is_in_the_glossary():
    gaps = missing(lesson_text(), glossary_keys(glossary()))
    assert not gaps, "not in data/glossary.csv: " + "; ".join(f"{p}: {sorted(s)}" for p, s in gaps.items())


def test_the_acronym_check_catches_a_new_acronym_and_ignores_numbers():
    keys = glossary_keys(glossary())
    assert missing({"nb": "Program baru ASEAN-XYZ dan APSC mulai 2030."}, keys) == {"nb": {"ASEAN-XYZ", "APSC"}}
    assert not missing({"nb": "Bali Concord II, Rencana Kerja IV, US$24,8 juta, COVID-19, AHA Centre, PPP."}, keys)
    assert tokens("lihat https://asean.org/AADMER dan `KODE`") == set()


def test_required_terms_are_defined_and_sourced():
    frame = glossary()
    keys = {k.casefold() for k in glossary_keys(frame)}
    for term in ["ratifikasi", "konvensi", "deklarasi", "mekanisme", "PPP", "paritas daya beli", "surveilans",
                 "konsensus", "mufakat", "KTT", "ASCC", "AADMER", "AHA Centre", "ACTIP", "ACWC", "IAI", "AUN",
                 "ASEAN-COCI", "UNDP", "WHO", "UNESCO"]:
        assert term.casefold() in keys, term
    assert frame["term"].is_unique
    assert (frame["definition_id"].str.len() > 30).all()
    assert frame["source_url"].str.match(r"https?://").all()
    assert set(frame["source_quality"]) <= {"primer", "sekunder", "lemah"}


def test_glossary_frame_ranks_the_term_first_and_searches_literally():
    from lessons.topics.glossarium import glossary_frame

    frame = pd.DataFrame([
        {"term": "AHA Centre", "aliases": "AHA", "full_name": "Pusat", "definition_id": "Memakai AADMER.", "kind": "asean"},
        {"term": "AADMER", "aliases": "", "full_name": "Perjanjian", "definition_id": "Dasar AHA Centre.", "kind": "asean"},
        {"term": "konvensi", "aliases": "", "full_name": "", "definition_id": "Perjanjian (mengikat).", "kind": "istilah"},
    ])
    assert list(glossary_frame("aadmer", frame)["term"]) == ["AADMER", "AHA Centre"]
    assert list(glossary_frame("aha", frame)["term"]) == ["AHA Centre", "AADMER"]
    assert list(glossary_frame("", frame)["term"]) == ["AADMER", "AHA Centre", "konvensi"]
    assert list(glossary_frame("(mengikat)", frame)["term"]) == ["konvensi"]
    assert glossary_frame("tidak ada kata ini", frame).empty
    assert list(glossary_frame("PPP")["term"]) == ["paritas daya beli"]


def test_glossary_widget_summarises_for_nbval():
    import lessons as ks

    view = ks.glossary(query="AADMER")
    shown = len(glossary_frame_rows("AADMER"))
    assert view.summary.startswith(f"Tabel istilah dan singkatan dalam glosarium: menampilkan {shown} dari {len(glossary())} baris")
    assert "AADMER" in view.summary and shown >= 2


def glossary_frame_rows(query):
    from lessons.views.tables import filter_rows
    from lessons.topics.glossarium import SEARCH_COLUMNS, glossary_frame

    return filter_rows(glossary_frame(""), {}, query, SEARCH_COLUMNS)
