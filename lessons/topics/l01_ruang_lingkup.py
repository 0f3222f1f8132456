"""Lesson 01 (Pengertian dan ruang lingkup): the tables of social issues and of
ASEAN bodies and programmes. The cooperation network explorer it also shows
is shared with lesson 06 and lives in :mod:`lessons.views.diagrams`."""

from __future__ import annotations

import pandas as pd

from lessons.core.widget_view import WidgetView
from lessons.views.display import friendly
from lessons.views.tables import ALL, Filter, TableExplorer, field_filter, programmes_frame
from lessons.text import FIELD_NAMES, KIND_NAMES, t


def issues_frame() -> pd.DataFrame:
    """Social issues with the names of their programmes, ready to show."""
    from lessons.core.data import load

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
        [field_filter(frame)],
        ["name_id", "goal", "strategies", "programmes", "results", "correction"],
        optional_columns={"correction": t("show_corrections"), "source": t("show_sources")},
        initial={"field": field, "query": query},
    )
    return explorer.show()


@friendly
def programme_table(field: str | None = None, query: str = "") -> WidgetView:
    """Widget table of ASEAN bodies and programmes, filtered by field, kind and host country."""
    from lessons.core.data import member_names

    frame = programmes_frame()
    names = member_names()
    hosts = sorted({iso for iso in frame["host_iso3"] if isinstance(iso, str)}, key=lambda iso: names[iso])
    explorer = TableExplorer(
        frame,
        t("programme_table_title"),
        {"acronym": t("col_acronym"), "name_id": t("col_name"), "kind_name": t("col_kind"), "year_text": t("col_year"),
         "host": t("col_host"), "description_id": t("col_description"), "source": t("col_source")},
        [
            field_filter(frame),
            Filter("kind", t("kind"), ((t("all"), ALL), *((KIND_NAMES[k], k) for k in KIND_NAMES if k in set(frame["kind"])))),
            Filter("host_iso3", t("country"), ((t("all"), ALL), *((names[i], i) for i in hosts))),
        ],
        ["acronym", "name_id", "name_en", "description_id", "host", "year_note"],
        optional_columns={"source": t("show_sources")},
        initial={"field": field, "query": query},
    )
    return explorer.show()
