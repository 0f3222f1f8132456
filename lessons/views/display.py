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
from lessons.views.figures import figure_png, png_size

#: how a figure sits on the page. A lab screen shows it at most as wide as the column (the text of
#: every figure is at least 10 px at its drawn size, tests/test_figure_text.py). A phone shows it at
#: its drawn size, so its text stays at least 10 px too, in a frame that scrolls sideways, with a
#: hint that says so; no figure makes the page wider than the screen.
FIGURE_CSS = """<style>
.kssa-figure-frame {max-width:100%;overflow-x:auto;overflow-y:hidden;-webkit-overflow-scrolling:touch}
.jp-RenderedHTMLCommon:has(> .kssa-figure-frame) {padding-right:0}
.kssa-figure-frame img {display:block;max-width:100%;height:auto}
.kssa-figure-frame img.kssa-figure {width:100%;max-height:calc(100vh - 48px);object-fit:contain;object-position:left top}
.kssa-figure-hint {display:none;color:#555;font-size:14px;margin:2px 0 6px}
@media (max-width:600px) {
  .kssa-figure-frame img, .kssa-figure-frame img.kssa-figure {max-width:none !important;width:auto !important;
    max-height:none !important}
  .kssa-figure-hint.kssa-wide {display:block}
}
</style>"""


def figure_html(png: bytes, alt: str, widget: bool = False) -> str:
    """A figure as HTML: the PNG with ``alt`` as its alt text, in a frame that scrolls sideways on a phone."""
    width, height = png_size(png)
    classes = "kssa-figure-img widget-image kssa-figure" if widget else "kssa-figure-img"
    data = base64.b64encode(png).decode("ascii")
    hint = (f'<div class="kssa-figure-hint{" kssa-wide" if width > 360 else ""}" aria-hidden="true">'
            f'↔ {escape(t("figure_swipe_hint"))}</div>')
    return (f'{FIGURE_CSS}<div class="kssa-figure-frame" tabindex="0">'
            f'<img class="{classes}" src="data:image/png;base64,{data}" alt="{escape(alt, quote=True)}" '
            f'width="{width}" height="{height}"></div>{hint}')


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
    """A figure as a PNG (in HTML, so the <img> has ``alt`` as its alt text) with a visible caption
    that says the same. nbval compares the HTML with the PNG's bytes masked (tests/sanitize.cfg)."""

    def __init__(self, fig, alt: str, dpi: int = 80, tight: bool = False):
        self.fig = fig
        self.alt = alt
        self.png = figure_png(fig, dpi, compact=True, tight=tight)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": figure_html(self.png, self.alt), "text/plain": f"{t('figure_prefix')} {self.alt}"}


class FigureImage:
    """A figure inside a widget: an HTML widget holding the PNG with its alt text (ipywidgets' Image
    has no alt text). ``show(png, alt)`` replaces both; ``value`` is the HTML shown."""

    def __init__(self, layout=None):
        import ipywidgets as widgets

        self.widget = widgets.HTML(value="", layout=layout or widgets.Layout(width="100%"))

    def show(self, png: bytes, alt: str) -> None:
        self.widget.value = figure_html(png, alt, widget=True)

    @property
    def value(self) -> str:
        return self.widget.value

    def add_class(self, name: str) -> None:
        self.widget.add_class(name)

    def remove_class(self, name: str) -> None:
        self.widget.remove_class(name)

    @property
    def _dom_classes(self):
        return self.widget._dom_classes


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
