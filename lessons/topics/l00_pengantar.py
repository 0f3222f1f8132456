"""Lesson 00 (Pengantar): the table of the 11 member states. The member map
and the joining timeline are shared figures in :mod:`lessons.views.diagrams`."""

from __future__ import annotations

import pandas as pd

from lessons.core.widget_view import WidgetView
from lessons.views.display import friendly
from lessons.views.tables import ALL, Filter, TableExplorer
from lessons.text import t


def members_frame() -> pd.DataFrame:
    from lessons.core.data import members

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
