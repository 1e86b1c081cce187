"""Data out as researchers use it: ``--format table|json|csv`` on every command that reports,
the Python API (``open_store`` / ``run_query``) a pandas DataFrame reads, tables that fit
the terminal, and list queries that say how to page. Run through the console script on a
store built from the project's own letters (``tests/data/lineage``)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from rich.cells import cell_len

from tests.letters import ROOT

POLICYKG = Path(sys.executable).with_name("policykg")
LETTERS = ROOT / "tests" / "data" / "lineage"
LATER, EARLIER = "厦工信函〔2022〕33号", "厦工信函〔2020〕45号"  # one body's replies, two years


def run(*args: str | Path, cwd: Path, columns: int = 200) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns)}
    return subprocess.run(
        [str(POLICYKG), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding ./policykg.lbdb built from the lineage letters."""
    where = tmp_path_factory.mktemp("researcher")
    result = run("build", LETTERS, cwd=where)
    assert result.returncode == 0, result.stdout + result.stderr
    return where


COMMANDS = {
    "query": ["query", "documents"],
    "cypher": ["cypher", "MATCH (a:Agency) RETURN a.id AS id, a.name AS name ORDER BY id"],
    "stats": ["stats"],
    "ingest": ["ingest", LETTERS],  # again: every letter a duplicate
    "link": ["link"],
    "evolution": ["evolution", "数字化转型"],
    "diff": ["diff", EARLIER, LATER],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_json_and_csv_carry_the_same_rows(folder: Path, command: str):
    as_json = run(*COMMANDS[command], "--format", "json", cwd=folder)
    as_csv = run(*COMMANDS[command], "--format", "csv", cwd=folder)

    assert as_json.returncode == 0 and as_csv.returncode == 0, as_json.stderr + as_csv.stderr
    payload = json.loads(as_json.stdout)  # stdout is the data alone: progress went to stderr
    table = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert table, as_csv.stdout
    header = next(csv.reader(io.StringIO(as_csv.stdout)))
    assert all(re.fullmatch(r"[a-z_]+", name) for name in header), header  # plain headers
    rows = {
        "query": lambda p: p["rows"],
        "cypher": lambda p: p["rows"],
        "stats": lambda p: [
            {"kind": k, "name": n, "count": c}
            for k in ("nodes", "relationships")
            for n, c in p[k].items()
        ],
        "ingest": lambda p: p["outcomes"],
        "link": lambda p: [p],
        "evolution": lambda p: p["steps"],
        "diff": lambda p: [
            {"change": c, **e} for c in ("new", "continued", "completed", "dropped") for e in p[c]
        ],
    }[command](payload)
    assert len(rows) == len(table)
    first = {
        k: (
            ""
            if v is None
            else json.dumps(v, ensure_ascii=False)
            if isinstance(v, list | dict)
            else str(v)
        )
        for k, v in rows[0].items()
    }
    assert {k: first[k] for k in header} == table[0]


def test_build_reports_in_json_with_the_run_facts(tmp_path: Path):
    result = run("build", LETTERS, "--format", "json", cwd=tmp_path)

    payload = json.loads(result.stdout)
    assert payload["summary"] == {"ingested": 4, "duplicate": 0, "rejected": 0}
    assert payload["builds_on_links"] >= 1 and payload["store"] == "policykg.lbdb"
    assert payload["drawn_nodes"] == payload["nodes"]  # a small graph is drawn whole


def test_a_list_query_cut_by_its_limit_says_how_to_page(folder: Path):
    first = run("query", "documents", "-p", "limit=2", "--format", "json", cwd=folder)
    second = run(
        "query", "documents", "-p", "limit=2", "-p", "skip=2", "--format", "json", cwd=folder
    )

    assert "next page: -p skip=2 -p limit=2" in first.stderr
    ids = [row["id"] for result in (first, second) for row in json.loads(result.stdout)["rows"]]
    assert len(ids) == len(set(ids)) == 4


def test_a_cypher_result_cut_by_limit_says_so(folder: Path):
    result = run("cypher", "MATCH (n) RETURN n.id AS id", "--limit", "3", cwd=folder)

    assert "cut at 3 rows by --limit" in result.stderr
    assert "3 rows (cut by --limit)" in result.stdout


def test_a_wide_result_fits_the_terminal_with_ellipses_and_names_what_it_left_out(folder):
    wide = run("query", "measure_evolution", "-p", "measure=数字化转型", cwd=folder, columns=70)

    lines = wide.stdout.splitlines()
    assert wide.returncode == 0 and "row 1" not in wide.stdout  # one table, not row blocks
    assert max(cell_len(line) for line in lines) <= 70
    assert "…" in wide.stdout  # Chinese cut at the edge of its cell says so
    said = " ".join(wide.stdout.split())
    assert "evidence_sentence" in said and "(pick with --columns)" in said


def test_columns_picks_and_orders_the_columns(folder: Path):
    picked = run("query", "documents", "--columns", "issuer,id", "--format", "csv", cwd=folder)
    unknown = run("query", "documents", "--columns", "nope", cwd=folder)

    assert picked.stdout.splitlines()[0] == "issuer,id"
    assert unknown.returncode == 2 and "no column nope" in unknown.stderr


def test_the_python_api_gives_rows_a_dataframe_takes(folder: Path):
    from policykg import list_queries, open_store, run_query
    from policykg.settings import Settings

    target = str(folder / "policykg.lbdb")
    with open_store(target, Settings(store=target)) as store:
        result = run_query(store, "documents")
    frame = pd.DataFrame(result.rows)

    assert list(frame.columns) == result.columns
    assert len(frame) == 4 and set(frame["issuer"]) >= {"厦门市工业和信息化局"}
    assert "documents" in {query.name for query in list_queries()}


def test_readme_python_example_runs(folder: Path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"## Python API.*?```python\n(.*?)```", readme, re.S)
    assert example, "README has a Python API example"
    namespace: dict = {}
    cwd = Path.cwd()
    os.chdir(folder)  # the example opens ./policykg.lbdb, as after README's first command
    try:
        exec(compile(example.group(1), "README.md", "exec"), namespace)
    finally:
        os.chdir(cwd)

    frame = namespace["frame"]
    assert isinstance(frame, pd.DataFrame) and len(frame) == 4
