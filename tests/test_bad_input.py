"""Bad files, one by one: each gets its outcome, none stops the others, nothing is lost.

The corpus is ``tests/data/bad/`` (its README lists the cases) plus a 50 MB file made here.
Every test runs on both stores. The kill test runs ``policykg ingest`` in a subprocess,
kills it with SIGKILL after a few letters and runs it again: the store must end up exactly
as one clean run leaves it.
"""

from __future__ import annotations

import signal
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg.errors import ReadError
from policykg.extract.reader import iter_letter_paths, read_letter
from policykg.graph.ingest import SeenLetters, ingest_letter
from policykg.graph.stores import GraphStore, open_store
from policykg.settings import Settings
from tests.cli_process import cli_process
from tests.letters import GUANGZHOU, numbered_letters

BAD = Path(__file__).parent / "data" / "bad"
MiB = 2**20

# file -> (outcome, words the reason must contain)
EXPECTED = {
    "empty.txt": ("rejected", "file is empty"),
    "picture.txt": ("rejected", "binary file"),
    "truncated_gbk.txt": ("rejected", "truncated: the file ends inside a gb18030 character"),
    "mixed_encodings.txt": ("ingested", None),
    "news_article.txt": ("rejected", "no reply-letter header"),
    "english.txt": ("rejected", "no Chinese text"),
    "no_header.txt": ("ingested", None),
    "reply_hangzhou.txt": ("ingested", None),
    "reply_hangzhou_copy.txt": ("duplicate", "same content as"),
    "reply_hangzhou_gbk.txt": ("duplicate", "same document number 杭人社函〔2020〕35号"),
    "huge.txt": ("rejected", "over the 20.0 MiB limit"),
}


