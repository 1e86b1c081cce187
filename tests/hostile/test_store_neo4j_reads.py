"""Neo4j: what anyone reaching ``/cypher`` could make the server do, and outages that must
end quickly in one clear line. Real server (the session's throwaway Neo4j)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest

from policykg.errors import ReadOnlyViolationError, StoreUnavailableError
from policykg.graph.stores.neo4j import Neo4jStore
from tests.letters import ROOT

pytestmark = pytest.mark.neo4j

REFUSED = [
    "SHOW TRANSACTIONS",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "CALL dbms.listConfig()",
    "SHOW USERS",
    "SHOW DATABASES",
    "CALL db.clearQueryCaches()",
    "CALL dbms.components()",
    "SHOW PROCEDURES",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "MATCH (n) CALL db.clearQueryCaches() YIELD value RETURN value",
    "CREATE (n:Agency {id: 'agency:x'}) RETURN n.id",
]


@pytest.mark.parametrize("statement", REFUSED)
def test_only_plain_reads_of_the_graph_run(neo4j_store, statement):
    with pytest.raises(ReadOnlyViolationError, match=r"refused|tried to write"):
        neo4j_store.run_read(statement, untrusted=True)


def test_allowed_procedures_and_plain_reads_still_run(neo4j_store):
    labels = neo4j_store.run_read("CALL db.labels() YIELD label RETURN label", untrusted=True)
    assert isinstance(labels, list)
    assert neo4j_store.run_read("MATCH (n) RETURN count(n) AS n", untrusted=True)[0]["n"] >= 0


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers (a frozen server)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        server.close()


def test_a_frozen_server_is_given_up_after_the_settings_timeout(silent_port):
    with pytest.raises(StoreUnavailableError, match="Neo4j"):
        Neo4jStore(f"bolt://127.0.0.1:{silent_port}", connection_timeout_s=1.0)


def test_the_cli_says_one_line_when_neo4j_is_frozen(silent_port):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "POLICYKG_"))}
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "from policykg.cli import main; main()",
            "stats",
            "--store",
            f"bolt://127.0.0.1:{silent_port}",
        ],
        cwd=ROOT,
        env={**clean, "POLICYKG_NEO4J_CONNECTION_TIMEOUT_S": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2, run
    assert run.stderr.strip().count("\n") == 0 and run.stderr.startswith("error: "), run.stderr
