"""Lesson 02: social indicators of the 11 members, as data, figures and an explorer.

Everything reads the validated resource ``load("indicators")`` (values exactly
as published; a missing year is a real gap). The pure functions
(:func:`series`, :func:`runs`, :func:`change_since`, :func:`largest_decline`,
…) return DataFrames, Series or numbers, so pytest and the data questions of
the bank (``derivation: {function: largest_decline, …}``, listed in :mod:`lessons.topics.derivations`) use
them directly. Figures never interpolate: a line joins only consecutive years,
and a year standing alone is a marker.
"""

from __future__ import annotations

import math
from html import escape

import numpy as np
import pandas as pd

from lessons.views.figures import panel_figure
from lessons.core.widget_view import WidgetView
from lessons.views.figure_cache import drawing
from lessons.views.display import FigureImage, Notice, busy, friendly, show_figure
from lessons.core.formatting import number, signed
from lessons.core.shared_tables import INDICATOR_DECIMALS
from lessons.text import join_list, t

#: The indicators the explorer offers, in menu order.
INDICATORS = (
    "under5_mortality_rate",
    "maternal_mortality_ratio",
    "life_expectancy_at_birth",
    "human_development_index",
    "extreme_poverty_headcount_300",
    "adult_literacy_rate_15plus",
)
#: Rates whose axis starts at zero (a ratio scale); the others zoom in.
ZERO_BASED = {"under5_mortality_rate", "maternal_mortality_ratio", "extreme_poverty_headcount_300"}
PERCENT = {"extreme_poverty_headcount_300", "adult_literacy_rate_15plus"}
DEFAULT_INDICATOR = "under5_mortality_rate"
DEFAULT_COUNTRIES = ("IDN", "KHM", "LAO", "PHL", "TLS")
YEARS = (2000, 2024)  # the window of the data package (resource "indicators")

#: Colour, marker and line style per member. Eleven lines need eleven colours
#: that no two look alike: Okabe–Ito's seven (without its pale yellow) plus
#: three of Paul Tol's colour-blind-safe scheme and grey; the marker is the second cue.
COUNTRY_STYLES = {
    "IDN": ("#D55E00", "o", "-"),   # vermilion
    "TLS": ("#0072B2", "s", "-"),   # blue
    "KHM": ("#009E73", "^", "--"),  # bluish green
    "LAO": ("#E69F00", "D", "-."),  # orange
    "PHL": ("#CC79A7", "v", ":"),   # reddish purple
    "VNM": ("#882255", "P", "--"),  # wine
    "MYS": ("#000000", "X", "-."),  # black
    "THA": ("#999933", "p", "-"),   # olive
    "MMR": ("#332288", "h", ":"),   # indigo
    "SGP": ("#56B4E9", "*", ":"),   # sky blue
    "BRN": ("#999999", "<", "--"),  # grey
}


class UnknownChoice(ValueError):
    """An indicator or country code that the data do not have (message in Indonesian)."""


# --------------------------------------------------------------------------
# names and formatting


def indicator_name(indicator: str) -> str:
    return t(f"l02_name_{indicator}")


def indicator_unit(indicator: str) -> str:
    return t(f"l02_unit_{indicator}")


def _check_indicator(indicator) -> str:
    if indicator not in INDICATORS:
        raise UnknownChoice(t("l02_unknown_indicator", value=str(indicator)[:40],
                              allowed=", ".join(INDICATORS)))
    return indicator


def _check_countries(countries) -> list[str]:
    from lessons.core.data import member_names

    names = member_names()
    if countries is None:
        return list(names)
    if isinstance(countries, str):
        countries = [countries]
    chosen = []
    for code in countries:
        if code not in names:
            raise UnknownChoice(t("l02_unknown_country", value=str(code)[:40]))
        if code not in chosen:
            chosen.append(code)
    return chosen


# --------------------------------------------------------------------------
# pure data functions


