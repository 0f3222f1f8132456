"""Answers to data questions, computed from data/.

A data exercise in a bank names its ``derivation`` (a function below and its
arguments). A test recomputes every derivation and checks that the key in
the bank is still what the data say, so a change in data/ can never leave a
stale key behind.
"""

from __future__ import annotations

from lessons.core.data import load
from lessons.views.diagrams import network_graph
from lessons.topics import l02_kesejahteraan, l03_bencana, l04_budaya, l05_mekanisme


def nth_newest_member(n: int) -> str:
    """ISO3 of the member that joined n-th from last (1 = newest)."""
    frame = load("members").sort_values("date_joined", kind="stable")
    return frame["iso3"].iloc[-n]


def years_between_founding_and_newest() -> int:
    frame = load("members")
    return int(frame["date_joined"].max().year - frame["date_joined"].min().year)


def network_degree(iso3: str, fields: list[str]) -> int:
    """How many bodies/programmes a member is linked to in the network."""
    graph = network_graph(fields)
    return graph.degree(iso3)


def network_busiest_body(fields: list[str]) -> str:
    """Programme id with the most member links (ties: alphabetical)."""
    graph = network_graph(fields)
    bodies = [(n, graph.degree(n)) for n, d in graph.nodes(data=True) if d["kind"] == "body"]
    return sorted(bodies, key=lambda item: (-item[1], item[0]))[0][0]


def indicator_change(iso3: str, indicator: str, start: int, end: int) -> float:
    """Value in ``end`` minus value in ``start`` (both years must exist)."""
    frame = load("indicators")
    series = frame[(frame["iso3"] == iso3) & (frame["indicator"] == indicator)].set_index("year")["value"]
    return float(series.loc[end] - series.loc[start])


def members_without_decline(indicator: str, start: int, end: int) -> str:
    """ISO3 of the single member whose value did not fall between the years."""
    frame = load("indicators")
    frame = frame[frame["indicator"] == indicator].pivot(index="iso3", columns="year", values="value")
    rising = sorted(frame.index[frame[end] >= frame[start]])
    return rising[0] if len(rising) == 1 else ";".join(rising)


def joined_same_day(iso3: str) -> str:
    """ISO3 of the other member that joined ASEAN on the same day as ``iso3``."""
    frame = load("members")
    day = frame.loc[frame["iso3"] == iso3, "date_joined"].iloc[0]
    others = sorted(frame.loc[(frame["date_joined"] == day) & (frame["iso3"] != iso3), "iso3"])
    return others[0] if len(others) == 1 else ";".join(others)



def indicator_decline(iso3: str, indicator: str, start: int, end: int) -> float:
    """How much the value fell from ``start`` to ``end`` (positive = a fall)."""
    return -indicator_change(iso3, indicator, start, end)


def lowest_value_among(indicator: str, members: list[str], year: int) -> str:
    """ISO3 of the member among ``members`` with the lowest value in ``year`` (ties: several, joined by ";")."""
    frame = load("indicators")
    rows = frame[(frame["indicator"] == indicator) & (frame["year"] == year) & (frame["iso3"].isin(members))]
    lowest = rows["value"].min()
    found = sorted(rows.loc[rows["value"] == lowest, "iso3"])
    return found[0] if len(found) == 1 else ";".join(found)


#: Every derivation a bank may name, by function name: the general ones
#: above and the lesson functions that answer a data question.
DERIVATIONS = {f.__name__: f for f in (
    nth_newest_member, years_between_founding_and_newest, network_degree, network_busiest_body,
    indicator_decline, members_without_decline, joined_same_day, lowest_value_among,
    l02_kesejahteraan.largest_decline, l02_kesejahteraan.decline_between,
    l03_bencana.life_expectancy_drop, l03_bencana.largest_drop,
    l04_budaya.count_programmes, l04_budaya.parks_increase, l04_budaya.parks_in_indonesia_since,
    l05_mekanisme.consensus_status,
)}


def derive(spec: dict):
    """Evaluate a bank's ``derivation: {function: NAME, args: {...}}``;
    NAME is a key of :data:`DERIVATIONS`."""
    return DERIVATIONS[spec["function"]](**(spec.get("args") or {}))
