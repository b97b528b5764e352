"""Write outputs so that a user's files are never lost: beside the target, then moved into place.

One rule for every output: an existing file or folder is replaced only when cjgraph wrote it, as
the same kind of output, and nobody has changed it since, or with ``force``; never a link, a
device, a FIFO or a socket, and never through a link. A file carries its own digest and kind (a
stamp line in its text, :func:`stamp_text`, or the plan workbook's document property); a folder
its manifest. A file is written to a temporary beside it (created exclusively, never following a
link) and moved over the target in one step, so a failure half-way leaves the old file as it
was. A folder is written only when it is new, empty, or one
cjgraph wrote before: such a folder holds a small manifest (``.cjgraph-output``) naming what
cjgraph wrote there, with each file's SHA-256 and the kind of output (a board pack, a plan, an
export). Any other folder, or one holding another kind of output, is refused unless ``force``,
and even then nothing in it that cjgraph did not write for this kind is deleted or overwritten;
nor is a file cjgraph wrote that has changed since (a planner's edits). A new folder is built beside the target
and renamed into place; an existing one is updated entry by entry, the manifest first listing
both the old and the new entries, so the destination is never missing and a run interrupted
half-way is finished by the next run. Temporaries are named ``.cjgraph-tmp-<pid>-…``: one
left by a killed run is swept by the next write into the same folder. A read-only output is
refused, and every message names the user's path, never a temporary.

Examples
--------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
>>> with atomic_file(out, kind="map") as tmp:
...     _ = tmp.write_text(stamp_text("hello", "map"))
>>> out.read_text().splitlines()[0]
'hello'
>>> try:
...     with atomic_file(out, kind="map") as tmp:
...         _ = tmp.write_text("half")
...         raise RuntimeError("disk full")
... except RuntimeError:
...     pass
>>> out.read_text().splitlines()[0], sorted(p.name for p in out.parent.iterdir())
('hello', ['notes.txt'])

A file cjgraph did not write is kept:

>>> _ = out.write_text("my own notes")
>>> with atomic_file(out, kind="map") as tmp:
...     _ = tmp.write_text("a map")
Traceback (most recent call last):
cjgraph.errors.OutputError: ...notes.txt: is not a file cjgraph wrote; give another --out, or --force to replace it.

A folder that is not cjgraph's is refused:

>>> mine = pathlib.Path(tempfile.mkdtemp())
>>> _ = (mine / "thesis.docx").write_text("years of work")
>>> with atomic_dir(mine, kind="board-pack") as tmp:
...     _ = (tmp / "index.html").write_text("<p>pack</p>")
Traceback (most recent call last):
cjgraph.errors.OutputError: ... holds files cjgraph did not write (thesis.docx); ...
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from cjgraph.errors import CjgraphError, OutputError
from cjgraph.scratch import process_alive

__all__ = [
    "MANIFEST",
    "KINDS",
    "atomic_file",
    "atomic_dir",
    "check_outputs",
    "stamp_text",
    "stamp_file",
    "text_stamp",
]

MANIFEST = ".cjgraph-output"
_TMP = ".cjgraph-tmp-"
#: the kinds of output cjgraph writes, in words
KINDS = {
    "map": "a map",
    "graphml": "a GraphML export",
    "gexf": "a GEXF export",
    "json": "a JSON export",
    "cypher": "a Cypher script",
    "plan-workbook": "a plan workbook",
    "plan": "a plan folder",
    "annual-report": "an annual report",
    "plans": "a folder of plans",
    "board-pack": "a board pack",
    "csv": "a CSV export",
    "neo4j-import": "a Neo4j import folder",
}
_STAMP = re.compile(r'cjgraph-sha256"?: "?([0-9a-f]{64}) ([a-z0-9-]+)')
#: what a file's state is, as its owner function tells: (kind cjgraph wrote it as, unchanged since)
Owner = Callable[[Path], tuple[str | None, bool]]


def stamp_text(text: str, kind: str, comment: str = "<!-- {} -->") -> str:
    """``text`` with a second line (``comment`` around it, in the format's own comment syntax)
    naming the kind of output and the SHA-256 of the text without that line: cjgraph can later
    tell its own unchanged file from an edited or foreign one.

    >>> stamp_text("<!DOCTYPE html>", "map").splitlines()[1][:32]
    '<!-- cjgraph-sha256: 3d0b6f5e309'
    """
    first, _, rest = text.partition("\n")
    digest = hashlib.sha256(f"{first}\n{rest}".encode()).hexdigest()
    return f"{first}\n{comment.format(f'cjgraph-sha256: {digest} {kind}')}\n{rest}"


def stamp_file(path: Path, kind: str, comment: str = "<!-- {} -->") -> None:
    """Stamp a text file as :func:`stamp_text` stamps a text, reading and writing it in blocks (a
    large export never held whole in memory)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        first = fh.readline()
        digest.update(first if first.endswith(b"\n") else first + b"\n")
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    line = comment.format(f"cjgraph-sha256: {digest.hexdigest()} {kind}").encode() + b"\n"
    stamped = path.with_name(path.name + ".stamped")
    with path.open("rb") as src, stamped.open("wb") as dst:
        head = src.readline()
        dst.write(head if head.endswith(b"\n") else head + b"\n")
        dst.write(line)
        shutil.copyfileobj(src, dst, 1 << 20)
    os.replace(stamped, path)


def text_stamp(path: Path) -> tuple[str | None, bool]:
    """The kind a file was written as by :func:`stamp_text` (``None``: not stamped; a plan
    workbook is known by its document property) and whether it is unchanged since."""
    try:
        with path.open("rb") as fh:
            first, line = fh.readline(), fh.readline(4096)
            m = _STAMP.search(line.decode("utf-8", "replace"))
            if not m or not first.endswith(b"\n") or not line.endswith(b"\n"):
                return ("plan-workbook", False) if _is_plan_workbook(path) else (None, False)
            digest = hashlib.sha256(first)
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None, False
    return m.group(2), digest.hexdigest() == m.group(1)


def _is_plan_workbook(path: Path) -> bool:
    """Whether ``path`` is an .xlsx that carries cjgraph's plan digest (its custom properties)."""
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("docProps/custom.xml")
            return info.file_size < 1 << 20 and b"cjgraph-content-sha256" in z.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, RuntimeError):
        return False


