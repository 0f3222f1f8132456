"""Lesson 02: the indicator functions (exact values from data/), the gap-honest
line chart, the change chart, the explorer widget and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lessons.topics import l02_kesejahteraan as ind
from lessons.core.data import load
from lessons.core.widget_view import WidgetView
from lessons.views.display import Notice

from lessons.views.figures import is_panel

from .test_diagrams import OKABE_ITO, _texts_inside_figure

U5 = "under5_mortality_rate"
MMR = "maternal_mortality_ratio"
HDI = "human_development_index"
POVERTY = "extreme_poverty_headcount_300"
LITERACY = "adult_literacy_rate_15plus"


def _raw(indicator, iso3):
    frame = load("indicators")
    rows = frame[(frame["indicator"] == indicator) & (frame["iso3"] == iso3)]
    return dict(zip(rows["year"].astype(int), rows["value"]))


# --------------------------------------------------------------------------
# pure functions


def test_every_explorer_indicator_is_in_the_data():
    assert set(ind.INDICATORS) <= set(load("indicators")["indicator"])
    assert set(ind.INDICATOR_DECIMALS) == set(ind.INDICATORS)


def test_series_keeps_gaps_and_never_fills_them():
    wide = ind.series(LITERACY, ["IDN", "TLS"])
    assert list(wide.columns) == ["IDN", "TLS"]
    assert list(wide.index) == list(range(wide.index.min(), wide.index.max() + 1))  # every year is a row
    for iso in ("IDN", "TLS"):
        raw = _raw(LITERACY, iso)
        present = wide[iso].dropna()
        assert dict(present) == pytest.approx(raw)  # exactly the published values, nothing added
    assert math.isnan(wide.loc[2002, "TLS"])


def test_series_of_a_country_without_data_is_all_missing():
    wide = ind.series(POVERTY, ["BRN", "IDN"])
    assert wide["BRN"].isna().all() and wide["IDN"].notna().sum() == len(_raw(POVERTY, "IDN"))
    assert ind.series(POVERTY, ["BRN"]).empty


def test_runs_split_at_missing_years():
    assert ind.runs([2003, 2000, 2001, 2005, 2006]) == [[2000, 2001], [2003], [2005, 2006]]
    assert ind.runs([]) == []


def test_change_since_and_declines_match_the_data():
    change = ind.change_since(U5, 2000)
    assert math.isnan(change["TLS"])  # no 2000 value for Timor-Leste (issue 22)
    assert change["IDN"] == pytest.approx(20.624 - 54.446)
    assert ind.decline_between(U5, "IDN", 2000, 2024) == pytest.approx(33.822)
    assert ind.largest_decline(U5, 2000) == "KHM"
    assert ind.largest_decline(U5, 2000, 2024) == "KHM"
    assert ind.largest_decline(U5, 2001, 2024) == "KHM"
    assert ind.largest_increase(HDI, 2000) == "MMR"  # 0.415 → 0.609
    assert ind.largest_decline(MMR, 2000) == "TLS"  # the series ends in 2017
    assert ind.largest_increase(MMR, 2000) == "BRN"  # 28 → 31: the one member without a decline
    assert ind.last_year(MMR) == 2017 and ind.last_year(U5) == 2024


def test_change_needs_both_years():
    change = ind.change_since(POVERTY, 2000, 2024)
    assert change.notna().sum() == 1 and change["IDN"] == pytest.approx(5.4 - 65.7)
    assert math.isnan(ind.value(POVERTY, "VNM", 2003))
    assert ind.value(U5, "IDN", 2000) == pytest.approx(54.446)


def test_countries_without_data():
    assert set(ind.countries_without_data(POVERTY)) == {"BRN", "KHM", "SGP"}
    assert ind.countries_without_data(U5) == []


def test_table_uses_a_dash_for_missing_years_and_a_decimal_comma():
    table = ind.table_frame(POVERTY, ["VNM", "BRN"])
    row = table.set_index("year")
    assert row.loc["2002", "VNM"] == "43,3"
    assert row.loc["2003", "VNM"] == "–"
    assert set(row["BRN"]) == {"–"}
    from lessons.core.formatting import number

    assert number(0.6, 3) == "0,600" and number(1234.5, 1) == "1.234,5" and number(float("nan"), 1) == "–"


@pytest.mark.parametrize("call", [
    lambda: ind.series("gdp", ["IDN"]),
    lambda: ind.series(U5, ["XXX"]),
    lambda: ind.change_since("gdp", 2000),
    lambda: ind.decline_between(U5, "ZZZ", 2000),
])
def test_unknown_indicator_or_country_is_refused(call):
    with pytest.raises(ind.UnknownChoice):
        call()


# --------------------------------------------------------------------------
# the line chart


def _series_lines(fig):
    return [line for line in fig.axes[0].get_lines() if str(line.get_gid()).startswith("series:")]


@pytest.mark.parametrize("indicator", [LITERACY, POVERTY, U5, MMR])
def test_chart_joins_only_consecutive_years(indicator):
    countries = list(ind.COUNTRY_STYLES)
    fig = ind.indicator_figure(indicator, countries)
    lines = _series_lines(fig)
    plotted = 0
    for line in lines:
        years = np.asarray(line.get_xdata(), dtype=int)
        assert (np.diff(years) == 1).all(), f"{line.get_gid()} joins non-consecutive years {years}"
        assert line.get_marker() not in (None, "None", "")  # every value has its own marker
        if len(years) == 1:
            assert line.get_linestyle() == "None"
        plotted += len(years)
        iso = line.get_gid().split(":")[1]
        raw = _raw(indicator, iso)
        assert list(line.get_ydata()) == pytest.approx([raw[y] for y in years])
    assert plotted == len(load("indicators").query("indicator == @indicator"))


def test_sparse_series_has_gaps_in_the_chart():
    fig = ind.indicator_figure(POVERTY, ["VNM"])
    lines = _series_lines(fig)
    assert len(lines) == len(_raw(POVERTY, "VNM"))  # survey every two years: markers only, no line
    assert all(line.get_linestyle() == "None" for line in lines)


def test_chart_legend_names_every_chosen_country_and_text_fits():
    fig = ind.indicator_figure(POVERTY, ["IDN", "BRN", "TLS"])
    entries = [t.get_text() for t in fig.legends[0].get_texts()]
    assert entries == ["Indonesia", "Brunei Darussalam (tidak ada data)", "Timor-Leste"]
    assert _texts_inside_figure(fig) == []


def test_maternal_mortality_chart_says_where_the_series_ends():
    fig = ind.indicator_figure(MMR, ["IDN"])
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "2017" in texts
    assert _texts_inside_figure(fig) == []


def test_empty_chart_asks_for_a_country():
    fig = ind.indicator_figure(HDI, [])
    assert _series_lines(fig) == []
    assert any("Pilih paling sedikit" in t.get_text() for t in fig.axes[0].texts)
    assert ind.explorer_alt(HDI, []).startswith("Grafik kosong")


TOL = {"#882255", "#999933", "#332288"}  # from Paul Tol's "muted" scheme


def _lab(hex_colour: str):
    """CIELAB (D65) of an sRGB colour."""
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    xyz = [sum(m * c for m, c in zip(row, lin)) for row in
           ((0.4124, 0.3576, 0.1805), (0.2126, 0.7152, 0.0722), (0.0193, 0.1192, 0.9505))]
    f = [(v / w) ** (1 / 3) if v / w > 0.008856 else 7.787 * v / w + 16 / 116
         for v, w in zip(xyz, (0.95047, 1.0, 1.08883))]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def _delta_e(a: str, b: str) -> float:
    return sum((x - y) ** 2 for x, y in zip(_lab(a), _lab(b))) ** 0.5


def test_country_styles_are_colour_blind_safe_with_a_second_cue():
    members = set(load("members")["iso3"])
    assert set(ind.COUNTRY_STYLES) == members
    colours = [c for c, _, _ in ind.COUNTRY_STYLES.values()]
    assert set(colours) <= OKABE_ITO | TOL | {"#999999"}, "colour-blind-safe schemes only"
    # no two look alike (Laos and Myanmar were both orange, Timor-Leste and Viet Nam both blue)
    pairs = [(a, b, _delta_e(a, b)) for i, a in enumerate(colours) for b in colours[i + 1:]]
    assert min(d for _, _, d in pairs) > 20, sorted(pairs, key=lambda p: p[2])[:3]
    markers = [m for _, m, _ in ind.COUNTRY_STYLES.values()]
    assert len(set(markers)) == len(markers)


def test_alt_text_is_computed_from_the_data():
    alt = ind.explorer_alt(U5, ["IDN", "TLS"])
    assert "Indonesia: 54,4 (2000) menjadi 20,6 (2024)" in alt
    assert "Timor-Leste: 110,5 (2001) menjadi 50,0 (2024)" in alt  # the 2000 artefact is gone (issue 22)
    sparse = ind.explorer_alt(POVERTY, ["VNM", "BRN"])
    assert f"{len(_raw(POVERTY, 'VNM'))} tahun berdata" in sparse and "Brunei Darussalam: tidak ada data" in sparse
    assert "berakhir pada 2017" in ind.explorer_alt(MMR, ["IDN"])


# --------------------------------------------------------------------------
# the change chart (static diagram)


def test_change_chart_has_every_member_sorted_and_fits():
    fig = ind.change_figure()
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert sorted(labels) == sorted(load("members")["name_id"])
    assert labels[-1] == "Singapura"  # highest HDI 2023 at the top
    assert len(fig.legends[0].get_texts()) == 2
    assert _texts_inside_figure(fig) == []
    assert is_panel(fig)  # laid out for a phone's column


def test_change_alt_names_values_and_gap():
    alt = ind.change_alt()
    assert "Indonesia 0,600 menjadi 0,728" in alt
    assert "0,340" in alt  # Singapura 0,946 − Kamboja 0,606
    poverty = ind.change_alt(POVERTY, 2000, 2024)
    assert "Tanpa data untuk kedua tahun itu" in poverty and "Vietnam" in poverty


# --------------------------------------------------------------------------
# the explorer widget


def test_explorer_summary_names_indicator_countries_and_years():
    view = ind.explorer()
    assert isinstance(view, WidgetView)
    first = view.summary.splitlines()[0]
    assert first == ("Penjelajah indikator: Angka kematian balita (per 1.000 kelahiran hidup); "
                     "negara: Filipina, Indonesia, Kamboja, Laos, dan Timor-Leste; tahun 2000–2024.")
    assert "Keterangan gambar:" in view.summary


def test_explorer_reacts_to_its_controls():
    explorer = ind.IndicatorExplorer()
    image, table, caption = explorer.image.value, explorer.table.value, explorer.caption.value
    explorer.dropdown.value = MMR
    assert explorer.image.value != image and explorer.table.value != table and explorer.caption.value != caption
    assert "2017" in explorer.note.value and "bukan karena" in explorer.note.value
    assert "2000–2017" in explorer.summary()
    explorer.dropdown.value = POVERTY
    assert "Brunei Darussalam, Kamboja, dan Singapura" in explorer.note.value
    explorer.boxes["BRN"].value = True
    assert "Brunei Darussalam" in explorer.table.value and "–" in explorer.table.value
    assert "tidak membuktikan" in explorer.note.value  # trends are not causes
    for box in explorer.boxes.values():
        box.value = False
    assert "Pilih paling sedikit satu negara" in explorer.note.value and explorer.table.value == ""
    assert "tidak ada data" in explorer.summary()


def test_explorer_and_chart_handle_bad_input_with_a_notice():
    assert isinstance(ind.explorer("gdp"), Notice)
    assert isinstance(ind.explorer(U5, ["IDN", "ABC"]), Notice)
    assert isinstance(ind.show_change("gdp"), Notice)


def test_bank_data_questions_use_these_functions():
    from lessons.topics.derivations import derive
    from lessons.engine.bank import load_bank
    from lessons.engine.checking import check

    bank = load_bank("02")
    data = [ex for ex in bank.values() if ex.form == "data"]
    assert len(data) >= 2
    for ex in data:
        assert ex.teacher["derivation"]["function"] in ("largest_decline", "decline_between")
        assert check(ex, derive(ex.teacher["derivation"])).correct