def long_frame(indicator: str) -> pd.DataFrame:
    """The rows of one indicator: iso3, year, value."""
    from lessons.core.data import load

    _check_indicator(indicator)
    frame = load("indicators")
    frame = frame[frame["indicator"] == indicator]
    return frame[["iso3", "year", "value"]].astype({"year": int}).reset_index(drop=True)


def series(indicator: str, countries=None) -> pd.DataFrame:
    """Years × countries (ISO3 columns, in the order given); NaN where a year has no value.

    The rows run over every year from the first to the last year in which a
    chosen country has a value, so a gap inside the range is a row of NaN,
    never a filled-in value. No chosen country with data → an empty frame.
    """
    countries = _check_countries(countries)
    frame = long_frame(indicator)
    frame = frame[frame["iso3"].isin(countries)]
    wide = frame.pivot(index="year", columns="iso3", values="value")
    if wide.empty:
        return pd.DataFrame(columns=countries, index=pd.Index([], name="year", dtype=int), dtype=float)
    years = range(int(wide.index.min()), int(wide.index.max()) + 1)
    wide = wide.reindex(index=pd.Index(years, name="year"), columns=countries)
    wide.columns.name = None
    return wide.astype(float)


def runs(years) -> list[list[int]]:
    """Split sorted years into runs of consecutive years: [2000, 2001, 2003] → [[2000, 2001], [2003]]."""
    out: list[list[int]] = []
    for year in sorted(int(y) for y in years):
        if out and year == out[-1][-1] + 1:
            out[-1].append(year)
        else:
            out.append([year])
    return out


def last_year(indicator: str) -> int:
    """The latest year with a value for any member."""
    return int(long_frame(indicator)["year"].max())


def countries_without_data(indicator: str) -> list[str]:
    """Members with no value at all for ``indicator`` (ISO3, in member order)."""
    from lessons.core.data import load

    present = set(long_frame(indicator)["iso3"])
    return [iso for iso in load("members")["iso3"] if iso not in present]


def value(indicator: str, iso3: str, year: int) -> float:
    """One published value (NaN when the source has none for that year)."""
    frame = long_frame(indicator)
    _check_countries([iso3])
    hit = frame[(frame["iso3"] == iso3) & (frame["year"] == int(year))]["value"]
    return float(hit.iloc[0]) if len(hit) else math.nan


def change_since(indicator: str, year_from: int, year_to: int | None = None) -> pd.Series:
    """Per member (ISO3 index): value in ``year_to`` minus value in ``year_from``.

    ``year_to`` defaults to the indicator's latest year. NaN where either year
    has no value (a missing year is never estimated).
    """
    year_to = last_year(indicator) if year_to is None else int(year_to)
    wide = series(indicator)
    wide = wide.reindex(index=sorted(set(wide.index) | {int(year_from), year_to}))
    return (wide.loc[year_to] - wide.loc[int(year_from)]).rename(indicator)


def decline_between(indicator: str, iso3: str, year_from: int, year_to: int | None = None) -> float:
    """How much one member's value fell from ``year_from`` to ``year_to`` (positive = it fell)."""
    _check_countries([iso3])
    return float(-change_since(indicator, year_from, year_to)[iso3])


def largest_decline(indicator: str, year_from: int, year_to: int | None = None) -> str:
    """ISO3 of the member whose value fell most (absolute fall), ignoring members without both years."""
    change = change_since(indicator, year_from, year_to).dropna()
    return str(change.sort_values(kind="stable").index[0])


def largest_increase(indicator: str, year_from: int, year_to: int | None = None) -> str:
    """ISO3 of the member whose value rose most, ignoring members without both years."""
    change = change_since(indicator, year_from, year_to).dropna()
    return str(change.sort_values(ascending=False, kind="stable").index[0])


def table_frame(indicator: str, countries) -> pd.DataFrame:
    """The explorer's table: a ``year`` column and one text column per country, "–" where missing."""
    wide = series(indicator, countries)
    decimals = INDICATOR_DECIMALS[indicator]
    out = pd.DataFrame({"year": [str(y) for y in wide.index]})
    for iso in wide.columns:
        out[iso] = [number(v, decimals) for v in wide[iso]]
    return out


