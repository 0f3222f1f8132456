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
answer at the first one. A plain save (any change in the widget) keeps
``attempts`` and ``first_answer`` and clears ``checked``. Sheets written
before attempts were recorded (no such fields) still load; their count starts
at the next Periksa.
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

    def save(self, exercise_id: str, answer, checked: bool = False) -> str:
        """Store ``answer``; with ``checked`` (a Periksa press) count the attempt
        and keep the first checked answer. Return "" on success or an Indonesian message."""
        doc = self.read()
        old = doc["answers"].get(exercise_id)
        old = old if isinstance(old, dict) else {}
        entry = {"answer": _jsonable(answer), "saved_at": _dt.datetime.now().isoformat(timespec="seconds")}
        attempts = _attempts(old)
        if "first_answer" in old and attempts:
            entry["first_answer"] = old["first_answer"]
        if checked:
            entry["checked"] = True
            attempts += 1
            entry.setdefault("first_answer", entry["answer"])
        if attempts:
            entry["attempts"] = attempts
        doc["answers"][exercise_id] = entry
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
