"""The glossary (glosarium): every term and acronym a learner meets, with a plain
Indonesian definition and its source (``data/glossary.csv``).

:func:`glossary_frame` is pure (a DataFrame in, a DataFrame out) and is what the
tests check; :func:`glossary` wires it to a searchable widget table.
"""

from __future__ import annotations

import pandas as pd

from lessons.core.widget_view import WidgetView
from lessons.views.display import friendly
from lessons.views.tables import ALL, Filter, TableExplorer, clean_query
from lessons.text import t

KINDS = ("istilah", "asean", "organisasi")
SEARCH_COLUMNS = ["term", "aliases", "full_name", "definition_id"]


def _matches(row: pd.Series, query: str) -> tuple[int, bool]:
    """How well one row answers ``query``: 0 = the term itself, 1 = an alias, 2 = a name, 3 = the text."""
    q = query.casefold()
    aliases = [a.strip().casefold() for a in str(row["aliases"] or "").split(";") if a.strip()]
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
    explorer = TableExplorer(
        frame,
        t("glossary_title"),
        {"term": t("col_term"), "full_name": t("col_full_name"), "definition_id": t("col_definition"),
         "aliases": t("col_aliases"), "source": t("col_source")},
        [Filter("kind", t("glossary_kind"), ((t("all"), ALL), *((t(f"glossary_kind_{k}"), k) for k in KINDS)))],
        SEARCH_COLUMNS,
        optional_columns={"source": t("show_sources")},
        initial={"kind": kind, "query": query},
    )
    return explorer.show()