# --------------------------------------------------------------------------
# words: notes, alt text and summary


def indicator_note(indicator: str) -> str:
    """What the learner must know about this series (e.g. where it ends)."""
    from lessons.core.data import member_names

    names = member_names()
    missing = join_list(sorted(names[i] for i in countries_without_data(indicator)))
    return t(f"l02_note_{indicator}", missing=missing)  # str.format ignores an unused value


def year_span(indicator: str, countries) -> str:
    wide = series(indicator, countries).dropna(how="all")
    if wide.empty:
        return t("l02_no_years")
    return f"{int(wide.index.min())}–{int(wide.index.max())}"


def explorer_alt(indicator: str, countries) -> str:
    """The line chart in words: first and last value of every chosen country."""
    from lessons.core.data import member_names

    countries = _check_countries(countries)
    if not countries:
        return t("l02_alt_empty")
    names = member_names()
    wide = series(indicator, countries)
    decimals = INDICATOR_DECIMALS[indicator]
    details = []
    for iso in countries:
        col = wide[iso].dropna() if iso in wide else pd.Series(dtype=float)
        if col.empty:
            details.append(t("l02_alt_country_none", country=names[iso]))
            continue
        first_year, last_year_ = int(col.index[0]), int(col.index[-1])
        values = {"country": names[iso], "first": number(col.iloc[0], decimals), "first_year": first_year,
                  "last": number(col.iloc[-1], decimals), "last_year": last_year_}
        if len(col) == 1:
            details.append(t("l02_alt_country_one", **values))
        elif len(col) < last_year_ - first_year + 1:
            details.append(t("l02_alt_country_sparse", n=len(col), **values))
        else:
            details.append(t("l02_alt_country", **values))
    text = t("l02_alt", indicator=indicator_name(indicator).lower(), unit=t(f"l02_short_{indicator}"),
             countries=join_list(names[i] for i in countries), years=year_span(indicator, countries),
             details="; ".join(details))
    end = last_year(indicator)
    if end < YEARS[1] - 1:
        text += t("l02_alt_ends", indicator=indicator_name(indicator).lower(), year=end)
    return text


def explorer_summary(indicator: str, countries) -> str:
    from lessons.core.data import member_names

    countries = _check_countries(countries)
    names = member_names()
    chosen = join_list(names[i] for i in countries) if countries else "-"
    return t("l02_summary", indicator=indicator_name(indicator), unit=t(f"l02_short_{indicator}"),
             countries=chosen, years=year_span(indicator, countries) if countries else t("l02_no_years"))


# --------------------------------------------------------------------------
# figures


