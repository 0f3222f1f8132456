"""Tables, and the rules for showing them, that a lesson and the teacher tools both need.

``lessons.teacher`` may not import ``lessons.topics``, so what a lesson's view and
a printed worksheet (``lessons/teacher/worksheets.py``) must show alike lives here,
once: the decimals of each lesson-02 indicator, and lesson 04's table of the
ASEAN Heritage Parks in Indonesia (``data/heritage_parks_idn.csv``; its sources
are in ``data/datapackage.json``).
"""

from __future__ import annotations

import pandas as pd

from lessons.text import t

#: Decimals shown for each indicator of data/indicators.csv (the data keep the source's decimals):
#: lesson 02's explorer, chart and sentences, and the paper worksheet's tables.
INDICATOR_DECIMALS = {
    "under5_mortality_rate": 1,
    "maternal_mortality_ratio": 0,
    "life_expectancy_at_birth": 1,
    "human_development_index": 3,
    "extreme_poverty_headcount_300": 1,
    "adult_literacy_rate_15plus": 1,
}


def heritage_parks_frame() -> pd.DataFrame:
    """The Indonesian ASEAN Heritage Parks; parks without a sourced year first, then by year.

    ``year_text`` and ``location_text`` are what a reader sees (a missing year or
    place is said in words, not left blank).
    """
    from lessons.core.data import load

    frame = load("heritage_parks_idn")
    frame["year_text"] = [str(int(y)) if not pd.isna(y) else t("l04_year_unknown") for y in frame["year"]]
    frame["location_text"] = [v if isinstance(v, str) and v else t("l04_location_unknown") for v in frame["location_id"]]
    order = frame["year"].fillna(0)
    return frame.assign(_order=order).sort_values("_order", kind="stable", ignore_index=True).drop(columns="_order")
