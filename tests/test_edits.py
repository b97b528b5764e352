"""A planner's edits to a workbook are checked and read as extraction reads them, by every
command (issue 12): the right answer, or one sentence per problem naming sheet, row and value —
never exit 0 with a wrong answer."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.cli import main

from conftest import SEEDS

Rows = list[dict[str, str]]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("base") / "plan"
    result = CliRunner().invoke(main, ["extract", str(SEEDS["midlothian"]), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def _edited(base: Path, tmp_path: Path, edit: Callable[[Rows], None]) -> Path:
    plan = tmp_path / "plan"
    shutil.copytree(base, plan)
    (plan / ".cjgraph-output").unlink(missing_ok=True)  # the planner's copy
    with (plan / "actions.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    edit(rows)
    with (plan / "actions.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return plan


def _set(action: str, **values: str) -> Callable[[Rows], None]:
    def edit(rows: Rows) -> None:
        row = next(r for r in rows if r["ref"] == action)
        row.update(values)

    return edit


def _led(plan: Path, partner: str) -> int:
    result = CliRunner().invoke(main, ["lead-load", str(plan), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.stdout.splitlines()))
    return next((int(r["led"]) for r in rows if r["partner"] == partner), 0)


def _reported(plan: Path, tmp_path: Path, sheet: str) -> list[dict[str, object]]:
    """The rows of a sheet of the board pack made from ``plan`` (the pack must be made)."""
    from openpyxl import load_workbook

    out = tmp_path / "pack"
    result = CliRunner().invoke(main, ["report", str(plan), "--out", str(out), "--as-of", "2018-04-01"])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out / "report.xlsx", read_only=True)
    try:
        rows = list(wb[sheet].iter_rows(values_only=True))
    finally:
        wb.close()  # read-only workbooks keep the file open until closed
    head = [str(h).lower().replace(" ", "_") for h in rows[0]]  # "Days overdue" is the record's days_overdue
    return [dict(zip(head, r, strict=False)) for r in rows[1:]]


def _report_led(plan: Path, tmp_path: Path, partner: str) -> int:
    return next((int(r["led"]) for r in _reported(plan, tmp_path, "lead_load") if r["partner"] == partner), 0)


def _refused(plan: Path, tmp_path: Path, *message: str) -> None:
    for args in (["lead-load", str(plan)], ["report", str(plan), "--out", str(tmp_path / "pack")]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, (args, result.output)
        assert "nothing was answered" in result.stderr and all(m in result.stderr for m in message), result.stderr
        assert "Traceback" not in result.output
    assert not (tmp_path / "pack").exists()


def test_a_typed_lead_is_refused_with_the_name_meant(base: Path, tmp_path: Path) -> None:
    plan = _edited(base, tmp_path, _set("SO1.5", leads="Polise Scotland"))
    _refused(plan, tmp_path, "actions row 6: lead 'Polise Scotland' of SO1.5", "did you mean 'Police Scotland'?")


def test_an_abbreviation_is_the_body_it_stands_for(base: Path, tmp_path: Path) -> None:
    before = _led(base, "Scottish Prison Service")
    plan = _edited(base, tmp_path, _set("SO1.5", leads="SPS"))
    assert _led(plan, "Scottish Prison Service") == before + 1
    assert _led(plan, "SPS") == 0  # never a partner apart
    assert _report_led(plan, tmp_path, "Scottish Prison Service") == before + 1


def test_a_rag_word_is_the_status_it_means(base: Path, tmp_path: Path) -> None:
    plan = _edited(base, tmp_path, _set("SO1.1", status="Green"))
    result = CliRunner().invoke(main, ["timeline", str(plan), "--format", "csv"])
    assert result.exit_code == 0, result.output
    row = next(r for r in csv.DictReader(result.stdout.splitlines()) if r["ref"] == "SO1.1")
    assert row["status"] == "on-track"
    assert "open (cjgraph validate" in result.stderr and len(result.stderr.splitlines()) == 1  # one line, not the list
    checked = CliRunner().invoke(main, ["validate", str(plan)])
    assert "status 'Green' is read as 'on-track'" in checked.output
    reported = next(r for r in _reported(plan, tmp_path, "timeline") if r["ref"] == "SO1.1")
    assert reported["status"] == "on-track"


def test_comma_separated_leads_are_each_a_lead(base: Path, tmp_path: Path) -> None:
    police, sps = _led(base, "Police Scotland"), _led(base, "Scottish Prison Service")
    plan = _edited(base, tmp_path, _set("SO1.2", leads="Police Scotland, SPS"))
    assert (_led(plan, "Police Scotland"), _led(plan, "Scottish Prison Service")) == (police + 1, sps + 1)
    assert _report_led(plan, tmp_path, "Police Scotland") == police + 1


def test_a_duplicated_ref_is_refused_not_lost(base: Path, tmp_path: Path) -> None:
    plan = _edited(base, tmp_path, _set("SO1.3", ref="SO1.2"))
    _refused(plan, tmp_path, "actions row 3: ref 'SO1.2' is used 2 times", "actions row 4")


def test_an_unknown_outcome_is_refused_with_the_keys_accepted(base: Path, tmp_path: Path) -> None:
    plan = _edited(base, tmp_path, _set("SO1.4", outcome="happiness"))
    _refused(plan, tmp_path, "outcome 'happiness' of SO1.4 is not a key of opif-2016 (access, communities")


def test_a_date_not_written_as_a_date_is_refused(base: Path, tmp_path: Path) -> None:
    plan = _edited(base, tmp_path, _set("SO1.4", due="31/13/2019"))
    _refused(plan, tmp_path, "due '31/13/2019' of SO1.4 is not a date (2018-06-30 or 30/06/2018)")


def test_a_uk_date_is_read_as_the_date_it_is(base: Path, tmp_path: Path) -> None:
    """A planner types 31/03/2019 as the UK writes it: read as 31 March 2019 (the workbook
    written again holds 2019-03-31)."""
    plan = _edited(base, tmp_path, _set("SO1.4", due="31/03/2019"))
    run = CliRunner().invoke(main, ["timeline", str(plan), "--format", "json"])
    assert run.exit_code == 0, run.output
    assert {r["ref"]: r["due"] for r in json.loads(run.stdout)}["SO1.4"] == "2019-03-31"


def test_a_new_real_organisation_is_accepted_and_reported(base: Path, tmp_path: Path) -> None:
    plan = _edited(base, tmp_path, _set("SO2.1", leads="Scottish Ambulance Service"))
    assert _led(plan, "Scottish Ambulance Service") == 1
    assert _report_led(plan, tmp_path, "Scottish Ambulance Service") == 1
    result = CliRunner().invoke(main, ["validate", str(plan)])
    assert "'Scottish Ambulance Service' is a new partner of the plan" in result.output


def test_strict_stops_on_warnings_on_every_command(base: Path, tmp_path: Path) -> None:
    plan = _edited(base, tmp_path, _set("SO1.5", leads=""))  # no lead: a warning
    assert CliRunner().invoke(main, ["gaps", str(plan)]).exit_code == 0
    for args in (
        ["gaps", str(plan)],
        ["map", str(plan), "--out", str(tmp_path / "m.html")],
        ["diff", str(plan), str(base)],
    ):
        result = CliRunner().invoke(main, [*args, "--strict"])
        assert result.exit_code == 1 and "problems in the workbook" in result.stderr, (args, result.output)
        assert "actions row 6: action SO1.5 has no lead" in result.stderr


def test_partner_options_take_abbreviations_and_say_the_name_meant(tmp_path: Path) -> None:
    seed = str(SEEDS["midlothian"])
    result = CliRunner().invoke(main, ["impact", seed, "--partner", "SPS", "--format", "csv"])
    assert result.exit_code == 0 and "Scottish Prison Service" in result.stdout
    for args in (
        ["impact", seed, "--partner", "Polise Scotland"],
        ["chains", seed, "--from", "Polise Scotland"],
        ["map", seed, "--focus", "Polise Scotland", "--out", str(tmp_path / "m.html")],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, args
        assert "'Polise Scotland'" in result.stderr and "(did you mean 'Police Scotland'?)" in result.stderr


def test_diff_of_a_quarterly_update(base: Path, tmp_path: Path) -> None:
    q1 = _edited(base, tmp_path / "q1", lambda rows: None)
    q2 = _edited(base, tmp_path / "q2", _set("SO1.1", status="Complete", status_date="2018-06-30", notes="Done early"))
    result = CliRunner().invoke(main, ["diff", str(q1), str(q2), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert [(r["ref"], r["change"], r["new"]) for r in csv.DictReader(result.stdout.splitlines())] == [
        ("SO1.1", "status-changed", "complete"),  # the planner's word, read
        ("SO1.1", "status-dated", "2018-06-30"),
        ("SO1.1", "notes-changed", "Done early"),
    ]
    same = CliRunner().invoke(main, ["diff", str(q1), str(q1)])
    assert (
        same.exit_code == 0
        and "hold the same actions and indicators: nothing was added, dropped or changed" in same.stdout
    )
    other = CliRunner().invoke(main, ["diff", str(q1), str(SEEDS["north-lanarkshire"])])
    assert "are different plans (midlothian-2017-2020, north-lanarkshire-2017-2020)" in other.stderr


def test_a_list_of_names_not_all_known_is_refused_with_the_separator_to_use(base: Path, tmp_path: Path) -> None:
    plan = _edited(base, tmp_path, _set("SO1.2", leads="Police Scotland, Nobody Ltd"))
    _refused(plan, tmp_path, "'Police Scotland, Nobody Ltd'", "several names in one cell are written with ' | '")