def indicator_figure(indicator: str = DEFAULT_INDICATOR, countries=DEFAULT_COUNTRIES):
    """Line chart of one indicator for the chosen members.

    Each run of consecutive years is one line with markers; a gap between
    runs is left empty. Years after the end of the series are shaded.
    """
    from matplotlib.lines import Line2D

    from lessons.core.data import member_names

    countries = _check_countries(countries)
    names = member_names()
    wide = series(indicator, countries)
    sparse = indicator in ("extreme_poverty_headcount_300", "adult_literacy_rate_15plus")
    # as wide as a phone's column, the legend under the chart; with its controls it fits one 1366×768 screen
    fig = panel_figure(3.15 + 0.19 * -(-max(len(countries), 1) // 2))  # five members: 446 px tall, 288 px of controls above
    ax = fig.add_subplot()
    handles = []
    for iso in countries:
        colour, marker, style = COUNTRY_STYLES[iso]
        col = wide[iso].dropna() if iso in wide else pd.Series(dtype=float)
        width = 2.4 if iso == "IDN" else 1.6
        for run in runs(col.index):
            ax.plot(run, [col[y] for y in run], color=colour, marker=marker, linestyle=style if len(run) > 1 else "",
                    linewidth=width, markersize=7 if sparse else 4.5, markeredgecolor="white", markeredgewidth=0.5,
                    zorder=3, gid=f"series:{iso}")
        label = names[iso] if not col.empty else t("l02_no_data_label", country=names[iso])
        handles.append(Line2D([], [], color=colour, marker=marker, linestyle=style, linewidth=width,
                              markersize=7, label=label, alpha=1 if not col.empty else 0.35))
    end = last_year(indicator)
    ax.set_xlim(YEARS[0] - 0.6, YEARS[1] + 0.6)
    if end < YEARS[1] - 1:  # a series that stops early (maternal mortality): shade and say so
        ax.axvspan(end + 0.5, YEARS[1] + 0.6, facecolor="#f1f1f1", zorder=0, hatch="//", edgecolor="#d9d9d9", linewidth=0)
        ax.text((end + 0.5 + YEARS[1] + 0.6) / 2, 0.5, t("l02_no_data_after", year=end), transform=ax.get_xaxis_transform(),
                ha="center", va="center", fontsize=9, color="#555555",
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85})
    if any(not wide[iso].dropna().empty for iso in wide.columns):  # round limits: every tick label lies on the axis
        from matplotlib.ticker import MaxNLocator

        low, high = ax.get_ylim()
        ticks = MaxNLocator(nbins=6).tick_values(0 if indicator in ZERO_BASED else low, high)
        ticks = [y for y in ticks if y >= 0] if indicator in ZERO_BASED else list(ticks)
        top = ticks[-1]
        if indicator in PERCENT and top > 100:  # a share never exceeds 100 %
            ticks, top = [y for y in ticks if y <= 100], 100
        ax.set_yticks(ticks, [number(y, 2 if indicator == "human_development_index" else 0) for y in ticks])
        ax.set_ylim(ticks[0], top)
    if not countries:
        ax.text(0.5, 0.5, t("l02_no_country"), transform=ax.transAxes, ha="center", va="center", fontsize=11)
        ax.set_yticks([])
    ax.set_xticks(range(YEARS[0], YEARS[1] + 1, 4))
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=9)
    ax.set_xlabel(t("l02_year_axis"), fontsize=9)
    ax.set_ylabel(_wrap(indicator_unit(indicator), 30), fontsize=9)
    fig.suptitle(_wrap(t("l02_chart_title", indicator=indicator_name(indicator), start=YEARS[0], end=YEARS[1]), 50),
                 fontsize=10.5)
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=9, frameon=False, handlelength=2.8,
                   columnspacing=1.2)
    return fig


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def change_figure(indicator: str = "human_development_index", year_from: int = 2000, year_to: int | None = None):
    """One row per member: a hollow dot at ``year_from``, a filled diamond at
    ``year_to`` and an arrow between them; sorted by the later value."""
    from matplotlib.lines import Line2D

    year_to, names, rows, decimals = _change_inputs(indicator, year_from, year_to)
    fig = panel_figure(0.3 * max(len(rows), 3) + 2.2)  # as wide as a phone's column
    ax = fig.add_subplot()
    before, after = "#000000", "#0072B2"
    for y, (iso, first, last) in enumerate(reversed(rows)):
        ax.annotate("", xy=(last, y), xytext=(first, y),
                    arrowprops={"arrowstyle": "-|>", "color": "#555555", "linewidth": 1.4, "shrinkA": 5, "shrinkB": 6})
        ax.plot(first, y, marker="o", markersize=8, markerfacecolor="white", markeredgecolor=before, markeredgewidth=1.5,
                linestyle="", zorder=4)
        ax.plot(last, y, marker="D", markersize=7.5, color=after, linestyle="", zorder=5)
        right = max(first, last)
        ax.annotate(f"{number(last, decimals)} ({signed(last - first, decimals)})", (right, y), xytext=(8, 0),
                    textcoords="offset points", va="center", fontsize=9, color="#222222")
    ax.set_yticks(range(len(rows)), [names[iso] for iso, _, _ in reversed(rows)], fontsize=9)
    values = [v for _, a, b in rows for v in (a, b)]
    if values:
        low, high = min(values), max(values)
        pad = (high - low) * 0.06 or 0.1
        left, right = 0 if indicator in ZERO_BASED else low - pad, high + (high - low) * 0.28 + pad
        ax.set_xlim(left, right)
        ax.set_xticks([x for x in ax.get_xticks() if left <= x <= high + pad])  # no tick beyond the data's scale
        ax.set_xlim(left, right)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", labelsize=9)
    ax.set_xlabel(_wrap(t("l02_change_axis", unit=indicator_unit(indicator)), 48), fontsize=9)
    fig.suptitle(_wrap(t("l02_change_title", indicator=indicator_name(indicator), year_from=year_from, year_to=year_to), 50)
                 + "\n" + _wrap(t("l02_change_subtitle", year_from=year_from, year_to=year_to), 50), fontsize=10)
    fig.legend(handles=[
        Line2D([], [], marker="o", markersize=8, markerfacecolor="white", markeredgecolor=before, linestyle="",
               label=t("l02_change_legend_from", year=year_from)),
        Line2D([], [], marker="D", markersize=7.5, color=after, linestyle="", label=t("l02_change_legend_to", year=year_to)),
    ], loc="outside lower center", ncols=2, fontsize=9, frameon=False, columnspacing=1.0, handletextpad=0.3)
    return fig


