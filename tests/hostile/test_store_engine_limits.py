"""LadybugDB's engine bugs and appetites, each reproduced on a real store: a SKIP past the
end that crashes it, a buffer pool that would take 80 % of RAM, queries that outgrow memory,
time or any sensible result size. Reads that reach it through ``IsolatedReads`` run in worker
processes, so the caller lives through all of them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import ladybug
import pytest

from policykg.errors import QueryError, QueryTimeoutError, WriteError
from policykg.graph.stores import open_isolated_store, open_store
from policykg.graph.stores.isolated import (
    EngineCrashError,
    MemoryLimitError,
    ResultTooLargeError,
)
from policykg.settings import Settings

HERE = Path(__file__).parent
PAST_THE_END = 100_000
PAGING_QUERIES = ("documents", "agencies", "measures", "proposals")
# The form the engine dies on (ladybug_topk_skip.py): sort, skip past the end, limit, at once.
# Ten billion rows, each tested: minutes without a time limit, little memory.
SLOW = (
    "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y "
    "WITH x, y WHERE (x * y) % 7 = 3 RETURN count(*) AS n"
)
CRASHING = "MATCH (d:Document) WITH d ORDER BY d.id SKIP 100000 LIMIT 10 RETURN d.id AS id"


@pytest.fixture(scope="module")
def large_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store with 12,000 nodes of each paged label: above the size the crash needs."""
    path = tmp_path_factory.mktemp("large") / "large.lbdb"
    open_store(str(path)).close()  # the schema
    connection = ladybug.Connection(ladybug.Database(str(path)))
    for label, field in (
        ("Document", "date"),
        ("Agency", "name"),
        ("Measure", "key"),
        ("Proposal", "number"),
    ):
        connection.execute(
            f"UNWIND range(1, 12000) AS i CREATE (:{label} {{id: '{label.lower()}:' + "
            f"string(i), {field}: string(i % 97)}})"
        )
    connection.close()
    return str(path)


def _settings(store: str, **changes) -> Settings:
    return Settings(store=store, **{"query_timeout_s": 5.0, **changes})


def test_the_engine_still_crashes_on_a_sorted_skip_past_the_end():
    """The library's bug, kept as a minimal script. When this fails LadybugDB has fixed it:
    the split of SKIP and LIMIT in cypher/*.cypher and this test can go."""
    run = subprocess.run(
        [sys.executable, str(HERE / "ladybug_topk_skip.py")], capture_output=True, timeout=120
    )
    assert run.returncode == -signal.SIGSEGV, run


def test_paging_past_the_end_returns_no_rows(large_store):
    """In a child process, so that a return of the crash fails this test, not the run."""
    script = (
        "import json, sys; from policykg.graph.queries import run_query; "
        "from policykg.graph.stores import open_store; "
        f"store = open_store({large_store!r}, read_only=True); "
        "print(json.dumps({name: [len(run_query(store, name, {'skip': skip}).rows) "
        f"for skip in (11_990, {PAST_THE_END}, 10_000_000)] for name in {PAGING_QUERIES!r}}}))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {name: [10, 0, 0] for name in PAGING_QUERIES}


def test_a_crash_of_the_engine_costs_only_its_query(large_store):
    with open_isolated_store(large_store, _settings(large_store)) as store:
        # The engine's fault is memory corruption: it crashes on nearly every try, not all.
        for _ in range(5):
            try:
                store.run_read(CRASHING, untrusted=True)
            except EngineCrashError as exc:
                assert "crashed on this query" in str(exc)
                break
        else:
            pytest.fail("the engine no longer crashes: see ladybug_topk_skip.py")
        # the other worker answers at once, and the crashed one is replaced
        assert store.run_read("MATCH (d:Document) RETURN count(d) AS n") == [{"n": 12000}]
        for _ in range(3):
            assert store.run_read("RETURN 1 AS one") == [{"one": 1}]


def test_the_buffer_pool_is_the_settings_not_80_percent_of_ram(large_store):
    settings = _settings(large_store, buffer_pool_mb=32)
    with (
        open_store(large_store, settings, read_only=True) as store,
        pytest.raises(QueryError, match="buffer pool is full"),
    ):
        store.run_read("RETURN size(repeat('a', 200000000)) AS n")


def test_memory_time_and_result_size_are_capped(large_store):
    settings = _settings(
        large_store,
        read_memory_mb=400,
        result_max_bytes=1_000_000,
        buffer_pool_mb=2048,
        query_timeout_s=3.0,
    )
    with open_isolated_store(large_store, settings) as store:
        with pytest.raises(MemoryLimitError):
            store.run_read("UNWIND range(1, 2000000000) AS x RETURN count(x) AS n", untrusted=True)
        with pytest.raises(ResultTooLargeError):
            store.run_read("RETURN repeat('a', 5000000) AS s", untrusted=True)
        with pytest.raises(QueryTimeoutError):
            store.run_read(SLOW, untrusted=True, timeout_s=1.0)
        assert store.run_read("RETURN 2 AS two") == [{"two": 2}]


def test_reads_run_side_by_side_and_ping_never_waits(large_store):
    """One worker busy with a slow query: the other answers, and ping needs neither."""
    with open_isolated_store(large_store, _settings(large_store, read_workers=2)) as store:
        outcome: list[BaseException] = []

        def run_slow() -> None:
            try:
                store.run_read(SLOW, timeout_s=4.0)
            except QueryTimeoutError as exc:
                outcome.append(exc)

        thread = threading.Thread(target=run_slow)
        thread.start()
        try:
            store.ping()
            assert store.run_read("RETURN 3 AS three") == [{"three": 3}]
            assert thread.is_alive()  # the slow query was still running meanwhile
        finally:
            thread.join()
        assert len(outcome) == 1 and isinstance(outcome[0], QueryTimeoutError)


def test_a_read_only_store_refuses_writes_and_a_missing_one_is_not_created(tmp_path, large_store):
    missing = tmp_path / "nowhere" / "x.lbdb"
    with pytest.raises(Exception, match="no store at"):
        open_store(str(missing), read_only=True)
    assert not missing.parent.exists()
    with (
        open_isolated_store(large_store, _settings(large_store)) as store,
        pytest.raises(WriteError, match="reading only"),
    ):
        store.clear()


def test_the_cli_reports_an_engine_crash_in_one_line(large_store):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "POLICYKG_"))}
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "from policykg.cli import main; main()",
            "cypher",
            CRASHING,
            "--store",
            large_store,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=clean,
    )
    assert run.returncode == 2, run
    assert run.stderr.count("\n") == 1 and "crashed on this query" in run.stderr, run.stderr
    paged = subprocess.run(
        [
            sys.executable,
            "-c",
            "from policykg.cli import main; main()",
            "query",
            "documents",
            "-p",
            f"skip={PAST_THE_END}",
            "--store",
            large_store,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=clean,
    )
    assert paged.returncode == 0, paged.stderr
