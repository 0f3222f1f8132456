"""Lesson 04: cultural cooperation, heritage, and understanding between cultures.

Four views, all drawn from data/ only:

* :func:`culture_table` — ASEAN bodies and programmes filtered by field and by
  country, where a country matches when it hosts the programme *or* takes part
  in it (data/network_edges.csv), and with a column saying whether the
  programme is run by an ASEAN body (data/cultural_milestones.csv);
* :func:`show_timeline` — the dated events of cultural cooperation
  (data/cultural_milestones.csv), one row per programme, colour and symbol by
  kind of event, hollow symbols for events not run by an ASEAN body;
* :func:`identity_table` — ASEAN identity and symbols in the ASEAN Charter
  (data/asean_identity.csv);
* :func:`heritage_parks_table` — the ASEAN Heritage Parks in Indonesia
  (data/heritage_parks_idn.csv).

The small functions at the end answer the lesson's data questions and are
named as ``derivation`` in data/exercises/04.yml.
"""

from __future__ import annotations

import datetime as _dt

import textwrap

import pandas as pd

from lessons.core.shared_tables import heritage_parks_frame
from lessons.views.figure_cache import drawing
from lessons.views.display import Notice, friendly, show_figure
from lessons.views.tables import ALL, Filter, TableExplorer, field_filter, filter_rows, programmes_frame
from lessons.text import FIELD_NAMES, KIND_NAMES, RELATION_NAMES, join_list, t

RELATION_ORDER = ("tuan_rumah", "anggota", "peserta", "penerima")

#: colour (Okabe–Ito) and symbol of each kind of event on the timeline
EVENT_STYLE = {
    "lembaga": ("#0072B2", "s"),  # blue square
    "deklarasi": ("#D55E00", "D"),  # vermillion diamond
    "program": ("#009E73", "o"),  # bluish-green circle
}
ROW_LABEL_MAX = 32  # longer Indonesian names are replaced by the acronym on the timeline


# --------------------------------------------------------------------------
# who takes part: programmes × countries


def involvement() -> dict[str, dict[str, list[str]]]:
    """Programme id → relation → ISO3 codes of the members involved.

    The host countries of programmes.csv and cultural_milestones.csv count as
    ``tuan_rumah`` even where no network edge repeats them.
    """
    from lessons.core.data import load

    result: dict[str, dict[str, list[str]]] = {}
    for row in load("network_edges").itertuples():
        codes = result.setdefault(row.programme_id, {}).setdefault(row.relation, [])
        if row.member_iso3 not in codes:
            codes.append(row.member_iso3)
    hosts = [(r.id, r.host_iso3) for r in load("programmes").itertuples()]
    hosts += [(r.programme_id, r.host_iso3) for r in load("cultural_milestones").itertuples()]
    for programme_id, iso3 in hosts:
        if isinstance(iso3, str):
            codes = result.setdefault(programme_id, {}).setdefault("tuan_rumah", [])
            if iso3 not in codes:
                codes.append(iso3)
    return result


def _involvement_text(relations: dict[str, list[str]], names: dict[str, str]) -> str:
    parts = []
    for relation in RELATION_ORDER:
        codes = relations.get(relation, [])
        if codes:
            parts.append(f"{RELATION_NAMES[relation]}: {join_list(sorted(names[c] for c in codes))}")
    return "; ".join(parts)


def organiser_status(programme_id: str) -> str | None:
    """"ya", "tidak" or "sebagian": are the programme's dated events run by an
    ASEAN body? None when cultural_milestones.csv has no event for it."""
    from lessons.core.data import load

    events = load("cultural_milestones")
    flags = set(events.loc[events["programme_id"] == programme_id, "asean_body"].astype(bool))
    if not flags:
        return None
    if flags == {True}:
        return "ya"
    if flags == {False}:
        return "tidak"
    return "sebagian"


def culture_frame() -> pd.DataFrame:
    """All programmes, with the countries involved and who runs them."""
    from lessons.core.data import member_names

    frame = programmes_frame()
    names = member_names()
    involved = involvement()
    frame["countries"] = [";".join(sorted({c for codes in involved.get(i, {}).values() for c in codes}))
                          for i in frame["id"]]
    frame["countries_text"] = [_involvement_text(involved.get(i, {}), names) for i in frame["id"]]
    labels = {"ya": t("l04_organiser_yes"), "tidak": t("l04_organiser_no"), "sebagian": t("l04_organiser_mixed")}
    frame["organiser_text"] = [labels.get(organiser_status(i), "") for i in frame["id"]]
    return frame


