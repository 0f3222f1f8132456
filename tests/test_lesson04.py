"""Lesson 04 (lessons.culture): the table by field and country, the timeline
of cultural cooperation, and the answers of its data questions."""

from __future__ import annotations

import math

import pytest

from lessons.topics import l04_budaya as culture
from lessons.core.data import load
from lessons.core.widget_view import WidgetView
from lessons.views.display import Notice
from lessons.views.tables import ALL

from lessons.views.figures import is_panel

from .test_diagrams import _texts_inside_figure

# --------------------------------------------------------------------------
# data


def test_cultural_milestones_belong_to_culture_programmes_and_are_sourced():
    events = load("cultural_milestones")
    programmes = load("programmes").set_index("id")
    assert set(programmes.loc[list(events["programme_id"]), "field"]) == {"budaya"}
    assert events["source_url"].str.match(r"https?://").all()
    assert set(events["kind"]) == {"lembaga", "deklarasi", "program"}


def test_heritage_park_totals_are_the_sourced_ones():
    events = load("cultural_milestones")
    parks = events.dropna(subset=["parks"]).sort_values("date")
    assert list(parks["programme_id"].unique()) == ["asean-heritage-parks"]
    assert list(zip(parks["date"].str[:4], parks["parks"].astype(int))) == [
        ("1984", 11), ("2003", 26), ("2019", 49), ("2025", 63)]


def test_events_not_run_by_an_asean_body():
    events = load("cultural_milestones")
    outside = set(events.loc[~events["asean_body"].astype(bool), "programme_id"])
    assert outside == {"perkemahan-budaya-serumpun", "asean-film-festival-2011", "aiffa", "sea-games", "ayvp"}


def test_sea_games_predate_asean_and_are_not_an_asean_programme():
    """The misconception the lesson corrects: the SEA Games are run by their own federation."""
    events = load("cultural_milestones").set_index("id")
    assert events.loc["seagf-1959", "date"] < "1967-08-08"  # before the Bangkok Declaration
    assert not bool(events.loc["seagf-1959", "asean_body"])
    assert culture.organiser_status("sea-games") == "tidak"
    assert culture.organiser_status("amms") == "ya"
    programmes = load("programmes").set_index("id")
    assert "bukan badan ASEAN" in programmes.loc["sea-games", "description_id"]


# --------------------------------------------------------------------------
# the table


def test_involvement_joins_hosts_and_participants():
    involved = culture.involvement()
    assert involved["perkemahan-budaya-serumpun"] == {"tuan_rumah": ["IDN"], "peserta": ["MYS", "BRN"]}
    assert sorted(involved["asean-heritage-parks"]["tuan_rumah"]) == ["KHM", "MMR", "THA"]
    assert involved["asean-heritage-parks"]["peserta"] == ["TLS"]


def test_culture_frame_columns():
    frame = culture.culture_frame().set_index("id")
    assert len(frame) == len(load("programmes"))
    assert frame.loc["asean-quiz", "countries"] == "IDN;LAO;MYS;PHL;THA;VNM"
    assert frame.loc["aiffa", "countries_text"] == "tuan rumah: Malaysia"
    assert frame.loc["aiffa", "organiser_text"].startswith("tidak")
    assert frame.loc["asean-coci", "organiser_text"] == "ya"
    assert frame.loc["aha-centre", "organiser_text"] == ""  # no dated cultural events


@pytest.mark.parametrize("country, expected", [("IDN", 6), ("MYS", 4), ("THA", 5), ("BRN", 1), ("SGP", 2), ("TLS", 1)])
def test_count_programmes_in_culture_by_country(country, expected):
    assert culture.count_programmes("budaya", country) == expected


def test_count_programmes_by_organiser():
    assert culture.count_programmes("budaya", "MYS", asean_body=False) == 3  # Kemah Serumpun, AIFFA, AYVP
    assert culture.count_programmes("budaya", "MYS", asean_body=True) == 1
    assert culture.count_programmes("budaya", "IDN", asean_body=False) == 3  # Kemah Serumpun, Festival 2011, SEA Games