@contextmanager
def atomic_file(out: Path, *, kind: str, force: bool = False, owner: Owner = text_stamp) -> Iterator[Path]:
    """Yield a temporary path beside ``out``; on success it replaces ``out``.

    An existing ``out`` is replaced only when ``owner`` says cjgraph wrote it as ``kind`` and it
    is unchanged, or with ``force``; a link, a folder or anything but a regular file never.
    """
    out = Path(out)
    parent = _parent(out)
    with _only_writer(parent):
        _refuse_special(out, folder=False)
        if out.exists() and not force:
            _refuse_replacing(out, kind, *owner(out))
        _refuse_read_only(out)
        with _temporary(parent, out, folder=False) as tmp:
            yield tmp
            os.replace(tmp, out)


@contextmanager
def atomic_dir(out: Path, *, kind: str, force: bool = False) -> Iterator[Path]:
    """Yield a temporary folder beside ``out``; on success its entries become the folder ``out``.

    ``out`` must be new, empty or written by cjgraph before as the same ``kind`` of output (its
    entries no longer written are removed); with ``force`` another folder is accepted and
    cjgraph's entries are added beside what is there, none of which is touched.
    """
    out = Path(out)
    parent = _parent(out)
    with _only_writer(parent):
        _check_folder(out, kind, force=force)
        with _temporary(parent, out, folder=True) as tmp:
            yield tmp
            _write_manifests(tmp, kind)
            try:
                os.rename(tmp, out)  # a new folder: appears whole
            except OSError:
                if not out.is_dir():
                    raise
                _merge(tmp, out, kind)