def _resolve(value, choices: dict[str, str], message: str) -> str:
    """A code from ``choices`` (code → name) given as code or name; "" for any."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ALL
    if isinstance(value, str):
        wanted = value.strip().casefold()
        for code, name in choices.items():
            if wanted in (code.casefold(), name.casefold()):
                return code
    allowed = join_list(f"{name} ({code})" if code != name else name for code, name in choices.items())
    raise ValueError(t(message, value=str(value)[:40], allowed=allowed))


def _country_choices(frame: pd.DataFrame) -> dict[str, str]:
    from lessons.core.data import member_names

    names = member_names()
    present = {c for cell in frame["countries"] for c in cell.split(";") if c}
    return {iso: names[iso] for iso in sorted(present, key=lambda iso: names[iso])}


def culture_explorer(field: str | None = "budaya", country: str | None = None, query: str = "") -> TableExplorer:
    """The TableExplorer behind :func:`culture_table` (raises ValueError on bad input)."""
    frame = culture_frame()
    countries = _country_choices(frame)
    field_code = _resolve(field, {f: n for f, n in FIELD_NAMES.items() if f in set(frame["field"])}, "l04_unknown_field")
    country_code = _resolve(country, countries, "l04_unknown_country")
    return TableExplorer(
        frame,
        t("l04_table_title"),
        {"acronym": t("col_acronym"), "name_id": t("col_name"), "kind_name": t("col_kind"), "year_text": t("col_year"),
         "countries_text": t("l04_col_countries"), "organiser_text": t("l04_col_organiser"),
         "description_id": t("col_description"), "year_note": t("l04_col_year_note"), "source": t("col_source")},
        [
            field_filter(frame),
            Filter("kind", t("kind"), ((t("all"), ALL), *((KIND_NAMES[k], k) for k in KIND_NAMES if k in set(frame["kind"])))),
            Filter("countries", t("l04_country"), ((t("all"), ALL), *((name, iso) for iso, name in countries.items()))),
        ],
        ["acronym", "name_id", "name_en", "description_id", "countries_text", "year_note"],
        optional_columns={"year_note": t("l04_show_year_note"), "source": t("show_sources")},
        initial={"field": field_code, "countries": country_code, "query": query if isinstance(query, str) else ""},
    )


@friendly
def culture_table(field: str | None = "budaya", country: str | None = None, query: str = ""):
    """Widget table of programmes by field and by country (host or participant)."""
    try:
        explorer = culture_explorer(field, country, query)
    except ValueError as err:
        return Notice(str(err))
    return explorer.show()


# --------------------------------------------------------------------------
# the timeline


def decimal_year(date: str) -> float:
    """'2016', '2016-08' or '2016-08-24' as a position on a year axis
    (the middle of the year or month when the day is not known)."""
    parts = [int(p) for p in str(date).split("-")]
    if len(parts) == 1:
        return parts[0] + 0.5
    if len(parts) == 2:
        return parts[0] + (parts[1] - 0.5) / 12
    day = _dt.date(*parts)
    length = 366 if _dt.date(parts[0], 12, 31).timetuple().tm_yday == 366 else 365
    return parts[0] + (day.timetuple().tm_yday - 0.5) / length


def row_label(programme) -> str:
    """The Indonesian name of a programme, or its acronym when the name is long."""
    return programme["name_id"] if len(programme["name_id"]) <= ROW_LABEL_MAX else programme["acronym"]


def event_label(event) -> str:
    parts = [event["label_id"]] if isinstance(event["label_id"], str) and event["label_id"] else []
    if not pd.isna(event["parks"]):
        parts.append(t("l04_parks", n=int(event["parks"])))
    return " · ".join(parts)


def timeline_events() -> pd.DataFrame:
    """The events with their x position, row and labels, rows ordered by first event."""
    from lessons.core.data import load

    events = load("cultural_milestones")
    programmes = load("programmes").set_index("id")
    events["x"] = events["date"].map(decimal_year)
    events["year"] = events["date"].str.slice(0, 4).astype(int)
    events["label"] = [event_label(row) for _, row in events.iterrows()]
    first = events.groupby("programme_id")["x"].min().sort_values(kind="stable")
    order = {pid: i for i, pid in enumerate(first.index)}
    events["row"] = events["programme_id"].map(order)
    events["row_label"] = events["programme_id"].map(lambda pid: row_label(programmes.loc[pid]))
    return events.sort_values(["row", "x"], ignore_index=True)


#: one line of 9-point text on the phone timeline, in inches
LINE_IN = 9 * 1.15 / 72


def _row_text(group) -> str:
    """A programme's events in words, under its own time line: "1984 Bangkok · 11 kawasan; 2003 …"."""
    parts = [f"{e['year']}" + (f" {e['label']}" if e["label"] else "") for _, e in group.iterrows()]
    return textwrap.fill("; ".join(parts), 58, break_on_hyphens=False)