def test_table_summary_and_filters_change_the_state():
    explorer = culture.culture_explorer()
    programmes = load("programmes")
    shown, total = int((programmes["field"] == "budaya").sum()), len(programmes)
    assert explorer.summary() == (
        f"Tabel kerja sama ASEAN menurut bidang dan negara: menampilkan {shown} dari {total} baris; "
        "Bidang = Budaya dan Identitas.")
    explorer.dropdowns["countries"].value = "MYS"
    assert explorer.summary().endswith("Bidang = Budaya dan Identitas; Negara (tuan rumah atau peserta) = Malaysia.")
    assert "Perkemahan Budaya Serumpun" in explorer.table.value
    assert "Kuis ASEAN" in explorer.table.value
    assert "Malaysia" in explorer.caption.value
    explorer.dropdowns["field"].value = ALL
    rows, _ = explorer.view()
    assert len(rows) == len(culture.culture_frame()[culture.culture_frame()["countries"].str.contains("MYS")])
    assert "Rincian waktu" not in explorer.table.value
    explorer.toggles["year_note"].value = True
    assert "Rincian waktu dan tempat" in explorer.table.value


def test_table_accepts_names_and_codes():
    assert culture.culture_explorer(country="malaysia").dropdowns["countries"].value == "MYS"
    assert culture.culture_explorer(field="Budaya dan Identitas").dropdowns["field"].value == "budaya"
    assert culture.culture_explorer(field=None).dropdowns["field"].value == ALL


@pytest.mark.parametrize("kwargs", [{"country": "Atlantis"}, {"country": 7}, {"field": "olahraga"}])
def test_table_bad_input_gives_a_notice(kwargs):
    result = culture.culture_table(**kwargs)
    assert isinstance(result, Notice)
    assert "tidak dikenal" in result.message


def test_table_is_a_widget_view():
    view = culture.culture_table(country="IDN", query="kuis")
    assert isinstance(view, WidgetView)
    assert "Negara (tuan rumah atau peserta) = Indonesia" in view.summary
    assert 'kata "kuis" ditandai' in view.summary


# --------------------------------------------------------------------------
# the timeline


@pytest.mark.parametrize("date, expected", [("2016", 2016.5), ("2016-07", 2016 + 6.5 / 12), ("2001-01-01", 2001 + 0.5 / 365)])
def test_decimal_year(date, expected):
    assert math.isclose(culture.decimal_year(date), expected)


def test_timeline_events_rows_follow_first_event():
    events = culture.timeline_events()
    firsts = events.groupby("row")["x"].min().tolist()
    assert firsts == sorted(firsts)
    assert events.drop_duplicates("row")["row_label"].tolist()[:4] == [
        "SEA Games", "ASEAN-COCI", "Taman Warisan ASEAN", "Deklarasi Warisan Budaya 2000"]


def test_timeline_figure_structure():
    fig = culture.timeline_figure()  # two panels as wide as a phone's column, one block per programme
    assert len(fig) == 2 and all(is_panel(panel) for panel in fig)
    axes = [panel.axes[0] for panel in fig]
    events = culture.timeline_events()
    markers = [line for ax in axes for line in ax.lines if line.get_marker() not in ("None", None, "")]
    assert len(markers) == len(events)
    hollow = [m for m in markers if m.get_markerfacecolor() == "white"]
    assert len(hollow) == int((~events["asean_body"].astype(bool)).sum())
    bold = [t.get_text() for ax in axes for t in ax.texts if t.get_fontweight() == "bold"]
    assert bold == events.drop_duplicates("row")["row_label"].tolist()  # every programme named, in order
    words = " ".join(t.get_text().replace("\n", " ") for ax in axes for t in ax.texts)
    for _, event in events.iterrows():  # every event in words under its time line
        assert f"{event['year']} {event['label']}".strip() in words
    assert len(axes[0].get_legend().get_texts()) == 4
    for panel in fig:
        assert _texts_inside_figure(panel) == []
        assert panel.get_figheight() * 120 <= 720  # one lab screen tall at its stored size


def test_timeline_draws_no_hard_coded_numbers():
    labels = " ".join(t.get_text().replace("\n", " ") for panel in culture.timeline_figure() for t in panel.axes[0].texts)
    parks = load("cultural_milestones")["parks"].dropna()
    assert len(parks) >= 2  # else the loop below checks nothing
    for n in parks:
        assert f"{int(n)} kawasan" in labels


