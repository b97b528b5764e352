"""Ruled tables: the rules a page draws, grouped into tables where they touch, their grid, and
the merged cells where a rule between two grid cells is missing. Bounded: a page drawing more
shapes than a plan's page is refused."""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

import pypdfium2.raw as raw

from cjgraph.limits import MAX_SHAPES
from cjgraph.loaders.pdf.geometry import (
    MAX_RULES,
    MIN_RULE_LENGTH,
    PAGE_BACKGROUND,
    RULE_REACH,
    RULE_WIDTH,
    SNAP,
    STRAIGHT,
    Line,
    Table,
    snap,
)
from cjgraph.loaders.pdf.text import cell_text, join_lines


class TooMuch(Exception):
    """A page asks for more work than a plan's page needs."""


def _at_most(objects: Iterator[Any], limit: int) -> Iterator[Any]:
    """``objects``, refused (:class:`TooMuch`) past ``limit`` of them."""
    for count, obj in enumerate(objects, start=1):
        if count > limit:
            raise TooMuch(_TOO_MANY)
        yield obj


_TOO_MANY = (
    f"draws more than {MAX_SHAPES:,} shapes (drawings inside drawings?), more than a plan's page; cjgraph stops there."
)


def _edges(page: Any, height: float) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) rules drawn on the page, top-down."""
    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj in _at_most(page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH]), MAX_SHAPES):
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        if w <= RULE_WIDTH and h > MIN_RULE_LENGTH:
            vs.append(((left + right) / 2, height - top, height - bottom))
            continue
        if h <= RULE_WIDTH and w > MIN_RULE_LENGTH:
            hs.append((height - (top + bottom) / 2, left, right))
            continue
        if w * h > PAGE_BACKGROUND * page.get_width() * height:
            continue
        m = obj.get_matrix()
        points: list[tuple[float, float]] = []
        for k in range(raw.FPDFPath_CountSegments(obj.raw)):
            seg = raw.FPDFPath_GetPathSegment(obj.raw, k)
            raw.FPDFPathSegment_GetPoint(seg, x, y)
            px, py = m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_LINETO and points:
                (qx, qy) = points[-1]
                if abs(py - qy) < STRAIGHT and abs(px - qx) > MIN_RULE_LENGTH:
                    hs.append((height - py, min(px, qx), max(px, qx)))
                elif abs(px - qx) < STRAIGHT and abs(py - qy) > MIN_RULE_LENGTH:
                    vs.append((px, height - max(py, qy), height - min(py, qy)))
            points.append((px, py))
            if raw.FPDFPathSegment_GetClose(seg) and len(points) > 1:
                (qx, qy), (sx, sy) = points[-1], points[0]
                if abs(sy - qy) < STRAIGHT and abs(sx - qx) > MIN_RULE_LENGTH:
                    hs.append((height - sy, min(sx, qx), max(sx, qx)))
                elif abs(sx - qx) < STRAIGHT and abs(sy - qy) > MIN_RULE_LENGTH:
                    vs.append((sx, height - max(sy, qy), height - min(sy, qy)))
    return hs, vs


def ruled_tables(page: Any, height: float, segments: list[Line]) -> list[Table]:
    hs, vs = _edges(page, height)
    if len(hs) < 2 or len(vs) < 2 or len(hs) > MAX_RULES or len(vs) > MAX_RULES:
        return []
    # rules that touch one another make one table
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (hy, hx0, hx1) in enumerate(hs):
        for j, (vx, vy0, vy1) in enumerate(vs):
            if hx0 - SNAP <= vx <= hx1 + SNAP and vy0 - SNAP <= hy <= vy1 + SNAP:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    tables = []
    for gh, gv in groups.values():
        ys, xs = snap([h[0] for h in gh]), snap([v[0] for v in gv])
        if len(ys) >= 2 and len(xs) >= 2:
            tables.append(_grid(ys, xs, gh, gv, segments))
    tables.sort(key=lambda t: t.top)
    return tables


def _grid(
    ys: list[float],
    xs: list[float],
    hs: list[tuple[float, float, float]],
    vs: list[tuple[float, float, float]],
    segments: list[Line],
) -> Table:
    """The table the grid lines ``ys`` × ``xs`` make: neighbouring grid cells with no rule between
    them are one merged cell, whose text is read once and shown in its first grid cell."""
    spans = _merged_cells(ys, xs, _Rules(ys, xs, hs, vs))
    owner = {rc: anchor for anchor, members in spans.items() for rc in members}
    text: dict[tuple[int, int], str] = {}
    down = {}
    for anchor, members in spans.items():
        rows_of, cols_of = [r for r, _ in members], [c for _, c in members]
        top, bottom = ys[min(rows_of)], ys[max(rows_of) + 1]
        left, right = xs[min(cols_of)], xs[max(cols_of) + 1]
        inside = [s for s in segments if left <= (s.x0 + s.x1) / 2 <= right and top <= (s.top + s.bottom) / 2 <= bottom]
        text[anchor] = cell_text(join_lines(inside))
        if max(rows_of) > min(rows_of):
            down[(min(rows_of), min(cols_of))] = max(rows_of)
    rows = []
    for r in range(len(ys) - 1):
        row = []
        for c in range(len(xs) - 1):
            anchor = owner[(r, c)]
            first_col = min(cc for rr, cc in spans[anchor] if rr == r)
            row.append(text[anchor] if c == first_col else "")
        rows.append(row)
    return Table(ys[0], ys[-1], xs, rows, down=down)


class _Rules:
    """The ruled lines of a grid, by the grid line each lies on (within :data:`SNAP`)."""

    def __init__(
        self,
        ys: list[float],
        xs: list[float],
        hs: list[tuple[float, float, float]],
        vs: list[tuple[float, float, float]],
    ) -> None:
        self.ys, self.xs = ys, xs
        self.h_at: dict[int, list[tuple[float, float]]] = {}  # grid line -> the spans its rules cover
        self.v_at: dict[int, list[tuple[float, float]]] = {}
        for y, x0, x1 in hs:
            for k in (k for k, g in enumerate(ys) if abs(y - g) <= SNAP):
                self.h_at.setdefault(k, []).append((x0, x1))
        for x, y0, y1 in vs:
            for k in (k for k, g in enumerate(xs) if abs(x - g) <= SNAP):
                self.v_at.setdefault(k, []).append((y0, y1))

    def across(self, k: int, col: int) -> bool:
        """Whether a horizontal rule lies on ``ys[k]`` under column ``col``."""
        mid = (self.xs[col] + self.xs[col + 1]) / 2
        return any(x0 - RULE_REACH <= mid <= x1 + RULE_REACH for x0, x1 in self.h_at.get(k, ()))

    def down(self, k: int, row: int) -> bool:
        """Whether a vertical rule lies on ``xs[k]`` beside row ``row``."""
        mid = (self.ys[row] + self.ys[row + 1]) / 2
        return any(y0 - RULE_REACH <= mid <= y1 + RULE_REACH for y0, y1 in self.v_at.get(k, ()))


def _merged_cells(ys: list[float], xs: list[float], rules: _Rules) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """Each merged cell (its first grid cell) and the grid cells it covers: grid cells with no
    rule between them joined (a union-find over the grid)."""
    nrows, ncols = len(ys) - 1, len(xs) - 1
    cell_of = {(r, c): (r, c) for r in range(nrows) for c in range(ncols)}

    def find(rc: tuple[int, int]) -> tuple[int, int]:
        while cell_of[rc] != rc:
            rc = cell_of[rc]
        return rc

    def join(a: tuple[int, int], b: tuple[int, int]) -> None:
        a, b = find(a), find(b)
        cell_of[max(a, b)] = min(a, b)

    for r in range(nrows):
        for c in range(ncols):
            if c + 1 < ncols and not rules.down(c + 1, r):
                join((r, c), (r, c + 1))
            if r + 1 < nrows and not rules.across(r + 1, c):
                join((r, c), (r + 1, c))
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for rc in cell_of:
        spans.setdefault(find(rc), []).append(rc)
    return spans
