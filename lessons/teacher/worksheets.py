"""Printable worksheets (LKPD) and their key sheets, from the banks.

``write(folder, lessons)`` writes ``lkpd-NN.html`` (for students: questions,
stimulus, choices with boxes, tables for benar–salah and menjodohkan, lines to
write on; no key, no hint, no feedback) and ``kunci-NN.html`` (for the teacher:
each key as a teacher reads it, the rubric of an essay). Both come from
:func:`lessons.engine.bank.load_bank`, so they never drift from the banks.
Per-form details come from the form object (``form_of``), never from the form name.
"""

from __future__ import annotations

from pathlib import Path

from lessons.core.formatting import number, points
from lessons.core.shared_tables import INDICATOR_DECIMALS, heritage_parks_frame
from lessons.engine.bank import load_bank
from lessons.engine.forms import form_of
from lessons.teacher.blueprint import key_text
from lessons.teacher.pages import render
from lessons.teacher.release import available_lessons
from lessons.text import FIELD_NAMES, FORM_NAMES, t


class WorksheetError(Exception):
    """No worksheet can be made; ``str()`` is Indonesian."""


# --------------------------------------------------------------------------
# the data a data question needs on paper (in the notebook it reads a widget)


def _day(value) -> str:
    months = t("l03_months").split()
    return f"{value.day} {months[value.month - 1]} {value.year}"


def _members_table(**_args) -> dict:
    from lessons.core.data import load

    frame = load("members").sort_values(["date_joined", "name_id"], kind="stable")
    return {"caption": t("lkpd_data_members"), "headers": [t("lkpd_data_member"), t("lkpd_data_joined")],
            "rows": [[row.name_id, _day(row.date_joined)] for row in frame.itertuples()]}


def _network_table(fields, **_args) -> dict:
    """One row per body of the chosen fields, with the members linked to it (as the network map draws them)."""
    from lessons.core.data import load, member_names

    names = member_names()
    programmes = load("programmes").set_index("id")
    edges = load("network_edges")
    edges = edges[edges["field"].isin(list(fields))]
    rows = []
    for body, group in edges.groupby("programme_id", sort=True):
        members = sorted({names[iso] for iso in group["member_iso3"]})
        rows.append([programmes.loc[body, "acronym"], ", ".join(members), number(len(members))])
    rows.sort(key=lambda row: row[0].casefold())
    fields_text = ", ".join(FIELD_NAMES[f] for f in fields)
    return {"caption": t("lkpd_data_network", fields=fields_text),
            "headers": [t("lkpd_data_body"), t("lkpd_data_linked"), t("lkpd_data_count")], "rows": rows}


def _indicator_table(indicator: str, first: int, last: int) -> dict:
    from lessons.core.data import load, member_names

    names = member_names()
    frame = load("indicators")
    wide = frame[frame["indicator"] == indicator].pivot(index="iso3", columns="year", values="value")
    decimals = INDICATOR_DECIMALS.get(indicator, 1)
    rows = []
    for iso3 in sorted(wide.index, key=lambda code: names.get(code, code)):
        cells = [wide.loc[iso3, year] if year in wide.columns else None for year in (first, last)]
        rows.append([names.get(iso3, iso3), *(("–" if v is None or v != v else number(v, decimals)) for v in cells)])
    return {"caption": t("lkpd_data_indicator", name=t(f"l02_name_{indicator}"), unit=t(f"l02_unit_{indicator}")),
            "headers": [t("lkpd_data_member"), str(first), str(last)], "rows": rows}


def _decline_table(indicator, year_from=None, year_to=None, start=None, end=None, **_args) -> dict:
    return _indicator_table(indicator, start if start is not None else year_from, end if end is not None else year_to)


def _life_table(year, **_args) -> dict:
    return _indicator_table("life_expectancy_at_birth", year - 1, year)


def _culture_table(field, country, **_args) -> dict:
    """Programmes of ``field`` that involve ``country`` (a network edge or hosting), and who runs their events."""
    from lessons.core.data import load, member_names

    programmes = load("programmes")
    events = load("cultural_milestones")
    involved: dict[str, set] = {}
    for row in load("network_edges").itertuples():
        involved.setdefault(row.programme_id, set()).add(row.member_iso3)
    for pid, iso3 in [*zip(programmes["id"], programmes["host_iso3"]), *zip(events["programme_id"], events["host_iso3"])]:
        if isinstance(iso3, str):
            involved.setdefault(pid, set()).add(iso3)
    status = {"ya": t("lkpd_data_run_yes"), "tidak": t("lkpd_data_run_no"), "sebagian": t("lkpd_data_run_mixed")}
    rows = []
    for row in programmes[programmes["field"] == field].itertuples():
        if country not in involved.get(row.id, set()):
            continue
        flags = set(events.loc[events["programme_id"] == row.id, "asean_body"].astype(bool))
        code = "ya" if flags == {True} else "tidak" if flags == {False} else "sebagian" if flags else ""
        rows.append([row.acronym, row.name_id, status.get(code, "–")])
    return {"caption": t("lkpd_data_culture", field=FIELD_NAMES[field], country=member_names()[country]),
            "headers": [t("lkpd_data_body"), t("lkpd_data_name"), t("lkpd_data_run")], "rows": rows}


def _parks_table(**_args) -> dict:
    from lessons.core.data import load

    events = load("cultural_milestones")
    events = events[events["parks"].notna()]
    return {"caption": t("lkpd_data_parks"), "headers": [t("lkpd_data_date"), t("lkpd_data_event"), t("lkpd_data_parks_count")],
            "rows": [[str(row.date)[:4], row.label_id, number(row.parks)] for row in events.itertuples()]}


