"""The seed plans as real Word and PDF documents extract (almost) as well as the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.cli import main

from conftest import SEEDS, score
from docmaker import make_docx, make_pdf


@pytest.mark.parametrize("name", sorted(SEEDS))
@pytest.mark.parametrize("maker", [make_docx, make_pdf], ids=["docx", "pdf"])
def test_documents_score(name: str, maker, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    suffix = ".docx" if maker is make_docx else ".pdf"
    doc = maker(SEEDS[name].read_text(encoding="utf-8"), tmp_path / f"{name}{suffix}")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(doc), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert score(out, name, capsys) >= 0.98
