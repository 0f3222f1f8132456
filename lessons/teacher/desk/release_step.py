"""Step 1, Rilis: choose lessons, the mode (when the release supports one)
and the deadline; download the student copy as a zip."""

from __future__ import annotations

import html

from lessons.core.widget_view import WidgetView
from lessons.teacher.desk.common import guarded, note, waiting_line
from lessons.teacher.desk.download_step import download_link
from lessons.text import t

def release_widget(desk):
    import ipywidgets as w

    lessons = w.SelectMultiple(options=desk.lessons(), rows=7, description=t("desk_lessons"),
                               layout=w.Layout(width="34em"), style={"description_width": "8em"})
    title = w.Text(description=t("desk_title"), placeholder=t("desk_title_hint"), style={"description_width": "8em"},
                   layout=w.Layout(width="34em"))
    due = w.DatePicker(description=t("desk_due"), style={"description_width": "8em"})
    modes = desk.modes()
    mode = w.ToggleButtons(options=modes, description=t("desk_mode"), style={"description_width": "8em"}) if modes else None
    button = w.Button(description=t("desk_release_button"), button_style="primary", icon="archive",
                      layout=w.Layout(width="auto"))
    status = w.HTML()

    def act():
        status.value = note("warn", html.escape(t("desk_working")))
        folder, data = desk.make_release(list(lessons.value), title.value.strip(), due.value,
                                         mode.value if mode is not None else None)
        status.value = note("ok", html.escape(t("desk_release_done", folder=folder)) + "<br>"
                             + download_link(data, f"{folder.name}.zip", t("desk_dl_release")))

    button.on_click(guarded(status, act))
    waiting = waiting_line(desk, "release")
    parts = [waiting, w.HTML(f"<p>{html.escape(t('desk_release_help'))}</p>"), lessons, title, due]
    box = w.VBox(parts + ([mode] if mode is not None else []) + [button, status])
    box.lessons, box.title_input, box.due, box.mode, box.button, box.status = lessons, title, due, mode, button, status
    box.waiting = waiting
    box.add_class("kssa-desk-release")  # one class per step: pages, styles and tests find it
    return WidgetView(box, t("desk_summary_release"))

