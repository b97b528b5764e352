"""Run work in a child process that can reach no file and no network, within a memory cap and
a time limit: the second wall around the embedded engine (behind the query checks of
:mod:`cjgraph.cypher.guard`), and around the PDF library reading a document of unknown origin
(a few KB can ask it for gigabytes; capped, that is a refusal, not a dead machine).

The child is forked (it inherits the graph, nothing is copied through a pipe), builds the object,
and then confines itself with Linux **Landlock**: every file-system right and TCP bind/connect
are handled by a ruleset that grants none, so even a query the checks missed cannot open, write
or list a file (an open file descriptor, such as the pipe to the parent, keeps working).
:attr:`Child.confined` says whether that took; where Landlock or ``fork`` is missing (an old
kernel, macOS, Windows) the checks alone stand, and :func:`confine` says so by returning False.

Examples
--------
>>> child = Child(lambda: {"answer": 42})
>>> child.call("get", "answer")
42
>>> child.close()
>>> run_apart(sum, [1, 2, 3], memory=256 * 2**20, seconds=30)
6
"""

from __future__ import annotations

import ctypes
import faulthandler
import multiprocessing
import os
import platform
import resource
import signal
import struct
import sys
import weakref
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

from cjgraph.errors import CjgraphError

__all__ = ["Child", "ChildStopped", "Later", "alongside", "confine", "can_fork", "run_apart"]

# Landlock's system calls have the same numbers on every architecture that has them
_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446
_READ_FILE, _READ_DIR, _REMOVE_FILE = 1 << 2, 1 << 3, 1 << 5
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    """Whether objects can be run in a forked child here (POSIX with ``fork``)."""
    return "fork" in multiprocessing.get_all_start_methods()


