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

from lessons.core.widget_view import WidgetView
from lessons.text import FIELD_NAMES, KIND_NAMES, t

MAX_QUERY = 60
_NUMBER = re.compile(r"[−+±-]?[\d.]+(,\d+)?%?")  # a number written the Indonesian way: a cell never broken inside

TABLE_CSS = """<style>
.kssa-table {border-collapse:collapse;font-size:14px;line-height:1.35;width:100%;max-width:70em}
.kssa-table th {background:#eef2f7;text-align:left;padding:4px 6px;border-bottom:2px solid #888}
.kssa-table td {padding:4px 6px;border-bottom:1px solid #ddd;vertical-align:top;overflow-wrap:normal;word-break:normal;hyphens:manual}
.kssa-table td.kssa-num {white-space:nowrap;text-align:right}
.kssa-table tr.kssa-hit td {background:#fff8dc}
.kssa-table mark {background:#ffe066;padding:0 1px}
.kssa-table-wrap {max-width:100%;overflow-x:auto}
@media (max-width:600px) {
 .kssa-table, .kssa-table tbody, .kssa-table tr, .kssa-table td {display:block;width:auto}
 .kssa-table thead {display:none}
 .kssa-table tr {border:1px solid #ccc;border-radius:4px;margin:0 0 8px 0;padding:4px 0}
 .kssa-table td {border:none;padding:2px 8px;text-align:left !important;white-space:normal}
 .kssa-table td[data-label]::before {content:attr(data-label);display:block;font-size:85%;color:#555;font-weight:600}
}
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
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            cls = ' class="kssa-num"' if numeric or _NUMBER.fullmatch(text) else ""
            cells.append(f'<td data-label="{escape(headers[column])}"{cls}>{_mark(text, query)}</td>')
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
            column: widgets.ToggleButton(value=False, description=label, layout=widgets.Layout(width="auto"))
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


def field_filter(frame: pd.DataFrame, column: str = "field") -> Filter:
    present = [f for f in FIELD_NAMES if f in set(frame[column])]
    return Filter(column, t("field"), ((t("all"), ALL), *((FIELD_NAMES[f], f) for f in present)))


# --------------------------------------------------------------------------
# data shown by tables in several lessons


def programmes_frame() -> pd.DataFrame:
    from lessons.core.data import load, member_names

    frame = load("programmes")
    names = member_names()
    frame["kind_name"] = frame["kind"].map(KIND_NAMES)
    frame["host"] = [
        ", ".join(p for p in (str(city) if isinstance(city, str) else "", names.get(iso, "") if isinstance(iso, str) else "") if p)
        for city, iso in zip(frame["host_city"], frame["host_iso3"])
    ]
    frame["year_text"] = frame["year"].map(lambda y: "" if pd.isna(y) else str(int(y)))
    return frame.sort_values(["field", "year"], ignore_index=True, na_position="last")