@contextmanager
def _temporary(parent: Path, out: Path, *, folder: bool) -> Iterator[Path]:
    """A temporary file or folder beside ``out``, removed whatever happens; an OS error on the
    way is one sentence naming ``out``."""
    tmp = _new_temp(parent, out, folder=folder)
    try:
        yield tmp
    except CjgraphError:
        raise
    except OSError as e:
        raise _os_error(out, e) from None
    finally:
        _clean_up(tmp)


def _check_folder(out: Path, kind: str, *, force: bool) -> None:
    """Refuse an ``out`` folder that is not cjgraph's for ``kind`` (unless ``force``), or holds a
    file cjgraph wrote that was changed since."""
    _refuse_special(out, folder=True)
    if out.is_dir():
        _refuse_read_only(out)
        _sweep(out)  # a manifest's temporary, left inside by a killed run
        other = _kind_of(out)
        if other not in (None, "", kind) and not force:
            raise OutputError(
                f"{out}: holds {KINDS.get(other, other)} cjgraph wrote, not {KINDS.get(kind, kind)}; give another "
                "--out, or --force to write beside it (none of it is changed)."
            )
        foreign = [] if other in ("", kind) else _foreign(out, kind)  # beside cjgraph's own, a user's files stay
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


_HELD: dict[str, int] = {}  # the folders this process holds the writer's lock of, and how often


@contextmanager
def _only_writer(parent: Path) -> Iterator[None]:
    """Hold the writer's lock of ``parent`` (an exclusive ``flock`` on the folder itself, so it
    leaves no file behind): two cjgraph runs writing into one folder take turns, never mixing
    their files. Re-entrant within a process; where there is no ``flock``, nothing is held."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    key = os.path.realpath(parent)
    if _HELD.get(key):
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    fd = os.open(key, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _HELD[key] = 1
        yield
    finally:
        _HELD.pop(key, None)
        os.close(fd)  # closing it lets the lock go


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


def _refuse_special(out: Path, *, folder: bool) -> None:
    """Refuse a link, and anything but a regular file (a folder, for a folder output): writing
    would follow the link or replace a device, FIFO or socket."""
    try:
        mode = os.lstat(out).st_mode
    except FileNotFoundError:
        return
    except OSError as e:
        raise _os_error(out, e) from None
    if stat.S_ISLNK(mode):
        raise OutputError(
            f"{out}: is a link; cjgraph never writes through a link: give the real path or another --out."
        )
    if folder and stat.S_ISDIR(mode):
        return
    if not stat.S_ISREG(mode):
        what = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device, FIFO or socket)"
        wanted = "a folder path" if folder else "a file name"
        raise OutputError(f"{out}: is {what}; give {wanted} for --out.")
    if folder:
        raise OutputError(f"{out}: exists and is not a folder; give a folder path.")


def _refuse_replacing(out: Path, kind: str, was: str | None, unchanged: bool) -> None:
    if was is None:
        raise OutputError(f"{out}: is not a file cjgraph wrote; give another --out, or --force to replace it.")
    if was != kind:
        raise OutputError(
            f"{out}: is {KINDS.get(was, was)} cjgraph wrote, not {KINDS.get(kind, kind)}; give another --out, "
            "or --force to replace it."
        )
    if not unchanged:
        raise OutputError(
            f"{out}: was changed since cjgraph wrote it; writing would lose those changes: give another --out, "
            "or --force to replace it."
        )


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
        if not pid.isdigit() or process_alive(int(pid)):
            continue
        path = parent / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _entries(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n != MANIFEST)


def _written(folder: Path) -> set[str]:
    """What cjgraph wrote into ``folder``, by its manifest (nothing when it has none)."""
    return set(_manifest(folder)[0])


def _manifest(folder: Path) -> tuple[list[str], dict[str, list[str]]]:
    """The names in ``folder``'s manifest and the SHA-256 of each file as cjgraph wrote it."""
    data = _manifest_data(folder)
    written = data.get("written", [])
    names = (
        [n for n in written if isinstance(n, str) and "/" not in n and n not in ("", ".", "..")]
        if isinstance(written, list)
        else []
    )
    hashes = data.get("sha256", {})
    return names, {k: v for k, v in hashes.items() if isinstance(v, list)} if isinstance(hashes, dict) else {}


