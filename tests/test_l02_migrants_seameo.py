"""Lesson 02, issue 12: migrant workers (Cebu 2007, Manila 2017), the SEAMEO
misconception and the Indonesian founders of the AUN — data rows, glossary,
notebook and the exercises that rest on them."""

from __future__ import annotations

import nbformat
import pandas as pd

from lessons.core.data import load
from lessons.engine.bank import load_bank
from lessons.engine.checking import check

from .conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "02-kesejahteraan-rakyat.ipynb"
MIGRANT = ("cebu-declaration-2007", "asean-consensus-migrant-workers-2017")


def _markdown() -> str:
    return "\n".join(c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "markdown")


def test_migrant_instruments_are_sourced_non_binding_declarations():
    programmes = load("programmes").set_index("id")
    cebu, manila = programmes.loc[list(MIGRANT)].itertuples()
    assert (cebu.year, cebu.host_city, cebu.host_iso3) == (2007, "Cebu", "PHL")
    assert (manila.year, manila.host_city, manila.host_iso3) == (2017, "Manila", "PHL")
    for row in (cebu, manila):
        assert row.kind == "deklarasi" and row.field == "ketenagakerjaan"  # not a treaty: kind says so
        assert "tidak mengikat secara hukum" in row.description_id
        # the summit venue and the provisions rest on news (Philstar, Rappler), so the source audit makes these rows sekunder (issue 22)
        assert row.source_quality == "sekunder"
    assert "13 Januari 2007" in cebu.year_note and "14 November 2017" in manila.year_note


def test_the_network_shows_indonesia_in_both_migrant_instruments():
    edges = load("network_edges")
    for pid in MIGRANT:
        rows = edges[edges["programme_id"] == pid]
        assert set(zip(rows["member_iso3"], rows["relation"])) == {("PHL", "tuan_rumah"), ("IDN", "anggota")}


def test_seameo_is_defined_as_outside_asean_and_never_listed_as_an_asean_programme():
    glossary = pd.read_csv(ROOT / "data" / "glossary.csv", dtype=str, keep_default_na=False).set_index("term")
    seameo = glossary.loc["SEAMEO"]
    assert seameo["kind"] == "organisasi" and "bukan badan ASEAN" in seameo["definition_id"]
    assert "1965" in seameo["definition_id"]
    programmes = load("programmes")
    assert not programmes["acronym"].str.contains("SEAMEO").any()  # the table of ASEAN bodies does not repeat the misconception


def test_notebook_teaches_what_the_new_keys_rest_on():
    text = _markdown()
    for fact in ("13 Januari 2007", "14 November 2017", "tidak mengikat secara hukum", "paspornya tidak boleh disita",
                 "biaya penempatan", "keluarganya boleh mengunjunginya", "1965", "Universitas Gadjah Mada",
                 "Yogyakarta", "## 5. Pekerja migran", "## 6. SEAMEO dan AUN", "## 7. Latihan penutup"):
        assert fact in text, fact
    # the AUN founders the notebook names are the ones the network edge is sourced for
    edge = load("network_edges").query("programme_id == 'aun' and member_iso3 == 'IDN'")["description_id"].iloc[0]
    assert "Universitas Indonesia" in edge and "Universitas Gadjah Mada" in edge


def test_new_exercises_follow_the_existing_ones_and_score_as_taught():
    bank = load_bank("02")
    ids = list(bank)
    assert ids[-4:] == ["02-10", "02-11", "02-12", "02-13"]
    assert {bank[i].objective for i in ids[-4:]} == {"TP5"}
    assert check(bank["02-11"], "C").correct and not check(bank["02-11"], "A").correct
    for answer in ("Gadjah Mada", "universitas gadjah mada", "UGM"):
        assert check(bank["02-12"], answer).correct, answer
    assert not check(bank["02-12"], "Airlangga").correct
    assert check(bank["02-13"], ["A", "B", "C"]).correct
    assert not check(bank["02-13"], ["A", "B", "C", "E"]).correct  # all-or-nothing: the undocumented-work trap
    # hints never reveal how many options are right
    for i in ids[-4:]:
        hint = bank[i].hint.lower()
        assert not any(word in hint for word in ("dua ", "tiga ", "satu pernyataan", "semua benar")), i
