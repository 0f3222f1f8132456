"""Lesson 03: disaster risk reduction and ASEAN's disaster responses.

Three views, each built from ``data/``:

- :func:`comparison` — a widget comparing the 2004 tsunami (Aceh), Cyclone
  Nargis (2008) and COVID-19 on one aspect at a time (``disaster_responses``);
- :func:`show_timeline` — the dates of those disasters and of ASEAN's disaster
  agreements, teams and centres (``disaster_timeline``);
- :func:`show_life_expectancy_dips` — the one-year dips in life expectancy
  around the three disasters (``indicators``).

The pure functions (frames, HTML, figures, alt texts, numbers) take plain
arguments and are tested in ``tests/test_lesson03.py``; the widget only wires
checkboxes and toggle buttons to them.
"""

from __future__ import annotations

import math
import textwrap
from html import escape

import pandas as pd

from lessons.core.widget_view import WidgetView
from lessons.views.figure_cache import drawing
from lessons.views.display import Notice, friendly, show_figure
from lessons.core.formatting import number, signed
from lessons.text import join_list, t

ASPECTS = ("langkah", "keberhasilan", "kekurangan")
RESPONSES = ("aceh-2004", "nargis-2008", "palu-2018", "covid19")

# Okabe–Ito colours, each with a second cue (marker) for the kinds of event.
KIND_STYLE = {
    "bencana": {"color": "#D55E00", "marker": "X"},
    "mekanisme": {"color": "#009E73", "marker": "s"},
    "tanggapan": {"color": "#0072B2", "marker": "o"},
}

# Lines of the life-expectancy chart: colour, line style, marker.
COUNTRY_STYLES = (
    ("#D55E00", "-", "o"),
    ("#0072B2", "--", "s"),
    ("#009E73", "-.", "^"),
    ("#CC79A7", ":", "D"),
    ("#E69F00", (0, (5, 1, 1, 1)), "v"),
)

#: (year, members hit — None means all —, text key of the event's name)
DIP_EVENTS = ((2004, ("IDN",), "l03_event_tsunami"), (2008, ("MMR",), "l03_event_nargis"), (2021, None, "l03_event_covid"))
COVID_YEAR = 2021
LINE_HEIGHT = 0.38  # height of one label line on the timeline, in years
INDICATOR = "life_expectancy_at_birth"


def format_date(date, precision: str = "hari") -> str:
    """'26 Desember 2004', or 'Januari 2011' when only the month is known."""
    months = t("l03_months").split()
    month = months[date.month - 1]
    return f"{month} {date.year}" if precision == "bulan" else f"{date.day} {month} {date.year}"


# --------------------------------------------------------------------------
# comparison of three responses


def responses_frame() -> pd.DataFrame:
    """The rows of data/disaster_responses.csv (one per response and aspect)."""
    from lessons.core.data import load

    return load("disaster_responses")


def response_labels() -> dict[str, str]:
    """response_id -> 'name, year', in the order of RESPONSES."""
    frame = responses_frame().drop_duplicates("response_id").set_index("response_id")
    return {r: t("l03_response_header", name=frame.loc[r, "response_name_id"], year=int(frame.loc[r, "year"]))
            for r in RESPONSES if r in frame.index}


def aspect_name(aspect: str) -> str:
    return t(f"l03_aspect_{aspect}")


def _check_choice(responses, aspect) -> list[str]:
    """The chosen responses in fixed order; raises ValueError with an Indonesian message."""
    if aspect not in ASPECTS:
        raise ValueError(t("l03_bad_aspect", value=str(aspect)[:40], allowed=join_list(ASPECTS)))
    if isinstance(responses, str):
        responses = [responses]
    chosen = list(responses or [])
    for response in chosen:
        if response not in RESPONSES:
            raise ValueError(t("l03_bad_response", value=str(response)[:40], allowed=join_list(RESPONSES)))
    return [r for r in RESPONSES if r in chosen]