def _manifest_data(folder: Path) -> dict[str, object]:
    path = folder / MANIFEST
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):  # a planted link is nobody's manifest
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


# what a folder written before its manifest named the kind holds, by a file only that kind writes
_KIND_BY_ENTRY = {"index.html": "board-pack", "plan.csv": "plan", "nodes.csv": "csv", "import.txt": "neo4j-import"}


def _kind_of(folder: Path) -> str | None:
    """The kind of output cjgraph wrote ``folder`` as (``None``: not cjgraph's; ``""``: cjgraph's,
    written before manifests named the kind, and of no kind its entries show)."""
    data = _manifest_data(folder)
    if not data:
        return None
    kind = data.get("kind")
    if isinstance(kind, str):
        return kind
    names = _written(folder)
    found = [k for entry, k in _KIND_BY_ENTRY.items() if entry in names]
    if not found and any(n.endswith(".xlsx") and n[: -len(".xlsx")] in names for n in names):
        found = ["plans"]  # a plan's workbook beside its folder
    return found[0] if found else ""


def _sha256(path: Path) -> str:
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


def _foreign(folder: Path, kind: str) -> list[str]:
    """The entries of ``folder`` that cjgraph did not write there as ``kind``."""
    ours = _written(folder) if _kind_of(folder) in ("", kind) else set()
    return [n for n in _entries(folder) if n not in ours and not n.startswith(_TMP)]


def _write_manifest(
    folder: Path, names: Iterable[str], *, complete: bool, hashes: dict[str, list[str]], kind: str
) -> None:
    data = {"written_by": "cjgraph", "kind": kind, "complete": complete, "written": sorted(names), "sha256": hashes}
    text = json.dumps(data, indent=1, sort_keys=True)
    # created exclusively under a name nobody can plant a link at (mkstemp: O_CREAT | O_EXCL)
    fd, name = tempfile.mkstemp(prefix=f"{_TMP}{os.getpid()}-", suffix="-manifest", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
    os.chmod(name, 0o666 & ~_umask())
    os.replace(name, folder / MANIFEST)


def _write_manifests(folder: Path, kind: str) -> None:
    """A manifest in ``folder`` and in each folder within it: what cjgraph wrote there, so that
    the next run replaces a subfolder of its own (a board pack's page per plan) and nothing else."""
    names = _entries(folder)
    for name in names:
        if (folder / name).is_dir() and not (folder / name).is_symlink():
            _write_manifests(folder / name, kind)
    _write_manifest(folder, names, complete=True, hashes=_hashes(folder, names), kind=kind)


def _merge(src: Path, dest: Path, kind: str) -> None:
    """Move the entries of ``src`` into the existing folder ``dest``; drop cjgraph's old ones
    (those it wrote there as ``kind``: another kind's are left as they are)."""
    old_names, old_hashes = _manifest(dest) if _kind_of(dest) in ("", kind) else ([], {})
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
    _write_manifest(dest, old | set(new), complete=False, hashes=both, kind=kind)
    for name in new:
        s, d = src / name, dest / name
        if s.is_dir() and d.is_dir() and not d.is_symlink():
            _merge(s, d, _kind_of(s) or kind)
            continue
        if d.is_dir() and not d.is_symlink():
            _remove_ours(d)
        elif s.is_dir() and os.path.lexists(d):
            d.unlink()  # cjgraph's file, where a folder now goes
        os.replace(s, d)
    for name in sorted(old - set(new)):
        _remove_ours(dest / name)
    _write_manifest(dest, new, complete=True, hashes=new_hashes, kind=kind)


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
