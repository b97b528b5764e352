"""Reading a PDF plan: cjgraph's reader (PDFium text lines and ruling lines) against a raw text
extraction of the same file (PDFium's text of every page, nothing else), side by side in one run;
and, when pdfplumber is installed, the pdfplumber reader cjgraph used before (tables found with
pdfplumber's table finder, text lines outside them).

    python benchmarks/pdf_read.py [PDF ...]     # default: the corpus PDFs in tests/fixtures/corpus
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cjgraph.loaders.pdf import pdf_blocks

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "corpus"


def raw_text(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    n = sum(len(pdf[k].get_textpage().get_text_range()) for k in range(len(pdf)))
    pdf.close()
    return n


def pdfplumber_reader(path: Path) -> int:
    """What cjgraph's reader did before: pdfplumber tables and the text lines around them."""
    import pdfplumber

    n = 0
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]

            def outside(obj: dict[str, Any], boxes: list[Any] = boxes) -> bool:
                if obj.get("object_type") != "char":
                    return True
                x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
                return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

            n += len(page.filter(outside).extract_text_lines(return_chars=False))
            n += sum(len(t.extract()) for t in tables)
    return n


def best(fn: Callable[[Path], object], path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or sorted(CORPUS.glob("*.pdf"))
    try:
        import pdfplumber  # noqa: F401

        old = True
    except ImportError:
        old = False
    print(
        f"{'document':36} {'raw text':>9} {'cjgraph':>9} {'ratio':>6}"
        + (f" {'pdfplumber':>11} {'ratio':>6}" if old else "")
    )
    ratios = []
    for path in paths:
        t_raw = best(raw_text, path, 5)
        t_new = best(lambda p: pdf_blocks(p), path, 3)
        ratios.append(t_new / t_raw)
        line = f"{path.name:36} {t_raw * 1000:7.1f}ms {t_new * 1000:7.1f}ms {t_new / t_raw:5.1f}x"
        if old:
            t_old = best(pdfplumber_reader, path, 1)
            line += f" {t_old * 1000:9.0f}ms {t_old / t_raw:5.0f}x"
        print(line)
    print(f"cjgraph / raw text: {min(ratios):.1f}x to {max(ratios):.1f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
