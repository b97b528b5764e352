"""Options and checks shared by the commands of ``cjgraph`` (declared once, used by every command
that writes).

>>> import click
>>> from click.testing import CliRunner
>>> @click.command()
... @force_option
... def demo(force: bool) -> None:
...     click.echo(force)
>>> CliRunner().invoke(demo, ["--force"]).output
'True\\n'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

__all__ = ["force_option", "checked_out"]

F = TypeVar("F", bound=Callable[..., Any])


def force_option(func: F) -> F:
    """``--force``: write into a folder cjgraph did not write (its files are left as they are), or
    replace a workbook cjgraph did not write or that was edited since."""
    return click.option(
        "--force",
        is_flag=True,
        help="Write into an existing folder that cjgraph did not write (its files are left as they are: "
        "cjgraph never deletes or overwrites them), or replace a plan workbook (.xlsx) that cjgraph "
        "did not write or that was edited since.",
    )(func)


def checked_out(out: Path, inputs: Sequence[Path]) -> Path:
    """``out`` once it is known not to be, hold or lie inside one of ``inputs``."""
    from cjgraph.atomic import check_outputs

    check_outputs(out, inputs)
    return out
