"""Step 1 of extraction: a document of any format read into one block stream (see
:mod:`cjgraph.loaders`), within the size limits, a PDF in a child process."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from cjgraph.errors import DocumentError
from cjgraph.limits import (
    MAX_DOCUMENT_BYTES,
    MAX_PDF_MEMORY,
    MAX_PDF_SECONDS,
    MAX_TEXT_BYTES,
    MB,
    check_size,
    check_xml_parts,
    check_zip,
)
from cjgraph.loaders.blocks import Block, text_blocks

__all__ = ["read_document"]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff]")  # control characters but tab, newlines, page break


def read_document(path: Path, warn: Callable[[str, str], None] | None = None) -> list[Block]:
    """Read a plan document into blocks, by its suffix; :class:`DocumentError` if unreadable.
    ``warn(where, message)`` hears of structure the reader read as something else."""
    path = Path(path)
    if not path.exists():
        raise DocumentError(f"{path}: no such file.")
    if path.is_dir():
        raise DocumentError(f"{path}: is a folder, not a plan document (.txt, .docx or .pdf).")
    if path.suffix.lower() in (".xlsx", ".csv"):
        raise DocumentError(f"{path}: is a plan workbook, not a plan document; check it with `cjgraph validate`.")
    size = path.stat().st_size
    if size == 0:
        raise DocumentError(f"{path}: the file is empty.")
    suffix = path.suffix.lower()
    _refuse_other_formats(path)
    if suffix == ".docx":
        check_size(path, size, MAX_DOCUMENT_BYTES, "a plan document")
        check_zip(path, "a plan document")
        check_xml_parts(path, DocumentError)
        from cjgraph.loaders.docx import docx_blocks

        return docx_blocks(path, warn)
    if suffix in (".html", ".htm", ".xhtml"):
        check_size(path, size, MAX_DOCUMENT_BYTES, "a plan document")
        from cjgraph.loaders.html import html_blocks

        return html_blocks(path, warn)
    if suffix == ".pdf":
        check_size(path, size, MAX_DOCUMENT_BYTES, "a plan document")
        return _read_pdf(path)
    if suffix in (".txt", ".text", ".md", ""):
        return _read_text(path, size)
    raise DocumentError(f"{path}: unknown document type {suffix!r}; cjgraph reads .txt, .docx, .pdf and .html plans.")


def _read_text(path: Path, size: int) -> list[Block]:
    """A plain-text plan (UTF-8, or Windows' own encoding), within the size limit."""
    check_size(path, size, MAX_TEXT_BYTES, "a plan document")
    data = path.read_bytes()
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DocumentError(f"{path}: byte {nul} is a NUL character; this is binary data, not a text plan.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        text = data.decode("cp1252", errors="replace")
        if text.count("\ufffd") > 10:
            raise DocumentError(f"{path}: byte {e.start} is not UTF-8 text; save the plan as UTF-8.") from None
    if sum(1 for ch in text[:5000] if ord(ch) < 32 and ch not in "\t\n\r\f") > 50:
        raise DocumentError(f"{path}: holds control characters, not text; is it a binary file?")
    return text_blocks(_CONTROL.sub("", text))  # stray ones are invisible, and no XML can hold them


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of Word 97-2003 (and of old Excel)
_TO_DOCX = (
    "open it in Word or LibreOffice Writer and save it as a Word document (.docx), or run "
    "`soffice --headless --convert-to docx {name}`, then give cjgraph the .docx"
)


def _refuse_other_formats(path: Path) -> None:
    """A document in a format cjgraph does not read, known by its first bytes whatever its name,
    said in one sentence with how to save it as one it reads: Word 97-2003 (.doc, or such a file
    renamed .docx), OpenDocument text (.odt), RTF."""
    with path.open("rb") as fh:
        head = fh.read(8)
    to_docx = _TO_DOCX.format(name=path.name)
    if head == _OLE2:
        raise DocumentError(f"{path}: is a Word 97-2003 document (.doc), which cjgraph does not read; {to_docx}.")
    if head.startswith(b"PK") and _zip_mimetype(path) == "application/vnd.oasis.opendocument.text":
        raise DocumentError(f"{path}: is an OpenDocument text (.odt), which cjgraph does not read; {to_docx}.")
    if head.startswith(b"{\\rtf"):
        raise DocumentError(f"{path}: is a Rich Text document (.rtf), which cjgraph does not read; {to_docx}.")


def _zip_mimetype(path: Path) -> str:
    """The ``mimetype`` an OpenDocument zip begins with ('' for any other zip, or none)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            return z.read("mimetype")[:100].decode("ascii", "replace").strip() if "mimetype" in z.namelist() else ""
    except (zipfile.BadZipFile, OSError, KeyError):
        return ""


def _read_pdf(path: Path) -> list[Block]:
    """A PDF read in a child process that can reach no file, within a memory cap and a time limit
    (the PDF library, given a hostile file, can ask for gigabytes or abort the process)."""
    from cjgraph.framework import load_table_words
    from cjgraph.loaders.pdf import pdf_blocks
    from cjgraph.sandbox import ChildStopped, run_apart

    load_table_words()  # read before the child is confined: it can open no file
    data = path.read_bytes()
    try:
        blocks: list[Block] = run_apart(
            pdf_blocks, path, data, memory=MAX_PDF_MEMORY, seconds=MAX_PDF_SECONDS, what="reading the PDF"
        )
    except ChildStopped as e:
        raise DocumentError(
            f"{path}: reading it stopped ({e.how}): a plan document may take {MAX_PDF_MEMORY // MB} MB and "
            f"{MAX_PDF_SECONDS} s; is it a plan, or pages of drawings inside drawings?"
        ) from None
    return blocks
