"""Options shared by the commands of ``cjgraph`` that write (declared once, used by each).

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

from collections.abc import Callable
from typing import Any, TypeVar

import click

__all__ = ["force_option"]

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
