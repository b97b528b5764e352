"""Web pages copied from the browser into a text file (issue 24): a table flattened to one cell per
line under its header, or to " / " lines where a cell merged over several rows is printed once.
Each is read from the command line as a planner would; the corpus holds both seeds in both forms
(tests/corpus.py, ``copied-lines`` and ``copied-slashes``)."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from cjgraph.cli import main

OUTCOME = "Structural Outcome 1\n\nCommunities improve their understanding and participation in community justice\n\n"


def _extract(tmp_path: Path, text: str) -> tuple[str, dict[str, dict[str, str]], list[dict[str, str]]]:
    plan = tmp_path / "copied.txt"
    plan.write_text(OUTCOME + text, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(plan), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    with (tmp_path / "out" / "actions.csv").open(encoding="utf-8") as fh:
        actions = {a["ref"]: a for a in csv.DictReader(fh)}
    with (tmp_path / "out" / "issues.csv").open(encoding="utf-8") as fh:
        issues = list(csv.DictReader(fh))
    return result.output, actions, issues


def _row(a: dict[str, str]) -> tuple[str, str, str, str]:
    return a["text"], a["leads"], a["contributors"], a["timescale"]


def test_one_cell_per_line_under_a_header_of_one_cell_per_line(tmp_path: Path) -> None:
    output, actions, _ = _extract(
        tmp_path,
        "Ref\nImprovement action\nLead partner\nContributing partners\nTimescale\n"
        "SO1.1\nRun a survey of residents\nPolice Scotland\nSacro\nMarch 2024\n"
        "SO1.2\nHold open days at the courts\nScottish Courts and Tribunals Service\nJune 2024\n"
        "SO1.3\nPublish a newsletter\nfor victims and families\nVANL\nSacro\nOngoing\n\n"
        "Structural Outcome 2\n\nPartners plan and deliver services in a more strategic and collaborative way\n",
    )
    assert {r: _row(a) for r, a in actions.items()} == {
        "SO1.1": ("Run a survey of residents", "Police Scotland", "Sacro", "March 2024"),
        # an empty cell gives no line: the date still goes to the date column
        "SO1.2": ("Hold open days at the courts", "Scottish Courts and Tribunals Service", "", "June 2024"),
        # a cell of two paragraphs gives two lines
        "SO1.3": ("Publish a newsletter for victims and families", "VANL", "Sacro", "Ongoing"),
    }
    assert "table text read: 100.0%" in output


def test_one_cell_per_line_without_refs_under_a_tabbed_header(tmp_path: Path) -> None:
    _, actions, _ = _extract(
        tmp_path,
        "Action\tDelivered by\tBy when\nRun a survey of residents\nPolice Scotland\nMarch 2024\n"
        "Hold open days at the courts\nJune 2024\nPublish a newsletter for families\nSacro\nDecember 2024\n",
    )
    assert [_row(a)[::3] for a in actions.values()] == [
        ("Run a survey of residents", "March 2024"),
        ("Hold open days at the courts", "June 2024"),
        ("Publish a newsletter for families", "December 2024"),
    ]
    assert [a["leads"] for a in actions.values()] == ["Police Scotland", "", "Sacro"]


def test_a_cell_printed_once_for_several_rows_is_carried_down_and_flagged(tmp_path: Path) -> None:
    output, actions, issues = _extract(
        tmp_path,
        "Ref / Improvement action / Managed by / Timescale\n"
        "SO1.1 / Run a survey of residents / Police Scotland / March 2024\n"
        "SO1.2 / Hold open days at the courts / June 2024\n"
        "SO1.3 / Publish a newsletter / Sacro\n"
        "SO1.4 / Train staff in trauma-informed practice / Scottish Prison Service / December 2024\n",
    )
    assert [_row(a)[::] for a in actions.values()] == [
        ("Run a survey of residents", "Police Scotland", "", "March 2024"),
        ("Hold open days at the courts", "Police Scotland", "", "June 2024"),
        ("Publish a newsletter", "Sacro", "", "June 2024"),
        ("Train staff in trauma-informed practice", "Scottish Prison Service", "", "December 2024"),
    ]
    carried = {i["subject"]: i for i in issues if i["code"] == "merged-cell-carried"}
    assert set(carried) == {"SO1.2", "SO1.3"}
    assert carried["SO1.2"]["source"] == "line 7 (merged cell printed once, carried from line 6)"
    for ref in ("SO1.2", "SO1.3"):
        assert actions[ref]["review"] == "merged cell carried into it from a row above"
        assert float(actions[ref]["confidence"]) < 1
    assert not actions["SO1.1"]["review"] and not actions["SO1.4"]["review"]
    assert "2 merged cell carried into it from a row above" in output


def test_a_table_parted_by_a_blank_line_goes_on_and_a_slash_in_the_text_is_kept(tmp_path: Path) -> None:
    _, actions, _ = _extract(
        tmp_path,
        "Ref / Action / Lead / Timescale\n"
        "SO1.1 / Review the arrest referral / diversion pathway with / Police Scotland / March 2024\n\n"
        "the procurator fiscal\n\n"
        "SO1.2 / Hold open days at the courts / SCTS / June 2024\n\n"
        "Structural Outcome 2\n",
    )
    assert _row(actions["SO1.1"]) == (
        "Review the arrest referral / diversion pathway with the procurator fiscal",
        "Police Scotland",
        "",
        "March 2024",
    )
    assert _row(actions["SO1.2"])[::3] == ("Hold open days at the courts", "June 2024")
