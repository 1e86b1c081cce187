"""Store outages seen from the command line: one clear line on stderr, exit 2, no traceback.

Each case runs ``policykg`` in a subprocess, as a researcher would: Neo4j unreachable, a
wrong password (against a second test server started with auth on), a database that does
not exist, a LadybugDB file another process holds, a read-only one, and a store path that
cannot be created.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from policykg.graph.stores.ladybug import LadybugStore
from tests.letters import EXAMPLE_2021, ROOT
from tests.neo4j_server import SCRIPT, jars_present

LETTER = str(EXAMPLE_2021)


def _policykg(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "POLICYKG_"))}
    return subprocess.run(
        [sys.executable, "-c", "from policykg.cli import main; main()", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _assert_one_clear_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for word in words:
        assert word in lines[0], lines[0]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("command", [["stats"], ["ingest", LETTER]])
def test_neo4j_unreachable(command: list[str]):
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    _assert_one_clear_line(_policykg(*command, "--store", uri), "cannot reach Neo4j", uri)


@pytest.mark.neo4j
def test_neo4j_database_missing(neo4j_uri: str):
    result = _policykg("ingest", LETTER, "--store", neo4j_uri, NEO4J_DATABASE="nosuchdb")
    _assert_one_clear_line(result, "has no database 'nosuchdb'", "NEO4J_DATABASE")


@pytest.fixture(scope="module")
def neo4j_with_auth() -> Iterator[str]:
    """A second test server that checks credentials (neo4j/neo4j until changed)."""
    if not jars_present():
        message = "no Neo4j jars (scripts/neo4j-test-server fetch)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    port = str(_closed_port())
    env = {**os.environ, "NEO4J_JAVA_OPTS": "-Dpolicykg.neo4j.auth=true"}
    started = subprocess.run(
        ["bash", str(SCRIPT), "start", port],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    try:
        assert started.returncode == 0, started.stderr
        yield f"bolt://127.0.0.1:{port}"
    finally:
        subprocess.run(
            ["bash", str(SCRIPT), "stop", port],
            cwd=ROOT,
            capture_output=True,
            timeout=120,
            check=False,
        )


@pytest.mark.neo4j
@pytest.mark.parametrize("command", [["stats"], ["ingest", LETTER]])
def test_neo4j_wrong_password(neo4j_with_auth: str, command: list[str]):
    result = _policykg(*command, "--store", neo4j_with_auth, NEO4J_PASSWORD="wrong-password")
    _assert_one_clear_line(result, "refused the credentials of user 'neo4j'")


@pytest.fixture
def ladybug_file(tmp_path: Path) -> str:
    path = tmp_path / "graph.lbdb"
    LadybugStore(path).close()
    return str(path)


def test_ladybug_file_held_by_another_process(ladybug_file: str):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, ladybug\n"
            "db = ladybug.Database(sys.argv[1]); conn = ladybug.Connection(db)\n"
            "print('holding', flush=True); sys.stdin.read()",
            ladybug_file,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        result = _policykg("ingest", LETTER, "--store", ladybug_file)
        _assert_one_clear_line(result, "cannot open LadybugDB", "lock", str(holder.pid))
    finally:
        holder.communicate("", timeout=30)  # closing stdin ends the holder


@pytest.fixture
def read_only_ladybug_file(ladybug_file: str) -> Iterator[str]:
    """Read-only for whoever runs the tests: chmod for a user, the immutable flag for root
    (whom permission bits do not stop)."""
    path = Path(ladybug_file)
    if os.geteuid() != 0:
        path.chmod(0o444)
        path.parent.chmod(0o555)
        try:
            yield ladybug_file
        finally:
            path.parent.chmod(0o755)
            path.chmod(0o644)
        return
    if subprocess.run(["chattr", "+i", ladybug_file], capture_output=True).returncode != 0:
        message = "root without chattr +i: cannot make a file read-only here"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {message}")
        pytest.skip(message)
    try:
        yield ladybug_file
    finally:
        subprocess.run(["chattr", "-i", ladybug_file], check=True)


def test_ladybug_file_read_only(read_only_ladybug_file: str):
    """Writing needs the file writable; reading opens it read-only, so it still works."""
    result = _policykg("ingest", LETTER, "--store", read_only_ladybug_file)
    _assert_one_clear_line(result, "cannot open LadybugDB", read_only_ladybug_file)
    assert _policykg("stats", "--store", read_only_ladybug_file).returncode == 0


def test_ladybug_path_that_cannot_be_created(tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    target = str(blocker / "graph.lbdb")
    _assert_one_clear_line(
        _policykg("ingest", LETTER, "--store", target), "cannot open LadybugDB", target
    )
