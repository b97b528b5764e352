"""Write outputs so that a user's files are never lost: beside the target, then moved into place.

A file is written to a temporary beside it and moved over the target in one step, so a failure
half-way leaves the old file as it was. A folder is written only when it is new, empty, or one
cjgraph wrote before: such a folder holds a small manifest (``.cjgraph-output``) naming what
cjgraph wrote there, with each file's SHA-256. Any other folder is refused unless ``force``, and
even then nothing in it that cjgraph did not write is deleted or overwritten; nor is a file
cjgraph wrote that has changed since (a planner's edits). A new folder is built beside the target
and renamed into place; an existing one is updated entry by entry, the manifest first listing
both the old and the new entries, so the destination is never missing and a run interrupted
half-way is finished by the next run. Temporaries are named ``.cjgraph-tmp-<pid>-…``: one
left by a killed run is swept by the next write into the same folder. A read-only output is
refused, and every message names the user's path, never a temporary.

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

A folder that is not cjgraph's is refused:

>>> mine = pathlib.Path(tempfile.mkdtemp())
>>> _ = (mine / "thesis.docx").write_text("years of work")
>>> with atomic_dir(mine) as tmp:
...     _ = (tmp / "index.html").write_text("<p>pack</p>")
Traceback (most recent call last):
cjgraph.errors.OutputError: ... holds files cjgraph did not write (thesis.docx); ...
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from cjgraph.errors import CjgraphError, OutputError

__all__ = ["MANIFEST", "atomic_file", "atomic_dir", "check_outputs", "is_cjgraph_folder"]

MANIFEST = ".cjgraph-output"
_TMP = ".cjgraph-tmp-"


@contextmanager
def atomic_file(out: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``out``; on success it replaces ``out``."""
    out = Path(out)
    parent = _parent(out)
    if out.is_dir():
        raise OutputError(f"{out}: is a folder; give a file name.")
    _refuse_read_only(out)
    tmp = _new_temp(parent, out, folder=False)
    try:
        yield tmp
        os.replace(tmp, out)
    except CjgraphError:
        raise
    except OSError as e:
        raise _os_error(out, e) from None
    finally:
        _clean_up(tmp)


