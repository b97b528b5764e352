"""Every command has help text; the package runs as `python -m cjgraph`."""

from __future__ import annotations

import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from cjgraph.cli import main

COMMANDS = sorted(main.commands) if isinstance(main, click.Group) else []


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    r = CliRunner().invoke(main, [command, "--help"])
    assert r.exit_code == 0
    assert len(r.output.split("\n\n")[1].strip()) > 20  # a real description, not just usage


def test_commands_exist() -> None:
    assert {"extract", "validate"} <= set(COMMANDS)


def test_python_dash_m() -> None:
    r = subprocess.run([sys.executable, "-m", "cjgraph", "--help"], capture_output=True, text=True, check=True)
    assert "extract" in r.stdout and "validate" in r.stdout


def test_every_command_shows_an_example_and_shares_its_options() -> None:
    from cjgraph.cli import main as group

    for name, command in group.commands.items():
        text = CliRunner().invoke(main, [name, "--help"]).output
        assert re.search(rf"Examples?:\n\s+cjgraph {name}\b", text), name
        params = {p.name for p in command.params}
        if "sources" in params:  # every command reading plans takes the shared options
            assert {"examples", "strict"} <= params, name
