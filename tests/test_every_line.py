"""Every piece of text in an action table is read or reported (issue 24): a cell no action holds
is an ``unread-text`` issue with its place, the action beside it is flagged for review, and
``extract`` prints the share of the tables' text it read."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from cjgraph.cli import main

OUTCOME = "Structural Outcome 1\n\nCommunities improve their understanding and participation in community justice\n\n"


def _extract(tmp_path: Path, text: str) -> tuple[str, list[dict[str, str]], list[dict[str, str]]]:
    plan = tmp_path / "plan.txt"
    plan.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(plan), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    with (tmp_path / "out" / "actions.csv").open(encoding="utf-8") as fh:
        actions = list(csv.DictReader(fh))
    with (tmp_path / "out" / "issues.csv").open(encoding="utf-8") as fh:
        unread = [i for i in csv.DictReader(fh) if i["code"] == "unread-text"]
    return result.output, actions, unread


def test_a_whole_table_read_says_so(tmp_path: Path) -> None:
    output, actions, unread = _extract(
        tmp_path,
        OUTCOME + "Ref\tAction\tLead\tTimescale\nSO1.1\tRun a survey of residents\tPolice Scotland\tMarch 2018\n",
    )
    assert "table text read: 100.0% of 71 characters in action tables" in output
    assert not unread and not actions[0]["review"]


def test_a_cell_beyond_the_table_columns_is_reported_beside_its_action(tmp_path: Path) -> None:
    output, actions, unread = _extract(
        tmp_path,
        OUTCOME + "Ref\tAction\tLead\tTimescale\nSO1.1\tRun a survey of residents\tPolice Scotland\tMarch 2018\n"
        "SO1.2\tHold open days at the courts\tSCTS\tMarch 2019\tFunded by the council\n",
    )
    assert "1 piece not read (code unread-text in the issues sheet)" in output
    assert "table text read: 86.2% of 130 characters" in output
    (issue,) = unread
    assert issue["subject"] == "SO1.2" and issue["source"] == "line 7"
    assert "'Funded by the council'" in issue["message"] and issue["severity"] == "warning"
    flagged = {a["ref"]: a["review"] for a in actions}
    assert flagged == {"SO1.1": "", "SO1.2": "text beside it in the table not read"}


def test_a_row_with_a_lead_and_date_but_no_action_is_reported(tmp_path: Path) -> None:
    _, actions, unread = _extract(
        tmp_path,
        OUTCOME + "Action\tLead\tTimescale\nRun a survey of residents\tPolice Scotland\tMarch 2018\n"
        "\tScottish Prison Service\tMarch 2019\nHold open days at the courts\tSCTS\tMarch 2020\n",
    )
    assert [a["text"] for a in actions] == ["Run a survey of residents", "Hold open days at the courts"]
    (issue,) = unread
    assert "'Scottish Prison Service March 2019'" in issue["message"] and "no action text" in issue["message"]
    assert issue["source"] == "line 7" and issue["subject"] == actions[0]["ref"]


def test_a_row_after_a_table_that_reads_as_nothing_is_reported_but_a_title_row_is_not(tmp_path: Path) -> None:
    output, actions, unread = _extract(
        tmp_path,
        OUTCOME + "Ref\tAction\tLead\tTimescale\nSO1.1\tRun a survey of residents\tPolice Scotland\tMarch 2018\n"
        "SO1.2\tHold open days at the courts\tSCTS\tMarch 2019\nSO1.3\tPublish a newsletter\tVANL\tMay 2019\n\n"
        "Please note:\tactions are reviewed each year\n\n"
        "Structural Outcome 2: partners plan and deliver services in a more strategic and collaborative way\n"
        "Ref\tAction\tLead\tTimescale\nSO2.1\tAgree an information sharing protocol\tNHS Lanarkshire\tMarch 2019\n",
    )
    assert [a["outcome"] for a in actions] == ["communities"] * 3 + ["partnership"]
    (issue,) = unread
    assert issue["subject"] == "SO1.3" and "'Please note: actions are reviewed each year'" in issue["message"]
    assert "1 piece not read" in output
