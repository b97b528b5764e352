"""The reading corpus: the seed plans laid out as councils publish them, as Word files and the
PDFs LibreOffice exports from them (issue 10).

Each seed is printed in six layouts, each with the Word features that broke the reader:

- ``word``: real tables with the header row repeated on every page and rows allowed to break
  across pages (Word's default), Symbol-font bullets (U+F0B7, Word's own), a running header
  and a "Page N of M" footer;
- ``numbered``: the refs are automatic list numbering ("SO1.%1"), second-level bullets drawn
  with Wingdings (U+F0A7) and Courier New "o";
- ``merged``: a lead or timescale shared by consecutive rows is one vertically merged cell,
  the header's "Improvement Action" spans the ref and text columns, landscape pages, headings
  that differ from the body only by font (no space around them);
- ``columns``: the ref is printed at the start of the action cell, and "Measure of success",
  "RAG" and "Progress / comments" columns follow the partners; long words carry Word's
  optional hyphens, so the PDF breaks them at line ends;
- ``unruled``: tables without borders (Word's plain table), so the PDF has no ruling lines and
  its tables are known only by the positions of their columns.
- ``continued``: each action table opens with a row holding its outcome, and that row and the
  header row repeat on every page the table runs onto (Word's "repeat as header row"); rows break
  across pages. ``continued-noref`` (Midlothian only) prints the same tables without their ref
  column, so nothing but the words says where a row broken by a page goes on (issue 24).

What is printed is the seed's own content, so the answer keys in ``tests/fixtures/gold`` are
the keys of every document. The files are committed under ``tests/fixtures/corpus``, so the
tests need neither LibreOffice nor this script. To make them again (LibreOffice needed:
``apt-get install libreoffice-writer-nogui``)::

    .venv/bin/python tests/corpus.py

This builds on :mod:`docmaker`'s reading of the seed text (tables, bullets, paragraphs), and is
independent of cjgraph's reader.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt

sys.path.insert(0, str(Path(__file__).parent))
from docmaker import cell_parts, parse  # noqa: E402

HERE = Path(__file__).parent
CORPUS = HERE / "fixtures" / "corpus"
SEEDS = {"midlothian": "000_e0d0cd3458c02ad2.txt", "north-lanarkshire": "002_aa598d3ded1ea9e9.txt"}
LAYOUTS = ("word", "numbered", "merged", "columns", "unruled", "continued")
# layouts printed for one seed only: Midlothian's tables without their ref column (North
# Lanarkshire's summary tables name its actions by ref, so it has no such print)
ONE_SEED_LAYOUTS = {"continued-noref": "midlothian"}
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_REF = re.compile(r"^[A-Z]{0,6}\s?\d{1,2}(?:\.\d{1,3}){0,2}$")
_SPLIT_REF = re.compile(r"^(.*?)(\d+)$")


def _is_ref(cell: str) -> bool:
    return bool(_REF.match(cell.strip()))


def _ref_rows(rows: list[list[str]]) -> list[int]:
    return [i for i, r in enumerate(rows) if r and _is_ref(r[0])]


def _title(items: list[Any]) -> str:
    for kind, payload in items:
        if kind == "para" and "improvement plan" in payload[0].lower():
            return str(payload[0]).strip("* ")
    return "Community Justice Outcomes Improvement Plan"


class _Builder:
    def __init__(self, layout: str) -> None:
        self.layout = layout
        self.d = docx.Document()
        self.bullets = self._bullet_list()
        self.body_font()

    # -- document furniture ------------------------------------------------------------
    def body_font(self) -> None:
        normal = self.d.styles["Normal"]
        normal.font.name = "Liberation Sans"
        normal.font.size = Pt(10)
        if self.layout == "merged":  # headings set apart by the font alone
            for name in ("Normal", "Heading 2"):
                pf = self.d.styles[name].paragraph_format
                pf.space_before = pf.space_after = Pt(0)
            section = self.d.sections[0]
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width

    def running(self, title: str) -> None:
        section = self.d.sections[0]
        section.header.paragraphs[0].text = f"{title} \u2014 Draft for consultation"
        p = section.footer.paragraphs[0]
        p.add_run("Page ")
        p._p.append(parse_xml(f'<w:fldSimple {_W} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
        p.add_run(" of ")
        p._p.append(parse_xml(f'<w:fldSimple {_W} w:instr="NUMPAGES"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))

    def _numbering(self, levels: list[str]) -> str:
        """A list definition (``levels``: <w:lvl> bodies by level); returns its num id."""
        numbering = self.d.part.numbering_part.element
        ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
        num_id = max(ids, default=0) + 1
        body = "".join(f'<w:lvl w:ilvl="{i}">{lvl}</w:lvl>' for i, lvl in enumerate(levels))
        numbering.insert(0, parse_xml(f'<w:abstractNum {_W} w:abstractNumId="{800 + num_id}">{body}</w:abstractNum>'))
        numbering.append(parse_xml(f'<w:num {_W} w:numId="{num_id}"><w:abstractNumId w:val="{800 + num_id}"/></w:num>'))
        return str(num_id)

    def _bullet_list(self) -> str:
        def bullet(char: str, font: str, indent: int) -> str:
            return (
                f'<w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="{char}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr>'
                f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr>'
            )

        second = ("\uf0a7", "Wingdings") if self.layout == "numbered" else ("o", "Courier New")
        return self._numbering([bullet("\uf0b7", "Symbol", 720), bullet(*second, 1440)])

    def list_item(self, p: Any, level: int, num_id: str | None = None) -> None:
        ppr = p._p.get_or_add_pPr()
        ppr.insert(
            0,
            parse_xml(f'<w:numPr {_W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id or self.bullets}"/></w:numPr>'),
        )

    def text(self, p: Any, text: str) -> None:
        """Text into a paragraph; in ``columns``, long words carry Word's optional hyphens."""
        if self.layout != "columns":
            p.add_run(text)
            return
        run = p.add_run()
        for word in re.split(r"(\s+)", text):
            if len(word) >= 11 and word.isalpha():
                half = len(word) // 2
                run._r.append(parse_xml(f'<w:t {_W} xml:space="preserve">{_xml(word[:half])}</w:t>'))
                run._r.append(parse_xml(f"<w:softHyphen {_W}/>"))
                word = word[half:]
            run._r.append(parse_xml(f'<w:t {_W} xml:space="preserve">{_xml(word)}</w:t>'))

    # -- content -----------------------------------------------------------------------
    def paragraph(self, text: str, level: int) -> None:
        if level:
            p = self.d.add_paragraph()
            self.list_item(p, level - 1)
            self.text(p, text)
        elif _is_heading(text):
            self.d.add_heading(text.strip("*"), level=2)
        else:
            self.text(self.d.add_paragraph(), text)

    def table(self, rows: list[list[str]], outcome: str = "") -> None:
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        refs = _ref_rows(rows)
        merges: list[tuple[int, int, int, int]] = []
        numbered: dict[int, tuple[str, int]] = {}
        header = refs[0] - 1 if refs and refs[0] > 0 else None
        actions = any(re.search(r"[A-Za-z.]", rows[i][0]) for i in refs)  # action refs, not version numbers
        repeated: list[int] = [] if header is None else [header]
        if refs and actions:
            titled = header is not None and rows[header][0].strip() and outcome  # not a table's rest
            rows, merges, numbered = self._reshape(rows, refs, header)
            width = len(rows[0])
            if self.layout.startswith("continued") and header is not None and titled:
                rows.insert(header, [outcome] + [""] * (width - 1))  # the outcome, repeated on every page
                merges.append((header, 0, header, width - 1))
                repeated = [header, header + 1]
        table = self.d.add_table(rows=len(rows), cols=width)
        if self.layout != "unruled":
            table.style = "Table Grid"
        num_ids: dict[str, str] = {}
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                if c == 0 and r in numbered:
                    prefix, start = numbered[r]
                    if prefix not in num_ids:
                        num_ids[prefix] = self._numbering(
                            [f'<w:start w:val="{start}"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{prefix}%1"/>']
                        )
                    self.list_item(cell.paragraphs[0], 0, num_ids[prefix])
                    continue
                first = True
                for text, level in cell_parts(value) or [("", 0)]:
                    p = cell.paragraphs[0] if first else cell.add_paragraph()
                    first = False
                    if level:
                        self.list_item(p, level - 1)
                    self.text(p, text)
        for r in repeated:  # the header row repeats at the top of every page
            tr_pr = table.rows[r]._tr.get_or_add_trPr()
            tr_pr.append(parse_xml(f"<w:tblHeader {_W}/>"))
        for r1, c1, r2, c2 in merges:
            table.cell(r1, c1).merge(table.cell(r2, c2))
        self.d.add_paragraph()

    def _reshape(
        self, rows: list[list[str]], refs: list[int], header: int | None
    ) -> tuple[list[list[str]], list[tuple[int, int, int, int]], dict[int, tuple[str, int]]]:
        """The rows as the layout prints them, the cells it merges and the refs Word numbers."""
        if self.layout == "numbered":
            return rows, [], _numbered(rows, refs)
        if self.layout == "merged":
            return rows, _merged(rows, refs, header), {}
        if self.layout == "columns":
            _columns(rows, refs, header)
        if self.layout == "continued-noref":
            rows = [r[1:] for r in rows]
        return rows, [], {}


