"""How package objects show up in a notebook.

nbval compares ``text/plain`` and ``text/html`` but skips widget views and PNG
images. So every widget the lessons show is wrapped in :class:`WidgetView`,
whose ``text/plain`` is a short summary of what the widget shows; JupyterLab
renders the widget and nbval compares the summary. Figures are shown with
:class:`FigureView`: a PNG plus a visible caption (the alt text) that nbval
compares. Problems are shown with :class:`Notice`, never as a traceback.
"""

from __future__ import annotations

import base64
import functools
import io
from html import escape

from .text import t


class WidgetView:
    """A widget whose stored text output is ``summary``."""

    def __init__(self, widget, summary: str):
        self.widget = widget
        self.summary = summary

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget._repr_mimebundle_())
        bundle["text/plain"] = self.summary
        return bundle

    def __getattr__(self, name):  # let tests and notebooks reach the widget's parts
        return getattr(self.widget, name)


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


def figure_png(fig, dpi: int = 80, compact: bool = False, tight: bool = False) -> bytes:
    """Render a matplotlib Figure to PNG bytes (no pyplot, no global state).

    ``tight`` trims the margins, at the cost of a second full draw. The
    course's figures are laid out by a layout engine or by hand, and the tests
    check that no text falls outside them, so it is off by default. ``compact`` stores the image with a 256-colour palette: a third to a
    quarter of the size, with no visible loss for these flat-colour diagrams.
    Figures saved inside notebooks use it, so that notebooks stay small.
    """
    buffer = io.BytesIO()
    # widget images are made on every click: fast compression matters more than bytes there
    extra = {"bbox_inches": "tight", "pad_inches": 0.1} if tight else {"pil_kwargs": {"compress_level": 1}}
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None}, **extra)
    if not compact:
        return buffer.getvalue()
    from PIL import Image

    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    image = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    small = io.BytesIO()
    image.save(small, format="PNG", optimize=True)
    return small.getvalue()


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


def friendly(func):
    """Turn data and bank errors of a notebook-facing function into a Notice."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from .data import DataFileError
        from .exercises import BankError

        try:
            return func(*args, **kwargs)
        except (DataFileError, BankError) as err:
            return Notice(str(err))

    return wrapper
