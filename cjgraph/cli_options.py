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

__all__ = ["force_option", "strict_option", "strict_wanted"]

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


_STRICT = "cjgraph.strict"


def _remember_strict(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta[_STRICT] = value
    return value


def strict_option(func: F) -> F:
    """``--strict``: a workbook's warnings stop the command as its errors do (read by
    :func:`strict_wanted` where the plans are loaded)."""
    return click.option(
        "--strict",
        is_flag=True,
        expose_value=False,
        callback=_remember_strict,
        help="Stop on a workbook's warnings too, not only on its errors.",
    )(func)


def strict_wanted() -> bool:
    """Whether the command running was given ``--strict``."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get(_STRICT))