def _numbered(rows: list[list[str]], refs: list[int]) -> dict[int, tuple[str, int]]:
    """The refs a Word list numbers: consecutive numbers under one prefix, else none."""
    parts = [_SPLIT_REF.match(rows[i][0].strip()) for i in refs]
    if not (all(parts) and len({p.group(1) for p in parts if p}) == 1):
        return {}
    numbers = [int(p.group(2)) for p in parts if p]
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return {}
    return {i: (parts[0].group(1), numbers[0]) for i in refs if parts[0]}  # type: ignore[union-attr]


def _merged(rows: list[list[str]], refs: list[int], header: int | None) -> list[tuple[int, int, int, int]]:
    """Equal partner and date cells of consecutive rows merged into one (and the first two header
    cells); the merges made."""
    merges: list[tuple[int, int, int, int]] = []
    for c in range(2, len(rows[0])):  # the partner and date columns
        k = 0
        while k < len(refs):
            j = k
            value = rows[refs[k]][c].strip()
            while j + 1 < len(refs) and refs[j + 1] == refs[j] + 1 and value and rows[refs[j + 1]][c].strip() == value:
                j += 1
            if j > k:
                for i in refs[k + 1 : j + 1]:
                    rows[i][c] = ""
                merges.append((refs[k], c, refs[j], c))
            k = j + 1
    if header is not None and rows[header][0].strip():
        rows[header][0], rows[header][1] = "Improvement Action", ""
        merges.append((header, 0, header, 1))
    return merges


