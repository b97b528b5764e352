"""National frameworks as data, chosen from the document (issue 11): the 2023 Community Justice
Performance Framework beside the 2016 one."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.cli import main
from cjgraph.framework import available_frameworks, load_framework

from conftest import HERE, SEEDS, score
from docmaker import make_docx

ILLUSTRATIVE = HERE / "fixtures" / "plans" / "illustrative.txt"


def _extract(*args: str) -> str:
    result = CliRunner().invoke(main, ["extract", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_both_frameworks_are_installed_with_their_outcomes() -> None:
    assert {"opif-2016", "cjpf-2023"} <= set(available_frameworks())
    cjpf = load_framework("cjpf-2023")
    assert (len(cjpf.outcomes), len(cjpf.aims), len(cjpf.priority_actions)) == (9, 4, 13)
    actions = {p.key for p in cjpf.priority_actions}
    assert all(set(o.aligned_to) <= actions for o in cjpf.outcomes)
    # wording that could not be confirmed is marked, never passed off as the published text
    assert all(p.title.startswith("[") == (not p.verified) for p in cjpf.priority_actions)


@pytest.mark.parametrize("as_word", [False, True], ids=["text", "docx"])
def test_a_2023_plan_is_read_against_the_2023_framework(
    as_word: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = ILLUSTRATIVE
    if as_word:
        plan = make_docx(ILLUSTRATIVE.read_text(encoding="utf-8"), tmp_path / "illustrative.docx")
    output = _extract(str(plan), "--out", str(tmp_path / "out"))
    assert "framework: cjpf-2023 (its headings name 9 of its 9 outcomes; opif-2016: 0 of 7)" in output
    assert score(tmp_path / "out", "illustrative-2023", capsys) == 1.0


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_the_seeds_are_still_read_against_the_2016_framework(name: str, tmp_path: Path) -> None:
    output = _extract(str(SEEDS[name]), "--out", str(tmp_path / "out"))
    assert "framework: opif-2016 (its headings name 7 of its 7 outcomes; cjpf-2023: 0 of 9)" in output


def test_the_framework_asked_for_is_used_and_said(tmp_path: Path) -> None:
    output = _extract(str(SEEDS["midlothian"]), "--framework", "cjpf-2023", "--out", str(tmp_path / "out"))
    assert "framework: cjpf-2023 (as asked)" in output
    assert "actions to check: 48 of 48" in output  # no 2016 heading is a 2023 outcome: all flagged
    result = CliRunner().invoke(
        main, ["extract", str(SEEDS["midlothian"]), "--framework", "opif-2099", "--out", str(tmp_path / "x")]
    )
    assert (
        result.exit_code != 0
        and "unknown framework 'opif-2099'; known frameworks: cjpf-2023, opif-2016" in result.output
    )


def test_a_plan_whose_headings_name_no_framework_is_reported(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "Anywhere Justice Plan 2024\n\nOur work\n\nRef\tImprovement Action\tLead\tTimescale\n"
        "A1\tRun a drop-in service\tPolice Scotland\tJune 2024\n",
        encoding="utf-8",
    )
    output = _extract(str(plan), "--out", str(tmp_path / "out"))
    assert "framework: opif-2016, assumed: none is clear from the headings" in output
    issues = (tmp_path / "out" / "issues.csv").read_text(encoding="utf-8")
    assert "framework-not-detected" in issues and "--framework" in issues