def test_timeline_alt_is_computed_from_data():
    alt = culture.timeline_alt()
    events = load("cultural_milestones")
    assert f"{len(events)} peristiwa" in alt
    assert "11 kawasan (1984) menjadi 26 kawasan (2003), 49 kawasan (2019), dan 63 kawasan (2025)" in alt
    assert ("SEA Games, Perkemahan Budaya Serumpun, Festival Film ASEAN 2011 di Bali, AIFFA, "
            "dan Program Relawan Pemuda ASEAN") in alt
    assert alt.startswith("Garis waktu kerja sama budaya dan warisan ASEAN dari 1959 sampai 2025")


def test_show_timeline_reports_broken_data(data_copy):
    path = data_copy / "cultural_milestones.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",asean-coci,lembaga,", ",tidak-ada,lembaga,", 1),
                    encoding="utf-8")
    result = culture.show_timeline()
    assert isinstance(result, Notice)
    assert "cultural_milestones.csv" in result.message


# --------------------------------------------------------------------------
# derivations


def test_parks_increase_and_years_between():
    assert culture.parks_increase("ahp-2003", "ahp-2025") == 37
    assert culture.parks_increase("ahp-1984", "ahp-2003") == 15
    assert culture.years_between("ahp-1984", "ahp-2003") == 19


def test_unknown_event_is_a_data_error():
    from lessons.core.data import DataFileError

    with pytest.raises(DataFileError):
        culture.parks_increase("ahp-1900", "ahp-2025")


# --------------------------------------------------------------------------
# ASEAN identity and the Indonesian ASEAN Heritage Parks


def test_identity_rows_cover_charter_articles_35_to_40():
    frame = culture.identity_frame()
    assert frame["charter_article"].tolist() == list(range(35, 41))
    assert frame["article_text"].iloc[0] == "Pasal 35"
    day = frame.set_index("id").loc["hari-asean", "description_id"]
    assert "8 Agustus" in day
    assert "The ASEAN Way" in frame.set_index("id").loc["lagu", "description_id"]


def test_identity_table_is_a_widget_view_and_searches():
    view = culture.identity_table()
    assert isinstance(view, WidgetView)
    assert view.summary == "Tabel identitas dan simbol ASEAN menurut Piagam ASEAN: menampilkan 6 dari 6 baris."
    explorer = culture.identity_explorer(query="bendera")
    rows, _ = explorer.view()
    assert set(rows["id"]) >= {"bendera"} and len(rows) < 6


def test_heritage_parks_table_orders_unknown_years_first_and_says_so():
    frame = culture.heritage_parks_frame()
    assert len(frame) == len(load("heritage_parks_idn"))
    unknown = int(frame["year"].isna().sum())
    assert frame["year"].iloc[:unknown].isna().all()
    known = [int(y) for y in frame["year"].iloc[unknown:]]
    assert known == sorted(known)
    assert (frame.loc[frame["year"].isna(), "year_text"] == "sebelum 2016").all()
    assert "Way Kambas" in " ".join(frame["name_id"])
    view = culture.heritage_parks_table(query="Sulawesi")
    assert isinstance(view, WidgetView)
    assert 'kata "Sulawesi" ditandai' in view.summary


@pytest.mark.parametrize("year", [1984, 2016, 2017, 2019, 2020])
def test_parks_in_indonesia_since_counts_sourced_years_only(year):
    frame = load("heritage_parks_idn")
    expected = int((frame["year"].dropna() >= year).sum())
    assert culture.parks_in_indonesia_since(year) == expected
    assert culture.parks_in_indonesia_since(year) <= len(frame) - int(frame["year"].isna().sum())


def test_parks_in_indonesia_match_the_lesson_text():
    assert culture.parks_in_indonesia_since(2016) == 4  # Way Kambas, Kepulauan Seribu, Wakatobi, Bantimurung
    assert len(load("heritage_parks_idn")) == 7  # "Sampai 2019, tujuh taman nasional Indonesia"


def test_heritage_parks_table_reports_broken_data(data_copy):
    path = data_copy / "heritage_parks_idn.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",2016,", ",dua ribu enam belas,", 1), encoding="utf-8")
    result = culture.heritage_parks_table()
    assert isinstance(result, Notice)
    assert "heritage_parks_idn.csv" in result.message

