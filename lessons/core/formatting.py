"""Numbers written the Indonesian way, in one place.

Learners and teachers read a decimal comma and a dot between thousands
("1.234,5"), a minus sign that is a real minus ("−2,6") and a percent sign
straight after the number ("87,5%"). Every page, widget, figure and
gradebook text uses these functions; nothing else formats numbers.
"""

from __future__ import annotations

import math

MISSING = "–"


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def number(value, decimals: int = 0, trim: bool = False) -> str:
    """``value`` with ``decimals`` decimals: ``number(1234.5, 1)`` → ``"1.234,5"``.

    ``trim`` drops trailing zeros (``number(1.50, 2, trim=True)`` → ``"1,5"``,
    ``number(3.0, 2, trim=True)`` → ``"3"``). A missing value gives ``"–"``.
    """
    if _missing(value):
        return MISSING
    text = f"{float(value):,.{decimals}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", "-0.0") or (text.startswith("-") and float(text.replace(",", "")) == 0):
        text = text[1:]
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def signed(value, decimals: int = 1, zero: str | None = None) -> str:
    """A change with its sign: ``"+1,2"``, ``"−2,6"``, ``"±0,0"``.

    With ``zero`` given, a change that rounds to nothing is written as
    ``zero`` instead (for example ``"0"``).
    """
    if _missing(value):
        return MISSING
    value = float(value)
    if zero is not None and round(value, decimals) == 0:
        return zero
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return sign + number(abs(value), decimals)


def points(value) -> str:
    """Exercise points and scores: ``1`` → ``"1"``, ``1.5`` → ``"1,5"``, ``0.333`` → ``"0,33"``."""
    return number(value, 2, trim=True)


def percent(value, decimals: int = 1) -> str:
    """A percentage: ``87.5`` → ``"87,5%"``, ``100.0`` → ``"100%"``."""
    if _missing(value):
        return MISSING
    return number(value, decimals, trim=True) + "%"
