"""Word's automatic numbering, rendered as Word shows it: a list number or an outline ref
("1.", "a)", "SO1.2") that exists only in ``numbering.xml`` is part of what the reader sees.

A paragraph with ``w:numPr`` (or a style that carries one) takes the next number of its list
level; deeper levels restart when a shallower one moves on; ``w:start`` and a num's
``w:startOverride`` give the first number; ``w:lvlText`` places each level's number ("%1.%2")
in the format of that level (decimal, letters, roman). Bullets have no number.

Examples
--------
>>> _format(4, "lowerLetter"), _format(14, "upperRoman"), _format(3, "decimalZero")
('d', 'XIV', '03')
"""

from __future__ import annotations

from typing import Any

__all__ = ["ListNumbers"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class ListNumbers:
    """The numbers of one document's numbered paragraphs, given in reading order."""

    def __init__(self, document: Any) -> None:
        self._levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstract id -> level -> (start, fmt, text)
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}  # num id -> (abstract id, level -> start override)
        self._counts: dict[str, list[int | None]] = {}  # abstract id -> the current number per level
        self._seen: set[str] = set()
        self._style_num: dict[str, tuple[str, int]] = {}  # style id -> (num id, level)
        # each paragraph's label, once: a vertically merged cell is read again on every row it spans
        # (holding the element keeps lxml's proxy, so the same paragraph is the same key)
        self._memo: dict[Any, str] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return  # a document without lists
        for a in root.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in a.iter(f"{_W}lvl"):
                levels[int(_val(lvl, "ilvl", "0"))] = (
                    int(_child(lvl, "start", "1")),
                    _child(lvl, "numFmt", "decimal"),
                    _child(lvl, "lvlText", ""),
                )
            self._levels[_val(a, "abstractNumId", "")] = levels
        for n in root.iter(f"{_W}num"):
            overrides = {}
            for o in n.iter(f"{_W}lvlOverride"):
                start = o.find(f"{_W}startOverride")
                if start is not None:
                    overrides[int(_val(o, "ilvl", "0"))] = int(_val(start, "val", "1"))
            self._nums[_val(n, "numId", "")] = (_child(n, "abstractNumId", ""), overrides)
        for style in document.styles.element.iter(f"{_W}style"):
            ppr = style.find(f"{_W}pPr")
            num = ppr.find(f"{_W}numPr") if ppr is not None else None
            if num is not None:
                self._style_num[_val(style, "styleId", "")] = (_child(num, "numId", ""), int(_child(num, "ilvl", "0")))

    def label(self, p: Any) -> str:
        """The number Word shows before paragraph ``p`` (a ``w:p`` element), or ``""``."""
        if p not in self._memo:
            self._memo[p] = self._next(p)
        return self._memo[p]

    def _next(self, p: Any) -> str:
        num_id, level = self._num_of(p)
        if not num_id or num_id == "0" or num_id not in self._nums:
            return ""
        abstract, overrides = self._nums[num_id]
        levels = self._levels.get(abstract, {})
        if level not in levels:
            return ""
        counts = self._counts.setdefault(abstract, [None] * 9)
        if num_id not in self._seen:  # a num that restarts its list
            self._seen.add(num_id)
            for lv, start in overrides.items():
                if 0 <= lv < 9:
                    counts[lv] = start - 1
        current = counts[level]
        counts[level] = levels[level][0] if current is None else current + 1
        for deeper in range(level + 1, 9):
            counts[deeper] = None
        _start, fmt, text = levels[level]
        if fmt in ("bullet", "none") or not text:
            return ""
        out = text
        for lv in range(level, -1, -1):  # %10 never occurs: levels are 1 to 9
            if f"%{lv + 1}" in out:
                count = counts[lv]
                value = count if count is not None else levels.get(lv, (1, "", ""))[0]
                out = out.replace(f"%{lv + 1}", _format(value, levels.get(lv, (1, "decimal", ""))[1]))
        return out.strip()

    def _num_of(self, p: Any) -> tuple[str, int]:
        ppr = p.find(f"{_W}pPr")
        num = ppr.find(f"{_W}numPr") if ppr is not None else None
        if num is not None:
            return _child(num, "numId", ""), int(_child(num, "ilvl", "0") or 0)
        style = ppr.find(f"{_W}pStyle") if ppr is not None else None
        if style is not None:
            return self._style_num.get(_val(style, "val", ""), ("", 0))
        return "", 0


def _val(element: Any, attr: str, default: str) -> str:
    return str(element.get(f"{_W}{attr}", default))


def _child(element: Any, name: str, default: str) -> str:
    found = element.find(f"{_W}{name}")
    return default if found is None else _val(found, "val", default)


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        k = n
        while k > 0:
            k, r = divmod(k - 1, 26)
            letters = chr(97 + r) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        out, k = "", n
        for value, numeral in (
            (1000, "M"),
            (900, "CM"),
            (500, "D"),
            (400, "CD"),
            (100, "C"),
            (90, "XC"),
            (50, "L"),
            (40, "XL"),
            (10, "X"),
            (9, "IX"),
            (5, "V"),
            (4, "IV"),
            (1, "I"),
        ):
            while k >= value:
                out, k = out + numeral, k - value
        return out.lower() if fmt == "lowerRoman" else out
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)
