"""A researcher's first hour, through the console script in a fresh folder: README's first
command, then the commands after it with no ``--store``; and the one-line errors a newcomer
meets (a missing store, an output path of the wrong kind)."""

from __future__ import annotations

import contextlib
import json
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.letters import EXAMPLES, EXAMPLES_GOLD, ROOT
from tests.live_server import free_port

POLICYKG = Path(sys.executable).with_name("policykg")  # the console script pip installed


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(POLICYKG), *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def readme_first_command() -> list[str]:
    """README's `policykg build` command for any machine (on `examples/letters`, the two
    example letters the project wrote), without the program name."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"`[^`]*?policykg (build examples[^`]*)`", readme)
    assert command, "README gives no `policykg build examples` command"
    return shlex.split(command.group(1))


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh folder after README's first command (its `examples/letters` is the clone's)."""
    folder = tmp_path_factory.mktemp("first-hour")
    args = [str(ROOT / a) if a.startswith("examples") else a for a in readme_first_command()]
    assert args[0] == "build" and EXAMPLES in {Path(a) for a in args[1:]}, args
    result = run(*args, cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


def letters_in_examples() -> int:
    return sum(1 for p in EXAMPLES.iterdir() if p.is_file() and p.suffix == ".txt")


def test_readme_first_command_writes_the_default_store_where_the_next_commands_look(built):
    assert (built / "policykg.lbdb").exists()
    assert (built / "graph.html").is_file() and (built / "records.jsonl").is_file()
    records = (built / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(records) == letters_in_examples() == 2
    # The records are the example letters' (their doc numbers are in examples/gold).
    gold = {
        json.loads(path.read_text(encoding="utf-8"))["document"]["doc_number"]
        for path in EXAMPLES_GOLD.glob("*.json")
        if path.name != "links.json"
    }
    assert {json.loads(line)["document"]["doc_number"] for line in records} == gold


def test_stats_query_and_view_without_store_see_the_built_graph(built):
    stats = run("stats", "--format", "json", cwd=built)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["nodes"]["Document"] == letters_in_examples()

    documents = run("query", "documents", "--format", "json", cwd=built)
    assert documents.returncode == 0, documents.stderr
    assert len(json.loads(documents.stdout)["rows"]) == letters_in_examples()

    view = run("view", "-o", "page.html", cwd=built)
    assert view.returncode == 0, view.stderr
    page = (built / "page.html").read_text(encoding="utf-8")
    assert len(set(re.findall(r'"id": "(document:[^"]+)"', page))) == letters_in_examples()


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """`policykg serve` started in ``folder`` (no --store): its base URL once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [str(POLICYKG), "serve", "--port", str(port)],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        up = None
        give_up = time.monotonic() + 60
        while up is None and time.monotonic() < give_up and server.poll() is None:
            try:
                up = httpx.get(f"{base}/health", timeout=5)
            except httpx.TransportError:
                time.sleep(0.2)
        assert up is not None and up.status_code == 200, server.communicate(timeout=5)[0]
        yield base
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)


def test_serve_without_store_serves_the_built_graph(built):
    with serving(built) as base:
        documents = httpx.get(f"{base}/documents", timeout=10)
        assert documents.status_code == 200
        assert len(documents.json()["rows"]) == letters_in_examples()


@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["query", "documents"],
        ["cypher", "MATCH (n) RETURN count(n) AS n"],
        ["view"],
        ["export", "-f", "json", "-o", "g.json"],
        ["evolution", "x"],
        ["link"],
        ["serve", "--port", "1"],
    ],
)
def test_read_commands_never_create_a_store(tmp_path: Path, command: list[str]):
    error = one_error_line(run(*command, cwd=tmp_path))

    assert "no store at policykg.lbdb" in error and "policykg build" in error
    assert list(tmp_path.iterdir()) == [] or not (tmp_path / "policykg.lbdb").exists()


def test_a_missing_store_elsewhere_is_named_and_no_folder_is_made(tmp_path: Path):
    missing = tmp_path / "no" / "such" / "dir" / "x.lbdb"

    error = one_error_line(run("stats", "--store", missing, cwd=tmp_path))

    assert f"no store at {missing}" in error
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["export", "-f", "csv", "-o", "a_file.txt"], "a_file.txt: is a file"),
        (["export", "-f", "graphml", "-o", "a_folder"], "a_folder: is a folder"),
        (["view", "-o", "a_folder"], "a_folder: is a folder"),
        (["view", "--timeline", "x", "-o", "a_folder"], "a_folder: is a folder"),
    ],
)
def test_output_paths_of_the_wrong_kind_are_one_line(built, command, said):
    (built / "a_file.txt").write_text("keep me", encoding="utf-8")
    (built / "a_folder").mkdir(exist_ok=True)

    assert said in one_error_line(run(*command, cwd=built))
    assert (built / "a_file.txt").read_text(encoding="utf-8") == "keep me"


def test_extract_and_build_refuse_output_paths_of_the_wrong_kind(tmp_path: Path):
    (tmp_path / "a_file.txt").write_text("keep me", encoding="utf-8")
    (tmp_path / "a_folder").mkdir()

    extract = one_error_line(run("extract", EXAMPLES, "-o", "a_folder", cwd=tmp_path))
    build = one_error_line(run("build", EXAMPLES, "--out", "a_file.txt", cwd=tmp_path))

    assert "a_folder: is a folder" in extract
    assert "a_file.txt: is a file" in build
    assert (tmp_path / "a_file.txt").read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "policykg.lbdb").exists()


def test_query_while_serve_runs_on_the_same_store(built):
    with serving(built) as base:
        query = run("query", "documents", "--format", "json", cwd=built)
        served = httpx.get(f"{base}/documents", timeout=10).json()["rows"]

    assert query.returncode == 0, query.stderr
    # the server names each letter's file without its folders (api/public.py)
    local = [
        {**row, "source": Path(row["source"]).name} for row in json.loads(query.stdout)["rows"]
    ]
    assert local == served != []