def comparison_frame(responses=RESPONSES, aspect: str = "langkah", notes: bool = False) -> pd.DataFrame:
    """The chosen aspect side by side: one column per response, rows = the
    aspect's text, its source, and (``notes``) the note on the article."""
    chosen = _check_choice(responses, aspect)
    rows = responses_frame()
    rows = rows[rows["aspect"] == aspect].set_index("response_id")
    text = {"row": aspect_name(aspect)}
    source = {"row": t("l03_row_source")}
    note = {"row": t("l03_row_note")}
    for response in chosen:
        row = rows.loc[response]
        text[response] = row["text_id"]
        source[response] = f"{row['source']} — {row['source_url']}"
        note[response] = row["article_note_id"] if isinstance(row["article_note_id"], str) else t("l03_no_note")
    table = [text, source] + ([note] if notes else [])
    return pd.DataFrame(table, columns=["row", *chosen])


def comparison_html(responses=RESPONSES, aspect: str = "langkah", notes: bool = False) -> str:
    """The comparison table as HTML (the value of the widget's HTML)."""
    from lessons.views.tables import render_html

    frame = comparison_frame(responses, aspect, notes)
    labels = response_labels()
    headers = {"row": t("l03_col_aspect"), **{r: labels[r] for r in frame.columns if r != "row"}}
    if len(headers) == 1:
        return render_html(frame.iloc[0:0], headers)
    return render_html(frame, headers)


def comparison_summary(responses=RESPONSES, aspect: str = "langkah", notes: bool = False) -> str:
    """One line saying what the comparison shows (the cell's stored output)."""
    chosen = _check_choice(responses, aspect)
    labels = response_labels()
    if not chosen:
        return t("l03_comparison_none", aspect=aspect_name(aspect))
    text = t("l03_comparison_summary", aspect=aspect_name(aspect), n=len(chosen), names=join_list(labels[r] for r in chosen))
    return text + (t("l03_comparison_notes_on") if notes else "")


class ComparisonExplorer:
    """Checkboxes (responses) + toggle buttons (aspect) + a notes toggle → HTML table."""

    def __init__(self, responses=RESPONSES, aspect: str = "langkah", notes: bool = False):
        import ipywidgets as widgets

        chosen = _check_choice(responses, aspect)
        labels = response_labels()
        self.boxes = {
            r: widgets.Checkbox(value=r in chosen, description=labels[r], indent=False,
                                layout=widgets.Layout(width="auto", margin="0 14px 0 0"))
            for r in RESPONSES
        }
        self.aspect = widgets.ToggleButtons(options=[(aspect_name(a), a) for a in ASPECTS], value=aspect,
                                            description=f"{t('l03_choose_aspect')}:", style={"description_width": "initial", "button_width": "auto"})
        self.notes = widgets.ToggleButton(value=notes, description=t("l03_show_notes"), icon="check",
                                          layout=widgets.Layout(width="auto"))
        self.caption = widgets.HTML()
        self.table = widgets.HTML()
        for control in [*self.boxes.values(), self.aspect, self.notes]:
            control.observe(lambda _c: self.refresh(), names="value")
        self.box = widgets.VBox([
            widgets.HTML(f"<b>{escape(t('l03_choose_responses'))}:</b>"),
            widgets.HBox(list(self.boxes.values()), layout=widgets.Layout(flex_flow="row wrap")),
            widgets.HBox([self.aspect, self.notes], layout=widgets.Layout(flex_flow="row wrap", gap="8px")),
            self.caption, self.table,
        ])
        self.refresh()

    def selected(self) -> list[str]:
        return [r for r, box in self.boxes.items() if box.value]

    def summary(self) -> str:
        return comparison_summary(self.selected(), self.aspect.value, self.notes.value)

    def refresh(self) -> None:
        self.table.value = comparison_html(self.selected(), self.aspect.value, self.notes.value)
        self.caption.value = f'<div role="status" style="color:#333;margin:4px 0">{escape(self.summary())}</div>'


@friendly
def comparison(responses=RESPONSES, aspect: str = "langkah", notes: bool = False):
    """The widget comparing ASEAN's role in three disasters, aspect by aspect."""
    try:
        explorer = ComparisonExplorer(responses, aspect, notes)
    except ValueError as err:
        return Notice(str(err))
    return WidgetView(explorer.box, explorer.summary())


# --------------------------------------------------------------------------
# timeline of disasters and mechanisms


