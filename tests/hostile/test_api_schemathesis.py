"""Schemathesis over the whole API, from its own OpenAPI spec: every operation, every check,
a fixed seed and a bounded number of examples, against the app served for real on loopback.
No request may get a 5xx, break the response schema or the documented status codes.

One check is left out, ``positive_data_acceptance`` (a schema-valid request must be
accepted): the spec cannot say which texts are valid Cypher, which bytes are a reply letter,
which parameters each named query takes or which ids name an agency, so a schema-valid
request may rightly get a 400, 404 or 422 with the error body.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policykg.graph.stores import open_store
from policykg.settings import Settings
from tests.live_server import serving
from tests.seed_graph import write_seed

API_KEY = "k-schemathesis-31c"
SEED = 17
EXAMPLES = 25


@pytest.mark.parametrize("backend", ["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def test_schemathesis_finds_no_server_error(request, tmp_path: Path, backend: str):
    target = (
        str(tmp_path / "fuzzed.lbdb")
        if backend == "ladybug"
        else request.getfixturevalue("neo4j_uri")
    )
    settings = Settings(
        store=target, api_key=API_KEY, query_timeout_s=5.0, allowed_hosts=["127.0.0.1"]
    )
    with open_store(target, settings) as store:
        write_seed(store)
    command = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert command, "schemathesis is in the dev extra: pip install -e '.[dev]'"
    with serving(settings) as base:
        run = subprocess.run(
            [
                command,
                "run",
                f"{base}/openapi.json",
                "--checks",
                "all",
                "--exclude-checks",
                "positive_data_acceptance",
                "--seed",
                str(SEED),
                "--max-examples",
                str(EXAMPLES),
                "--header",
                f"X-API-Key: {API_KEY}",
                "--workers",
                "1",
                "--no-color",
            ],
            capture_output=True,
            text=True,
            timeout=1200,
            env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
            cwd=tmp_path,
        )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "Server error" not in run.stdout
