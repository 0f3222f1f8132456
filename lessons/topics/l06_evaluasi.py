"""The learner's own results across all lessons (lesson 06).

:func:`score_sheets` reads the answer sheets of every lesson from one folder
and checks each saved answer against the bank, exactly as the "Periksa"
button does. :func:`by_lesson` and :func:`by_level` aggregate that into the
two tables the results view shows; :func:`results_figure` draws them. The
widget only adds a "Perbarui" button that recomputes everything.

An unanswered exercise counts 0 points; an essay's provisional rubric score
is counted and marked, because the teacher may still change it.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pandas as pd

from lessons.core import formatting
from lessons.core.paths import answer_dir, course
from lessons.engine.answer_sheet import AnswerSheet
from lessons.core.widget_view import WidgetView
from lessons.views.figure_cache import drawing
from lessons.views.display import FigureImage, busy, friendly
from lessons.engine.bank import load_bank
from lessons.engine.checking import check
from lessons.engine.model import BankError
from lessons.core.formatting import number
from lessons.text import LEVEL_NAMES, t


def lessons_with_banks() -> list[str]:
    return course().lessons()


def score_sheets(folder: Path | None = None) -> pd.DataFrame:
    """One row per exercise of every bank: the saved answer's result.

    Columns: lesson, exercise_id, level, form, points, score, status,
    answered (bool), needs_review (bool).
    """
    folder = Path(folder) if folder else answer_dir()
    rows = []
    for lesson in lessons_with_banks():
        bank = load_bank(lesson)
        sheet = AnswerSheet(lesson, folder / f"jawaban-{lesson}.json")
        answers = sheet.read()["answers"]
        for ex in bank.values():
            entry = answers.get(ex.id)
            answer = entry.get("answer") if isinstance(entry, dict) else None
            result = check(ex, answer)
            answered = result.status not in ("kosong",)
            rows.append({
                "lesson": lesson, "exercise_id": ex.id, "level": ex.level, "form": ex.form, "points": ex.points,
                "score": result.score, "status": result.status, "answered": answered,
                "needs_review": result.needs_review and answered,
            })
    return pd.DataFrame(rows)


def _aggregate(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    grouped = frame.groupby(key, sort=True).agg(
        soal=("exercise_id", "count"), dijawab=("answered", "sum"), skor=("score", "sum"),
        skor_maks=("points", "sum"), perlu_diperiksa=("needs_review", "sum"),
    )
    grouped["persen"] = (100 * grouped["skor"] / grouped["skor_maks"]).round(1)
    grouped["skor"] = grouped["skor"].round(2)
    return grouped.reset_index()


def by_lesson(frame: pd.DataFrame) -> pd.DataFrame:
    """Score per lesson: exercises, answered, score, maximum, percent."""
    table = _aggregate(frame, "lesson")
    titles = {lesson: _title(lesson) for lesson in table["lesson"]}
    table.insert(1, "judul", table["lesson"].map(titles))
    return table


def by_level(frame: pd.DataFrame) -> pd.DataFrame:
    """Score per cognitive level (C1–C6)."""
    table = _aggregate(frame, "level")
    table.insert(1, "nama_level", table["level"].map(LEVEL_NAMES))
    return table


def _title(lesson: str) -> str:
    try:
        return load_bank(lesson).title
    except BankError:
        return ""


def summary_text(frame: pd.DataFrame) -> str:
    answered = int(frame["answered"].sum())
    if answered == 0:  # no course-wide count here: it is the stored output, and one new question anywhere would change it
        return t("l06_summary_empty")
    return t("l06_summary", answered=answered, total=len(frame), score=number(frame["score"].sum(), 2, trim=True),
             points=number(frame["points"].sum(), 2, trim=True),
             percent=number(100 * frame["score"].sum() / frame["points"].sum(), 1, trim=True),
             review=int(frame["needs_review"].sum()))


def results_figure(frame: pd.DataFrame):
    """Two bar charts, each a panel as wide as a phone's column: percent per lesson and percent per cognitive level."""
    from lessons.views.figures import panel_figure, panels

    lessons = by_lesson(frame)
    levels = by_level(frame)
    charts = []
    for table, labels, colour, hatch, title in (
        (lessons, [f"Pel. {x}" for x in lessons["lesson"]], "#0072B2", "", t("l06_chart_lessons")),
        (levels, list(levels["level"]), "#E69F00", "//", t("l06_chart_levels")),
    ):
        fig = panel_figure(0.27 * max(len(labels), 3) + 1.15)
        ax = fig.add_subplot()
        bars = ax.barh(labels, table["persen"], color=colour, hatch=hatch, edgecolor="white")
        ax.set_xlim(0, 100)
        ax.invert_yaxis()
        ax.set_xlabel(t("l06_chart_xlabel"), fontsize=9)
        ax.tick_params(labelsize=9)
        ax.set_title(title, fontsize=10.5)
        ax.bar_label(bars, labels=[formatting.percent(p) for p in table["persen"]], padding=3, fontsize=9)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        charts.append(fig)
    return panels(*charts)


