"""The student's answer sheet: one JSON file per lesson, next to the notebook.

Every answer given in a widget is written at once (atomically: a temporary
file, then a rename), so a kernel restart or a closed tab loses nothing. When
the exercise cell runs again the answer is read back. A sheet that cannot be
read is never deleted or overwritten: it is renamed with a ``.rusak-…`` suffix
and a fresh sheet is started, and the learner is told so in Indonesian.

The teacher's grading tools read these files; their format is::

    {"format": "kssa-lembar-jawaban", "version": 1, "lesson": "01",
     "answers": {"01-03": {"answer": "B", "saved_at": "2026-11-28T10:00:00",
                           "checked": true, "attempts": 2, "first_answer": "C"}}}

``checked`` means the answer on the sheet is the one last checked with
"Periksa"; ``attempts`` counts the Periksa presses and ``first_answer`` is the
answer at the first one (``first_at`` its time). A plain save (any change in
the widget) keeps ``attempts`` and ``first_answer`` and clears ``checked``.
Sheets written before attempts were recorded (no such fields) still load;
their count starts at the next Periksa.

:meth:`AnswerSheet.merge` brings in a sheet from another session (the
upload of a downloaded sheet): the newer answer wins and keeps its own
``saved_at``; the attempt record is never reset: the larger count, and the
earlier first answer with its time.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import tempfile
from pathlib import Path

from lessons.core.paths import answer_dir
from lessons.engine.id_migration import ID_SCHEME, migrate_sheet
from lessons.text import t

FORMAT = "kssa-lembar-jawaban"
VERSION = 1
MAX_SHEET_BYTES = 2_000_000


def sheet_path(lesson: str) -> Path:
    """The answer sheet of ``lesson`` (in :func:`lessons.core.paths.answer_dir`)."""
    return answer_dir() / f"jawaban-{lesson}.json"


def _empty(lesson: str) -> dict:
    return {"format": FORMAT, "version": VERSION, "lesson": lesson, "answers": {}, "id_scheme": ID_SCHEME}


def _jsonable(value):
    """Keep only what JSON can store faithfully (answers are small values)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def _attempts(entry) -> int:
    """The attempt count of a sheet entry; anything but a whole number ≥ 0 counts as none."""
    value = entry.get("attempts") if isinstance(entry, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _time(entry: dict | None, name: str) -> str:
    value = entry.get(name) if isinstance(entry, dict) else None
    return value if isinstance(value, str) else ""


def merge_entries(mine: dict | None, theirs: dict) -> tuple[dict, bool]:
    """One exercise's entry after merging ``theirs`` (another session's) into
    ``mine``; and whether the answer was taken from ``theirs``.

    The newer answer (by ``saved_at``; an entry without a time is older than
    any with one) wins, with its own ``saved_at`` and ``checked``. The attempt
    record is merged, never reset: the larger ``attempts``, and the earlier
    ``first_answer`` (by ``first_at``, else by ``saved_at``) with its time.
    """
    if mine is None:
        merged = {k: _jsonable(theirs[k]) for k in ("answer", "saved_at", "checked", "first_answer", "first_at")
                  if k in theirs}
        if _attempts(theirs):
            merged["attempts"] = _attempts(theirs)
        else:
            merged.pop("first_answer", None), merged.pop("first_at", None)
        return merged, True
    took = _time(theirs, "saved_at") > _time(mine, "saved_at")
    newer = theirs if took else mine
    merged = {"answer": _jsonable(newer.get("answer"))}
    if _time(newer, "saved_at"):
        merged["saved_at"] = _time(newer, "saved_at")
    if newer.get("checked") is True:
        merged["checked"] = True
    attempts = max(_attempts(mine), _attempts(theirs))
    if attempts:
        merged["attempts"] = attempts
        firsts = [e for e in (mine, theirs) if _attempts(e) and "first_answer" in e]
        if firsts:  # the earliest first answer: by its own time, else by the time of the sheet entry
            first = min(firsts, key=lambda e: (_time(e, "first_at") or _time(e, "saved_at") or "~"))
            merged["first_answer"] = _jsonable(first["first_answer"])
            if _time(first, "first_at"):
                merged["first_at"] = _time(first, "first_at")
    return merged, took


class AnswerSheet:
    """Read and write one lesson's answer sheet."""

    def __init__(self, lesson: str, path: Path | None = None):
        self.lesson = lesson
        self.path = Path(path) if path else sheet_path(lesson)
        self.notice = ""  # an Indonesian message to show once (e.g. a sheet was repaired)

    def read(self) -> dict:
        """The sheet's content; a damaged sheet is set aside, never lost."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return _empty(self.lesson)
        except OSError:
            return _empty(self.lesson)
        try:
            if size > MAX_SHEET_BYTES:
                raise ValueError("too large")
            doc = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("answers"), dict):
                raise ValueError("not an answer sheet")
            if str(doc.get("lesson")) != self.lesson:
                raise ValueError("another lesson")
            return migrate_sheet(doc)  # sheets written under the old exercise ids (lessons.engine.id_migration)
        except (ValueError, UnicodeDecodeError, OSError):
            self._set_aside()
            return _empty(self.lesson)

    def _set_aside(self) -> None:
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.stem}.rusak-{stamp}{self.path.suffix}")
        n = 1
        while backup.exists():
            backup = self.path.with_name(f"{self.path.stem}.rusak-{stamp}-{n}{self.path.suffix}")
            n += 1
        try:
            os.replace(self.path, backup)
            self.notice = t("sheet_corrupt", file=self.path.name, backup=backup.name)
        except OSError as err:
            self.notice = t("sheet_unwritable", file=self.path.name, detail=type(err).__name__)

    def answer(self, exercise_id: str):
        """The saved answer for ``exercise_id``, or None."""
        entry = self.read()["answers"].get(exercise_id)
        return entry.get("answer") if isinstance(entry, dict) else None

    def attempts(self, exercise_id: str) -> int:
        """How many times "Periksa" was pressed for ``exercise_id``."""
        return _attempts(self.read()["answers"].get(exercise_id))

    def merge(self, uploaded: dict) -> tuple[list[str], list[str], str]:
        """Merge entries of a sheet from another session ({exercise id: entry});
        return (ids whose answer was taken, ids where this sheet's answer is
        newer and differs, "" or an Indonesian message). Written once."""
        doc = self.read()
        taken, kept = [], []
        for exercise_id, theirs in sorted(uploaded.items()):
            if not isinstance(theirs, dict) or "answer" not in theirs:
                continue
            mine = doc["answers"].get(exercise_id)
            mine = mine if isinstance(mine, dict) else None
            merged, took = merge_entries(mine, theirs)
            if took:
                taken.append(exercise_id)
            elif mine is not None and mine.get("answer") != _jsonable(theirs.get("answer")):
                kept.append(exercise_id)
            if merged != mine:
                doc["answers"][exercise_id] = merged
        problem = self._write(doc)
        return taken, kept, problem

    def _write(self, doc: dict) -> str:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(doc, handle, ensure_ascii=False, indent=1, sort_keys=True)
                os.replace(tmp, self.path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError as err:
            return t("sheet_unwritable", file=self.path.name, detail=type(err).__name__)
        return ""

    def save(self, exercise_id: str, answer, checked: bool = False) -> str:
        """Store ``answer``; with ``checked`` (a Periksa press) count the attempt
        and keep the first checked answer. Return "" on success or an Indonesian message."""
        doc = self.read()
        old = doc["answers"].get(exercise_id)
        old = old if isinstance(old, dict) else {}
        now = _dt.datetime.now().isoformat(timespec="seconds")
        entry = {"answer": _jsonable(answer), "saved_at": now}
        attempts = _attempts(old)
        if "first_answer" in old and attempts:
            entry["first_answer"] = old["first_answer"]
            if isinstance(old.get("first_at"), str):
                entry["first_at"] = old["first_at"]
        if checked:
            entry["checked"] = True
            attempts += 1
            if "first_answer" not in entry:
                entry["first_answer"], entry["first_at"] = entry["answer"], now
        if attempts:
            entry["attempts"] = attempts
        doc["answers"][exercise_id] = entry
        return self._write(doc)