def _indonesian_parks_table(**_args) -> dict:
    """The ASEAN Heritage Parks in Indonesia, as the lesson-04 table shows them."""
    rows = [[row.name_id, row.location_text, row.year_text] for row in heritage_parks_frame().itertuples()]
    return {"caption": t("lkpd_data_parks_idn"),
            "headers": [t("lkpd_data_name"), t("lkpd_data_park_location"), t("lkpd_data_park_year")], "rows": rows}


#: derivation (data/exercises) -> the table a paper worksheet prints with the question
DATA_TABLES = {
    "years_between_founding_and_newest": _members_table,
    "nth_newest_member": _members_table,
    "joined_same_day": _members_table,
    "network_busiest_body": _network_table,
    "network_degree": _network_table,
    "largest_decline": _decline_table,
    "decline_between": _decline_table,
    "indicator_decline": _decline_table,
    "members_without_decline": _decline_table,
    "life_expectancy_drop": _life_table,
    "largest_drop": _life_table,
    "count_programmes": _culture_table,
    "parks_increase": _parks_table,
    "parks_in_indonesia_since": _indonesian_parks_table,
}
#: derivations whose question already holds every number it needs
NO_TABLE = {"consensus_status"}


def data_table(ex) -> dict | None:
    """The table printed with a data question, or None (no derivation, the question or stimulus holds the data)."""
    spec = ex.teacher.get("derivation")
    if not spec or ex.stimulus or ex.testlet is not None or spec["function"] in NO_TABLE:
        return None
    build = DATA_TABLES.get(spec["function"])
    if build is None:
        raise WorksheetError(t("lkpd_no_table", id=ex.id, function=spec["function"]))
    return build(**(spec.get("args") or {}))


def item(ex, number: int) -> dict:
    """What the student sheet shows of one exercise (nothing derived from its key). The answer part
    is the form's own (``Form.worksheet``: choices, a table, a list, lines to write on)."""
    return {
        "number": number, "id": ex.id, "form": FORM_NAMES.get(ex.form, ex.form), "points": points(ex.points),
        "stimulus": ex.stimulus, "question": ex.question, "blocks": form_of(ex).worksheet(ex),
        "data": data_table(ex), "data_at": None, "testlet": None, "testlet_at": None,
    }


def _testlets(items: list[dict], exercises: list) -> None:
    """Print each testlet's stimulus once, above its first item; later items refer to that item's number."""
    first: dict[str, int] = {}
    for it, ex in zip(items, exercises):
        testlet = ex.testlet
        if testlet is None:
            continue
        if testlet.id in first:
            it["testlet_at"] = {"title": testlet.title, "number": first[testlet.id]}
            continue
        first[testlet.id] = it["number"]
        last = max(i["number"] for i, e in zip(items, exercises) if e.testlet_id == testlet.id)
        heading = t("lkpd_testlet_heading", title=testlet.title, first=it["number"], last=last) if last != it["number"] \
            else t("lkpd_testlet_heading_one", title=testlet.title)
        it["testlet"] = {"title": testlet.title, "heading": heading, "stimulus": testlet.stimulus.strip()}


def key_item(ex, number: int) -> dict:
    """What the key sheet shows of one exercise."""
    form = form_of(ex)
    rubric = form.rubric(ex)
    return {"number": number, "id": ex.id, "form": FORM_NAMES.get(ex.form, ex.form), "level": ex.level,
            "points": points(ex.points), "question": ex.question, "key": key_text(ex),
            "rubric": [{"label": r["label"], "keywords": ", ".join(r.get("keywords") or []),
                        "points": points(r["points"])} for r in rubric or []],
            "model_answer": str(ex.teacher.get("model_answer") or ""),
            "analytic": ex.teacher.get("analytic_rubric"), "testlet": None, "testlet_at": None}


def sheets(lesson: str) -> tuple[str, str]:
    """(student worksheet, key sheet) of ``lesson`` as HTML pages."""
    bank = load_bank(lesson)
    if not len(bank):
        raise WorksheetError(t("lkpd_empty", lesson=lesson))
    exercises = list(bank.values())
    common = {"lesson": lesson, "title": bank.title, "objectives": bank.objectives}
    items = [item(ex, i) for i, ex in enumerate(exercises, 1)]
    printed: dict[str, int] = {}  # a table already printed for an earlier question is referred to, not repeated
    for it in items:
        if it["data"]:
            seen = printed.setdefault(repr(it["data"]), it["number"])
            it["data_at"] = seen if seen != it["number"] else None
    _testlets(items, exercises)
    keys = [key_item(ex, i) for i, ex in enumerate(exercises, 1)]
    _testlets(keys, exercises)
    student = render("worksheet.html", items=items, **common)
    key = render("worksheet_key.html", items=keys, **common)
    return student, key


def write(folder: Path, lessons: list[str] | None = None) -> list[Path]:
    """Write lkpd-NN.html and kunci-NN.html for each lesson; return the files written."""
    known = available_lessons()
    chosen = [str(n).zfill(2) for n in lessons] if lessons else known
    unknown = [n for n in chosen if n not in known]
    if unknown:
        raise WorksheetError(t("lkpd_unknown", lessons=", ".join(unknown), known=", ".join(known)))
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for lesson in chosen:
        student, key = sheets(lesson)
        for name, page in ((f"lkpd-{lesson}.html", student), (f"kunci-{lesson}.html", key)):
            (folder / name).write_text(page, encoding="utf-8")
            written.append(folder / name)
    return written
