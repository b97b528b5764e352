"""Actions printed as labelled records ("Timescale: …", "Lead partner: …") or as lines split by
" / ", as delivery plans and accessible HTML plans print them (issue 10)."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from cjgraph.cli import main

PLAN = Path(__file__).parent / "fixtures" / "layouts" / "records.txt"


def test_labelled_records_and_delimited_lines_are_actions(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(PLAN), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    with (tmp_path / "out" / "actions.csv").open(encoding="utf-8") as fh:
        got = [
            (r["ref"], r["outcome"], r["leads"], r["contributors"], r["due"], r["status"]) for r in csv.DictReader(fh)
        ]
    assert got == [
        ("1", "life-chances", "Dundee City Council", "Scottish Prison Service | Shelter Scotland", "2021-03-31", ""),
        ("2", "life-chances", "Department for Work and Pensions", "Citizens Advice Scotland", "2021-09-30", "on-track"),
        ("2.1", "partnership", "Dundee City Council", "Police Scotland", "2022-03-31", ""),
        ("2.2", "partnership", "NHS Tayside", "", "2023-03-31", ""),
        ("2.3", "partnership", "Scottish Prison Service", "NHS Tayside | Dundee City Council", "2024-04-30", ""),
        ("3.1", "interventions", "Police Scotland", "", "2021-06-30", ""),
        ("3.2", "interventions", "Crown Office and Procurator Fiscal Service", "", "2022-12-31", ""),
    ]
    assert "actions to check: 0 of 7" in result.output


def test_a_numbered_paragraph_without_labels_stays_a_paragraph(tmp_path: Path) -> None:
    from cjgraph.loaders.blocks import text_blocks
    from cjgraph.loaders.records import records_to_rows

    blocks = text_blocks("1. Our vision is a safer Scotland\nWe will: work together / listen / learn\n")
    assert records_to_rows(blocks) == blocks
