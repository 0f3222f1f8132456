"""The glossary (glosarium): every term and acronym a learner meets, with a plain
Indonesian definition and its source (``data/glossary.csv``).

:func:`glossary_frame` is pure (a DataFrame in, a DataFrame out) and is what the
tests check; :func:`glossary` wires it to a searchable widget table.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from lessons.core.widget_view import WidgetView
from lessons.views.display import Notice, friendly
from lessons.views.tables import ALL, Filter, TableExplorer, clean_query
from lessons.text import t

KINDS = ("istilah", "asean", "organisasi")
SEARCH_COLUMNS = ["term", "aliases", "full_name", "definition_id"]


def aliases_of(text) -> list[str]:
    """The other spellings of a term, as data/glossary.csv lists them: separated by ";"."""
    return [a.strip() for a in str(text or "").split(";") if a.strip()]


def _matches(row: pd.Series, query: str) -> tuple[int, bool]:
    """How well one row answers ``query``: 0 = the term itself, 1 = an alias, 2 = a name, 3 = the text."""
    q = query.casefold()
    aliases = [a.casefold() for a in aliases_of(row["aliases"])]
    if str(row["term"]).casefold() == q:
        return 0, True
    if q in aliases:
        return 1, True
    for rank, column in ((2, "term"), (2, "full_name"), (3, "aliases"), (3, "definition_id")):
        if q in str(row[column] or "").casefold():
            return rank, True
    return 9, False


def glossary_frame(query: str = "", frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The glossary rows that answer ``query``, best first (the term itself, then an alias, then a mention).

    An empty query gives every row in alphabetical order (case-insensitive). The search ignores case
    and treats the query literally. ``frame`` defaults to ``data/glossary.csv``.
    """
    if frame is None:
        from lessons.core.data import load

        frame = load("glossary")
    frame = frame.fillna("")
    order = frame["term"].str.casefold()
    query = clean_query(query)
    if not query:
        return frame.assign(_order=order).sort_values("_order").drop(columns="_order").reset_index(drop=True)
    ranks = frame.apply(lambda row: _matches(row, query), axis=1)
    keep = ranks.map(lambda r: r[1])
    chosen = frame[keep].assign(_rank=ranks[keep].map(lambda r: r[0]), _order=order[keep])
    return chosen.sort_values(["_rank", "_order"]).drop(columns=["_rank", "_order"]).reset_index(drop=True)


@friendly
def glossary(query: str = "", kind: str | None = None) -> WidgetView:
    """A searchable table of the glossary; type a word or an acronym (e.g. "AADMER") in the search box."""
    frame = glossary_frame("")
    # "IDN;BRN;…" is how the file lists other spellings; a reader sees "IDN; BRN; …", which also wraps on a phone
    frame = frame.assign(aliases=frame["aliases"].map(lambda text: "; ".join(aliases_of(text))))
    explorer = TableExplorer(
        frame,
        t("glossary_title"),
        {"term": t("col_term"), "full_name": t("col_full_name"), "definition_id": t("col_definition"),
         "aliases": t("col_aliases"), "first_lesson": t("col_first_lesson"), "source": t("col_source")},
        [Filter("kind", t("glossary_kind"), ((t("all"), ALL), *((t(f"glossary_kind_{k}"), k) for k in KINDS)))],
        SEARCH_COLUMNS,
        optional_columns={"source": t("show_sources")},
        initial={"kind": kind, "query": query},
    )
    return explorer.show()


def lesson_terms_frame(lesson: str, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The glossary rows a learner meets for the first time in ``lesson`` (column
    ``first_lesson``, kept up to date by ``tools/glossary_first_use.py``), in
    alphabetical order (case-insensitive)."""
    if frame is None:
        from lessons.core.data import load

        frame = load("glossary")
    frame = frame.fillna("")
    chosen = frame[frame["first_lesson"].astype(str) == str(lesson)]
    return chosen.assign(_order=chosen["term"].str.casefold()).sort_values("_order").drop(
        columns="_order").reset_index(drop=True)


class TermBox:
    """The terms a lesson introduces, each with its plain definition, in a box
    the learner opens with one tap (closed, it is one line on a phone)."""

    def __init__(self, lesson: str, rows: pd.DataFrame):
        self.lesson = lesson
        self.rows = rows

    def _entry(self, row) -> str:
        full = f" — {escape(str(row['full_name']))}" if str(row["full_name"]).strip() else ""
        return (f'<div style="margin:4px 0"><b>{escape(str(row["term"]))}</b>{full}: '
                f'{escape(str(row["definition_id"]))}</div>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        terms = list(self.rows["term"])
        title = t("lesson_terms_title", count=len(terms))
        plain = f"{title}: {', '.join(terms)}. {t('lesson_terms_more')}"
        body = "".join(self._entry(row) for _, row in self.rows.iterrows())
        html = (f'<details class="kssa-terms" style="border:1px solid #ccc;border-radius:6px;padding:6px 10px;'
                f'margin:6px 0;max-width:60em"><summary style="cursor:pointer;min-height:32px;line-height:32px">'
                f"<b>{escape(title)}</b> {escape(t('lesson_terms_open'))}</summary>{body}"
                f'<p style="margin:6px 0 2px 0"><i>{escape(t("lesson_terms_more"))}</i></p></details>')
        return {"text/plain": plain, "text/html": html}


@friendly
def lesson_terms(lesson: str):
    """The box of terms lesson ``lesson`` introduces (shown near its top, before their first use)."""
    rows = lesson_terms_frame(str(lesson))
    if rows.empty:
        return Notice(t("lesson_terms_none"))
    return TermBox(str(lesson), rows)
