"""One embedded store, several processes: ``serve`` and the CLI's read commands open it
read-only, so a researcher can browse and query at once; a real writer holding it is named."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from policykg.graph.stores.ladybug import LadybugStore
from tests.letters import EXAMPLE_2021, ROOT
from tests.seed_graph import write_seed

LETTER = str(EXAMPLE_2021)


def _clean_env(**env: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "POLICYKG_"))}
    return {**clean, **env}


def _policykg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from policykg.cli import main; main()", *args],
        cwd=ROOT,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def seeded(tmp_path: Path) -> str:
    path = tmp_path / "shared.lbdb"
    with LadybugStore(path) as store:
        write_seed(store)
    return str(path)


@contextlib.contextmanager
def _serve(store: str, **env: str) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from policykg.cli import main; main()",
            "serve",
            "--port",
            str(port),
            "--store",
            store,
        ],
        cwd=ROOT,
        env=_clean_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        give_up = time.monotonic() + 60
        while time.monotonic() < give_up and server.poll() is None:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        assert server.poll() is None, server.communicate(timeout=5)[0]
        yield server, port
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=30)


def test_serve_and_cli_queries_read_the_same_store_at_once(seeded):
    with _serve(seeded) as (_, port):
        served = httpx.get(f"http://127.0.0.1:{port}/documents", timeout=10).json()
        query = _policykg("query", "documents", "--json", "--store", seeded)
        assert query.returncode == 0, query.stderr
        assert {row["id"] for row in json.loads(query.stdout)["rows"]} == {
            row["id"] for row in served["rows"]
        }
        assert served["rows"]
        stats = _policykg("stats", "--store", seeded)
        assert stats.returncode == 0, stats.stderr


def test_a_writer_holding_the_store_is_named_and_reads_still_work(seeded):
    """``serve`` with ingest on holds the writer's lock: another writer hears who has it."""
    with _serve(seeded, POLICYKG_API_KEY="k-7d1e") as (server, _):
        ingest = _policykg("ingest", LETTER, "--store", seeded)
        assert ingest.returncode == 2, ingest.stdout
        lines = ingest.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), ingest.stderr
        assert f"process {server.pid}" in lines[0] and "serve" in lines[0]
        query = _policykg("query", "documents", "--store", seeded)
        assert query.returncode == 0, query.stderr