def timeline_events() -> pd.DataFrame:
    """The rows of data/disaster_timeline.csv in date order, with a decimal year."""
    from lessons.core.data import load

    frame = load("disaster_timeline").sort_values(["date", "title_id"], ignore_index=True)
    frame["x"] = frame["date"].dt.year + (frame["date"].dt.dayofyear - 1) / 365.25
    frame["date_text"] = [format_date(d, p) for d, p in zip(frame["date"], frame["date_precision"])]
    return frame


def spread_positions(desired, heights, pad: float = 0.15, low: float | None = None) -> list[float]:
    """Centres for labels of ``heights`` near ``desired`` (sorted ascending), so
    that neighbouring labels keep ``pad`` between them.

    Overlapping labels are merged into clusters centred on their desired mean,
    so a label never drifts further than its cluster needs; ``low`` keeps the
    first label's top edge at or below it.
    """
    clusters: list[dict] = []
    for y, h in zip(desired, heights):
        clusters.append({"want": [y], "h": [h]})
        while True:
            c = clusters[-1]
            offsets = [0.0]
            for a, b in zip(c["h"], c["h"][1:]):
                offsets.append(offsets[-1] + (a + b) / 2 + pad)
            c["offsets"] = offsets
            c["start"] = sum(c["want"]) / len(c["want"]) - sum(offsets) / len(offsets)
            if low is not None and len(clusters) == 1:
                c["start"] = max(c["start"], low + c["h"][0] / 2)
            if len(clusters) > 1:
                p = clusters[-2]
                prev_end = p["start"] + p["offsets"][-1] + p["h"][-1] / 2 + pad
                if c["start"] - c["h"][0] / 2 < prev_end:
                    clusters[-2] = {"want": p["want"] + c["want"], "h": p["h"] + c["h"]}
                    clusters.pop()
                    continue
            break
    return [c["start"] + o for c in clusters for o in c["offsets"]]


#: one line of 9-point label text on the timeline, in inches
LABEL_LINE_IN = 9 * 1.12 / 72
#: a timeline panel holds at most this many inches of labels (one lab screen at 120 dpi, with its title)
PANEL_LABELS_IN = 4.6


def _timeline_groups(events) -> list:
    """The events in panels: split at the longest quiet stretch while their labels are too tall for one."""
    groups = [events]
    while True:
        tall = [g for g in groups if len(g) > 1 and _labels_height(g) > PANEL_LABELS_IN]
        if not tall:
            return groups
        group = tall[0]
        gaps = group["x"].diff().iloc[1:]
        cut = int(gaps.values.argmax()) + 1
        i = next(i for i, g in enumerate(groups) if g is group)
        groups[i:i + 1] = [group.iloc[:cut], group.iloc[cut:]]


def _event_label(date_text: str, title: str) -> str:
    return f"{date_text}\n" + textwrap.fill(title, 40)


def _labels_height(rows) -> float:
    return sum(_event_label(d, ti).count("\n") * LABEL_LINE_IN + LABEL_LINE_IN + 0.16
               for d, ti in zip(rows["date_text"], rows["title_id"]))


