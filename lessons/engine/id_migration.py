"""Exercise ids follow reading order: answer sheets written under the old ids.

Until issue 11 the exercise ids of five lessons did not follow the order in
which their notebook shows them (lesson 06 showed "Soal 06-17" third). The
ids were renumbered so that every notebook shows its exercises in id order.
Answer sheets written before that carry the old ids; :func:`migrate_sheet`
renames their answers to the new ids, once.

The renumbering is a permutation (old 00-03 is new 00-07 and old 00-07 is new
00-04, ...), so applying it twice would scramble a sheet. A sheet therefore
records the id scheme it was written under (``"id_scheme"``): a sheet
without it is from before the renumbering and is migrated; a migrated or new
sheet carries :data:`ID_SCHEME` and is left alone. Everything that reads a
student's sheet (the notebook widget through :class:`AnswerSheet`, and the
teacher's grading) must pass it through :func:`migrate_sheet` first.
"""

from __future__ import annotations

#: The id scheme new and migrated sheets are written under.
ID_SCHEME = 2

#: lesson → {old id: new id}, only for ids that changed (ids not listed kept their number).
OLD_TO_NEW: dict[str, dict[str, str]] = {
    "00": {"00-06": "00-03", "00-07": "00-04", "00-04": "00-06", "00-03": "00-07"},
    "01": {"01-04": "01-01", "01-08": "01-02", "01-01": "01-04", "01-02": "01-05", "01-05": "01-06",
           "01-06": "01-07", "01-07": "01-08"},
    "03": {"03-03": "03-02", "03-02": "03-03"},
    "05": {"05-05": "05-04", "05-06": "05-05", "05-04": "05-06"},
    "06": {"06-17": "06-03", "06-03": "06-04", "06-11": "06-05", "06-04": "06-06", "06-16": "06-07",
           "06-05": "06-08", "06-06": "06-09", "06-07": "06-10", "06-12": "06-11", "06-13": "06-12",
           "06-08": "06-13", "06-09": "06-14", "06-10": "06-15", "06-18": "06-16", "06-14": "06-17",
           "06-15": "06-18"},
}


def new_id(lesson: str, old: str) -> str:
    """The id an exercise numbered ``old`` (under the first scheme) has now."""
    return OLD_TO_NEW.get(str(lesson), {}).get(old, old)


def migrate_answers(lesson: str, answers: dict) -> dict:
    """``answers`` (id → entry) of a first-scheme sheet, keyed by the new ids.

    Keys that are not exercise ids of ``lesson`` are kept as they are."""
    return {new_id(lesson, key) if isinstance(key, str) else key: value for key, value in answers.items()}


def migrate_sheet(doc: dict) -> dict:
    """An answer sheet (as read from JSON) under the current id scheme.

    A sheet already marked with :data:`ID_SCHEME` is returned unchanged; an
    unmarked one has its answers renamed and is marked. A document that is
    not a dict, or whose answers are not a dict, is returned as it is (the
    caller's own checks reject it)."""
    if not isinstance(doc, dict) or doc.get("id_scheme") == ID_SCHEME:
        return doc
    answers = doc.get("answers")
    if not isinstance(answers, dict):
        return doc
    migrated = dict(doc)
    migrated["answers"] = migrate_answers(str(doc.get("lesson", "")), answers)
    migrated["id_scheme"] = ID_SCHEME
    return migrated


__all__ = ["ID_SCHEME", "OLD_TO_NEW", "migrate_answers", "migrate_sheet", "new_id"]