def results_alt(frame: pd.DataFrame) -> str:
    lessons = by_lesson(frame)
    levels = by_level(frame)
    per_lesson = "; ".join(t("l06_alt_lesson", lesson=r.lesson, percent=formatting.percent(r.persen)) for r in lessons.itertuples())
    per_level = "; ".join(f"{r.level} {formatting.percent(r.persen)}" for r in levels.itertuples())
    return t("l06_alt", lessons=per_lesson, levels=per_level)


def _table_html(table: pd.DataFrame, headers: dict[str, str]) -> str:
    from lessons.views.tables import TABLE_CSS

    head = "".join(f"<th scope=\"col\">{escape(h)}</th>" for h in headers.values())
    body = "".join(
        "<tr>" + "".join(f'<td data-label="{escape(headers[c])}">{escape(_cell(row[c]))}</td>' for c in headers) + "</tr>" for _, row in table.iterrows()
    )
    return f"{TABLE_CSS}<table class=\"kssa-table\" style=\"max-width:48em\"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(value) -> str:
    if isinstance(value, float):
        return number(value, 1, trim=True)
    return str(value)


class ResultsView:
    """Tables and chart of the learner's results, with a "Perbarui" button."""

    def __init__(self, folder: Path | None = None):
        import ipywidgets as widgets

        self.folder = folder
        self.button = widgets.Button(description=t("l06_refresh"), icon="refresh", button_style="info",
                                     layout=widgets.Layout(width="auto"))
        self.caption = widgets.HTML()
        self.lessons = widgets.HTML()
        self.levels = widgets.HTML()
        self.image = FigureImage(layout=widgets.Layout(max_width="1100px", width="100%"))  # two 540 px panels side by side
        self.image.add_class("kssa-figure")
        self.alt = widgets.HTML()
        self.button.on_click(lambda _b: self.refresh())
        # the summary and the chart first, so that the button and the chart fit one lab screen; the tables follow
        self.box = widgets.VBox([widgets.HBox([self.button]), self.caption, self.image.widget, self.alt, self.lessons, self.levels])
        self.frame = None
        self.refresh()

    def refresh(self) -> None:
        try:
            frame = score_sheets(self.folder)
        except BankError as err:
            self.caption.value = f'<div role="alert">{escape(str(err))}</div>'
            return
        self.frame = frame
        self.caption.value = f'<div role="status"><b>{escape(summary_text(frame))}</b></div>'
        self.lessons.value = _table_html(by_lesson(frame), {
            "lesson": t("l06_col_lesson"), "judul": t("l06_col_title"), "dijawab": t("l06_col_answered"),
            "soal": t("l06_col_items"), "skor": t("l06_col_score"), "skor_maks": t("l06_col_max"),
            "persen": t("l06_col_percent"), "perlu_diperiksa": t("l06_col_review")})
        self.levels.value = _table_html(by_level(frame), {
            "nama_level": t("l06_col_level"), "dijawab": t("l06_col_answered"), "soal": t("l06_col_items"),
            "skor": t("l06_col_score"), "skor_maks": t("l06_col_max"), "persen": t("l06_col_percent")})
        with busy(self.image):
            self.image.show_figure(drawing(results_figure, frame), results_alt(frame))
        self.alt.value = f"<p><b>{escape(t('caption_prefix'))}</b> {escape(results_alt(frame))}</p>"


@friendly
def results_view(folder: Path | None = None) -> WidgetView:
    """The results of all lessons, read from the answer sheets."""
    view = ResultsView(folder)
    text = summary_text(view.frame) if view.frame is not None else view.caption.value
    return WidgetView(view.box, text)


REFLECTION_PROMPTS = ("l06_reflect_1", "l06_reflect_2", "l06_reflect_3")


class Reflection:
    """Three open reflection prompts, saved to the lesson-06 answer sheet.

    They are not scored; the teacher reads them in the answer sheet.
    """

    def __init__(self, sheet: AnswerSheet | None = None):
        import ipywidgets as widgets

        self.sheet = sheet or AnswerSheet("06")
        self.boxes = {}
        rows = []
        saved = self.sheet.read()["answers"]
        for n, key in enumerate(REFLECTION_PROMPTS, start=1):
            entry = saved.get(f"06-refleksi-{n}")
            value = entry.get("answer") if isinstance(entry, dict) and isinstance(entry.get("answer"), str) else ""
            area = widgets.Textarea(value=value, rows=3, placeholder=t("essay_placeholder"), continuous_update=False,
                                    layout=widgets.Layout(width="100%", max_width="52em"))
            area.observe(lambda change, n=n: self._save(n, change["new"]), names="value")
            self.boxes[n] = area
            rows += [widgets.HTML(f"<b>{n}.</b> {escape(t(key))}"), area]
        self.status = widgets.HTML()
        self.box = widgets.VBox([*rows, self.status])

    def _save(self, n: int, text: str) -> None:
        problem = self.sheet.save(f"06-refleksi-{n}", text[:5000])
        self.status.value = f'<span role="alert">{escape(problem)}</span>' if problem else escape(t("l06_reflect_saved"))


@friendly
def reflection() -> WidgetView:
    view = Reflection()
    text = "\n".join([t("l06_reflect_title")] + [f"{n}. {t(k)}" for n, k in enumerate(REFLECTION_PROMPTS, start=1)])
    return WidgetView(view.box, text)
