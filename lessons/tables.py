"""Tables the learner filters with widgets.

The pure parts (:func:`filter_rows`, :func:`render_html`, :func:`summary`)
take a DataFrame and return a DataFrame or a string, so pytest can test them.
:class:`TableExplorer` only wires dropdowns, toggles and a search box to
them; the table itself is the ``value`` of an ``HTML`` widget (widget state,
which does not leak into cell outputs under nbval), and the stored cell output
is the summary line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

import pandas as pd

from .display import WidgetView, friendly
from .text import FIELD_NAMES, KIND_NAMES, t

MAX_QUERY = 60

TABLE_CSS = """<style>
.kssa-table {border-collapse:collapse;font-size:14px;line-height:1.35;width:100%;max-width:70em}
.kssa-table th {background:#eef2f7;text-align:left;padding:4px 6px;border-bottom:2px solid #888;position:sticky;top:0}
.kssa-table td {padding:4px 6px;border-bottom:1px solid #ddd;vertical-align:top;overflow-wrap:anywhere;word-break:break-word}
.kssa-table td:first-child {overflow-wrap:normal;word-break:normal}
.kssa-table tr.kssa-hit td {background:#fff8dc}
.kssa-table mark {background:#ffe066;padding:0 1px}
.kssa-table-wrap {max-height:32em;overflow:auto}
</style>"""


@dataclass(frozen=True)
class Filter:
    """A dropdown filter: ``column`` must equal the chosen value."""

    column: str
    label: str
    choices: tuple  # (label, value) pairs; the value ALL ("") means "any value"


ALL = ""  # a Dropdown shows an option whose value is None as "nothing selected", so "all" is ""


def clean_query(query) -> str:
    if not isinstance(query, str):
        return ""
    return " ".join(query.split())[:MAX_QUERY]


def filter_rows(frame: pd.DataFrame, equals: dict | None = None, query: str = "", search_columns=None) -> pd.DataFrame:
    """Rows of ``frame`` whose columns equal ``equals`` and that contain ``query``.

    A value of None or "" in ``equals`` means "any". A column holding several codes
    separated by ";" matches when one of them equals the value. The search is
    case-insensitive and literal (no regular expressions).
    """
    mask = pd.Series(True, index=frame.index)
    for column, value in (equals or {}).items():
        if value is None or value == ALL:
            continue
        values = frame[column].astype("str")
        mask &= values.map(lambda cell, v=str(value): v in [p.strip() for p in cell.split(";")])
    query = clean_query(query)
    if query:
        columns = list(search_columns or frame.columns)
        hit = pd.Series(False, index=frame.index)
        for column in columns:
            hit |= frame[column].astype("str").str.contains(query, case=False, regex=False, na=False)
        mask &= hit
    return frame[mask]


def _mark(text: str, query: str) -> str:
    safe = escape(text)
    if not query:
        return safe
    pattern = re.compile(re.escape(escape(query)), re.IGNORECASE)
    return pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", safe)


def render_html(frame: pd.DataFrame, headers: dict[str, str], query: str = "") -> str:
    """The rows of ``frame`` as an HTML table; ``query`` is highlighted."""
    query = clean_query(query)
    if frame.empty:
        return f"{TABLE_CSS}<p><i>{escape(t('table_empty'))}</i></p>"
    head = "".join(f"<th scope=\"col\">{escape(h)}</th>" for h in headers.values())
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for column in headers:
            value = row[column]
            text = "" if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA else str(value)
            cells.append(f"<td>{_mark(text, query)}</td>")
        hit = query and any(query.lower() in str(row[c]).lower() for c in headers)
        rows.append(f"<tr class=\"{'kssa-hit' if hit else ''}\">{''.join(cells)}</tr>")
    return (
        f'{TABLE_CSS}<div class="kssa-table-wrap"><table class="kssa-table">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def summary(title: str, shown: int, total: int, filters: list[tuple[str, str]] = (), query: str = "") -> str:
    """One line saying what the table shows (the cell's stored output)."""
    parts = [t("table_summary", title=title, shown=shown, total=total)]
    parts += [t("table_filter", label=label, value=value) for label, value in filters]
    query = clean_query(query)
    if query:
        parts.append(t("table_query", query=query))
    return "; ".join(parts) + "."


class TableExplorer:
    """Dropdown filters + search box + optional column toggles → HTML table."""

    def __init__(self, frame: pd.DataFrame, title: str, headers: dict[str, str], filters: list[Filter],
                 search_columns: list[str], optional_columns: dict[str, str] | None = None, initial: dict | None = None):
        import ipywidgets as widgets

        self.frame = frame
        self.title = title
        self.headers = headers
        self.filters = filters
        self.search_columns = search_columns
        self.optional_columns = optional_columns or {}
        initial = initial or {}
        self.dropdowns = {
            f.column: widgets.Dropdown(options=list(f.choices), value=initial.get(f.column) or ALL, description=f.label,
                                       style={"description_width": "initial"}, layout=widgets.Layout(width="auto"))
            for f in filters
        }
        self.search = widgets.Text(value=initial.get("query", ""), placeholder=t("search_placeholder"),
                                   description=t("search"), style={"description_width": "initial"},
                                   layout=widgets.Layout(width="22em"))
        self.toggles = {
            column: widgets.ToggleButton(value=False, description=label, icon="columns", layout=widgets.Layout(width="auto"))
            for column, label in self.optional_columns.items()
        }
        self.caption = widgets.HTML()
        self.table = widgets.HTML()
        for control in [*self.dropdowns.values(), self.search, *self.toggles.values()]:
            control.observe(lambda _c: self.refresh(), names="value")
        controls = widgets.HBox([*self.dropdowns.values(), self.search, *self.toggles.values()],
                                layout=widgets.Layout(flex_flow="row wrap", gap="6px"))
        self.box = widgets.VBox([controls, self.caption, self.table])
        self.refresh()

    def state(self) -> tuple[dict, str, dict]:
        equals = {column: drop.value for column, drop in self.dropdowns.items()}
        headers = {c: h for c, h in self.headers.items() if c not in self.optional_columns or self.toggles[c].value}
        return equals, self.search.value, headers

    def view(self) -> tuple[pd.DataFrame, dict]:
        equals, query, headers = self.state()
        return filter_rows(self.frame, equals, query, self.search_columns), headers

    def summary(self) -> str:
        equals, query, _ = self.state()
        rows, _ = self.view()
        chosen = []
        for f in self.filters:
            value = equals[f.column]
            if value not in (None, ALL):
                label = next(lbl for lbl, v in f.choices if v == value)
                chosen.append((f.label, label))
        return summary(self.title, len(rows), len(self.frame), chosen, query)

    def refresh(self) -> None:
        rows, headers = self.view()
        _, query, _ = self.state()
        self.table.value = render_html(rows, headers, query)
        self.caption.value = f'<div role="status" style="color:#333;margin:4px 0">{escape(self.summary())}</div>'

    def show(self) -> WidgetView:
        return WidgetView(self.box, self.summary())


def _field_filter(frame: pd.DataFrame, column: str = "field") -> Filter:
    present = [f for f in FIELD_NAMES if f in set(frame[column])]
    return Filter(column, t("field"), ((t("all"), ALL), *((FIELD_NAMES[f], f) for f in present)))


# --------------------------------------------------------------------------
# the tables of the lessons


def issues_frame() -> pd.DataFrame:
    """Social issues with the names of their programmes, ready to show."""
    from .data import load

    issues = load("social_issues")
    programmes = load("programmes").set_index("id")
    issues["programmes"] = issues["programme_ids"].map(
        lambda ids: "; ".join(programmes.loc[i.strip(), "acronym"] for i in str(ids).split(";") if i.strip())
    )
    issues["field_name"] = issues["field"].map(FIELD_NAMES)
    return issues


@friendly
def issue_table(field: str | None = None, query: str = "") -> WidgetView:
    """The widget table of social issues (the article's "Isu Sosial Utama", extended)."""
    frame = issues_frame()
    explorer = TableExplorer(
        frame,
        t("issue_table_title"),
        {"name_id": t("col_issue"), "goal": t("col_goal"), "strategies": t("col_strategies"),
         "programmes": t("col_programmes"), "results": t("col_results"), "correction": t("col_correction"),
         "source": t("col_source")},
        [_field_filter(frame)],
        ["name_id", "goal", "strategies", "programmes", "results", "correction"],
        optional_columns={"correction": t("show_corrections"), "source": t("show_sources")},
        initial={"field": field, "query": query},
    )
    return explorer.show()


def programmes_frame() -> pd.DataFrame:
    from .data import load, member_names

    frame = load("programmes")
    names = member_names()
    frame["kind_name"] = frame["kind"].map(KIND_NAMES)
    frame["host"] = [
        ", ".join(p for p in (str(city) if isinstance(city, str) else "", names.get(iso, "") if isinstance(iso, str) else "") if p)
        for city, iso in zip(frame["host_city"], frame["host_iso3"])
    ]
    frame["year_text"] = frame["year"].map(lambda y: "" if pd.isna(y) else str(int(y)))
    return frame.sort_values(["field", "year"], ignore_index=True, na_position="last")


@friendly
def programme_table(field: str | None = None, query: str = "") -> WidgetView:
    """Widget table of ASEAN bodies and programmes, filtered by field, kind and host country."""
    from .data import member_names

    frame = programmes_frame()
    names = member_names()
    hosts = sorted({iso for iso in frame["host_iso3"] if isinstance(iso, str)}, key=lambda iso: names[iso])
    explorer = TableExplorer(
        frame,
        t("programme_table_title"),
        {"acronym": t("col_acronym"), "name_id": t("col_name"), "kind_name": t("col_kind"), "year_text": t("col_year"),
         "host": t("col_host"), "description_id": t("col_description"), "source": t("col_source")},
        [
            _field_filter(frame),
            Filter("kind", t("kind"), ((t("all"), ALL), *((KIND_NAMES[k], k) for k in KIND_NAMES if k in set(frame["kind"])))),
            Filter("host_iso3", t("country"), ((t("all"), ALL), *((names[i], i) for i in hosts))),
        ],
        ["acronym", "name_id", "name_en", "description_id", "host", "year_note"],
        optional_columns={"source": t("show_sources")},
        initial={"field": field, "query": query},
    )
    return explorer.show()


def members_frame() -> pd.DataFrame:
    from .data import members

    frame = members()
    frame["joined_text"] = frame["date_joined"].dt.strftime("%d-%m-%Y")
    frame["founder"] = frame["date_joined"].dt.year.map(lambda y: t("yes") if y == 1967 else t("no"))
    frame["group"] = frame["date_joined"].dt.year.map(lambda y: "pendiri" if y == 1967 else "kemudian")
    return frame.sort_values(["date_joined", "name_id"], ignore_index=True)


@friendly
def member_table(group: str | None = None, query: str = "") -> WidgetView:
    """Widget table of the 11 member states: capital, date joined, founder or not."""
    frame = members_frame()
    explorer = TableExplorer(
        frame,
        t("member_table_title"),
        {"name_id": t("col_member"), "capital_id": t("col_capital"), "joined_text": t("col_joined"),
         "founder": t("col_founder"), "source": t("col_source")},
        [Filter("group", t("member_group"), ((t("group_all"), ALL), (t("group_founders"), "pendiri"), (t("group_later"), "kemudian")))],
        ["name_id", "name_en", "capital_id"],
        optional_columns={"source": t("show_sources")},
        initial={"group": group, "query": query},
    )
    return explorer.show()
