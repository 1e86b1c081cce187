"""Two ``policykg ingest`` runs at once into one Neo4j, over overlapping letters.

Every letter shares agencies, measures and years with the others, so the two runs MERGE the
same nodes and relationships at the same moment. Uniqueness constraints serialise node
MERGEs; the driver's ``execute_write`` retries a transaction that lost a deadlock. The test
checks that the two runs really overlapped in time, that both succeed, that no id and no
(type, start, end) relationship exists twice, and that the graph equals one run's over all
letters. (LadybugDB is embedded and single-writer: a second process gets a clear "lock"
error, see tests/test_outages.py.)
"""

from __future__ import annotations

import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from policykg.graph.stores import open_store
from policykg.settings import Settings
from tests.cli_process import cli_process
from tests.letters import numbered_letters

pytestmark = pytest.mark.neo4j

DUPLICATE_IDS = "MATCH (n) WITH n.id AS id, count(*) AS c WHERE c > 1 RETURN id, c"
DUPLICATE_RELATIONSHIPS = (
    "MATCH (a)-[r]->(b) WITH a.id AS a, type(r) AS t, b.id AS b, count(*) AS c WHERE c > 1 "
    "RETURN a, t, b, c"
)


def _ingest_times(process: subprocess.Popen) -> list[float]:
    """When each letter was reported ingested (monotonic seconds); waits for the end."""
    assert process.stderr is not None and process.stdout is not None
    times = [time.monotonic() for line in process.stderr if line.startswith("ingested ")]
    process.stdout.read()
    process.wait(timeout=300)
    return times


def test_two_overlapping_ingests_leave_no_duplicates(tmp_path: Path, neo4j_uri: str):
    letters = numbered_letters(tmp_path, 24)
    first, second = letters[:16], letters[8:]  # 8 letters in both runs
    settings = Settings(store=neo4j_uri)

    with open_store(neo4j_uri, settings) as store:
        store.clear()
    a = cli_process("ingest", *map(str, first), "--store", neo4j_uri)
    b = cli_process("ingest", *map(str, second), "--store", neo4j_uri)
    with ThreadPoolExecutor(2) as pool:  # one reader per process keeps both flowing
        times_a, times_b = pool.map(_ingest_times, [a, b])
    assert a.returncode == 0 and b.returncode == 0
    assert len(times_a) == len(first) and len(times_b) == len(second)
    assert times_a[0] < times_b[-1] and times_b[0] < times_a[-1], "the runs did not overlap"

    with open_store(neo4j_uri, settings) as store:
        assert store.run_read(DUPLICATE_IDS) == []
        assert store.run_read(DUPLICATE_RELATIONSHIPS) == []
        concurrent = store.nodes(), store.relationships()
        documents = store.counts()["nodes"]["Document"]
        store.clear()
    assert documents == len(letters)

    sequential = cli_process("ingest", *map(str, letters), "--store", neo4j_uri)
    sequential.communicate(timeout=300)
    assert sequential.returncode == 0
    with open_store(neo4j_uri, settings) as store:
        assert (store.nodes(), store.relationships()) == concurrent
        # Each label's count is what the letters wrote, not only the nodes' ids.
        counts = store.counts()["nodes"]
        assert {label: n for label, n in counts.items() if n} == Counter(
            node.label for node in concurrent[0]
        )
