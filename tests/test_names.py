"""Lead and contributor cells split into organisations (issue 10): a connector is never a
partner on its own, and a department whose name holds "and" stays whole."""

from __future__ import annotations

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
