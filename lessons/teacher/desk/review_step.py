"""Step 4, Periksa uraian: one screen per essay question (each student's
text, the rubric points it hit, the provisional score, inputs for the
teacher's score and comment), saved to ``koreksi-nilai.csv``, which the
grader reads; essays refused as too short are listed too."""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass
from pathlib import Path

from lessons.core.formatting import points
from lessons.core.widget_view import WidgetView
from lessons.engine.id_migration import ID_SCHEME
from lessons.engine.model import is_empty, ngrams
from lessons.teacher.desk.common import DeskError, guarded, note, waiting_line
from lessons.text import t

@dataclass
class Essay:
    student: str
    exercise: str
    text: str
    met: list[str]
    provisional: float
    points: float
    too_short: bool
    teacher_score: float | None = None
    teacher_note: str = ""


def essays(run, banks: dict) -> dict[str, list[Essay]]:
    """Every essay answer of a run, by exercise: the student's text, the rubric
    criteria it hit, the provisional score; too-short essays included."""
    out: dict[str, list[Essay]] = {}
    for ex_id, maximum in run.assignment.exercises.items():
        ex = banks.get(ex_id)
        if ex is None or ex.kind.rubric(ex) is None:  # essays: the forms scored by a rubric
            continue
        found = []
        for record in run.students:
            answer = record.answers.get(ex_id)
            if is_empty(answer) or not isinstance(answer, (str, int, float)):
                continue
            text = str(answer)
            tokens = ngrams(text)
            met = [c["label"] for c in ex.criteria if "label" in c and any(tok in ex.keys[c["key"]] for tok in tokens)]
            result = record.results.get(ex_id)
            too_short = result is not None and result.status == "tidak_valid"
            override = record.overrides.get(ex_id)
            found.append(Essay(record.name, ex_id, text, met, 0.0 if too_short or result is None else result.score,
                               float(maximum), too_short, override[0] if override else None,
                               override[1] if override else ""))
        out[ex_id] = found
    return out


def parse_score(text: str, essay: Essay) -> float:
    """The teacher's score as typed ("1,5", "1.5", "2"); one Indonesian
    sentence naming the student when it is not a number from 0 to the points."""
    cleaned = str(text or "").strip().replace(" ", "")
    if re.fullmatch(r"\d+([.,]\d+)?", cleaned):
        value = float(cleaned.replace(",", "."))
        if value <= essay.points:
            return value
    raise DeskError(t("desk_score_invalid", value=str(text or "").strip()[:20], student=essay.student,
                      exercise=essay.exercise, points=points(essay.points)))


