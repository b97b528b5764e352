"""Bad input ends with a non-zero exit and one sentence naming the file; nothing half-written."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.cli import main

from conftest import SEEDS, soffice


def _run(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(main, list(args))
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r.exit_code, r.output


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("junk.txt", bytes(range(256)) * 40, "binary data"),
        ("junk.docx", b"PK not really a zip" * 50, "is not a Word document"),
        ("junk.pdf", b"hello, I am not a PDF", "is not a PDF"),
        ("notes.txt", b"Minutes of the meeting\n\nNothing to see here.\n", "no improvement-action table"),
        ("plan.odt", b"whatever", "unknown document type"),
        ("plan.xlsx", b"whatever", "is a plan workbook, not a plan document"),
    ],
)
def test_bad_documents(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    src = tmp_path / name
    src.write_bytes(content)
    out = tmp_path / "out"
    code, output = _run("extract", str(src), "--out", str(out))
    assert code == 1
    assert message in output and str(src) in output
    assert len(output.strip().splitlines()) == 1 and "Traceback" not in output
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary left beside it


def test_twenty_megabyte_file(tmp_path: Path) -> None:
    src = tmp_path / "huge.txt"
    with src.open("wb") as fh:
        fh.write(b"Lorem ipsum dolor sit amet\n" * (20 * 1024 * 1024 // 27 + 1))
    code, output = _run("extract", str(src), "--out", str(tmp_path / "out"))
    assert code == 1 and "over the 5 MB limit" in output and str(src) in output


def test_out_folder_missing(tmp_path: Path) -> None:
    code, output = _run("extract", str(SEEDS["midlothian"]), "--out", str(tmp_path / "no" / "such" / "p.xlsx"))
    assert code == 1 and "does not exist" in output


def test_missing_file(tmp_path: Path) -> None:
    code, output = _run("extract", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o"))
    assert code == 1 and "no such file" in output


def test_failed_extract_keeps_the_workbook_already_there(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run("extract", str(SEEDS["midlothian"]), "--out", str(out))[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = tmp_path / "bad.txt"
    bad.write_text("no tables here\n")
    assert _run("extract", str(bad), "--out", str(out))[0] == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_rewriting_a_workbook_replaces_it_whole(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    assert _run("extract", str(SEEDS["midlothian"]), "--out", str(out))[0] == 0
    assert _run("extract", str(SEEDS["north-lanarkshire"]), "--out", str(out))[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_xlsx_missing_a_sheet_or_a_column(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "plan.xlsx"
    assert _run("extract", str(SEEDS["midlothian"]), "--out", str(out))[0] == 0
    wb = load_workbook(out)
    del wb["partners"]
    wb.save(tmp_path / "no-sheet.xlsx")
    code, output = _run("validate", str(tmp_path / "no-sheet.xlsx"))
    assert code == 1 and "the sheet 'partners' is missing" in output and "no-sheet.xlsx" in output
    wb = load_workbook(out)
    wb["actions"].delete_cols(5)  # contributors
    wb.save(tmp_path / "no-col.xlsx")
    code, output = _run("validate", str(tmp_path / "no-col.xlsx"))
    assert code == 1 and "has no column 'contributors'" in output


def test_corrupt_xlsx(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    code, output = _run("validate", str(bad))
    assert code == 1 and "is not a readable .xlsx workbook" in output


def test_no_traceback_from_the_real_command(tmp_path: Path) -> None:
    src = tmp_path / "empty.txt"
    src.write_bytes(b"")
    exe = shutil.which("cjgraph") or str(Path(sys.executable).parent / "cjgraph")
    r = subprocess.run([exe, "extract", str(src), "--out", str(tmp_path / "o")], capture_output=True, text=True)
    assert r.returncode == 1
    assert r.stderr.strip() == f"cjgraph: error: {src}: the file is empty."


@pytest.mark.parametrize(
    ("filter_", "suffix", "named", "said"),
    [
        ("doc:MS Word 97", ".doc", ".doc", "is a Word 97-2003 document (.doc)"),
        ("doc:MS Word 97", ".doc", ".docx", "is a Word 97-2003 document (.doc)"),  # renamed, as people do
        ("odt", ".odt", ".odt", "is an OpenDocument text (.odt)"),
        ("rtf", ".rtf", ".rtf", "is a Rich Text document (.rtf)"),
    ],
)
def test_a_plan_in_another_word_format_says_how_to_save_it_as_docx(
    tmp_path: Path, filter_: str, suffix: str, named: str, said: str
) -> None:
    """.doc, .odt and .rtf files as LibreOffice writes them: one sentence naming the file, what
    it is and how to save it as .docx; no traceback, nothing written."""
    from docmaker import make_docx

    text = "Outcome 1\n\n| Ref | Action | Lead |\n| A1 | Do a thing | Police Scotland |\n"
    source = make_docx(text, tmp_path / "p.docx")
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    run = subprocess.run(
        [soffice(), profile, "--headless", "--convert-to", filter_, "--outdir", str(tmp_path / "out"), str(source)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    made = tmp_path / "out" / f"p{suffix}"
    assert run.returncode == 0 and made.is_file(), run.stderr
    plan = made.rename(tmp_path / f"plan{named}")
    result = CliRunner().invoke(main, ["extract", str(plan), "--out", str(tmp_path / "plan.xlsx")])
    assert result.exit_code == 1 and said in result.output and "--convert-to docx plan" in result.output
    assert str(plan) in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "plan.xlsx").exists()


def test_an_image_only_pdf_says_it_has_no_text_layer(tmp_path: Path) -> None:
    """A PDF of a scanned page (an image and no text, as LibreOffice exports a Word file holding
    only the picture): one sentence saying it has no text layer and what to do."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = b"".join(b"\x00" + bytes([(x * 7 + y * 3) % 256 for x in range(200)]) for y in range(120))
    png = tmp_path / "scan.png"
    png.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 200, 120, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )
    import docx

    scan = docx.Document()  # a Word file holding only a scanned page, as an office scanner makes one
    scan.add_picture(str(png))
    scan.save(str(tmp_path / "scan.docx"))
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    run = subprocess.run(
        [
            soffice(),
            profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            str(tmp_path / "scan.docx"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / "out" / "scan.pdf"
    assert run.returncode == 0 and pdf.is_file(), run.stderr
    result = CliRunner().invoke(main, ["extract", str(pdf), "--out", str(tmp_path / "plan.xlsx")])
    assert result.exit_code == 1 and "has no text layer" in result.output and "run OCR" in result.output
    assert len(result.output.strip().splitlines()) == 1 and not (tmp_path / "plan.xlsx").exists()
