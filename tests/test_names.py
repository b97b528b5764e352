"""Lead and contributor cells split into organisations (issue 10): a connector is never a
partner on its own, and a department whose name holds "and" stays whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjgraph.loaders.partners import NameResolver

RESOLVER = NameResolver("The Enterprise and Housing Service works with Education.")


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Education and Police Scotland", ["Education", "Police Scotland"]),
        ("Police Scotland with NHS Lothian", ["Police Scotland", "NHS Lothian"]),
        ("Police Scotland, and NHS Lothian", ["Police Scotland", "NHS Lothian"]),
        ("& SPS", ["Scottish Prison Service"]),
        ("Police Scotland and", ["Police Scotland"]),
        ("and", []),
        ("Enterprise and Housing", ["Enterprise and Housing Service"]),
        ("Children and Families", ["Children and Families Service"]),
    ],
)
def test_connectors_are_never_partners(cell: str, names: list[str]) -> None:
    assert [n.canonical for n in RESOLVER.resolve_cell(cell)] == names


def test_one_spelling_of_a_name_is_read_the_same_by_every_command(tmp_path: Path) -> None:
    """A lead typed "Children&Families" is the partner "Children & Families" for validate, and
    also for impact --partner, map --focus and chains --from (one fold, cjgraph.names.fold)."""
    from dataclasses import replace

    from click.testing import CliRunner

    from cjgraph.cli import main
    from cjgraph.examples import tiny_plan
    from cjgraph.model import Partner
    from cjgraph.workbook import write_plan

    plan = tiny_plan()
    first = replace(plan.actions[0], leads=("Children&Families",))
    plan = replace(
        plan,
        actions=(first, *plan.actions[1:]),
        partners=(*plan.partners, Partner("Children & Families", kind="local-authority-service")),
    )
    path = tmp_path / "plan.xlsx"
    write_plan(plan, path)
    runner = CliRunner()
    done = runner.invoke(main, ["validate", str(path)])
    assert done.exit_code == 0 and "lead-not-in-partners" not in done.output, done.output
    for args in (
        ["impact", str(path), "--partner", "Children&Families"],
        ["chains", str(path), "--from", "children & families"],
        ["map", str(path), "--focus", "CHILDREN&FAMILIES", "--out", str(tmp_path / "m.html")],
    ):
        done = runner.invoke(main, args)
        assert done.exit_code == 0, (args, done.output)
    done = runner.invoke(main, ["impact", str(path), "--partner", "Childen & Families"])
    assert done.exit_code == 1 and "did you mean 'Children & Families'?" in done.output