def read_corrections(path: Path) -> list[dict]:
    """The rows of a corrections file (siswa, soal, skor, catatan), or [] when there is none."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    if not text.strip():
        return []
    try:
        dialect = csv.Sniffer().sniff(text[:2000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [{str(k).strip().casefold(): (v or "").strip() for k, v in row.items() if k}
            for row in csv.DictReader(text.splitlines(), dialect=dialect)]


def save_corrections(path: Path, entries: list[tuple[str, str, float | None, str]]) -> int:
    """Write the teacher's scores into the corrections file the grader reads
    (``--koreksi``): each (student, exercise, score, note) replaces that
    pair's row; a score of None removes it; other rows are kept. Returns the
    number of rows with a score."""
    cols = [t("override_col_student"), t("override_col_exercise"), t("override_col_score"), t("override_col_note"),
            t("override_col_scheme")]
    scheme = str(ID_SCHEME)  # rows written here name the current ids (a hand-typed row may not: grading.apply_overrides)
    rows = {(r.get(cols[0], ""), r.get(cols[1], ""), r.get(cols[4], "")): r
            for r in read_corrections(path) if r.get(cols[0])}
    for student, ex_id, score, remark in entries:
        if score is None:
            rows.pop((student, ex_id, scheme), None)
        else:
            rows[(student, ex_id, scheme)] = {cols[0]: student, cols[1]: ex_id, cols[2]: f"{score:g}",
                                              cols[3]: re.sub(r"[\x00-\x1f\x7f]+", " ", remark or "").strip(),
                                              cols[4]: scheme}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(cols)
        for key in sorted(rows, key=lambda k: (k[1], k[0].casefold(), k[2])):
            writer.writerow([rows[key].get(c, "") for c in cols])
    return sum(1 for r in rows.values() if r.get(cols[2]))



def review_widget(desk):
    import ipywidgets as w

    question = w.Dropdown(options=[], description=t("desk_question"), style={"description_width": "8em"},
                          layout=w.Layout(width="34em"))
    load = w.Button(description=t("desk_load_essays"), icon="refresh", layout=w.Layout(width="auto"))
    entries = w.VBox()
    save = w.Button(description=t("desk_save_button"), button_style="primary", icon="save")
    status = w.HTML()
    box = w.VBox()
    box.inputs = []

    def fill(*_a):
        if desk.run is None:
            raise DeskError(t("desk_grade_first"))
        found = essays(desk.run, desk.banks)
        labels = [(t("desk_question_option", exercise=ex_id, count=len(items)), ex_id) for ex_id, items in found.items()]
        if not labels:
            raise DeskError(t("desk_no_essays"))
        if [v for _l, v in labels] != [v for _l, v in question.options]:
            question.options = labels
        if question.value is None:
            question.value = labels[0][1]  # shows it (observed)
        else:
            show(found)

    def show(found=None):
        found = found if found is not None else essays(desk.run, desk.banks)
        items = found.get(question.value, [])
        ex = desk.banks.get(question.value)
        rows, box.inputs = [], []
        if ex is not None:
            rows.append(w.HTML(f"<p><b>{html.escape(ex.id)}</b> {html.escape(ex.question.strip())}</p>"
                               f"<p><small>{html.escape(t('desk_rubric', criteria='; '.join(c['label'] + ' (' + points(c['points']) + ')' for c in ex.teacher.get('rubric', []))))}</small></p>"))
        if not items:
            rows.append(w.HTML(f"<p>{html.escape(t('desk_no_answers'))}</p>"))
        for essay in items:
            state = t("desk_too_short") if essay.too_short else t(
                "desk_provisional", score=points(essay.provisional), points=points(essay.points),
                met="; ".join(essay.met) or t("desk_met_none"))
            text = html.escape(essay.text[:5000]).replace("\n", "<br>")
            card = w.HTML(f"<div style='border:1px solid #ccc;border-radius:6px;padding:6px 10px;margin:6px 0'>"
                          f"<b>{html.escape(essay.student)}</b> · {html.escape(state)}"
                          f"<div style='margin-top:4px;white-space:normal'>{text}</div></div>")
            # a text box, not a number box: "1,5" (the Indonesian way) must be accepted as well as "1.5"
            score = w.Text(value=points(essay.teacher_score if essay.teacher_score is not None else essay.provisional),
                           description=t("desk_teacher_score"), placeholder=t("desk_score_hint", points=points(essay.points)),
                           style={"description_width": "8em"}, layout=w.Layout(width="18em"))
            use = w.Checkbox(value=essay.teacher_score is not None, description=t("desk_use_score"), indent=False)
            comment = w.Text(value=essay.teacher_note, placeholder=t("desk_note_hint"), description=t("desk_note"),
                          style={"description_width": "8em"}, layout=w.Layout(width="40em"))
            score.observe(lambda _c, use=use: setattr(use, "value", True), names="value")
            comment.observe(lambda _c, use=use: setattr(use, "value", True), names="value")
            box.inputs.append((essay, score, use, comment))
            rows.append(w.VBox([card, w.HBox([score, use]), comment]).add_class("kssa-essay"))
        entries.children = rows

    def do_save():
        if not box.inputs:
            raise DeskError(t("desk_no_essays"))
        changes = [(essay.student, essay.exercise, parse_score(score.value, essay) if use.value else None, comment.value)
                   for essay, score, use, comment in box.inputs]  # every score is read before anything is saved
        count = save_corrections(desk.corrections, changes)
        desk.regrade()
        status.value = note("ok", html.escape(t("desk_saved", count=count, file=desk.corrections)))
        show()

    load.on_click(guarded(status, fill))
    desk.listeners["graded"].append(lambda: guarded(status, fill)() if essays(desk.run, desk.banks) else None)
    waiting = waiting_line(desk, "review")
    question.observe(lambda change: guarded(status, show)() if change["name"] == "value" and desk.run else None, names="value")
    save.on_click(guarded(status, do_save))
    if desk.run is not None and essays(desk.run, desk.banks):  # reopened: the essays of the last grading
        guarded(status, fill)()
    box.children = [waiting, w.HTML(f"<p>{html.escape(t('desk_review_help'))}</p>"),
                    w.HBox([question, load]), entries, save, status]
    box.question, box.load, box.entries, box.save, box.status = question, load, entries, save, status
    box.waiting = waiting
    box.add_class("kssa-desk-review")  # one class per step: pages, styles and tests find it
    return WidgetView(box, t("desk_summary_review"))