def _change_inputs(indicator: str, year_from: int, year_to: int | None):
    """What the change figure and its alt text share: the end year, member
    names, the (iso3, first, last) rows and the number of decimals."""
    from lessons.core.data import member_names

    _check_indicator(indicator)
    year_to = last_year(indicator) if year_to is None else int(year_to)
    return year_to, member_names(), _change_rows(series(indicator), year_from, year_to), INDICATOR_DECIMALS[indicator]


def _change_rows(wide: pd.DataFrame, year_from: int, year_to: int) -> list[tuple[str, float, float]]:
    """(iso3, value at year_from, value at year_to) for members with both, highest later value first."""
    rows = []
    for iso in wide.columns:
        first = wide[iso].get(int(year_from), np.nan)
        last = wide[iso].get(int(year_to), np.nan)
        if not (pd.isna(first) or pd.isna(last)):
            rows.append((iso, float(first), float(last)))
    return sorted(rows, key=lambda r: (-r[2], r[0]))


def change_alt(indicator: str = "human_development_index", year_from: int = 2000, year_to: int | None = None) -> str:
    year_to, names, rows, decimals = _change_inputs(indicator, year_from, year_to)
    details = "; ".join(t("l02_change_alt_country", country=names[iso], first=number(a, decimals), last=number(b, decimals))
                        for iso, a, b in rows)
    shown = {iso for iso, _, _ in rows}
    missing = [names[i] for i in names if i not in shown]
    gap = number(rows[0][2] - rows[-1][2], decimals) if rows else "–"
    return t("l02_change_alt", indicator=indicator_name(indicator), unit=t(f"l02_short_{indicator}"), year_from=year_from,
             year_to=year_to, details=details, gap=gap,
             missing=t("l02_change_alt_missing", countries=join_list(sorted(missing))) if missing else "")


@friendly
def show_change(indicator: str = "human_development_index", year_from: int = 2000, year_to: int | None = None):
    """Display the change chart (default: HDI 2000 and latest year) with its caption."""
    try:
        alt = change_alt(indicator, year_from, year_to)  # checks the choices the figure is drawn from
    except UnknownChoice as err:
        return Notice(str(err))
    show_figure(drawing(change_figure, indicator, year_from, year_to), alt)


# --------------------------------------------------------------------------
# the explorer widget