def timeline_figure():
    """A vertical timeline in panels as wide as a phone's column: time runs down the left, every event
    (disaster or ASEAN step, each with its own symbol and colour) is labelled to the right of it. The events
    are split into panels at the longest quiet stretch; the first panel carries the title and the legend."""
    from matplotlib.lines import Line2D

    from lessons.views.figures import PHONE_WIDTH_IN, panel_figure, panels

    events = timeline_events()
    width = PHONE_WIDTH_IN
    axis_x, mark_x, label_x = 0.52, 0.68, 1.05
    figs = []
    for n, group in enumerate(_timeline_groups(events)):
        labels = [_event_label(d, ti) for d, ti in zip(group["date_text"], group["title_id"])]
        heights = [LABEL_LINE_IN * (label.count("\n") + 1) + 0.1 for label in labels]
        head = 0.1
        if n == 0:
            title = textwrap.fill(t("l03_timeline_title"), 44)
            head = 0.16 + LABEL_LINE_IN * 1.2 * (title.count("\n") + 1) + 0.25 + LABEL_LINE_IN * 1.25 * len(KIND_STYLE)
        first, last = math.floor(group["x"].min()), math.floor(group["x"].max()) + 1
        scale = max(sum(heights) + 0.06 * len(heights), 0.3 * (last - first)) / (last - first)  # inches per year
        top = head + 0.15

        def at(year, top=top, first=first, scale=scale):
            return top + (year - first) * scale

        ys = spread_positions([at(x) for x in group["x"]], heights, pad=0.06, low=top - 0.1)
        height = max(at(last), max(y + h / 2 for y, h in zip(ys, heights))) + 0.12
        fig = panel_figure(height)
        fig.set_layout_engine(None)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_axis_off()
        ax.plot([axis_x, axis_x], [at(first), at(last)], color="#555555", linewidth=1.4, zorder=1)
        for year in range(first, last + 1):
            ax.plot([axis_x - 0.06, axis_x], [at(year), at(year)], color="#555555", linewidth=1, zorder=1)
            ax.text(axis_x - 0.1, at(year), str(year), ha="right", va="center", fontsize=9, color="#444444")
        previous, shift = None, 0
        for (x_date, kind), label, y in zip(zip(group["x"], group["kind"]), labels, ys):
            style = KIND_STYLE[kind]
            shift = shift + 1 if previous is not None and x_date - previous < 0.15 else 0  # same month: side by side
            previous = x_date
            mx = mark_x + 0.1 * shift
            ax.plot([axis_x, mx], [at(x_date), at(x_date)], color=style["color"], linewidth=1, zorder=2)
            ax.plot(mx, at(x_date), marker=style["marker"], color=style["color"], markersize=7, markeredgecolor="white",
                    markeredgewidth=0.5, linestyle="", zorder=4)
            ax.plot([mx, label_x - 0.05], [at(x_date), y], color=style["color"], linewidth=0.8, alpha=0.8, zorder=2)
            ax.text(label_x, y, label, ha="left", va="center", fontsize=9, color="#222222", linespacing=1.05,
                    fontweight="bold" if kind == "bencana" else "normal",
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": style["color"], "lw": 0.8})
        if n == 0:
            ax.text(width / 2, 0.1, title, ha="center", va="top", fontsize=10.5)
            handles = [Line2D([], [], linestyle="", marker=KIND_STYLE[k]["marker"], color=KIND_STYLE[k]["color"],
                              markersize=7, label=t(f"l03_kind_{k}")) for k in KIND_STYLE]
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.02, 1 - (0.16 + LABEL_LINE_IN * 1.2 * (
                title.count("\n") + 1) + 0.05) / height), fontsize=9, frameon=False, borderaxespad=0, borderpad=0,
                labelspacing=0.25, handletextpad=0.3)
        figs.append(fig)
    return panels(*figs)


def months_between(start, end) -> int:
    """Whole calendar months from ``start`` to ``end``."""
    return (end.year - start.year) * 12 + end.month - start.month - (1 if end.day < start.day else 0)


def _duration(months: int) -> str:
    years, rest = divmod(months, 12)
    parts = ([t("l03_years", n=years)] if years else []) + ([t("l03_months_n", n=rest)] if rest else [])
    return " ".join(parts) or t("l03_months_n", n=0)


def timeline_alt() -> str:
    events = timeline_events()
    parts = [f"{d}: {title}" for d, title in zip(events["date_text"], events["title_id"])]
    first = events["date"].min()
    aadmer = events[events["programme_id"] == "aadmer"]["date"].min()
    aha = events[events["programme_id"] == "aha-centre"]["date"].min()
    return t("l03_timeline_alt", events="; ".join(parts), gap_aadmer=_duration(months_between(first, aadmer)),
             gap_aha=_duration(months_between(first, aha)))


@friendly
def show_timeline() -> None:
    """Display the disaster timeline with its caption."""
    show_figure(drawing(timeline_figure), timeline_alt())


# --------------------------------------------------------------------------
# life expectancy around the disasters


def life_expectancy() -> pd.DataFrame:
    """Life expectancy at birth: one row per year, one column per member (ISO3)."""
    from lessons.core.data import load

    frame = load("indicators")
    frame = frame[frame["indicator"] == INDICATOR]
    return frame.pivot(index="year", columns="iso3", values="value").sort_index()


def _check_iso3(iso3: str, table: pd.DataFrame) -> str:
    if not isinstance(iso3, str) or iso3 not in table.columns:
        raise ValueError(t("l03_bad_country", value=str(iso3)[:20]))
    return iso3


