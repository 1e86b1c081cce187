"""A live Neo4j for the tests marked ``neo4j``, found or started on demand.

``ensure_neo4j()`` returns a Bolt URI (auth off) or ``None``:

1. ``NEO4J_URI`` set in the environment (CI's ``.ci/run`` does this): use it as is.
2. Else, if the jars are fetched (``scripts/neo4j-test-server fetch`` filled ``.neo4j/lib``),
   start a throwaway server on a free loopback port and stop it when the interpreter exits.
3. Else ``None``: the caller skips its Neo4j tests.

A started server is cached, so one test session starts at most one server. It does not touch
``os.environ``; the caller decides whether settings should see the URI.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "neo4j-test-server"
LIB = ROOT / ".neo4j" / "lib"

_NOT_TRIED = object()
_cached: object = _NOT_TRIED


def jars_present() -> bool:
    return LIB.is_dir() and any(LIB.glob("*.jar"))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(port: int) -> None:
    subprocess.run(
        ["bash", str(SCRIPT), "stop", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        timeout=60,
    )


def _start() -> str | None:
    port = _free_port()
    try:
        proc = subprocess.run(
            ["bash", str(SCRIPT), "start", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=180,  # the script gives up by itself after ~120 s
        )
    except subprocess.TimeoutExpired:
        _stop(port)
        print("neo4j_server: start timed out", file=sys.stderr)
        return None
    uri = next(
        (ln.split("=", 1)[1] for ln in proc.stdout.splitlines() if ln.startswith("NEO4J_URI=")),
        None,
    )
    if proc.returncode != 0 or uri is None:
        _stop(port)
        print(f"neo4j_server: could not start Neo4j:\n{proc.stderr}", file=sys.stderr)
        return None
    atexit.register(_stop, port)
    return uri


def ensure_neo4j() -> str | None:
    """Bolt URI of a live Neo4j (auth off), or None when there is none to be had."""
    global _cached
    env = os.environ.get("NEO4J_URI")
    if env:
        return env
    if _cached is _NOT_TRIED:
        _cached = _start() if jars_present() else None
    return _cached  # type: ignore[return-value]