def timeline_figure():
    """One block per programme, in two panels as wide as a phone's column: its name, its own time line
    (every line the same years, one tick every ten) with a symbol per event — colour and shape by kind,
    hollow when not run by an ASEAN body — and under it the events in words. The first panel carries
    the title and the legend."""
    from matplotlib.lines import Line2D

    from lessons.views.figures import PHONE_WIDTH_IN, panel_figure, panels

    events = timeline_events()
    first, last = int(events["year"].min()), int(events["year"].max())
    start, stop = 5 * (first // 5), 5 * (last // 5 + 1)
    width = PHONE_WIDTH_IN
    x0, x1 = 0.22, width - 0.22

    def at(year):
        return x0 + (year - start) / (stop - start) * (x1 - x0)

    groups = [g for _, g in events.groupby("row")]
    half = -(-len(groups) // 2)
    handles = [Line2D([], [], marker=marker, linestyle="", color=colour, markersize=7, label=t(f"l04_kind_{kind}"))
               for kind, (colour, marker) in EVENT_STYLE.items()]
    handles.append(Line2D([], [], marker="o", linestyle="", color="#555555", markerfacecolor="white",
                          markeredgewidth=1.6, markersize=7, label=t("l04_hollow")))
    title = textwrap.fill(t("l04_timeline_title"), 44)
    figs = []
    for n, chunk in enumerate((groups[:half], groups[half:])):
        head = (0.12 + LINE_IN * 1.15 * (title.count("\n") + 1) + 0.12 + LINE_IN * 1.3 * len(handles)) if n == 0 else 0.05
        blocks = [LINE_IN + 0.2 + LINE_IN * (_row_text(g).count("\n") + 1) + 0.14 for g in chunk]
        height = head + sum(blocks) + 0.42
        fig = panel_figure(height)
        fig.set_layout_engine(None)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_axis_off()
        bottom = head + sum(blocks)
        for year in range(start, stop + 1, 10):
            ax.plot([at(year), at(year)], [head, bottom], color="#e4e4e4", linewidth=0.8, zorder=0)
            ax.text(at(year), bottom + 0.06, str(year), ha="center", va="top", fontsize=9, color="#444444")
        ax.plot([x0, x1], [bottom, bottom], color="#555555", linewidth=1, zorder=1)
        ax.text(width / 2, height - 0.03, t("l04_year_axis"), ha="center", va="bottom", fontsize=9, color="#444444")
        y = head
        for group, block in zip(chunk, blocks):
            ax.text(0.05, y + 0.02, group["row_label"].iloc[0], ha="left", va="top", fontsize=9, fontweight="bold",
                    color="#222222")
            line_y = y + LINE_IN + 0.12
            ax.plot([at(start), at(stop)], [line_y, line_y], color="#b5b5b5", linewidth=0.8, zorder=1)
            for _, event in group.iterrows():
                colour, marker = EVENT_STYLE[event["kind"]]
                hollow = not bool(event["asean_body"])
                ax.plot(at(event["x"]), line_y, marker=marker, markersize=7, linestyle="", color=colour,
                        markerfacecolor="white" if hollow else colour, markeredgecolor=colour,
                        markeredgewidth=1.6 if hollow else 0.6, zorder=3)
            ax.text(0.05, line_y + 0.1, _row_text(group), ha="left", va="top", fontsize=9, color="#222222",
                    linespacing=1.05)
            y += block
        if n == 0:
            ax.text(width / 2, 0.1, title, ha="center", va="top", fontsize=10.5)
            ax.legend(handles=handles, loc="upper left", fontsize=9, frameon=False, borderaxespad=0, borderpad=0,
                      bbox_to_anchor=(0.02, 1 - (0.12 + LINE_IN * 1.15 * (title.count("\n") + 1) + 0.08) / height),
                      labelspacing=0.25, handletextpad=0.3)
        figs.append(fig)
    return panels(*figs)


def timeline_alt() -> str:
    """The timeline in words, computed from data/cultural_milestones.csv."""
    events = timeline_events()
    rows = []
    for _, group in events.groupby("row"):
        parts = [t("l04_alt_event", year=e["year"], label=e["label"]) if e["label"] else str(e["year"])
                 for _, e in group.iterrows()]
        rows.append(t("l04_alt_row", name=group["row_label"].iloc[0], events=", ".join(parts)))
    parks = events.dropna(subset=["parks"]).sort_values("x")
    counts = [t("l04_alt_parks", n=int(e["parks"]), year=e["year"]) for _, e in parks.iterrows()]
    parks_text = t("l04_alt_parks_change", first=counts[0], rest=join_list(counts[1:])) if len(counts) > 1 else join_list(counts)
    hollow = events[~events["asean_body"].astype(bool)].drop_duplicates("row")["row_label"].tolist()
    return t("l04_timeline_alt", first=int(events["year"].min()), last=int(events["year"].max()),
             n_events=len(events), n_rows=events["row"].nunique(), rows="; ".join(rows), parks=parks_text,
             hollow=join_list(hollow))


@friendly
def show_timeline() -> None:
    """Display the timeline of cultural cooperation and its caption."""
    show_figure(drawing(timeline_figure), timeline_alt())


# --------------------------------------------------------------------------
# answers to the data questions (see data/exercises/04.yml)


def count_programmes(field: str, country: str, asean_body: bool | None = None) -> int:
    """Rows of the table for ``field`` and ``country``; with ``asean_body``
    only those whose organiser status is "ya" (True) or "tidak" (False)."""
    rows = filter_rows(culture_frame(), {"field": field, "countries": country})
    if asean_body is not None:
        wanted = "ya" if asean_body else "tidak"
        rows = rows[[organiser_status(i) == wanted for i in rows["id"]]]
    return len(rows)


def _event(event_id: str):
    from lessons.core.data import DataFileError, load

    events = load("cultural_milestones").set_index("id")
    if event_id not in events.index:
        raise DataFileError(t("l04_unknown_event", value=str(event_id)[:40]))
    return events.loc[event_id]


def parks_increase(first: str, last: str) -> int:
    """How many ASEAN Heritage Parks were added between two events."""
    return int(_event(last)["parks"]) - int(_event(first)["parks"])


def years_between(first: str, last: str) -> int:
    """Whole years between two events of the timeline."""
    return int(str(_event(last)["date"])[:4]) - int(str(_event(first)["date"])[:4])


# --------------------------------------------------------------------------
# ASEAN identity (data/asean_identity.csv) and the Indonesian ASEAN Heritage
# Parks (data/heritage_parks_idn.csv): two small tables


def identity_frame() -> pd.DataFrame:
    """The Charter's identity and symbols (Art. 35-40), with the article as text."""
    from lessons.core.data import load

    frame = load("asean_identity").sort_values("charter_article", kind="stable", ignore_index=True)
    frame["article_text"] = [t("l04_article", n=int(n)) for n in frame["charter_article"]]
    return frame


def identity_explorer(query: str = "") -> TableExplorer:
    """The TableExplorer behind :func:`identity_table`."""
    return TableExplorer(
        identity_frame(),
        t("l04_identity_title"),
        {"article_text": t("l04_col_article"), "symbol_id": t("l04_col_symbol"), "description_id": t("col_description"),
         "source": t("col_source")},
        [],
        ["symbol_id", "description_id"],
        optional_columns={"source": t("show_sources")},
        initial={"query": query if isinstance(query, str) else ""},
    )


@friendly
def identity_table(query: str = ""):
    """Widget table of ASEAN identity and symbols in the ASEAN Charter."""
    return identity_explorer(query).show()


def heritage_parks_explorer(query: str = "") -> TableExplorer:
    """The TableExplorer behind :func:`heritage_parks_table`."""
    return TableExplorer(
        heritage_parks_frame(),
        t("l04_parks_title"),
        {"name_id": t("col_name"), "location_text": t("l04_col_location"), "year_text": t("l04_col_park_year"),
         "year_note": t("l04_col_park_note"), "source": t("col_source")},
        [],
        ["name_id", "location_text", "year_note"],
        optional_columns={"source": t("show_sources")},
        initial={"query": query if isinstance(query, str) else ""},
    )


@friendly
def heritage_parks_table(query: str = ""):
    """Widget table of the ASEAN Heritage Parks in Indonesia."""
    return heritage_parks_explorer(query).show()


def parks_in_indonesia_since(year: int) -> int:
    """How many Indonesian ASEAN Heritage Parks were designated in ``year`` or later
    (``year=1985``: the parks added after the 1984 Declaration)."""
    frame = heritage_parks_frame()
    return int((frame["year"].dropna() >= int(year)).sum())


__all__ = ["culture_frame", "culture_table", "culture_explorer", "timeline_figure", "timeline_alt", "show_timeline",
           "count_programmes", "parks_increase", "years_between", "identity_frame", "identity_explorer",
           "identity_table", "heritage_parks_frame", "heritage_parks_explorer", "heritage_parks_table",
           "parks_in_indonesia_since"]
