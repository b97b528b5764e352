"""The national delivery plan's layouts (issue 24): deliverables printed as numbered paragraphs or
as "No N / Deliverable: …" with labelled lines, under "Aim N" and "Priority Action N" headings,
read as actions of a national plan; an update's "Update:" and status become the action's status
and a dated progress row. The two documents are in tests/fixtures/corpus (their keys in
tests/fixtures/gold)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.cli import main

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def _extract(path: Path, out: Path) -> tuple[str, dict[str, dict[str, str]], list[dict[str, str]]]:
    result = CliRunner().invoke(main, ["extract", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with (out / "actions.csv").open(encoding="utf-8") as fh:
        actions = {a["ref"]: a for a in csv.DictReader(fh)}
    with (out / "issues.csv").open(encoding="utf-8") as fh:
        issues = list(csv.DictReader(fh))
    return result.output, actions, issues


@pytest.mark.parametrize("suffix", [".html", ".pdf"])  # the PDF breaks a priority action's statement over a page
def test_numbered_deliverables_under_priority_actions(tmp_path: Path, suffix: str) -> None:
    output, actions, issues = _extract(CORPUS / f"national-delivery-plan{suffix}", tmp_path / "out")
    assert list(actions) == [str(n) for n in range(1, 9)]
    assert {r: a["outcome"] for r, a in actions.items()} == {
        "1": "diversion", "2": "diversion", "3": "custody-support", "4": "bail",
        "5": "community-sentences", "6": "health-care", "7": "", "8": "",
    }  # fmt: skip
    one = actions["1"]
    assert one["leads"] == "Scottish Government"
    # "partners involved in diversion, including COPFS, …": the words before "including" are no partner
    assert (
        one["contributors"]
        == "Crown Office and Procurator Fiscal Service | Police Scotland | Community Justice Scotland"
    )
    assert one["notes"].startswith("Further detail: The group will compare how each area")
    assert "It will report to the programme board" in one["notes"]  # the second paragraph of detail
    assert actions["7"]["leads"] == "Care Inspectorate | Scottish Government | Community Justice Scotland"
    assert actions["7"]["contributors"] == "statutory community justice partners | Third Sector"
    # the aims' headings are followed by priority actions that give outcomes: no aim warning;
    # priority action 11 has no aligned outcome, which is said once, for its deliverables
    codes = [i["code"] for i in issues]
    assert "aim-heading" not in codes and codes.count("priority-action-without-outcome") == 1
    assert actions["7"]["review"] == "under no recognised outcome"
    assert "partnership: none named, so read as a national plan" in output
    assert "table text read: 100.0%" in output


@pytest.mark.parametrize("suffix", [".html", ".pdf"])  # the web page, and LibreOffice's PDF of it (labels in bold)
def test_an_update_gives_each_deliverable_its_status_and_a_dated_progress_row(tmp_path: Path, suffix: str) -> None:
    output, actions, _ = _extract(CORPUS / f"national-delivery-plan-update{suffix}", tmp_path / "out")
    assert {r: (a["outcome"], a["status"]) for r, a in actions.items()} == {
        "1": ("diversion", "complete"),
        "2": ("diversion", "on-track"),  # "In progress (with revised timescale)"
        "4": ("bail", "on-track"),  # labels on lines of their own, their values on the next
        "6": ("health-care", "off-track"),  # "Outstanding": the timescale has passed
        "9": ("", "on-track"),
    }
    assert (
        actions["4"]["text"]
        == "Review how bail supervision is funded so that the service can be offered at every sheriff court."
    )
    assert actions["4"]["contributors"] == "Scottish Courts and Tribunals Service | local authorities"
    with (tmp_path / "out" / "progress.csv").open(encoding="utf-8") as fh:
        progress = {p["ref"]: p for p in csv.DictReader(fh)}
    assert set(progress) == set(actions) and {p["date"] for p in progress.values()} == {"2025-12-31"}
    assert progress["1"]["note"] == (
        "The group met six times and agreed a minimum standard for assessment. "
        "The standard was sent to every partnership in October."
    )
    assert "progress: 5 rows from the updates it prints, dated 2025-12-31" in output


def test_an_update_whose_title_names_no_month_keeps_its_statuses_undated(tmp_path: Path) -> None:
    page = (CORPUS / "national-delivery-plan-update.html").read_text(encoding="utf-8")
    undated = tmp_path / "update.html"
    undated.write_text(page.replace(" - December 2025", ""), encoding="utf-8")
    _, actions, issues = _extract(undated, tmp_path / "out")
    assert actions["1"]["status"] == "complete"
    assert (
        not (tmp_path / "out" / "progress.csv").exists()
        or len((tmp_path / "out" / "progress.csv").read_text().splitlines()) == 1
    )
    (note,) = [i for i in issues if i["code"] == "update-undated"]
    assert "5 actions print an update and a status" in note["message"]


def test_a_list_inside_an_update_keeps_the_status_after_it(tmp_path: Path) -> None:
    page = (CORPUS / "national-delivery-plan-update.html").read_text(encoding="utf-8")
    listed = tmp_path / "update.html"
    listed.write_text(
        page.replace(
            "<p>The standard was sent to every partnership in October.</p>",
            "<p>The standard covers:</p><ul><li>Assessment</li><li>Consent</li><li>Review</li></ul>",
        ),
        encoding="utf-8",
    )
    _, actions, _ = _extract(listed, tmp_path / "out")
    assert actions["1"]["status"] == "complete"
    assert actions["1"]["notes"].endswith("The standard covers: Assessment Consent Review")


def test_closed_deliverables_as_a_pdf_prints_them_to_text(tmp_path: Path) -> None:
    """The updates' "Previously completed deliverables", as text taken from their PDF: "No. 1",
    each label on a line of its own, its value on the next (a date broken over two lines, a
    sentence over three); no lead is named, and a deliverable listed as closed is complete."""
    plan = Path(__file__).parent / "fixtures" / "layouts" / "closed-deliverables.txt"
    _, actions, _ = _extract(plan, tmp_path / "out")
    assert {r: (a["timescale"], a["due"], a["status"]) for r, a in actions.items()} == {
        "1": ("October 2025", "2025-10-31", "complete"),
        "13": ("August 2025", "2025-08-31", "complete"),
    }
    assert actions["1"]["text"] == (
        "Bring together a short-life group to agree shared practice standards for diversion. "
        "This takes account of improvement work already under way."
    )
    assert actions["1"]["notes"].endswith(
        "Additional information: A working group of diversion partners has been set up."
    )
    assert not actions["1"]["contributors"]  # "diversion partners" goes on the sentence: no partner
