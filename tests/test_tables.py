"""Widget tables: pure filtering/rendering, and the wiring."""

from __future__ import annotations

import pandas as pd

from lessons.topics import l00_pengantar as l00, l01_ruang_lingkup as l01
from lessons.views import tables


def _frame():
    return pd.DataFrame({"name": ["Kesehatan", "Pendidikan", "Anak <b>"], "field": ["kesehatan", "pendidikan", "a;kesehatan"],
                         "text": ["vaksin", "beasiswa", "perlindungan anak"]})


def test_filter_rows_by_equality_multi_codes_and_query():
    frame = _frame()
    assert list(tables.filter_rows(frame, {"field": "kesehatan"})["name"]) == ["Kesehatan", "Anak <b>"]
    assert list(tables.filter_rows(frame, {"field": None}, "ANAK")["name"]) == ["Anak <b>"]
    assert tables.filter_rows(frame, {}, "(.*").empty  # literal, not a regular expression
    assert len(tables.filter_rows(frame, {}, 12345)) == 3  # a non-string query means no query


def test_render_escapes_and_highlights():
    html = tables.render_html(_frame(), {"name": "Nama", "text": "Teks"}, "anak")
    body = html.split("</style>")[-1]  # the table, after the stylesheet
    assert "&lt;b&gt;" in body and "<b>" not in body
    assert "<mark>anak</mark>" in html
    assert "Tidak ada baris" in tables.render_html(_frame().iloc[0:0], {"name": "Nama"})


def test_summary_line():
    line = tables.summary("isu", 2, 7, [("Bidang", "Kesehatan")], "  anak  ")
    assert line == 'Tabel isu: menampilkan 2 dari 7 baris; Bidang = Kesehatan; kata "anak" ditandai.'


def test_issue_table_widget_filters_and_toggles():
    view = l01.issue_table()
    assert view.summary == "Tabel isu sosial kerja sama ASEAN: menampilkan 7 dari 7 baris."
    explorer_box = view.widget
    controls = explorer_box.children[0].children
    field, search, corrections, sources = controls
    table = explorer_box.children[2]
    before = table.value
    field.value = "bencana"
    assert table.value != before and "AHA Centre" in table.value and "Vaksin" not in table.value
    assert "Koreksi" not in table.value
    corrections.value = True
    assert "Koreksi atas artikel" in table.value
    search.value = "Aceh"
    assert "<mark>Aceh</mark>" in table.value


def test_programme_and_member_tables():
    view = l01.programme_table(field="perempuan_anak")
    assert "Bidang = Perempuan dan Anak" in view.summary
    members = l00.member_table(group="pendiri")
    assert "menampilkan 5 dari 11 baris" in members.summary


def test_every_dropdown_starts_on_a_visible_choice():
    """A Dropdown whose value is None shows an empty box; every control must show a label."""
    import ipywidgets as widgets

    from lessons.views.diagrams import NetworkExplorer
    from lessons.views.exercise_widget import ExerciseWidget
    from lessons.engine.bank import load_bank

    boxes = [l01.issue_table().widget, l01.programme_table().widget, l00.member_table().widget,
             NetworkExplorer().box, ExerciseWidget(load_bank("01")["01-05"]).box]

    def walk(widget):
        yield widget
        for child in getattr(widget, "children", ()):
            yield from walk(child)

    dropdowns = [w for box in boxes for w in walk(box) if isinstance(w, widgets.Dropdown)]
    assert len(dropdowns) >= 9
    for drop in dropdowns:
        assert drop.index is not None and drop.label, drop.description