def life_expectancy_drop(iso3: str, year: int) -> float:
    """Years of life expectancy lost from ``year - 1`` to ``year`` (negative = a rise), 1 decimal."""
    table = life_expectancy()
    _check_iso3(iso3, table)
    return round(float(table.loc[year - 1, iso3] - table.loc[year, iso3]), 1)


def changes_in_year(year: int = COVID_YEAR) -> pd.DataFrame:
    """Change of life expectancy from ``year - 1`` to ``year`` for every member,
    largest fall first (columns iso3, name, change)."""
    from lessons.core.data import member_names

    table = life_expectancy()
    names = member_names()
    change = (table.loc[year] - table.loc[year - 1]).round(1)
    frame = pd.DataFrame({"iso3": change.index, "name": [names[i] for i in change.index], "change": change.values})
    return frame.sort_values(["change", "name"], ignore_index=True)


def largest_drop(year: int = COVID_YEAR) -> str:
    """ISO3 of the member whose life expectancy fell most from ``year - 1`` to ``year``."""
    return changes_in_year(year)["iso3"].iloc[0]


def members_with_drop(year: int = COVID_YEAR) -> int:
    """How many members had a lower life expectancy in ``year`` than in ``year - 1``."""
    return int((changes_in_year(year)["change"] < 0).sum())


def dip_countries() -> list[str]:
    """The members the chart shows by default: the one hit in 2004, in 2008,
    and the one with the largest fall in 2021."""
    countries = []
    for year, hit, _ in DIP_EVENTS:
        for iso3 in hit or (largest_drop(year),):
            if iso3 not in countries:
                countries.append(iso3)
    return countries


def dips(countries=None) -> list[dict]:
    """Every marked dip of the chart: country, event year, loss in years, event name."""
    countries = list(countries or dip_countries())
    found = []
    for year, hit, key in DIP_EVENTS:
        for iso3 in countries:
            if hit is None or iso3 in hit:
                found.append({"iso3": iso3, "year": year, "drop": life_expectancy_drop(iso3, year), "event": t(key)})
    return found


def _group_dips(found: list[dict]) -> list[tuple[int, list[dict]]]:
    years = sorted({d["year"] for d in found})
    return [(y, [d for d in found if d["year"] == y]) for y in years]


def _countries(countries) -> list[str]:
    table = life_expectancy()
    if countries is None:
        return dip_countries()
    if isinstance(countries, str):
        countries = [countries]
    return [_check_iso3(c, table) for c in dict.fromkeys(countries)][: len(COUNTRY_STYLES)]


