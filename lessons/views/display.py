"""How package objects show up in a notebook.

nbval compares ``text/plain`` and ``text/html`` but skips widget views and PNG
images. So every widget the lessons show is wrapped in
:class:`lessons.core.widget_view.WidgetView`, whose ``text/plain`` is a short
summary of what the widget shows; JupyterLab renders the widget and nbval compares the summary. Figures are shown with
:class:`FigureView`: a PNG plus a visible caption (the alt text) that nbval
compares. Problems are shown with :class:`Notice`, never as a traceback.
"""

from __future__ import annotations

import base64
import contextlib
import functools
from html import escape

from lessons.text import t
from lessons.views.figures import figure_png


class Notice:
    """An Indonesian message shown instead of a traceback."""

    def __init__(self, message: str):
        self.message = message

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = f"{t('warning_prefix')} {self.message}"
        return {
            "text/plain": text,
            "text/html": f'<div class="kssa-notice" role="alert" style="border-left:4px solid #E69F00;padding:4px 8px">{escape(text)}</div>',
        }

    def __repr__(self) -> str:
        return f"{t('warning_prefix')} {self.message}"


class FigureView:
    """A figure as a PNG with a visible caption that doubles as alt text."""

    def __init__(self, fig, alt: str, dpi: int = 80, tight: bool = False):
        self.fig = fig
        self.alt = alt
        self.png = figure_png(fig, dpi, compact=True, tight=tight)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": f"{t('figure_prefix')} {self.alt}"}, {
            "image/png": {"alt": self.alt}
        }


class Caption:
    """The visible caption of a figure (compared by nbval)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "text/plain": f"{t('caption_prefix')} {self.text}",
            "text/html": f'<p class="kssa-caption" style="font-size:95%;max-width:60em"><b>{escape(t("caption_prefix"))}</b> {escape(self.text)}</p>',
        }


def show_figure(fig, alt: str, dpi: int = 80, tight: bool = False) -> None:
    """Display ``fig`` and, below it, its caption."""
    from IPython.display import display

    display(FigureView(fig, alt, dpi, tight), Caption(alt))


@contextlib.contextmanager
def busy(widget):
    """Grey ``widget`` out while a figure is redrawn (the class reaches the
    browser before the drawing starts, so a slow redraw shows it is working)."""
    widget.add_class("kssa-busy")
    try:
        yield
    finally:
        widget.remove_class("kssa-busy")


def friendly(func):
    """Turn data and bank errors of a notebook-facing function into a Notice."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from lessons.core.data import DataFileError
        from lessons.engine.model import BankError

        try:
            return func(*args, **kwargs)
        except (DataFileError, BankError) as err:
            return Notice(str(err))

    return wrapper
