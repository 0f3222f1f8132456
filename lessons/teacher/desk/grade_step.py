"""Step 3, Nilai: choose the assignment (a release, or the whole course),
optionally a roster, grade with a progress bar; the results as a table."""

from __future__ import annotations

import html
from pathlib import Path

from lessons.core.formatting import percent, points
from lessons.core.widget_view import WidgetView
from lessons.teacher.desk.common import guarded, note, uploaded_files, waiting_line
from lessons.text import t

def results_table(run) -> str:
    """The grading run as an HTML table: name, total, percentage, status."""
    from lessons.teacher.gradebook import gradebook_rows

    header, rows = gradebook_rows(run)
    index = {name: i for i, name in enumerate(header)}
    body = "".join(
        f"<tr><td>{html.escape(str(r[0]))}</td><td style='text-align:right'>{points(r[index[t('gb_col_total')]])}</td>"
        f"<td style='text-align:right'>{percent(r[index[t('gb_col_percent')]])}</td>"
        f"<td style='text-align:right'>{r[index[t('gb_col_review')]]}</td>"
        f"<td>{html.escape(str(r[index[t('gb_col_status')]]))[:600]}</td></tr>" for r in rows)
    head = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>" for h in
                   (t("gb_col_name"), t("gb_col_total"), t("gb_col_percent"), t("gb_col_review"), t("gb_col_status")))
    return (f"<div style='max-height:28em;overflow:auto'><style>.kssa-results td,.kssa-results th{{padding:2px 10px;"
            f"border-bottom:1px solid #ddd}}</style><table class='kssa-results' style='border-collapse:collapse'>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def grade_widget(desk):
    import ipywidgets as w

    options = desk.assignments()
    choice = w.Dropdown(options=options, description=t("desk_assignment"), style={"description_width": "8em"},
                        layout=w.Layout(width="34em"))
    remembered = desk.assignment_path if desk.run is not None else desk.last_assignment()
    for _label, path in options:  # reopened: the assignment graded last time
        if path is not None and remembered is not None and Path(path).resolve() == Path(remembered).resolve():
            choice.value = path
    refresh = w.Button(description=t("desk_refresh"), icon="refresh", layout=w.Layout(width="auto"))
    roster = w.FileUpload(accept=".csv,.txt", multiple=False, description=t("desk_roster"), layout=w.Layout(width="auto"))
    button = w.Button(description=t("desk_grade_button"), button_style="primary", icon="check")
    bar = w.IntProgress(value=0, min=0, max=3, description=t("desk_progress"), style={"description_width": "8em"})
    status, table = w.HTML(), w.HTML()

    def do_refresh(*_a):
        before = {path for _label, path in choice.options}
        choice.options = desk.assignments()
        new = [path for _label, path in choice.options if path not in before]
        if new:  # a release just made in step 1 is what the teacher grades next
            choice.value = new[-1]

    def act():
        bar.value = 0
        roster_path = None
        files = uploaded_files(roster.value)
        if files:
            roster_path = desk.folder / "daftar-siswa.csv"
            roster_path.parent.mkdir(parents=True, exist_ok=True)
            roster_path.write_bytes(files[0][1])
        elif (desk.folder / "daftar-siswa.csv").exists():
            roster_path = desk.folder / "daftar-siswa.csv"
        desk.grade(choice.value, roster_path, step=lambda n: setattr(bar, "value", n))  # "graded" shows it

    def show_run():  # after any grading: this button, a correction saved in step 4, or reopening
        run = desk.run
        if run is None:
            return
        status.value = note("ok", html.escape(t("desk_grade_done", students=len(run.students), files=run.files,
                                                 folder=desk.results)))
        table.value = results_table(run)
        bar.value = bar.max

    refresh.on_click(do_refresh)
    desk.listeners["released"].append(do_refresh)
    desk.listeners["graded"].append(show_run)
    button.on_click(guarded(status, act))
    waiting = waiting_line(desk, "grade")
    if desk.run is not None:
        show_run()
        if desk.restored:
            status.value = note("ok", html.escape(desk.restored))
    elif desk.restored:
        status.value = note("warn", html.escape(desk.restored))
    box = w.VBox([waiting, w.HTML(f"<p>{html.escape(t('desk_grade_help'))}</p>"),
                  w.HBox([choice, refresh]), roster, button, bar, status, table])
    box.choice, box.refresh, box.roster, box.button, box.bar, box.status, box.table = choice, refresh, roster, button, bar, status, table
    box.waiting = waiting
    box.add_class("kssa-desk-grade")  # one class per step: pages, styles and tests find it
    return WidgetView(box, t("desk_summary_grade"))