class IndicatorExplorer:
    """Indicator dropdown + one checkbox per member → line chart, notes and table."""

    def __init__(self, indicator: str = DEFAULT_INDICATOR, countries=DEFAULT_COUNTRIES):
        import ipywidgets as widgets

        from lessons.core.data import members

        indicator = _check_indicator(indicator)
        countries = _check_countries(countries)
        self.dropdown = widgets.Dropdown(options=[(indicator_name(i), i) for i in INDICATORS], value=indicator,
                                         description=t("l02_indicator"), style={"description_width": "initial"},
                                         layout=widgets.Layout(width="auto", height="auto"))  # a 44 px select on touch
        frame = members()
        self.boxes = {
            row.iso3: widgets.Checkbox(value=row.iso3 in countries, description=row.name_id, indent=False,
                                       layout=widgets.Layout(width="auto", margin="0 12px 0 0"))
            for row in frame.itertuples()
        }
        self.note = widgets.HTML()
        self.image = FigureImage(layout=widgets.Layout(max_width="860px", width="100%"))
        self.image.add_class("kssa-figure")
        self.caption = widgets.HTML()
        self.table = widgets.HTML()
        for control in [self.dropdown, *self.boxes.values()]:
            control.observe(lambda _c: self.refresh(), names="value")
        # the controls and the figure first, so that they fit one 1366×768 screen together (about 740 px
        # in Voilà, measured by tests/test_student_browser.py); caption, notes and folded table follow
        self.box = widgets.VBox([
            self.dropdown,
            widgets.HBox([widgets.HTML(f"<b>{escape(t('l02_countries'))}:</b>"), *self.boxes.values()],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center")),
            self.image.widget, self.caption, self.note, self.table,
        ])
        self.refresh()

    def countries(self) -> list[str]:
        """The ticked members, in the order of the checkboxes (Indonesian names, A–Z)."""
        return [iso for iso, box in self.boxes.items() if box.value]

    def refresh(self) -> None:
        from lessons.views.tables import render_html

        indicator, countries = self.dropdown.value, self.countries()
        notes = [f"<div>{escape(indicator_note(indicator))}</div>", f"<div>{escape(t('l02_gap_note'))}</div>",
                 f"<div><b>{escape(t('l02_cause_note'))}</b></div>"]
        if not countries:
            notes.insert(0, f"<div role=\"alert\"><b>{escape(t('l02_no_country'))}</b></div>")
        self.note.value = ('<div role="note" style="border-left:4px solid #0072B2;padding:4px 10px;margin:6px 0;'
                           f'font-size:95%;max-width:60em">{"".join(notes)}</div>')
        with busy(self.image):
            self.image.show_figure(drawing(indicator_figure, indicator, countries), explorer_alt(indicator, countries))
        self.caption.value = (f'<p style="max-width:60em"><b>{escape(t("caption_prefix"))}</b> '
                              f"{escape(explorer_alt(indicator, countries))}</p>")
        if countries:
            from lessons.core.data import member_names

            names = member_names()
            headers = {"year": t("l02_col_year"), **{iso: names[iso] for iso in countries}}
            self.table.value = (f'<details><summary style="cursor:pointer;padding:12px 0">'
                                f'{escape(t("table_details"))}</summary>'
                                f"{render_html(table_frame(indicator, countries), headers)}</details>")
        else:
            self.table.value = ""

    def summary(self) -> str:
        return explorer_summary(self.dropdown.value, self.countries())


@friendly
def explorer(indicator: str = DEFAULT_INDICATOR, countries=DEFAULT_COUNTRIES):
    """The indicator explorer of lesson 02 (a widget; its stored output is the summary and caption)."""
    try:
        widget = IndicatorExplorer(indicator, countries)
    except UnknownChoice as err:
        return Notice(str(err))
    return WidgetView(widget.box, f"{widget.summary()}\n{t('caption_prefix')} "
                                  f"{explorer_alt(widget.dropdown.value, widget.countries())}")


__all__ = [
    "INDICATORS", "series", "runs", "value", "change_since", "decline_between", "largest_decline", "largest_increase",
    "countries_without_data", "table_frame", "indicator_figure", "explorer_alt", "change_figure", "change_alt",
    "show_change", "explorer", "IndicatorExplorer",
]
