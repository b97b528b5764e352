"""Read a web page as a browser saves it (``.html``, ``.htm``) into blocks: headings with their
level, paragraphs, list items with their depth, and real tables as rows, one cell per grid
column (a cell spanning columns gives its text once, in its first column; a cell spanning rows
fills every row it spans, and each row it was carried into says so, for the extraction report).

The page is parsed by lxml's HTML parser (as browsers forgive, never fetching anything: no
network, no entities from outside); scripts, styles, forms and embedded objects are passed over,
and where the page marks its main content (``<main>``, ``role="main"``, one ``<article>``) only
that is read, so a site's menus, banners and footers do not become paragraphs of the plan.

Examples
--------
>>> page = b'''<html><body><nav>Home</nav><main><h2>Outcome 1</h2><p>Some <b>text</b>.</p>
... <ul><li>a point<ul><li>a sub point</li></ul></li></ul>
... <table><tr><th>Ref</th><th>Action</th><th>Lead</th></tr>
... <tr><td>A1</td><td>Do it</td><td rowspan="2">Police</td></tr><tr><td>A2</td><td>And this</td></tr>
... </table></main></body></html>'''
>>> for b in page_blocks(page):
...     print(b.kind, b.level, b.depth, b.text, "|", b.where)
para 2 0 Outcome 1 | paragraph 1
para 0 0 Some text. | paragraph 2
para 0 1 a point | paragraph 3
para 0 2 a sub point | paragraph 4
row 0 0 Ref | Action | Lead | table 1, row 1
row 0 0 A1 | Do it | Police | table 1, row 2
row 0 0 A2 | And this | Police | table 1, row 3 (merged cell carried down from row 2)
blank 0 0  | after table 1
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from cjgraph.errors import DocumentError
from cjgraph.loaders.blocks import MERGED_DOWN, Block

__all__ = ["html_blocks", "page_blocks"]

Warn = Callable[[str, str], None]

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# elements whose content is not the page's text
_SKIPPED = frozenset(
    "script style noscript template head title iframe object embed svg math canvas select option button "
    "input textarea form audio video map".split()
)
# elements that begin and end a paragraph
_BLOCKS = frozenset(
    "p div section article main aside header footer nav blockquote pre address figure figcaption dl dt dd "
    "fieldset details summary center hr caption".split()
)
_MAX_SPAN = 1000  # a row or column span beyond this is a page's mistake, read as 1


def html_blocks(path: Path, warn: Warn | None = None) -> list[Block]:
    """Blocks of a saved web page; :class:`DocumentError` when it cannot be parsed as one.
    ``warn(where, message)`` hears of a span that is not a sensible number."""
    try:
        return page_blocks(path.read_bytes(), warn)
    except DocumentError as e:
        raise DocumentError(f"{path}: {e}") from None


def page_blocks(data: bytes, warn: Warn | None = None) -> list[Block]:
    """Blocks of the HTML in ``data`` (see the module's docstring)."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)
    try:
        root = lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise DocumentError(f"is not a readable web page ({e}).") from None
    reader = _Reader()
    reader.walk(_main(root))
    reader.flush()
    return list(_blocks(reader.items, warn or (lambda where, message: None)))


def _main(root: Any) -> Any:
    """The page's main content where it marks one, else its body (or the whole page)."""
    for path in ("//main", "//*[@role='main']"):
        found = root.xpath(path)
        if found:
            return found[0]
    articles = root.xpath("//article")
    if len(articles) == 1:
        return articles[0]
    body = root.find("body")
    return body if body is not None else root


def _blocks(items: list[tuple[str, Any]], warn: Warn) -> Iterator[Block]:
    paragraph = tables = 0
    for kind, value in items:
        if kind == "para":
            text, depth, level = value
            paragraph += 1
            yield Block.para(text, depth=depth, line=paragraph, where=f"paragraph {paragraph}", level=level)
            continue
        tables += 1
        for where, cells in _table_rows(value, f"table {tables}", warn):
            yield Block.row(cells, line=paragraph, where=where)
        yield Block.blank(line=paragraph, where=f"after table {tables}")


class _Reader:
    """Walks a page's elements in reading order into ("para", (text, depth, level)) and
    ("table", element) items."""

    def __init__(self) -> None:
        self.items: list[tuple[str, Any]] = []
        self._text: list[str] = []
        self._lists = 0  # lists open around the text
        self._item = False  # inside a list item

    def flush(self, level: int = 0) -> None:
        text = " ".join("".join(self._text).split())
        self._text = []
        if text:
            depth = max(self._lists, 1) if self._item else 0
            self.items.append(("para", (text, 0 if level else depth, level)))

    def walk(self, el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in _SKIPPED:
            return
        if tag in _HEADINGS:
            self.flush()
            self._text.append(_inline(el))
            self.flush(_HEADINGS[tag])
        elif tag == "table":
            self.flush()
            self.items.append(("table", el))
        elif tag == "br":
            self.flush()
        elif tag in ("ul", "ol"):
            self.flush()
            self._lists += 1
            self._children(el)
            self.flush()
            self._lists -= 1
        elif tag == "li":
            self.flush()
            item, self._item = self._item, True
            self._children(el)
            self.flush()
            self._item = item
        else:
            block = tag in _BLOCKS
            if block:
                self.flush()
            self._children(el)
            if block:
                self.flush()

    def _children(self, el: Any) -> None:
        if el.text:
            self._text.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self._text.append(child.tail)


def _inline(el: Any) -> str:
    """The text of an element, its scripts and styles left out."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag.lower() not in _SKIPPED:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _table_rows(table: Any, name: str, warn: Warn) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Each row of a table as one cell per grid column: a cell spanning columns gives its text
    once and keeps the grid; a cell spanning rows gives its text on each (the rows after its
    own say from which row it was carried)."""
    below: dict[int, tuple[str, int, int]] = {}  # grid column -> (text, rows still to fill, its row)
    rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    for r, tr in enumerate(rows, start=1):
        where = f"{name}, row {r}"
        cells: list[str] = []
        carried: list[int] = []
        for td in tr.xpath("./td | ./th"):
            _carry(cells, carried, below)
            columns = _span(td, "colspan", where, warn)
            down = _span(td, "rowspan", where, warn)
            if down > 1:
                below[len(cells)] = (_cell_text(td), down - 1, r)
            cells += [_cell_text(td)] + [""] * (columns - 1)
        _carry(cells, carried, below)
        while any(c >= len(cells) for c in below):  # a span below a short row: the row is widened to it
            cells += [""] * (min(c for c in below if c >= len(cells)) - len(cells))
            _carry(cells, carried, below)
        if not any(c.strip() for c in cells):
            continue
        if carried:
            where += f" ({MERGED_DOWN} {min(carried)})"
        yield where, tuple(cells)


def _carry(cells: list[str], carried: list[int], below: dict[int, tuple[str, int, int]]) -> None:
    """The texts of cells spanning down from rows above, at the next columns of ``cells``."""
    while len(cells) in below:
        text, left, origin = below.pop(len(cells))
        carried.append(origin)
        if left > 1:
            below[len(cells)] = (text, left - 1, origin)
        cells.append(text)


def _span(td: Any, attribute: str, where: str, warn: Warn) -> int:
    raw = td.get(attribute)
    if raw is None:
        return 1
    if raw.strip().isdigit() and 1 <= int(raw) <= _MAX_SPAN:
        return int(raw)
    if raw.strip() != "0":  # rowspan="0", "to the end of the group", is read as 1
        warn(where, f"{attribute} {raw!r} is not a count of 1 to {_MAX_SPAN}; read as 1")
    return 1


def _cell_text(td: Any) -> str:
    """A cell's text, a line a paragraph, list items marked as bullets (as the Word reader marks
    them, so an indicator list in a cell survives), a table inside the cell a line a row."""
    reader = _Reader()
    reader._children(td)
    reader.flush()
    lines: list[str] = []
    in_list = 0
    for kind, value in reader.items:
        if kind == "table":
            lines += [" | ".join(c for c in cells if c) for _, cells in _table_rows(value, "", lambda w, m: None)]
            in_list = 0
            continue
        text, depth, _ = value
        if depth:
            lines.append(f"{'<ul> ' if depth > in_list else ''}{'•' if depth == 1 else '◦'} {text}")
        else:
            lines.append(text)
        in_list = depth
    return "\n".join(lines)