def _huge_file(folder: Path) -> Path:
    """50 MB of letter-like text, written in pieces."""
    path = folder / "huge.txt"
    piece = read_letter(GUANGZHOU).text.encode("utf-8")
    with path.open("wb") as handle:
        for _ in range(50 * MiB // len(piece) + 1):
            handle.write(piece)
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed bad files plus the generated 50 MB one, in one folder."""
    folder = tmp_path_factory.mktemp("bad")
    for path in BAD.glob("*.txt"):
        (folder / path.name).write_bytes(path.read_bytes())
    _huge_file(folder)
    return folder


@pytest.fixture(params=["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A store as the CLI names it: an empty LadybugDB path or the test Neo4j's URI."""
    if request.param == "ladybug":
        yield str(tmp_path / "graph.lbdb")
        return
    uri = request.getfixturevalue("neo4j_uri")
    with open_store(uri, Settings(store=uri)) as store:
        store.clear()
    yield uri


def _open(target: str) -> GraphStore:
    return open_store(target, Settings(store=target))


def _snapshot(target: str) -> tuple[list, list]:
    with _open(target) as store:
        return store.nodes(), store.relationships()


def _cli(*args: str):
    from policykg.cli import app

    return CliRunner().invoke(app, list(args))


# --- outcomes --------------------------------------------------------------------------------


def test_every_bad_file_gets_its_own_outcome(corpus: Path, target: str):
    seen = SeenLetters()
    with _open(target) as store:
        outcomes = {p.name: ingest_letter(p, store, seen) for p in iter_letter_paths([corpus])}
        documents = store.counts()["nodes"]["Document"]

    assert set(outcomes) == set(EXPECTED)
    for name, (status, reason) in EXPECTED.items():
        outcome = outcomes[name]
        assert outcome.status == status, (name, outcome.reason)
        if reason is not None:
            assert reason in (outcome.reason or ""), (name, outcome.reason)
    assert outcomes["reply_hangzhou_copy.txt"].duplicate_of == str(corpus / "reply_hangzhou.txt")
    assert "mixed encodings" in outcomes["mixed_encodings.txt"].notes[0]
    assert documents == 3  # the two good letters and the header-less one, nothing from the rest


def test_ingest_command_reports_each_file_and_fails_when_any_is_rejected(corpus, target):
    result = _cli("ingest", str(corpus), "--store", target)

    assert result.exit_code == 1, result.output
    assert "3 ingested, 2 skipped as duplicates, 6 rejected" in result.stdout
    logged = result.stderr.splitlines()  # one line per file as it is done
    for name, (status, reason) in EXPECTED.items():
        line = next(ln for ln in logged if ln.startswith(f"{status} {corpus / name}: "))
        assert reason is None or reason in line


def test_only_duplicates_is_not_a_failure(target: str):
    good = [BAD / "reply_hangzhou.txt", BAD / "reply_hangzhou_copy.txt"]
    result = _cli("ingest", *map(str, good), "--store", target)
    assert result.exit_code == 0, result.output
    assert "1 ingested, 1 skipped as duplicates, 0 rejected" in result.stdout


def test_a_letter_already_stored_from_another_file_is_a_duplicate(tmp_path: Path, target: str):
    assert _cli("ingest", str(BAD / "reply_hangzhou.txt"), "--store", target).exit_code == 0
    moved = tmp_path / "moved" / "letter.txt"
    moved.parent.mkdir()
    moved.write_bytes((BAD / "reply_hangzhou.txt").read_bytes())
    with _open(target) as store:
        outcome = ingest_letter(moved, store)
    assert outcome.status == "duplicate"
    assert "already stored as document:杭人社函〔2020〕35号" in (outcome.reason or "")


# --- nothing lost ----------------------------------------------------------------------------


def test_rejected_files_leave_the_store_as_it_was_and_reingest_changes_nothing(corpus, target):
    assert _cli("ingest", str(corpus), "--store", target).exit_code == 1
    before = _snapshot(target)
    assert before[0]

    again = _cli("ingest", str(corpus), "--store", target)

    # The same files again: good ones are rewritten (a no-op), the rest as before.
    assert again.exit_code == 1
    assert "3 ingested, 2 skipped as duplicates, 6 rejected" in again.stdout
    assert _snapshot(target) == before


def test_the_size_limit_refuses_before_reading(tmp_path: Path):
    huge = _huge_file(tmp_path)
    tracemalloc.start()
    try:
        with pytest.raises(ReadError, match=r"50\.\d MiB, over the 20\.0 MiB limit"):
            read_letter(huge)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 * MiB
    # A device reports no size and never ends: it is not read at all.
    with pytest.raises(ReadError, match=r"not a regular file but a character device"):
        read_letter("/dev/zero", max_bytes=1000)
    assert Settings(max_letter_bytes=123).max_letter_bytes == 123


def test_killed_ingest_completes_on_rerun_without_duplicates(tmp_path: Path, target: str):
    letters = numbered_letters(tmp_path, 8)
    folder = str(tmp_path)

    # The reference: one clean run.
    reference_target = target if "://" in target else str(tmp_path / "reference.lbdb")
    clean = cli_process("ingest", folder, "--store", reference_target)
    assert clean.wait(timeout=300) == 0, clean.stderr.read() if clean.stderr else ""
    expected = _snapshot(reference_target)
    assert sum(n.label == "Document" for n in expected[0]) == len(letters)
    if "://" in target:
        with _open(target) as store:
            store.clear()

    # Killed with SIGKILL after three letters, while it works on the next one.
    killed = cli_process("ingest", folder, "--store", target)
    assert killed.stderr is not None
    done = 0
    for line in killed.stderr:
        done += line.startswith("ingested ")
        if done == 3:
            killed.send_signal(signal.SIGKILL)
            break
    killed.wait(timeout=60)
    assert killed.returncode == -signal.SIGKILL
    partial = _snapshot(target)
    assert 3 <= sum(n.label == "Document" for n in partial[0]) < len(letters)

    rerun = cli_process("ingest", folder, "--store", target)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert f"{len(letters)} ingested, 0 skipped as duplicates, 0 rejected" in out
    assert _snapshot(target) == expected
