"""`cjgraph validate` reports every problem of a hand-edited workbook at once."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from cjgraph.cli import main

from conftest import SEEDS


def _workbook(tmp_path: Path) -> Path:
    out = tmp_path / "nl"
    assert (
        CliRunner().invoke(main, ["extract", str(SEEDS["north-lanarkshire"]), "--out", str(out), "-q"]).exit_code == 0
    )
    return out


def _edit(path: Path, fn) -> None:  # type: ignore[no-untyped-def]
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    fn(rows)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _open_warnings(wb: Path) -> int:
    """Warnings extract wrote on the issues sheet (what validate still calls warnings)."""
    with (wb / "issues.csv").open(encoding="utf-8") as fh:
        return sum(r["severity"] == "warning" for r in csv.DictReader(fh))


def test_a_fresh_workbook_warns_of_what_extract_warned_of_until_dealt_with(tmp_path: Path) -> None:
    out = tmp_path / "nl"
    extracted = CliRunner().invoke(main, ["extract", str(SEEDS["north-lanarkshire"]), "--out", str(out)])
    warned = _open_warnings(out)
    assert f"issues to review: 0 errors, {warned} warnings" in extracted.output  # one meaning of warning
    r = CliRunner().invoke(main, ["validate", str(out)])
    assert r.exit_code == 0, r.output
    assert r.output.strip().endswith(f"0 errors, {warned} warnings") and warned > 0
    _edit(
        out / "issues.csv", lambda rows: rows.__setitem__(slice(None), [x for x in rows if x["severity"] != "warning"])
    )
    r = CliRunner().invoke(main, ["validate", str(out)])
    assert r.output.strip().endswith("0 errors, 0 warnings"), r.output


def test_every_problem_reported_with_sheet_and_row(tmp_path: Path) -> None:
    wb = _workbook(tmp_path)

    def actions(rows):  # type: ignore[no-untyped-def]
        rows[0]["outcome"] = "community"  # unknown outcome key
        rows[2]["ref"] = rows[1]["ref"]  # duplicate ref
        rows[3]["due"] = "next March"  # not a date
        rows[4]["leads"] = "Acme Trust"  # not on the partners sheet
        rows[5]["status"] = "done"  # not a status
        rows[6]["leads"] = ""  # a warning

    def links(rows):  # type: ignore[no-untyped-def]
        rows[0]["linked_actions"] = "SO1.1 | SO9.9"

    _edit(wb / "actions.csv", actions)
    _edit(wb / "indicator_links.csv", links)
    r = CliRunner().invoke(main, ["validate", str(wb)])
    assert r.exit_code == 1
    out = r.output
    assert "actions row 2: error: outcome 'community'" in out
    assert "actions row 3: error: ref 'SO1.2' is used 2 times" in out
    assert "actions row 4: error: ref 'SO1.2' is used 2 times" in out
    assert "indicator_links row 3: warning: linked action 'SO1.3' is not an action ref" in out  # renamed away
    assert "actions row 5: error: due 'next March' of SO1.4 is not a date" in out
    assert (
        "actions row 6: error: lead 'Acme Trust' of SO1.5 is neither on the partners sheet nor in the registry" in out
    )
    assert "actions row 7: info: status 'done' is read as 'complete'" in out  # a planner's word, read
    assert "actions row 8: warning: action SO1.7 has no lead" in out
    assert "indicator_links row 2: warning: linked action 'SO9.9' is not an action ref" in out
    # errors: 1 outcome + 2 duplicate rows + 1 date + 1 lead; warnings: 1 no lead + 5 links to SO1.3
    # (renamed away) + 1 link to SO9.9 (links to no action are left out); the status word is read
    assert out.strip().endswith(f"5 errors, {7 + _open_warnings(wb)} warnings")  # and extract's, still open


def test_strict_makes_warnings_fail(tmp_path: Path) -> None:
    wb = _workbook(tmp_path)
    _edit(wb / "actions.csv", lambda rows: rows[0].update(leads=""))
    assert CliRunner().invoke(main, ["validate", str(wb)]).exit_code == 0
    assert CliRunner().invoke(main, ["validate", "--strict", str(wb)]).exit_code == 1
