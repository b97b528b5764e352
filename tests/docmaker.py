"""Build real .docx and .pdf plans from plan text, for the loader tests.

Deliberately independent of cjgraph's own reader: tab lines and markdown pipe lines become
real tables (a blank line ends a table, as a page break would), ``-`` lines become bullet
list paragraphs, cells holding HTML list remnants become list paragraphs inside the cell.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

Item = tuple[str, object]  # ("para", (text, level)) or ("table", rows)


def parse(text: str) -> list[Item]:
    items: list[Item] = []
    table: list[list[str]] = []
    lines = text.split("\n")
    i = 0

    def end_table() -> None:
        nonlocal table
        if table:
            items.append(("table", table))
            table = []

    while i < len(lines):
        line = lines[i]
        s = line.strip()
        if s.startswith("|"):
            while not s.endswith("|") and i + 1 < len(lines):
                i += 1
                s += "\n" + lines[i].strip()
            i += 1
            if re.fullmatch(r"[|\-:\s]+", s):
                continue
            table.append([c.strip() for c in s.strip()[1:-1].split("|")])
            continue
        i += 1
        if "\t" in line:
            table.append(line.split("\t"))
            continue
        end_table()
        if not s:
            continue
        m = re.match(r"^(\s*)- (.*)$", line)
        if m:
            items.append(("para", (m.group(2).strip(), 2 if m.group(1) else 1)))
        else:
            items.append(("para", (s, 0)))
    end_table()
    return items


def cell_parts(cell: str) -> list[tuple[str, int]]:
    """(text, list level) paragraphs of a cell; level 0 = plain text."""
    cell = re.sub(r"</?p>", " ", cell)
    out: list[tuple[str, int]] = []
    for piece in cell.split("\n"):
        nested = False
        for seg in re.split(r"(<ul[^>]*>|[•○])", piece):
            if not seg or not seg.strip():
                continue
            if seg.startswith("<ul"):
                nested = bool(out) and out[-1][0].endswith(":")
                continue
            if seg in "•○":
                out.append(("", 2 if (seg == "○" or nested) else 1))
                continue
            text = " ".join(seg.split())
            if out and out[-1][0] == "" and out[-1][1]:
                out[-1] = (text, out[-1][1])
            else:
                out.append((text, 0))
    return [(t, lvl) for t, lvl in out if t]


def make_docx(text: str, path: Path) -> Path:
    import docx

    d = docx.Document()
    for kind, payload in parse(text):
        if kind == "para":
            t, level = payload  # type: ignore[misc]
            if level:
                d.add_paragraph(t, style="List Bullet" if level == 1 else "List Bullet 2")
            elif len(t.split()) <= 8 and not t.endswith("."):
                d.add_heading(t, level=2)
            else:
                d.add_paragraph(t)
        else:
            rows: list[list[str]] = payload  # type: ignore[assignment]
            width = max(len(r) for r in rows)
            table = d.add_table(rows=0, cols=width)
            table.style = "Table Grid"
            for r in rows:
                cells = table.add_row().cells
                for k, value in enumerate(r):
                    parts = cell_parts(value)
                    cell = cells[k]
                    first = True
                    for t, level in parts or [("", 0)]:
                        p = cell.paragraphs[0] if first else cell.add_paragraph()
                        first = False
                        p.text = t
                        if level:
                            p.style = d.styles["List Bullet" if level == 1 else "List Bullet 2"]
    d.save(str(path))
    return path


def make_pdf(text: str, path: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=7, leading=8.5)
    page_w = landscape(A4)[0] - 72
    story: list[object] = []
    for kind, payload in parse(text.replace("○", "•")):
        if kind == "para":
            t, level = payload  # type: ignore[misc]
            if level:
                style = body.clone(f"bullet{level}", leftIndent=24 * level + 12, bulletIndent=24 * level)
                story.append(Paragraph(escape(t), style, bulletText="•"))
            else:
                story.append(Paragraph(escape(t), body))
        else:
            rows: list[list[str]] = payload  # type: ignore[assignment]
            width = max(len(r) for r in rows)
            data = []
            for r in rows:
                r = r + [""] * (width - len(r))
                data.append([Paragraph("<br/>".join(escape(x) for x in c.split("\n")), small) for c in r])
            multi = [r for r in rows if sum(1 for c in r if c.strip()) >= 2] or rows

            def col_len(k: int, multi: list[list[str]] = multi) -> int:
                cells = [r[k] for r in multi if k < len(r)]
                longest_word = max((len(w) for c in cells for w in c.split()), default=0)
                return max(10, longest_word + 3, max((len(c) for c in cells), default=0))

            lengths = [col_len(k) for k in range(width)]
            total = sum(min(n, 120) for n in lengths)
            col_w = [page_w * min(n, 120) / total for n in lengths]
            t = Table(data, colWidths=col_w, repeatRows=0)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.extend([t, Spacer(1, 12)])
    SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=36, rightMargin=36).build(story)
    return path
