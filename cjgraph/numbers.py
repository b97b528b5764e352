"""How cjgraph reads and rounds numbers, once for every engine.

A figure a planner types ("1,234", "12.5%", " 7 ") is read by :func:`read_figure`. Rounding is
half up, on the number as it prints.

Neo4j's ``round(x, 2)`` rounds the decimal the number prints as, ties up (``0.285`` → ``0.29``);
Excel's ROUND does the same. Python's ``round`` rounds ties to even, on the binary value
(``round(0.285, 2)`` is ``0.28``, ``round(0.125, 2)`` is ``0.12``), so a question answered in
Python and the same question in Cypher would differ in the last digit. Every figure cjgraph
rounds goes through :func:`round_half_up`; the library's Cypher uses ``round(x, 2)`` on Neo4j and
the embedded engine's variant nudges the value first (its ``round`` works on the binary value).

>>> round_half_up(0.125, 2), round_half_up(0.285, 2), round_half_up(12.825, 2), round_half_up(2 / 3, 3)
(0.13, 0.29, 12.83, 0.667)
>>> read_figure("1,234"), read_figure("12.5%"), read_figure("about 7"), read_figure("nan")
(1234.0, 12.5, None, None)
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = ["read_figure", "round_half_up"]


def read_figure(text: str) -> float | None:
    """A figure as a planner types it (thousands commas, a per cent sign, spaces), or None when
    the cell is not one number."""
    import math

    text = text.strip().replace(",", "").removesuffix("%").strip()
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def round_half_up(value: float, digits: int) -> float:
    """``value`` to ``digits`` decimals, ties away from zero, on its printed decimal."""
    return float(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
