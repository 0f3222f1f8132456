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
from lessons.views import figure_cache
from lessons.views.figures import as_panels, figure_png, is_panel, panel_pngs, png_size

#: how a figure sits on the page. A figure laid out for a phone (its panels are as wide as a phone's column,
#: lessons/views/figures.py) is shown whole: a phone shows each panel as wide as its column, one under another;
#: a lab screen shows them side by side, each at its stored size (at most as wide as the column and one screen
#: tall). A figure not laid out for a phone is shown at most as wide as the column on a lab screen, and at its
#: drawn size on a phone, in a frame that scrolls sideways, with a hint that says so; no figure makes the page
#: wider than the screen.
FIGURE_CSS = """<style>
.kssa-panels {display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-start;max-width:100%}
.jp-RenderedHTMLCommon:has(> .kssa-panels) {padding-right:0}
.kssa-panels img {display:block;flex:0 1 auto;min-width:0;max-width:100%;height:auto;
  max-height:calc(100vh - 48px);object-fit:contain;object-position:left top}
.kssa-figure-frame {max-width:100%;overflow-x:auto;overflow-y:hidden;-webkit-overflow-scrolling:touch}
.jp-RenderedHTMLCommon:has(> .kssa-figure-frame) {padding-right:0}
.kssa-figure-frame img {display:block;max-width:100%;height:auto}
.kssa-figure-frame img.kssa-figure {width:100%;max-height:calc(100vh - 48px);object-fit:contain;object-position:left top}
.kssa-figure-hint {display:none;color:#555;font-size:14px;margin:2px 0 6px}
@media (max-width:600px) {
  .kssa-panels img {max-height:none}
  .kssa-figure-frame img, .kssa-figure-frame img.kssa-figure {max-width:none !important;width:auto !important;
    max-height:none !important}
  .kssa-figure-hint.kssa-wide {display:block}
}
</style>"""


def _img(png: bytes, alt: str, classes: str) -> str:
    width, height = png_size(png)
    data = base64.b64encode(png).decode("ascii")
    return (f'<img class="{classes}" src="data:image/png;base64,{data}" alt="{escape(alt, quote=True)}" '
            f'width="{width}" height="{height}">')


def figure_html(pngs, alt: str, widget: bool = False, panels: bool = False) -> str:
    """A figure as HTML, ``alt`` as its alt text. ``pngs``: one PNG, or the PNGs of its panels.

    ``panels``: the PNGs are panels laid out for a phone's column (lessons/views/figures.py), shown whole, side
    by side where the page is wide enough; the first carries ``alt``, every other one says it belongs to the
    same figure. Otherwise the (one) PNG sits in a frame that scrolls sideways on a phone."""
    pngs = (pngs,) if isinstance(pngs, bytes) else tuple(pngs)
    classes = "kssa-figure-img widget-image kssa-figure" if widget else "kssa-figure-img"
    if panels:
        parts = [_img(png, alt if i == 0 else t("figure_panel_alt", n=i + 1, total=len(pngs)), classes)
                 for i, png in enumerate(pngs)]
        return f'{FIGURE_CSS}<div class="kssa-panels">{"".join(parts)}</div>'
    if len(pngs) != 1:
        raise ValueError("a figure not laid out in panels is one PNG")
    width, _height = png_size(pngs[0])
    hint = (f'<div class="kssa-figure-hint{" kssa-wide" if width > 360 else ""}" aria-hidden="true">'
            f'↔ {escape(t("figure_swipe_hint"))}</div>')
    return f'{FIGURE_CSS}<div class="kssa-figure-frame" tabindex="0">{_img(pngs[0], alt, classes)}</div>{hint}'


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


def figure_pngs(fig, compact: bool, dpi: int = 80, tight: bool = False) -> tuple[bool, tuple[bytes, ...]]:
    """(whether ``fig`` is laid out as a phone's panels, its PNGs): panels at :data:`PANEL_DPI`, any
    other figure at ``dpi``; ``compact`` as stored in a notebook, else fast compression for a widget.
    ``fig`` may be a figure_cache.Drawing: then kept PNGs are used when there are any."""

    def render(figure):
        if all(is_panel(p) for p in as_panels(figure)):
            return True, panel_pngs(figure, compact=compact)
        return False, tuple(figure_png(p, dpi, compact=compact, tight=tight) for p in as_panels(figure))

    return figure_cache.rendered(fig, render, f"{compact}/{dpi}/{tight}")


class FigureView:
    """A figure as PNGs (in HTML, so every <img> has alt text) with a visible caption that says the
    same. ``fig``: a Figure, or :class:`lessons.views.figures.Panels` laid out for a phone. nbval
    compares the HTML with the PNG's bytes masked (tests/sanitize.cfg)."""

    def __init__(self, fig, alt: str, dpi: int = 80, tight: bool = False):
        self.fig = fig  # or a figure_cache.Drawing: drawn only when no kept picture of it exists
        self.alt = alt
        self.panels, self.pngs = figure_pngs(fig, compact=True, dpi=dpi, tight=tight)

    @property
    def png(self) -> bytes:
        return self.pngs[0]

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": figure_html(self.pngs, self.alt, panels=self.panels),
                "text/plain": f"{t('figure_prefix')} {self.alt}"}


class FigureImage:
    """A figure inside a widget: an HTML widget holding the PNG with its alt text (ipywidgets' Image
    has no alt text). ``show(png, alt)`` replaces both; ``value`` is the HTML shown."""

    def __init__(self, layout=None):
        import ipywidgets as widgets

        self.widget = widgets.HTML(value="", layout=layout or widgets.Layout(width="100%"))

    def show(self, png, alt: str, panels: bool = False) -> None:
        """Show ``png`` (one PNG, or with ``panels`` the PNGs of a figure laid out for a phone)."""
        self.widget.value = figure_html(png, alt, widget=True, panels=panels)

    def show_figure(self, fig, alt: str) -> None:
        """Draw ``fig`` (a Figure, its Panels, or a figure_cache.Drawing) and show it: panels at
        :data:`PANEL_DPI`, fast compression."""
        panels, pngs = figure_pngs(fig, compact=False)
        self.show(pngs if panels else pngs[0], alt, panels=panels)

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
