"""The figure base every course figure is drawn on, and its PNG rendering.

Figures are matplotlib ``Figure`` objects made without pyplot (no global
state): :func:`new_figure` gives one with constrained layout, and
:func:`figure_png` renders it for a notebook output or an image widget.

Figures are laid out for a phone's page column (issue 20): a *panel* is at most
:data:`PHONE_WIDTH_IN` inches wide, which at the layout's :data:`LAYOUT_DPI`
is the 360 CSS px of Voilà's column on a 390 px phone, so a phone shows it
whole, without sideways scrolling, with every text at ``points · 80 / 72``
px (9 points: 10 px). The PNG is stored :data:`DENSITY` times as dense
(:data:`PANEL_DPI`): sharp on a phone's denser screen, and a lab screen shows
it at its stored size, its text half again as large. A figure with more than
one part is drawn as several panels (:func:`panels`), which sit side by side
on a wide screen and one under another on a phone
(``lessons.views.display.figure_html``). One picture per panel travels to
the browser: nothing is sent twice, and nothing is redrawn for the width a
page turns out to have.
"""

from __future__ import annotations

import io

#: the dpi a figure is laid out at: one inch is 80 CSS px (the course's figures have always used it)
LAYOUT_DPI = 80
#: the page column of Voilà on a 390 px phone (CSS px), and the widest a panel may be laid out
PHONE_COLUMN = 360
PHONE_WIDTH_IN = PHONE_COLUMN / LAYOUT_DPI
#: how many PNG pixels a panel has per CSS px of its phone layout
DENSITY = 1.5
PANEL_DPI = round(LAYOUT_DPI * DENSITY)


class Panels(tuple):
    """The panels of one figure (matplotlib Figures, each as wide as a phone's column), in reading
    order, and the dpi they are stored at (:data:`PANEL_DPI`; :data:`LAYOUT_DPI` for a figure of many
    panels that every screen shows at the phone's column width, lessons/views/display.py)."""

    def __new__(cls, figs=(), dpi: int = PANEL_DPI):
        self = super().__new__(cls, figs)
        self.dpi = dpi
        return self


def panels(*figs) -> Panels:
    """``figs`` as the panels of one figure."""
    return Panels(figs)


def as_panels(fig) -> Panels:
    """A figure or its panels, always as :class:`Panels`."""
    return fig if isinstance(fig, Panels) else Panels((fig,))


def panel_figure(height: float):
    """A new panel, as wide as a phone's column and ``height`` inches tall, laid out by matplotlib."""
    return new_figure(PHONE_WIDTH_IN, height)


def is_panel(fig) -> bool:
    """Whether ``fig`` is laid out for a phone's column (as :func:`panel_figure` makes it)."""
    return abs(fig.get_figwidth() - PHONE_WIDTH_IN) < 1e-6


def panel_pngs(fig, compact: bool = True) -> tuple[bytes, ...]:
    """Every panel of ``fig`` as a PNG at :data:`PANEL_DPI` (``compact``: as stored in a notebook;
    a widget redrawn on a click uses fast compression instead)."""
    figs = as_panels(fig)
    return tuple(figure_png(p, figs.dpi, compact=compact) for p in figs)


def new_figure(width: float, height: float):
    """A new figure of ``width`` × ``height`` inches, laid out by matplotlib."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


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


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels of a PNG, read from its header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or len(png) < 24:
        raise ValueError("not a PNG")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def text_sizes(fig, dpi: int = 80, displayed_width: float | None = None) -> list[tuple[str, float]]:
    """Every visible, non-empty text of ``fig`` with its height in screen pixels.

    A text of ``fontsize`` points is ``fontsize · dpi / 72`` pixels in the
    PNG; a browser that shows the PNG ``displayed_width`` pixels wide (None:
    at its own width) scales that by displayed width / PNG width. The figure
    is drawn first (at ``dpi``, which this sets on it), so legends, tick
    labels and titles are all there.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    fig.set_dpi(dpi)
    canvas = fig.canvas if hasattr(fig.canvas, "get_renderer") else FigureCanvasAgg(fig)
    canvas.draw()  # a real draw: tick labels only exist once the axes are drawn
    png_width = fig.get_figwidth() * dpi
    scale = (displayed_width / png_width) if displayed_width else 1.0
    sizes = []
    for text in fig.findobj(Text):
        if text.get_visible() and text.get_text().strip() and text.get_figure() is not None:
            sizes.append((text.get_text(), text.get_fontsize() * dpi / 72 * scale))
    return sizes
