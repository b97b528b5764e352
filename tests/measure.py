"""Time and peak memory of one cjgraph command, as the kernel counts them for that process alone.

A process started straight from a large one (the test run, ~1 GB) inherits that one's peak in
its own figure (Linux records the old address space's high-water mark at ``exec``), so the
command is started by a small Python process that forks it, waits for it and reports its
figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

_STARTER = r"""
import json, os, sys, time
out, err, result, *args = sys.argv[1:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    os.dup2(os.open(out, flags, 0o644), 1)
    os.dup2(os.open(err, flags, 0o644), 2)
    os.execv(sys.executable, [sys.executable, "-m", "cjgraph", *args])
_, status, usage = os.wait4(pid, 0)
with open(result, "w") as fh:
    json.dump([time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)], fh)
"""


def measured(args: list[str], folder: Path) -> tuple[float, float, int, str, str]:
    """Seconds, peak memory (MB), exit code, stdout and stderr of ``cjgraph ARGS``."""
    out, err, result = folder / "stdout", folder / "stderr", folder / "result.json"
    subprocess.run([sys.executable, "-c", _STARTER, str(out), str(err), str(result), *args], check=True, timeout=600)
    seconds, peak, code = json.loads(result.read_text())
    return seconds, peak, code, out.read_text(), err.read_text()
