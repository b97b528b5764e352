"""The text layer: segments on one baseline made lines, bullets told from text, a cell's lines
joined as Word keeps them, and words hyphenated or broken at a line end mended."""

from __future__ import annotations

import re

from cjgraph.loaders.blocks import BULLET_CHARS, Block
from cjgraph.loaders.pdf.geometry import BASELINE, BASELINE_SHARE, WORD_SPACE, Line

HYPHEN = "\x02"  # PDFium's mark for a hyphen that ends a line


BREAK = "\x03"  # a line that ends inside a long word, perhaps: decided by the document's words


_PUA = re.compile(r"[\ue000-\uf8ff]")  # symbol-font glyphs: bullets in plans


_LONE_BULLETS = frozenset({"o", "-", "–", "§", "Ø", "ü", "v"})  # Courier/Wingdings bullets as text


def baselines(segments: list[Line]) -> list[list[Line]]:
    """Segments grouped by the line of text they sit on, top down, each line left to right."""
    segments = sorted(segments, key=lambda s: ((s.top + s.bottom) / 2, s.x0))
    rows: list[list[Line]] = []
    for s in segments:
        mid = (s.top + s.bottom) / 2
        if rows:
            last = rows[-1][0]
            if abs(mid - (last.top + last.bottom) / 2) <= max(BASELINE, BASELINE_SHARE * (last.bottom - last.top)):
                rows[-1].append(s)
                continue
        rows.append([s])
    for row in rows:
        row.sort(key=lambda s: s.x0)
    return rows


def join_lines(segments: list[Line]) -> list[Line]:
    """Segments on one baseline become one line (a bullet glyph and its text, say)."""
    lines = []
    for row in baselines(segments):
        bullet, bullet_x = "", 0.0
        first = row[0].text.strip()
        if len(row) > 1 and is_bullet(first) and row[1].x0 - row[0].x1 > 2:
            bullet, bullet_x = first, row[0].x0
            row = row[1:]
        elif first[:1] and is_bullet(first[0]) and first[1:2] == " ":
            bullet, bullet_x = first[0], row[0].x0
            row = [Line(row[0].x0, row[0].top, row[0].x1, row[0].bottom, first[1:].strip(), row[0].size, row[0].bold)]
        text = ""
        for k, s in enumerate(row):  # a space where the text has one or the page leaves one
            piece = s.text.strip()
            gap = s.x0 - row[k - 1].x1 if k else 0.0
            spaced = k and (row[k - 1].spaced or gap > WORD_SPACE * (s.size or s.bottom - s.top))
            text += (" " if text and spaced else "") + piece
        if re.search(r"[A-Za-z]-$", text):  # a hyphen ending the line, as PDFium marks its own
            text = text[:-1] + HYPHEN
        main = max(row, key=lambda s: len(s.text))
        lines.append(
            Line(
                row[0].x0,
                min(s.top for s in row),
                max(s.x1 for s in row),
                max(s.bottom for s in row),
                text,
                main.size,
                main.bold,
                bullet,
                bullet_x,
                row[-1].spaced,
            )
        )
    return lines


def is_bullet(glyph: str) -> bool:
    return len(glyph) == 1 and (glyph in BULLET_CHARS or glyph in _LONE_BULLETS or bool(_PUA.match(glyph)))


def cell_text(lines: list[Line]) -> str:
    """A cell's lines, one per line as Word's cells keep them; a word hyphenated at the line end,
    or a single word too long for the cell and broken without a hyphen, is joined again."""
    parts: list[str] = []
    prev: Line | None = None
    right = max((ln.x1 for ln in lines), default=0.0)
    for ln in lines:
        text = ln.text.strip()
        broken = (  # a word longer than the cell's width, broken where the line was full
            prev is not None
            and not prev.spaced
            and " " not in prev.text.strip()
            and prev.x1 >= right - (prev.size or 10.0)
            and (text[:1].islower() or text[:1] in ",.;:)")  # never how a wrapped line starts
            and not ln.bullet
        )
        if ln.bullet:
            parts.append(f"• {text}")
        elif parts and parts[-1].endswith(HYPHEN):
            parts[-1] += text
        elif parts and broken:
            parts[-1] += BREAK + text
        else:
            parts.append(text)
        prev = ln
    return "\n".join(parts)


_WORDS = re.compile(r"[A-Za-z][A-Za-z-]*")


_BROKEN = re.compile(r"([A-Za-z]+)" + HYPHEN + r"\s*([A-Za-z]+)")


_CUT = re.compile(r"([A-Za-z]*)" + BREAK + r"([A-Za-z]*)")


def mend_hyphens(blocks: list[Block]) -> list[Block]:
    """Join words hyphenated at a line end: keep the hyphen when the document prints the word
    with one elsewhere, or the first part is a short prefix; drop it otherwise."""
    vocabulary = {
        w.lower() for b in blocks for c in b.cells for w in _WORDS.findall(_CUT.sub(" ", _BROKEN.sub(" ", c)))
    }

    def mend(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        if f"{a}-{b}".lower() in vocabulary:
            return f"{a}-{b}"
        if f"{a}{b}".lower() in vocabulary:
            return f"{a}{b}"
        whole_words = a.lower() in vocabulary and b.lower() in vocabulary  # "self-" + "evaluation"
        return f"{a}-{b}" if whole_words or len(a) <= 3 or b[:1].isupper() else f"{a}{b}"

    def cut(m: re.Match[str]) -> str:  # a word too long for its cell, or two lines
        a, b = m.group(1), m.group(2)
        first, second = a.lower() in vocabulary, b.lower() in vocabulary
        whole = not first and ((a + b).lower() in vocabulary or not second)  # "mechanis" + "ms"
        return f"{a}{b}" if not b or whole else f"{a}\n{b}"

    out = []
    for b in blocks:
        if any(HYPHEN in c or BREAK in c for c in b.cells):
            cells = tuple(_CUT.sub(cut, _BROKEN.sub(mend, c)).replace(HYPHEN, "-") for c in b.cells)
            b = Block(b.kind, cells, b.depth, b.line, b.where, b.level)
        out.append(b)
    return out