def confine(allow: Path | None = None) -> bool:
    """Take away this thread's (and the threads and processes it starts later) file-system and
    network rights for good (Landlock, Linux 5.13 and later), but reading and removing files
    beneath ``allow``; whether it took. Threads already running keep their rights: confine
    before starting any (the embedded engine starts its own)."""
    if sys.platform != "linux" or platform.machine() not in ("x86_64", "aarch64", "arm64", "riscv64"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    abi = libc.syscall(ctypes.c_long(_CREATE_RULESET), None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    if abi < 1:
        return False
    # file-system rights by ABI version: 13 in the first, then REFER, TRUNCATE and IOCTL_DEV
    fs = (1 << (13 + min(max(abi - 1, 0), 2) + (1 if abi >= 5 else 0))) - 1
    fields = [fs] + ([0b11] if abi >= 4 else []) + ([0b11] if abi >= 6 else [])  # TCP bind/connect; scopes
    attr = ctypes.create_string_buffer(struct.pack(f"{len(fields)}Q", *fields))
    fd = libc.syscall(ctypes.c_long(_CREATE_RULESET), attr, ctypes.c_size_t(len(attr.raw)), ctypes.c_uint32(0))
    if fd < 0:
        return False
    try:
        if allow is not None and not _allow(libc, fd, allow):
            return False
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return False
        return bool(libc.syscall(ctypes.c_long(_RESTRICT_SELF), ctypes.c_int(fd), ctypes.c_uint32(0)) == 0)
    finally:
        os.close(fd)


def _allow(libc: Any, ruleset: int, folder: Path) -> bool:
    """Grant reading and removing files beneath ``folder`` in a ruleset."""
    rights = _READ_FILE | _READ_DIR | _REMOVE_FILE
    where = os.open(folder, os.O_PATH | os.O_DIRECTORY)
    try:
        beneath = ctypes.create_string_buffer(struct.pack("<Qi", rights, where))  # packed: 12 bytes
        return bool(libc.syscall(ctypes.c_long(_ADD_RULE), ctypes.c_int(ruleset), ctypes.c_int(1), beneath, 0) == 0)
    finally:
        os.close(where)


class ChildStopped(CjgraphError):
    """The child process ended (crashed, or was killed) before it answered; ``how`` says how."""

    def __init__(self, what: str, how: str) -> None:
        super().__init__(f"{what} stopped ({how}); run the command again.")
        self.what, self.how = what, how

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:  # sent from the child whole
        return ChildStopped, (self.what, self.how)


class Child:
    """An object built by ``build`` in a forked, confined child; :meth:`call` runs its methods
    there. A :class:`~cjgraph.errors.CjgraphError` raised there is raised here; anything else
    becomes one sentence."""

    def __init__(self, build: Callable[[], Any], *, what: str = "the embedded engine", memory: int = 0) -> None:
        context = multiprocessing.get_context("fork")
        self._conn, theirs = context.Pipe()
        self._what = what
        self._process = context.Process(target=_serve, args=(build, theirs, memory), daemon=True)
        self._process.start()
        theirs.close()
        self._finalizer = weakref.finalize(self, _stop, self._conn, self._process)
        self._confined: bool | None = None  # said by the child once built: asked for when needed
        self._posted = 0  # calls posted whose answers are still to be read

    @property
    def confined(self) -> bool:
        """Whether the child is barred from every file and the network (waits for it to be built)."""
        if self._confined is None:
            self._confined = bool(self._receive())
        return self._confined

    def post(self, method: str, *args: Any, **kwargs: Any) -> None:
        """``build().method(*args, **kwargs)`` started in the child, not waited for: its answer,
        or its error, is dropped before the next call's (a crash is said by that call). Sent at
        once, even before the child is built: the child answers in order."""
        with suppress(OSError):
            self._conn.send((method, args, kwargs))
            self._posted += 1

    def call(self, method: str, *args: Any, timeout: float | None = None, **kwargs: Any) -> Any:
        """``build().method(*args, **kwargs)``, run in the child; past ``timeout`` seconds the
        child is stopped (:class:`ChildStopped`, "took longer than ...")."""
        if self._confined is None:  # built (or failed to be), before the call
            self._confined = bool(self._receive())
        while self._posted:
            self._posted -= 1
            try:
                self._receive()
            except ChildStopped:
                raise
            except CjgraphError:
                pass
        try:
            self._conn.send((method, args, kwargs))
        except OSError:
            raise ChildStopped(self._what, self._how()) from None
        if timeout is not None and not self._conn.poll(timeout):
            self._process.kill()
            self._process.join()
            raise ChildStopped(self._what, f"took longer than {timeout:g} s")
        return self._receive()

    def close(self) -> None:
        """Stop the child."""
        self._finalizer()

    def _receive(self) -> Any:
        try:
            kind, value = self._conn.recv()
        except (EOFError, OSError):
            raise ChildStopped(self._what, self._how()) from None
        if kind == "error":
            raise value
        return value

    def _how(self) -> str:
        self._process.join(timeout=1)
        code = self._process.exitcode
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals.__members__.values() else str(-code)
            return f"killed by {name}"
        return f"exit {code}" if code is not None else "no answer"


def run_apart(func: Callable[..., Any], *args: Any, memory: int, seconds: float, what: str = "the work") -> Any:
    """``func(*args)`` in a forked, confined child that may use ``memory`` bytes more than it
    started with and ``seconds`` of time; its result (or the :class:`CjgraphError` it raised).
    Past either limit, or if the child crashes, :class:`ChildStopped` says how. Where ``fork``
    is missing, ``func`` runs here, without the limits."""
    if not can_fork():
        return func(*args)
    child = Child(lambda: _Apart(func, args), what=what, memory=memory)
    try:
        return child.call("run", timeout=seconds)
    finally:
        child.close()


def alongside(func: Callable[..., Any], *args: Any, steps: int = 1) -> Later:
    """Start ``func(*args)`` in a forked child, on another core while this process goes on with
    its own work; the :class:`Later` returned gives the result when called (waiting for it).
    With ``steps`` above 1, ``func(*args)`` yields that many results, each sent as soon as it is
    made, and :meth:`Later.step` gives them in order.

    Not confined: the child does this process's own trusted work (it may read the files the
    user named). A :class:`~cjgraph.errors.CjgraphError` raised there is raised here; if the
    child fails in any other way (killed, crashed, a result that cannot be sent back), the work
    is done here instead, from the first result not yet had. With one core, or where ``fork`` is
    missing, it is done here when a result is asked for.

    >>> alongside(sum, [1, 2, 3])()
    6
    >>> later = alongside(lambda n: (i * i for i in range(n)), 3, steps=3)
    >>> later.step(0), later.step(2)
    (0, 4)
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return Later(lambda: func(*args) if steps > 1 else iter([func(*args)]), steps, forked=can_fork() and cores > 1)


class Later:
    """The results of :func:`alongside`: call it to have the result, or :meth:`step` for each of
    several (each worked out once); :meth:`cancel` when they are not wanted."""

    def __init__(self, make: Callable[[], Iterator[Any]], steps: int, *, forked: bool) -> None:
        self._make, self._steps = make, steps
        self._had: list[Any] = []
        self._here: Iterator[Any] | None = None  # the work done here, when it is
        self._process: Any = None
        if forked:
            context = multiprocessing.get_context("fork")
            self._conn, theirs = context.Pipe(duplex=False)
            self._process = context.Process(target=_alongside, args=(make, theirs, os.getpid()), daemon=True)
            self._process.start()
            theirs.close()
            weakref.finalize(self, _reap, self._conn, self._process)

    def __call__(self) -> Any:
        return self.step(0)

    def step(self, i: int) -> Any:
        """The ``i``-th result (from 0), waiting for it."""
        while len(self._had) <= i:
            self._had.append(self._next())
            if len(self._had) == self._steps:
                self.cancel()  # all had: the child has finished
        return self._had[i]

    def _next(self) -> Any:
        if self._process is not None:
            try:
                kind, value = self._conn.recv()
            except (EOFError, OSError):
                kind, value = "failed", None
            if kind == "ok":
                return value
            self.cancel()
            if kind == "error" and isinstance(value, CjgraphError) and type(value) is not CjgraphError:
                raise value  # the work's own error, as it would be raised here
        if self._here is None:  # done here from now on, past the results had from the child
            self._here = iter(self._make())
            for _ in self._had:
                next(self._here)
        return next(self._here)

    def cancel(self) -> None:
        """Stop the child, if it is still at work (its results are not wanted)."""
        if self._process is not None:
            _reap(self._conn, self._process)
            self._process = None


def _reap(conn: Any, process: Any) -> None:
    conn.close()
    if process.is_alive():
        process.kill()
    process.join()


def _alongside(make: Callable[[], Iterator[Any]], conn: Any, parent: int) -> None:
    faulthandler.disable()
    if sys.platform == "linux":  # killed with this process's parent (a kill that reaches the parent alone)
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent ended before that took
            os._exit(1)
    try:
        try:
            for result in make():
                conn.send(("ok", result))  # a result that cannot be pickled raises here, before sending
        except BaseException as e:  # noqa: BLE001 - the parent raises it, or does the work itself
            conn.send(("error", _sendable(e)))
        conn.close()
    except BaseException:  # noqa: BLE001 - the parent stopped listening (cancelled): nothing to say, no traceback
        os._exit(1)


class _Apart:
    def __init__(self, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self.func, self.args = func, args

    def run(self) -> Any:
        return self.func(*self.args)


def _cap_memory(extra: int) -> None:
    """Let this process's address space grow by at most ``extra`` bytes from here."""
    with open("/proc/self/statm") as fh:  # the size now, in pages
        now = int(fh.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (now + extra, now + extra))


def _serve(build: Callable[[], Any], conn: Any, memory: int = 0) -> None:
    """The child: cap its memory, build, confine (unless the object built did, and says so in
    its ``confined``), then answer calls until the parent closes the pipe."""
    faulthandler.disable()  # a crash is said by the parent in one sentence, not as a dump on stderr
    if memory and sys.platform == "linux":
        _cap_memory(memory)
    try:
        obj = build()
        # an object that confined itself as it was built (to reading a folder of its own) says so
        confined = getattr(obj, "confined", None)
        conn.send(("ok", confine() if confined is None else bool(confined)))
    except BaseException as e:  # noqa: BLE001 - the parent says it in one sentence
        conn.send(("error", _sendable(e)))
        return
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if message is None:
            return
        method, args, kwargs = message
        try:
            reply = ("ok", getattr(obj, method)(*args, **kwargs))
        except BaseException as e:  # noqa: BLE001
            reply = ("error", _sendable(e))
        try:
            conn.send(reply)
        except Exception as e:  # noqa: BLE001 - an answer that cannot be pickled
            conn.send(("error", _sendable(e)))


def _sendable(e: BaseException) -> CjgraphError:
    if isinstance(e, CjgraphError):
        return e
    if isinstance(e, MemoryError):
        return ChildStopped("the work", "ran out of the memory it may use")
    return CjgraphError(f"the work failed: {type(e).__name__}: {e}")


def _stop(conn: Any, process: Any) -> None:
    """End the child: it holds nothing but what it was asked for, so it is killed, not asked to
    tidy up (the engine's teardown of its memory took longer than many a query)."""
    with suppress(OSError):
        conn.close()
    process.kill()
    process.join()
