"""One scratch folder per run for every temporary: cjgraph's own, any a library makes, the
embedded engine's (the plan data it loads).

The folder is ``<system temp>/cjgraph-<user>/<pid>``, private to the user (mode 0700), made the
process's temporary folder (:data:`tempfile.tempdir`), and removed when the run ends; a run
killed outright (``kill -9``, a power cut) cannot remove it, so every run first removes the
folders of runs whose process is gone. Where the shared folder is not safely ours (a link, or
another user's), the run takes a fresh private folder of its own instead, and sweeps nothing.

Examples
--------
>>> folder = run_folder()
>>> folder.is_dir() and folder.parent.name.startswith("cjgraph-")
True
"""

from __future__ import annotations

import atexit
import os
import shutil
import stat
import tempfile
from pathlib import Path

__all__ = ["run_folder", "use_run_folder", "process_alive"]

_FOLDER: Path | None = None


def run_folder() -> Path:
    """This run's scratch folder (made, and the leftovers of killed runs swept, on first use)."""
    global _FOLDER
    if _FOLDER is None or not _FOLDER.is_dir():  # a forked child (the engine, the PDF reader) uses its parent's
        _FOLDER = _make()
    return _FOLDER


def use_run_folder() -> Path:
    """Make :func:`run_folder` the temporary folder of everything in this process."""
    folder = run_folder()
    tempfile.tempdir = str(folder)
    return folder


def _make() -> Path:
    system = Path(_system_temp())
    base = system / f"cjgraph-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    try:
        base.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(base)
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode) or _not_mine(info):
            raise PermissionError
    except OSError:
        return _private(Path(tempfile.mkdtemp(prefix="cjgraph-", dir=system)))
    _sweep(base)
    folder = base / str(os.getpid())
    shutil.rmtree(folder, ignore_errors=True)  # a folder of an earlier process of the same number
    folder.mkdir(mode=0o700)
    return _private(folder)


def _private(folder: Path) -> Path:
    atexit.register(_remove, folder, os.getpid())
    return folder


def _remove(folder: Path, pid: int) -> None:
    if os.getpid() == pid:  # not in a forked child that happens to run the exit hooks
        shutil.rmtree(folder, ignore_errors=True)


def _system_temp() -> str:
    """The system's temporary folder, even when this process has set another: the first of
    TMPDIR, TEMP, TMP and /tmp, /var/tmp, /usr/tmp that is a folder this process may write in,
    as :mod:`tempfile` chooses, but without the probe file tempfile writes and removes to find
    it (a run killed in between left the probe behind, a file of eight random letters)."""
    places = [os.environ.get(name, "") for name in ("TMPDIR", "TEMP", "TMP")]
    places += ["/tmp", "/var/tmp", "/usr/tmp"] if os.name != "nt" else []
    for place in places:
        if place and os.path.isdir(place) and os.access(place, os.W_OK | os.X_OK):
            return os.path.abspath(place)
    saved, tempfile.tempdir = tempfile.tempdir, None  # nowhere found so: tempfile's own search
    try:
        return tempfile.gettempdir()
    finally:
        tempfile.tempdir = saved


def _not_mine(info: os.stat_result) -> bool:
    return hasattr(os, "getuid") and info.st_uid != os.getuid()


def _sweep(base: Path) -> None:
    """Remove the scratch folders of runs whose process is gone."""
    try:
        names = os.listdir(base)
    except OSError:
        return
    for name in names:
        if name.isdigit() and not process_alive(int(name)):
            shutil.rmtree(base / name, ignore_errors=True)


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (this one does; another user's is taken as running)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process
    return True