def life_expectancy_dips_figure(countries=None):
    """Two panels, each as wide as a phone's column: first, life expectancy of ``countries`` with the
    disaster years marked and each dip labelled; second, the change from 2020 to 2021 for all members."""
    from lessons.core.data import member_names
    from lessons.views.figures import panel_figure, panels

    countries = _countries(countries)
    table = life_expectancy()
    names = member_names()
    lines_fig, bars_fig = panel_figure(4.3), panel_figure(4.0)
    ax = lines_fig.add_subplot()
    bars = bars_fig.add_subplot()
    for iso3, (colour, style, marker) in zip(countries, COUNTRY_STYLES):
        ax.plot(table.index, table[iso3], color=colour, linestyle=style, marker=marker, markersize=4, linewidth=1.8,
                label=names[iso3])
    low = min(table[c].min() for c in countries)
    high = max(table[c].max() for c in countries)
    ax.set_ylim(low - 2.5, high + 3.2)
    event_years = [year for year, _, _ in DIP_EVENTS]
    for i, (year, _, key) in enumerate(DIP_EVENTS):
        ax.axvline(year, color="#777777", linestyle=(0, (2, 2)), linewidth=1, zorder=0)
        # two events a few years apart: the first label left of its line, the second right of it
        near_next = i + 1 < len(event_years) and event_years[i + 1] - year < 6
        near_previous = i > 0 and year - event_years[i - 1] < 6
        ha, dx = ("right", -0.3) if near_next else ("left", 0.3) if near_previous else ("center", 0)
        ax.text(year + dx, high + 2.9, f"{year}\n{t(key)}", ha=ha, va="top", fontsize=9, color="#333333",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9})
    for year, group in _group_dips(dips(countries)):
        left = year == table.index.max() - 2 or year >= COVID_YEAR  # near the right edge: label on the left
        for rank, dip in enumerate(sorted(group, key=lambda d: -table.loc[d["year"], d["iso3"]])):
            colour = COUNTRY_STYLES[countries.index(dip["iso3"])][0]
            above = rank == 0 and len(group) > 1
            ax.annotate(signed(-dip["drop"], 1, zero="0"),
                        (year, table.loc[year, dip["iso3"]]), xytext=(-7 if left else 7, 4 if above else -6),
                        textcoords="offset points", fontsize=9, fontweight="bold", color=colour,
                        ha="right" if left else "left", va="bottom" if above else "top",
                        bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85})
    ax.set_xlim(table.index.min() - 0.5, table.index.max() + 0.5)
    ax.set_xticks(range(int(table.index.min()), int(table.index.max()) + 1, 5))
    step = 5 if high - low > 12 else 2
    ax.set_yticks(range(step * math.ceil((low - 2.5) / step), int(high + 3.2) + 1, step))
    ax.set_ylabel(t("l03_dips_ylabel"), fontsize=9)
    ax.tick_params(labelsize=9)
    ax.set_title(t("l03_dips_title"), fontsize=10.5)
    ax.grid(axis="y", color="#e4e4e4", linewidth=0.6)
    ax.legend(loc="lower right", fontsize=9, framealpha=0.95)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

    change = changes_in_year(COVID_YEAR).iloc[::-1].reset_index(drop=True)  # largest fall at the top
    worst = change["change"].min()
    colours = ["#D55E00" if v == worst else "#0072B2" if v < 0 else "#999999" for v in change["change"]]
    hatches = ["//" if v == worst else "" for v in change["change"]]
    drawn = bars.barh(change["name"], change["change"], color=colours, hatch=hatches, edgecolor="white", height=0.7)
    for rect, value in zip(drawn, change["change"]):
        bars.text(min(value, 0) - 0.08, rect.get_y() + rect.get_height() / 2, signed(value, 1, zero="0"),
                  ha="right", va="center", fontsize=9)
    bars.axvline(0, color="#555555", linewidth=0.8)
    bars.set_xlim(worst - 1.1, 0.6)
    bars.set_xticks(range(int(worst - 1.1), 1))
    bars.tick_params(axis="y", labelsize=9)
    bars.tick_params(axis="x", labelsize=9)
    bars.set_xlabel(t("l03_dips_bar_xlabel"), fontsize=9)
    bars.set_title(t("l03_dips_bar_title"), fontsize=10.5)
    for side in ("top", "right"):
        bars.spines[side].set_visible(False)
    return panels(lines_fig, bars_fig)


def life_expectancy_dips_alt(countries=None) -> str:
    from lessons.core.data import member_names

    countries = _countries(countries)
    names = member_names()
    drops = " ".join(t("l03_dips_alt_drop", country=names[d["iso3"]], drop=number(d["drop"], 1), before=d["year"] - 1,
                       year=d["year"], event=d["event"]) for d in dips(countries))
    change = changes_in_year(COVID_YEAR)
    worst = change.iloc[0]
    flat = [names[i] for i, v in zip(change["iso3"], change["change"]) if v >= 0]
    unchanged = t("l03_dips_alt_unchanged", names=join_list(flat)) if flat else t("l03_dips_alt_all_down")
    return t("l03_dips_alt", countries=join_list(names[c] for c in countries), drops=drops,
             n_down=members_with_drop(COVID_YEAR), worst=worst["name"], worst_drop=number(-worst["change"], 1),
             unchanged=unchanged)


@friendly
def show_life_expectancy_dips(countries=None):
    """Display the life-expectancy chart with its caption."""
    try:
        alt = life_expectancy_dips_alt(countries)  # checks the countries the figure is drawn for
    except ValueError as err:
        return Notice(str(err))
    show_figure(drawing(life_expectancy_dips_figure, countries), alt)


__all__ = [
    "comparison", "comparison_frame", "comparison_html", "comparison_summary", "ComparisonExplorer",
    "timeline_events", "timeline_figure", "timeline_alt", "show_timeline",
    "life_expectancy", "life_expectancy_drop", "changes_in_year", "largest_drop", "members_with_drop",
    "dip_countries", "dips", "life_expectancy_dips_figure", "life_expectancy_dips_alt", "show_life_expectancy_dips",
]