def _columns(rows: list[list[str]], refs: list[int], header: int | None) -> None:
    """The ref folded into the action's cell, and measure, RAG and progress columns added."""
    marks = ("Green", "Amber", "Green", "Red")
    for n, i in enumerate(range(refs[0], len(rows))):
        row = rows[i]
        if i in refs:
            row[1] = f"{row[0].strip()}  {row[1]}"
            rows[i] = row[1:] + ["Reported to the partnership board each year", marks[n % 4], "On track"]
        else:
            rows[i] = row[1:] + ["", "", ""]
    if header is not None:
        rows[header] = rows[header][1:] + ["Measure of success", "RAG", "Progress / comments"]
    for i in range(0, header if header is not None else refs[0]):
        rows[i] = rows[i][1:] + ["", "", ""]


def _is_heading(text: str) -> bool:
    return len(text.split()) <= 8 and not text.endswith(".") and not text.endswith(";")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_layout(text: str, layout: str, path: Path) -> Path:
    """The plan ``text`` as a Word file in ``layout`` (one of :data:`LAYOUTS`)."""
    items = parse(text)
    b = _Builder(layout)
    if layout != "merged":
        b.running(_title(items))
    outcome, label = "", False
    for kind, payload in items:
        if kind == "para":
            t, level = payload  # type: ignore[misc]
            b.paragraph(t, level)
            if label or (not level and _is_heading(t) and "outcome" in t.lower()):
                outcome = t.strip("*")
            label = "outcome" in t.lower() and t.rstrip().endswith((";", ":"))
        else:
            b.table(payload, outcome)  # type: ignore[arg-type]
            label = False
    b.d.save(str(path))
    return path


