"""The figure base every course figure is drawn on, and its PNG rendering.

Figures are matplotlib ``Figure`` objects made without pyplot (no global
state): :func:`new_figure` gives one with constrained layout, and
:func:`figure_png` renders it for a notebook output or an image widget.
"""

from __future__ import annotations

import io


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