@contextmanager
def atomic_dir(out: Path, *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary folder beside ``out``; on success its entries become the folder ``out``.

    ``out`` must be new, empty or written by cjgraph before (its entries no longer written are
    removed); with ``force`` another folder is accepted and cjgraph's entries are added beside
    what is there, none of which is touched.
    """
    out = Path(out)
    parent = _parent(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder; give a folder path.")
    if out.is_dir():
        _refuse_read_only(out)
        foreign = [] if is_cjgraph_folder(out) else _foreign(out)
        if foreign and not force:
            shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
            raise OutputError(
                f"{out}: the folder holds files cjgraph did not write ({shown}); give a new or empty folder, "
                "or add --force to write beside them (none of them is changed)."
            )
        edited = _edited(out)  # before the work, so that nobody waits for a refusal
        if edited:
            raise OutputError(
                f"{out}: {edited[0].relative_to(out)} was changed since cjgraph wrote it"
                + (f" (and {len(edited) - 1} more)" if len(edited) > 1 else "")
                + "; writing would lose those changes: move it away or give another --out."
            )
    tmp = _new_temp(parent, out, folder=True)
    try:
        yield tmp
        _write_manifest(tmp, _entries(tmp), complete=True, hashes=_hashes(tmp, _entries(tmp)))
        try:
            os.rename(tmp, out)  # a new folder: appears whole
        except OSError:
            if not out.is_dir():
                raise
            _merge(tmp, out)
    except CjgraphError:
        raise
    except OSError as e:
        raise _os_error(out, e) from None
    finally:
        _clean_up(tmp)


def is_cjgraph_folder(folder: Path) -> bool:
    """Whether ``folder`` holds cjgraph's manifest (cjgraph wrote it)."""
    return (Path(folder) / MANIFEST).is_file()


def check_outputs(out: Path, inputs: Iterable[Path]) -> None:
    """Refuse an output that is, contains or lies inside one of ``inputs``.

    >>> check_outputs(Path("plans/a.xlsx"), [Path("plans/a.xlsx")])
    Traceback (most recent call last):
    cjgraph.errors.OutputError: plans/a.xlsx: is also an input; give another --out.
    >>> check_outputs(Path("plans"), [Path("plans/a.xlsx")])
    Traceback (most recent call last):
    cjgraph.errors.OutputError: plans: holds the input plans/a.xlsx; give another --out.
    """
    target = Path(out).resolve()
    for source in inputs:
        src = Path(source).resolve()
        if target == src:
            raise OutputError(f"{out}: is also an input; give another --out.")
        if target in src.parents:
            raise OutputError(f"{out}: holds the input {source}; give another --out.")
        if src in target.parents:
            raise OutputError(f"{out}: lies inside the input {source}; give another --out.")


def _clean_up(tmp: Path) -> None:
    """Remove a temporary, even when an interruption arrives half-way (then raise it after)."""
    interrupted = False
    for _ in range(3):
        try:
            if tmp.is_dir() and not tmp.is_symlink():
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                tmp.unlink(missing_ok=True)
            break
        except KeyboardInterrupt:
            interrupted = True
    if interrupted:
        raise KeyboardInterrupt


def _parent(out: Path) -> Path:
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{out}: the folder {parent} does not exist.")
    _sweep(parent)
    return parent


def _refuse_read_only(path: Path) -> None:
    # by the mode bits, not os.access: root may write anything, but a read-only file says "keep me"
    if path.exists() and not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise OutputError(f"{path}: is read-only; make it writable or give another --out.")


def _new_temp(parent: Path, out: Path, *, folder: bool) -> Path:
    prefix = f"{_TMP}{os.getpid()}-"
    try:
        if folder:
            tmp = Path(tempfile.mkdtemp(prefix=prefix, suffix=f"-{out.name}", dir=parent))
            os.chmod(tmp, 0o777 & ~_umask())  # as an ordinary new folder, not mkdtemp's private 0700
        else:
            fd, name = tempfile.mkstemp(prefix=prefix, suffix=f"-{out.name}", dir=parent)
            os.close(fd)
            tmp = Path(name)
            os.chmod(tmp, 0o666 & ~_umask())  # as an ordinary new file, not mkstemp's private 0600
    except OSError as e:
        raise _os_error(out, e) from None
    return tmp


def _os_error(out: Path, e: OSError) -> CjgraphError:
    return OutputError(f"{out}: cannot be written ({(e.strerror or type(e).__name__).lower()}).")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sweep(parent: Path) -> None:
    """Remove temporaries that a killed cjgraph left in ``parent`` (their process is gone)."""
    try:
        names = [n for n in os.listdir(parent) if n.startswith(_TMP)]
    except OSError:
        return
    for name in names:
        pid = name[len(_TMP) :].split("-", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        path = parent / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def _entries(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n != MANIFEST)


def _written(folder: Path) -> set[str]:
    """What cjgraph wrote into ``folder``, by its manifest (nothing when it has none)."""
    return set(_manifest(folder)[0])


def _manifest(folder: Path) -> tuple[list[str], dict[str, list[str]]]:
    """The names in ``folder``'s manifest and the SHA-256 of each file as cjgraph wrote it."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        names = [n for n in data.get("written", []) if isinstance(n, str) and "/" not in n and n not in ("", ".", "..")]
        hashes = data.get("sha256", {})
        return names, {k: v for k, v in hashes.items() if isinstance(v, list)} if isinstance(hashes, dict) else {}
    except (OSError, ValueError, AttributeError):
        return [], {}


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _hashes(folder: Path, names: Iterable[str]) -> dict[str, list[str]]:
    return {n: [_sha256(folder / n)] for n in names if (folder / n).is_file() and not (folder / n).is_symlink()}


def _edited(folder: Path) -> list[Path]:
    """Files cjgraph wrote in ``folder`` (or its folders) that have changed since: a planner's edits."""
    names, hashes = _manifest(folder)
    out: list[Path] = []
    for name in names:
        path = folder / name
        if path.is_dir() and not path.is_symlink():
            out += _edited(path)
        elif path.is_file() and name in hashes and _sha256(path) not in hashes[name]:
            out.append(path)
    return out


def _foreign(folder: Path) -> list[str]:
    ours = _written(folder)
    return [n for n in _entries(folder) if n not in ours and not n.startswith(_TMP)]


def _write_manifest(folder: Path, names: Iterable[str], *, complete: bool, hashes: dict[str, list[str]]) -> None:
    data = {"written_by": "cjgraph", "complete": complete, "written": sorted(names), "sha256": hashes}
    text = json.dumps(data, indent=1, sort_keys=True)
    tmp = folder / f"{MANIFEST}.{os.getpid()}.tmp"
    tmp.write_text(text + "\n", encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)


def _merge(src: Path, dest: Path) -> None:
    """Move the entries of ``src`` into the existing folder ``dest``; drop cjgraph's old ones."""
    old_names, old_hashes = _manifest(dest)
    old = set(old_names)
    new = _entries(src)
    new_hashes = _manifest(src)[1]
    clash = [n for n in new if n not in old and os.path.lexists(dest / n)]
    if clash:
        raise OutputError(
            f"{dest}: {clash[0]} is there and cjgraph did not write it; move it away or give another --out."
        )
    # an interrupted run is finished by the next: meanwhile both the old and the new files are cjgraph's
    both = {n: old_hashes.get(n, []) + new_hashes.get(n, []) for n in old | set(new)}
    _write_manifest(dest, old | set(new), complete=False, hashes=both)
    for name in new:
        s, d = src / name, dest / name
        if s.is_dir() and d.is_dir() and not d.is_symlink():
            _merge(s, d)
            continue
        if d.is_dir() and not d.is_symlink():
            _remove_ours(d)
        elif s.is_dir() and os.path.lexists(d):
            d.unlink()  # cjgraph's file, where a folder now goes
        os.replace(s, d)
    for name in sorted(old - set(new)):
        _remove_ours(dest / name)
    _write_manifest(dest, new, complete=True, hashes=new_hashes)


def _remove_ours(path: Path) -> None:
    """Remove what cjgraph wrote at ``path``; a folder goes only if nothing else is left in it."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
        return
    if not path.is_dir():
        return
    for name in _written(path):
        _remove_ours(path / name)
    (path / MANIFEST).unlink(missing_ok=True)
    try:
        path.rmdir()
    except OSError:
        pass  # the user's own files are still in it
