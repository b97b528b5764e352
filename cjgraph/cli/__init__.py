"""The ``cjgraph`` command: a thin layer over the library; every error is one sentence.

Each command parses its options, makes one call into the library and prints or writes the
answer. They are grouped by job: :mod:`~cjgraph.cli.files` (extract, validate, export),
:mod:`~cjgraph.cli.questions` (lead-load, gaps, chains, impact, timeline, network, compare,
diff), :mod:`~cjgraph.cli.draw` (map, report), :mod:`~cjgraph.cli.cypher` (cypher, schema,
queries) and :mod:`~cjgraph.cli.neo4j` (push, pull); what they share is in
:mod:`~cjgraph.cli.options` and :mod:`~cjgraph.cli._common`, which import no command.

Examples
--------
>>> from click.testing import CliRunner
>>> CliRunner().invoke(main, ["--version"]).output.strip()
'cjgraph 0.1.0'
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from typing import Any

import click

from cjgraph import __version__
from cjgraph.cli import cypher, draw, files, neo4j, questions
from cjgraph.cli._common import friendly
from cjgraph.scratch import use_run_folder

__all__ = ["main", "friendly"]

_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


def _terminate(signum: int, _frame: object) -> None:
    # SIGTERM / SIGHUP as Ctrl-C: unwinding runs the clean-up that removes temporaries; one is
    # enough, so that a second cannot cut the clean-up short
    for name in _SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    raise KeyboardInterrupt


def _unraisable(previous: Callable[[Any], object]) -> Callable[[Any], None]:
    """A hook for exceptions Python cannot raise (in a destructor or a weakref callback): an
    interruption that lands there would be printed and lost, so it is sent again to the main flow."""

    def hook(unraisable: Any) -> None:
        if issubclass(unraisable.exc_type, KeyboardInterrupt) and hasattr(signal, "setitimer"):
            # again in 10 ms, from an alarm: by then the main flow runs (were it here, it would be lost again)
            signal.signal(signal.SIGALRM, _terminate)
            signal.setitimer(signal.ITIMER_REAL, 0.01)
            return
        previous(unraisable)

    return hook


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cjgraph", message="%(prog)s %(version)s")
def main() -> None:
    """Community Justice Outcomes Improvement Plans as a partnership and accountability graph.

    Start with `cjgraph extract PLAN --out WORKBOOK`, review the workbook in Excel, then
    check your edits with `cjgraph validate WORKBOOK`.
    """
    for name in _SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _terminate)
    sys.unraisablehook = _unraisable(sys.unraisablehook)
    use_run_folder()  # every temporary (a library's, the engine's) in one folder the next run sweeps


for _module in (files, questions, draw, cypher, neo4j):  # the commands, grouped by their job
    for _command in _module.COMMANDS:
        main.add_command(_command)
