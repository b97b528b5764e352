"""Write a file or a folder beside its target and move it into place only when complete.

A failure half-way leaves the target as it was (the old file or folder is kept until the new
one is in place) and no temporary behind.

Examples
--------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
>>> with atomic_file(out) as tmp:
...     _ = tmp.write_text("hello")
>>> out.read_text()
'hello'
>>> try:
...     with atomic_file(out) as tmp:
...         _ = tmp.write_text("half")
...         raise RuntimeError("disk full")
... except RuntimeError:
...     pass
>>> out.read_text(), sorted(p.name for p in out.parent.iterdir())
('hello', ['notes.txt'])
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cjgraph.errors import CjgraphError

__all__ = ["atomic_file", "atomic_dir"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _parent(out: Path) -> Path:
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise CjgraphError(f"{out}: the folder {parent} does not exist.")
    return parent


@contextmanager
def atomic_file(out: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``out``; on success it replaces ``out``."""
    parent = _parent(out)
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent)
    os.close(fd)
    tmp = Path(name)
    os.chmod(tmp, 0o666 & ~_umask())  # as an ordinary new file, not mkstemp's private 0600
    try:
        yield tmp
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def atomic_dir(out: Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``out``; on success it replaces the folder ``out``."""
    parent = _parent(out)
    if out.exists() and not out.is_dir():
        raise CjgraphError(f"{out}: exists and is not a folder; give a folder path.")
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=parent))
    os.chmod(tmp, 0o777 & ~_umask())  # as an ordinary new folder, not mkdtemp's private 0700
    old: Path | None = None
    try:
        yield tmp
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=parent))
            os.rmdir(old)
            os.replace(out, old)
        os.replace(tmp, out)
    except BaseException:
        if old is not None and not out.exists():
            os.replace(old, out)
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and old.exists():
            shutil.rmtree(old, ignore_errors=True)
