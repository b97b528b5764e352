"""What a PDF page is made of, as the reader sees it (lines of text, tables, pages), and the
tolerances of its geometry, named: how thin a rule is, how close two positions must be to be one."""

from __future__ import annotations

from dataclasses import dataclass, field

# Tolerances, in points (1/72 inch) or as shares of a line's font size. Each was set on the
# Word and LibreOffice exports of tests/fixtures/corpus; the reading corpus tests every one.
RULE_WIDTH = 2.5  # thicker than this is a shape, not a rule
MIN_RULE_LENGTH = 3.0  # shorter than this is a dot or a tick, not a rule
STRAIGHT = 0.5  # a path segment whose ends differ by less than this across is level (or upright)
PAGE_BACKGROUND = 0.8  # a shape covering this share of the page is its background
RULE_REACH = 1.0  # a rule reaches a cell when it ends this close to the cell's middle
SNAP = 2.0  # positions this close are one grid line
COLUMN_MATCH = 3.0  # two tables' column edges this close are the same columns
LEFT_SLACK = 24.0  # text may start this far left of a table and still be in its first column
BASELINE = 2.0  # segments whose middles are this close (or 35% of their height) sit on one line
BASELINE_SHARE = 0.35
WORD_SPACE = 0.3  # a gap wider than this share of the font size is a space between words
COLUMN_GAP = 0.8  # a gap wider than this share of the font size parts two columns
GUTTER = 8.0  # an upright strip at least this wide that no text crosses parts two columns
GUTTER_INSET = 4.0  # a column's edge is this far left of where its text begins
FAR = 3.0  # lines further apart than this many lines are not one table, or one run of rows
PARAGRAPH_PITCH = 1.6  # lines further apart than this many lines start a new paragraph
INDENT = 30.0  # a line starting this much further left or right starts a new paragraph
SIZE_STEP = 0.8  # a font size this much larger or smaller starts a new paragraph
FOOTER_ZONE = 0.88  # text below this share of the page's height is a footer's
RUNNING_SLOT = 3.0  # running headers and footers are matched on slots this tall
# a page drawing more rules than this each way is a drawing (a chart, a map), not a table: its text
# is read without tables. A plan's densest table page draws some 40 rules each way; the cap keeps
# the grid work (rules x rules) bounded on a hostile file.
MAX_RULES = 500


@dataclass
class Line:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    size: float = 0.0
    bold: bool = False
    bullet: str = ""  # the bullet glyph printed before the text, if any
    bullet_x: float = 0.0
    spaced: bool = True  # the text layer ends the line with a space (a wrap between words)


@dataclass
class Table:
    top: float
    bottom: float
    xs: list[float]
    rows: list[list[str]]
    heads: list[list[str]] = field(default_factory=list)  # the first rows of the table it belongs to
    ruled: bool = True  # False: known by its column positions only
    down: dict[tuple[int, int], int] = field(default_factory=dict)  # (row, col) -> last row of its merged cell
    notes: dict[int, str] = field(default_factory=dict)  # row -> a note on how it was read


@dataclass
class Page:
    number: int
    height: float
    lines: list[Line]
    tables: list[Table]


def in_table(s: Line, t: Table) -> bool:
    x, y = (s.x0 + s.x1) / 2, (s.top + s.bottom) / 2
    return t.xs[0] <= x <= t.xs[-1] and t.top <= y <= t.bottom


def column_of(edges: list[float], x: float) -> int:
    """The column (between ``edges``) holding ``x``."""
    return max(0, min(len(edges) - 2, sum(1 for e in edges[1:-1] if x >= e)))


def snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= SNAP:
            continue
        out.append(v)
    return out
