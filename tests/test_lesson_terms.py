"""Each lesson explains its new terms before their first use (issue 12, part 4).

``data/glossary.csv`` records, per term, the lesson whose text first uses it
(``first_lesson``, written by ``tools/glossary_first_use.py``). Each lesson
shows a box with those terms (``ks.lesson_terms("NN")``) above the first
paragraph that uses one of them. The glossary notebook is linked from the
home page and travels with every student copy.
"""

from __future__ import annotations

import re

import nbformat
import pandas as pd

from lessons.topics.glossarium import TermBox, lesson_terms, lesson_terms_frame
from lessons.views.display import Notice
from tools.glossary_first_use import GLOSSARY, _pattern, first_use, lesson_texts, spellings, updated_csv

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def test_first_lesson_column_is_up_to_date():
    text = GLOSSARY.read_text(encoding="utf-8")
    assert updated_csv(text, lesson_texts()) == text, "run: python tools/glossary_first_use.py"


def test_first_use_matches_whole_words_and_acronyms_exactly():
    rows = [{"term": "IPM", "aliases": ""}, {"term": "ratifikasi", "aliases": "meratifikasi"},
            {"term": "SOM", "aliases": ""}, {"term": "PBB", "aliases": ""}]
    texts = {"00": "Indeks ipm dan SOMHD dibahas.", "01": "Negara itu Meratifikasi perjanjian.",
             "02": "IPM naik; rapat SOM-ED.", "03": "(SOM) bertemu"}
    assert first_use(rows, texts) == {"IPM": "02", "ratifikasi": "01", "SOM": "03", "PBB": ""}
    assert _pattern("AADMER").search("AADMER,") and not _pattern("AADMER").search("AADMERS")


def test_every_lesson_shows_its_terms_before_their_first_use():
    glossary = pd.read_csv(GLOSSARY, dtype=str, keep_default_na=False)
    for path in NOTEBOOKS:
        lesson = path.name[:2]
        rows = glossary[glossary["first_lesson"] == lesson]
        if rows.empty:
            continue
        cells = nbformat.read(path, as_version=4).cells
        box = [i for i, c in enumerate(cells) if c.cell_type == "code" and f'ks.lesson_terms("{lesson}")' in c.source]
        assert len(box) == 1, (path.name, "needs exactly one ks.lesson_terms cell")
        patterns = [_pattern(s) for _, row in rows.iterrows() for s in spellings(row)]
        first = next(i for i, c in enumerate(cells) if c.cell_type == "markdown" and any(p.search(c.source) for p in patterns))
        # the lesson's title and objectives come first; the box stands before the first section's text
        assert box[0] < max(first, 2) or cells[first].source.lstrip().startswith("# "), (path.name, first, box[0])
        stored = "".join(o.get("data", {}).get("text/plain", "") for o in cells[box[0]].get("outputs", []))
        for term in rows["term"]:
            assert term in stored, (path.name, term)


def test_the_box_lists_each_term_with_its_definition_and_escapes_html():
    frame = pd.DataFrame([{"term": "A<b>", "full_name": "", "definition_id": "satu & dua", "first_lesson": "09"},
                          {"term": "zeta", "full_name": "Zeta Raya", "definition_id": "tiga", "first_lesson": "09"},
                          {"term": "lain", "full_name": "", "definition_id": "x", "first_lesson": "08"}])
    rows = lesson_terms_frame("09", frame)
    assert list(rows["term"]) == ["A<b>", "zeta"]
    bundle = TermBox("09", rows)._repr_mimebundle_()
    assert "A<b>, zeta" in bundle["text/plain"]
    assert "A&lt;b&gt;" in bundle["text/html"] and "satu &amp; dua" in bundle["text/html"]
    assert "<details" in bundle["text/html"] and "Zeta Raya" in bundle["text/html"]


def test_a_lesson_without_new_terms_gets_a_sentence_not_an_empty_box():
    assert isinstance(lesson_terms("99"), Notice)


def test_the_home_page_links_the_glossary_and_the_glossary_page_is_thin():
    home = nbformat.read(ROOT / "notebooks" / "beranda.ipynb", as_version=4)
    assert any("(glosarium.ipynb)" in c.source for c in home.cells)
    page = nbformat.read(ROOT / "notebooks" / "glosarium.ipynb", as_version=4)
    code = [c.source for c in page.cells if c.cell_type == "code"]
    assert code == ["import lessons as ks", "ks.glossary()"]
    assert all(re.fullmatch(r"\s*", c.source) is None for c in page.cells)


def test_a_release_carries_the_glossary_page(tmp_path):
    from lessons.teacher.release import build_release

    made = build_release(tmp_path / "rilis", ["00"])
    assert (made.folder / "notebooks" / "glosarium.ipynb").is_file()
    home = (made.folder / "notebooks" / "beranda.ipynb").read_text(encoding="utf-8")
    assert "glosarium.ipynb" in home and "01-pengertian" not in home
