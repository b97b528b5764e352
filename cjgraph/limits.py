"""How much cjgraph reads and draws: every limit in one place, with the figure it was set from.

A plan is a document of tens of pages: the largest real plan text is well under 1 MB, its Word
file's XML a few MB. The limits are far above that and far below what would hang a laptop;
when one stops a command the message gives the figure and the limit
(:class:`~cjgraph.errors.LimitError`).

Examples
--------
>>> check_size(Path("plan.txt"), 6 * MB, MAX_TEXT_BYTES, "a text plan")
Traceback (most recent call last):
cjgraph.errors.LimitError: plan.txt: the file is 6.0 MB, over the 5 MB limit for a text plan.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from cjgraph.errors import CjgraphError, LimitError

__all__ = [
    "MB",
    "MAX_TEXT_BYTES",
    "MAX_DOCUMENT_BYTES",
    "MAX_UNPACKED_BYTES",
    "MAX_WORKBOOK_BYTES",
    "MAX_MAP_NODES",
    "MAX_MAP_PLAN_NODES",
    "MAX_PACK_ROWS",
    "MAX_SHEET_ROWS",
    "MAX_SHAPES",
    "MAX_TEXT_WORK",
    "MAX_CELL_CHARS",
    "MAX_CSV_FIELD",
    "MAX_PDF_MEMORY",
    "MAX_PDF_SECONDS",
    "check_size",
    "check_zip",
    "check_xml_parts",
]

MB = 1024 * 1024
MAX_TEXT_BYTES = 5 * MB  # a .txt plan (the seeds are 43 KB and 69 KB)
MAX_DOCUMENT_BYTES = 15 * MB  # a .docx or .pdf file as stored (pictures included)
# what a .docx or .xlsx unpacks to, counted from its zip directory before anything is parsed:
# a 1 MB .docx holding 413 MB of XML ran past 240 s and 3.5 GB before this check
MAX_UNPACKED_BYTES = 100 * MB
MAX_WORKBOOK_BYTES = 50 * MB  # an .xlsx plan workbook as stored
# a PDF is read in a child process within these (a 4 KB PDF of forms drawing forms asked the PDF
# library for 22.8 GB); a plan's page draws hundreds of shapes and pieces of text, a 60-page plan
# is read in a few seconds and well under 200 MB
MAX_SHAPES = 100_000  # drawn shapes per page
# a page's text is read run by run, each run looked up among the page's characters: runs x
# characters is the work (the densest page of the corpus: 176 x 2,413 = 0.4 million)
MAX_TEXT_WORK = 50_000_000
MAX_PDF_MEMORY = 400 * MB  # more than the process had when it started reading
MAX_PDF_SECONDS = 120
# what one cell of a workbook holds: Excel's own limit (a longer text is cut by Excel when it
# saves); extract cuts a longer action text with a warning, and a plan workbook is never written
# with one; cjgraph's CSV reader reads fields up to any size a plan file may have
MAX_CELL_CHARS = 32_767
MAX_CSV_FIELD = MAX_WORKBOOK_BYTES
# a map's layout is computed in Python per plan (networkx spring layout, cost ~ n^2 in a plan's
# nodes: 1,078 nodes 4.2 s, 2,078 nodes 10.7 s, 5,100 nodes 46 s measured); past these a map
# is refused with the figure, and the board pack leaves its map out and says so
MAX_MAP_PLAN_NODES = 2500
MAX_MAP_NODES = 12000
# the board pack: rows listed per table of its page, and per sheet of its report.xlsx (writing
# 100,000 actions' 595,000 chain rows took most of a 100,000-action pack's time)
MAX_PACK_ROWS = 500
MAX_SHEET_ROWS = 100_000


def check_size(path: Path, size: int, limit: int, what: str) -> None:
    """Refuse a file of ``size`` bytes over ``limit``."""
    if size > limit:
        raise LimitError(f"{path}: the file is {size / MB:.1f} MB, over the {limit // MB} MB limit for {what}.")


def check_zip(path: Path, what: str, *, limit: int = MAX_UNPACKED_BYTES) -> None:
    """Refuse a zip package (``.docx``, ``.xlsx``) whose entries unpack to more than ``limit``.

    The sizes come from the zip directory, before anything is unpacked; a reader of the
    package never gets more than an entry's stated size (Python's zipfile stops there and
    fails the checksum), so a false directory cannot get past this.
    """
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the reader says what is wrong with it
    total = sum(i.file_size for i in infos)
    if total > limit:
        biggest = max(infos, key=lambda i: i.file_size)
        raise LimitError(
            f"{path}: unpacks to {total / MB:.0f} MB ({biggest.filename!r} alone {biggest.file_size / MB:.0f} MB), "
            f"over the {limit // MB} MB limit for {what}; is it really a plan?"
        )


# what no part of a Word or Excel file needs and a hostile one uses: a DTD declares entities
# (an external one reads a file or the network, nested ones expand to gigabytes: "billion laughs")
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")
_CHUNK = 1 << 20


def check_xml_parts(path: Path, error: type[CjgraphError]) -> None:
    """Refuse a ``.docx`` or ``.xlsx`` any of whose XML parts declares a DTD or entities, holds a
    NUL byte, or is not UTF-8 XML: one hardened setting for every part cjgraph parses, checked
    on the raw bytes before any parser sees them. The refusal (``error``) names the part.

    >>> import io, tempfile
    >>> out = Path(tempfile.mkdtemp()) / "bomb.xlsx"
    >>> with zipfile.ZipFile(out, "w") as z:
    ...     z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>')
    >>> check_xml_parts(out, LimitError)
    Traceback (most recent call last):
    cjgraph.errors.LimitError: ...bomb.xlsx: the part 'xl/worksheets/sheet1.xml' declares a DTD (<!DOCTYPE); ...
    """
    try:
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                if info.filename.endswith((".xml", ".rels", ".vml")) and not info.is_dir():
                    _check_part(path, z, info, error)
    except CjgraphError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return  # not a package at all: the reader says what is wrong with it


def _check_part(path: Path, z: zipfile.ZipFile, info: zipfile.ZipInfo, error: type[CjgraphError]) -> None:
    where = f"{path}: the part {info.filename!r}"
    tail = b""
    with z.open(info) as fh:
        first = True
        while chunk := fh.read(_CHUNK):
            if first and chunk[:2] in (b"\xff\xfe", b"\xfe\xff"):
                raise error(f"{where} is UTF-16, not UTF-8 XML as Word and Excel write; save the file again from them.")
            first = False
            window = tail + chunk
            for mark in _DECLARATIONS:
                if mark in window:
                    what = "a DTD" if mark == b"<!DOCTYPE" else "an entity"
                    raise error(
                        f"{where} declares {what} ({mark.decode()}); cjgraph reads no DTDs or entities in a document's "
                        "XML (they can read files or expand without end): save the file again from Word or Excel."
                    )
            nul = chunk.find(b"\x00")
            if nul >= 0:
                raise error(f"{where} holds a NUL byte, which XML cannot hold: the file is damaged.")
            tail = window[-16:]