# web pages as a browser saves them (issue 24): ``web`` marks its main content (<main>) and
# merges equal lead and date cells of consecutive rows (rowspan) and the header's first two cells
# (colspan); ``web-plain`` has no <main> (the site's menus and footer are in the body) and puts
# its tables in <thead>/<tbody> inside layout <div>s
WEB_LAYOUTS = ("web", "web-plain")
_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | gov.scot</title>
<style>table {{ border-collapse: collapse }} td, th {{ border: 1px solid #999 }}</style>
<script>window.dataLayer = [{{"action": "Improvement Action", "lead": "Police Scotland"}}];</script>
</head><body>
<header class="site-header"><a href="#main">Skip to main content</a><nav><ul><li><a href="/">Home</a></li>
<li><a href="/publications">Publications</a></li></ul></nav></header>
{opening}{content}{closing}
<footer><p>Page last updated 5 December 2026</p><p>Accessibility | Cookies | Privacy</p></footer>
<script src="/assets/site.js"></script></body></html>
"""


def make_web(text: str, layout: str, path: Path) -> Path:
    """The plan ``text`` as a web page in ``layout`` (one of :data:`WEB_LAYOUTS`)."""
    items = parse(text)
    out: list[str] = []
    open_lists = 0
    for kind, payload in items:
        if kind == "para":
            t, level = payload  # type: ignore[misc]
            while open_lists > level:
                out.append("</ul>")
                open_lists -= 1
            if level:
                while open_lists < level:
                    out.append("<ul>")
                    open_lists += 1
                out.append(f"<li>{_xml(t)}</li>")
            elif len(t.split()) <= 8 and not t.endswith(".") and not t.endswith(";"):
                out.append(f"<h2>{_xml(t.strip('*'))}</h2>")
            else:
                out.append(f"<p>{_xml(t)}</p>")
            continue
        while open_lists:
            out.append("</ul>")
            open_lists -= 1
        out.append(_web_table(payload, layout))  # type: ignore[arg-type]
    out += ["</ul>"] * open_lists
    opening, closing = (
        ('<main id="main">', "</main>") if layout == "web" else ('<div class="page"><div class="body">', "</div></div>")
    )
    page = _PAGE.format(title=_xml(_title(items)), opening=opening, content="\n".join(out), closing=closing)
    path.write_text(page, encoding="utf-8")
    return path


def _web_table(rows: list[list[str]], layout: str) -> str:
    """A table in HTML: equal lead and date cells of consecutive action rows as one cell spanning
    them, the header's first two cells as one spanning both."""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    refs = _ref_rows(rows)
    header = refs[0] - 1 if refs and refs[0] > 0 else None
    merges = _merged(rows, refs, header) if refs and any(re.search(r"[A-Za-z.]", rows[i][0]) for i in refs) else []
    spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in merges}
    covered = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - set(spans)
    html = []
    for r, values in enumerate(rows):
        tag = "th" if r == header else "td"
        cells = []
        for c, value in enumerate(values):
            if (r, c) in covered:
                continue
            down, across = spans.get((r, c), (1, 1))
            attrs = (f' rowspan="{down}"' if down > 1 else "") + (f' colspan="{across}"' if across > 1 else "")
            cells.append(f"<{tag}{attrs}>{_web_cell(value)}</{tag}>")
        html.append("<tr>" + "".join(cells) + "</tr>")
    if layout == "web-plain" and header is not None:
        head, body = html[: header + 1], html[header + 1 :]
        return (
            '<div class="table-wrap"><table><thead>'
            + "".join(head)
            + "</thead><tbody>"
            + "".join(body)
            + "</tbody></table></div>"
        )
    return "<table>" + "".join(html) + "</table>"


def _web_cell(value: str) -> str:
    parts = cell_parts(value)
    out, open_list = [], 0
    for text, level in parts:
        if level and not open_list:
            out.append("<ul>")
        if not level and open_list:
            out.append("</ul>")
        open_list = level
        out.append(f"<li>{_xml(text)}</li>" if level else (f"<p>{_xml(text)}</p>" if len(parts) > 1 else _xml(text)))
    if open_list:
        out.append("</ul>")
    return "".join(out)


# the delivery plan of the National Strategy for Community Justice and one of its updates, in their
# layouts with cjgraph's own text: web pages written by hand (their answer keys are in
# fixtures/gold), and the PDFs LibreOffice prints of them
NATIONAL = ("national-delivery-plan", "national-delivery-plan-update")

# web pages copied from the browser into a text file (issue 24): ``copied-lines`` puts every
# table cell on a line of its own (the header's cells too; an empty cell gives no line);
# ``copied-slashes`` prints each row on one line, its cells split by " / ", and a lead or date
# merged over several rows (as ``web`` merges them) once, on the first row of the span; in both
# the header's "Improvement Action" spans the ref and text columns, and the other tables
# (indicators, versions) are copied tab-separated
COPIED_LAYOUTS = ("copied-lines", "copied-slashes")


def make_copied(text: str, layout: str, path: Path) -> Path:
    """The plan ``text`` as copied from its web page, in ``layout`` (one of :data:`COPIED_LAYOUTS`)."""
    out: list[str] = []
    for kind, payload in parse(text):
        if kind == "para":
            t, level = payload  # type: ignore[misc]
            out.append(f"{'  ' * (level - 1)}\u2022 {t}" if level else t)
            continue
        out += _copied_table(payload, layout) + [""]  # type: ignore[arg-type]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def _copied_table(rows: list[list[str]], layout: str) -> list[str]:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    refs = _ref_rows(rows)
    header = refs[0] - 1 if refs and refs[0] > 0 else None
    actions = refs and any(re.search(r"[A-Za-z.]", rows[i][0]) for i in refs)
    if not actions:  # other tables (indicators, versions) as the browser copies them: tab-separated
        bullets = [[" ".join(f"\u2022 {t}" if lvl else t for t, lvl in cell_parts(v)) for v in row] for row in rows]
        return ["\t".join(row) for row in bullets]
    if layout == "copied-slashes":  # the page merged equal leads and dates down, and the header's first cells
        merges = _merged(rows, refs, header)  # the merged cells' other rows are emptied
        covered = {(r, c) for r1, c, r2, _ in merges for r in range(r1 + 1, r2 + 1)}
        rows = [[v for c, v in enumerate(row) if (r, c) not in covered] for r, row in enumerate(rows)]
    elif header is not None and rows[header][0].strip():  # the page merged the header's first two cells
        rows[header][:2] = ["Improvement Action", ""]
    out = []
    for r, row in enumerate(rows):
        cells = [" ".join(t for t, _ in cell_parts(v)) for v in row]
        if layout == "copied-lines":
            out += [c for c in cells if c]
        else:
            out.append(" / ".join(c for c in cells if c or r != header))
    return out


def main() -> None:
    shared = HERE.parent.parent / "shared" / "seeds"
    CORPUS.mkdir(parents=True, exist_ok=True)
    soffice = shutil.which("soffice")
    if soffice is None:
        sys.exit("corpus: LibreOffice is needed (apt-get install libreoffice-writer-nogui)")
    made = []
    for plan, seed in SEEDS.items():
        text = (shared / seed).read_text(encoding="utf-8")
        for layout in LAYOUTS + tuple(k for k, v in ONE_SEED_LAYOUTS.items() if v == plan):
            made.append(make_layout(text, layout, CORPUS / f"{plan}-{layout}.docx"))
        for layout in WEB_LAYOUTS:
            make_web(text, layout, CORPUS / f"{plan}-{layout}.html")
        for layout in COPIED_LAYOUTS:
            make_copied(text, layout, CORPUS / f"{plan}-{layout}.txt")
    made += [CORPUS / f"{name}.html" for name in NATIONAL]  # written by hand; their PDFs as LibreOffice prints them
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(CORPUS), *map(str, made)],
            check=True,
        )  # fmt: skip
    for path in sorted(CORPUS.iterdir()):
        print(path.relative_to(HERE.parent), path.stat().st_size)


if __name__ == "__main__":
    main()
