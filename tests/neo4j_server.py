"""The real Neo4j of the tests (DESIGN §7): Neo4j Community 5.26 embedded in the Maven project
``tests/neo4j``, built once (Maven's cache keeps the jars between runs; the build is redone only
when the project changes) and started on a free loopback port with a scratch home.

Used by the ``neo4j_uri`` fixture of ``conftest.py`` and by ``benchmarks/push.py``::

    server = start(home, password)   # builds if needed; returns once Bolt answers
    server.uri                       # bolt://127.0.0.1:PORT, user neo4j
    server.stop()
"""

from __future__ import annotations

import select
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).parent / "neo4j"
JAR = PROJECT / "target" / "test-neo4j-1.jar"
LIBS = PROJECT / "target" / "dependency"
READY = "cjgraph test neo4j ready on "


class Unavailable(RuntimeError):
    """Java or Maven is missing, or the build or the start failed: the reason, in one sentence."""


def built() -> bool:
    """The jar is there and newer than every file it is built from."""
    if not JAR.is_file() or not LIBS.is_dir():
        return False
    sources = [PROJECT / "pom.xml", *PROJECT.glob("src/**/*.java")]
    return JAR.stat().st_mtime >= max(p.stat().st_mtime for p in sources)


def build() -> None:
    """Build the server with Maven (its jars from Maven Central, kept in ~/.m2)."""
    if built():
        return
    for tool in ("java", "mvn"):
        if shutil.which(tool) is None:
            raise Unavailable(f"the test Neo4j needs {tool} (Java 17 and Maven), which is not on PATH")
    shutil.rmtree(LIBS, ignore_errors=True)  # no jars of an older version left beside the new ones
    run = subprocess.run(
        ["mvn", "-q", "-B", "package", "dependency:copy-dependencies", "-DincludeScope=runtime"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if run.returncode != 0 or not built():
        tail = (run.stdout + run.stderr).strip().splitlines()[-15:]
        raise Unavailable("the Maven build of the test Neo4j failed:\n" + "\n".join(tail))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Neo4jServer:
    """A running test Neo4j."""

    process: subprocess.Popen[str]
    uri: str
    user: str
    password: str
    log: Path

    def stop(self) -> None:
        """Stop it by its own PID (SIGTERM: Neo4j shuts down cleanly), killing it if it hangs."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def start(home: Path, password: str, *, timeout: float = 180) -> Neo4jServer:
    """Build if needed, then start Neo4j in ``home`` with auth on (user ``neo4j``, ``password``);
    returns once it says it is ready."""
    build()
    port = free_port()
    log = home / "server.log"
    home.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        process = subprocess.Popen(
            ["java", "-Xmx768m", "-cp", f"{JAR}:{LIBS}/*", "cjgraph.TestNeo4j", str(port), str(home / "db"), password],
            stdout=subprocess.PIPE,
            stderr=out,
            text=True,
        )
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], max(0.1, deadline - time.monotonic()))
        if not ready:
            continue
        line = process.stdout.readline()
        if line.startswith(READY):
            process.stdout.close()
            return Neo4jServer(process, line[len(READY) :].strip(), "neo4j", password, log)
        if not line and process.poll() is not None:
            break
    process.kill()
    tail = log.read_text(errors="replace").strip().splitlines()[-5:]
    raise Unavailable(f"the test Neo4j did not start (exit {process.poll()}): " + " | ".join(tail))


if __name__ == "__main__":  # python tests/neo4j_server.py: build it (tests/run.sh does, first)
    import sys

    try:
        build()
    except Unavailable as e:
        sys.exit(f"tests/neo4j_server.py: {e}")
