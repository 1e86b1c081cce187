"""Text that must not reach the store as it is (issue 17, items 10 and 12): control
characters are removed before extraction and every export of the stored graph is re-read
by its own format's reader; a letter too long to be one is refused for its length."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx
import pytest

from policykg.errors import ReadError
from policykg.extract.reader import read_letter
from policykg.graph.export import WRITERS
from policykg.graph.ingest import ingest_letter
from policykg.graph.model import GraphNode
from policykg.graph.stores import open_store
from policykg.settings import Settings
from tests.letters import SEED_2018

LETTER = read_letter(SEED_2018).text
CONTROLS = "\x00\x01\x07\x1b\x7f\x85"


DIRTY_LINES = 3


def _with_controls(folder: Path) -> Path:
    """The letter with control characters inside a few words past its first 4 kB (NUL bytes
    there would make it a binary file, refused as one)."""
    lines = LETTER.split("\n")
    dirty, seen, dirtied = [], 0, 0
    for line in lines:
        if seen > 4096 and len(line) > 4 and dirtied < DIRTY_LINES:
            line, dirtied = line[:2] + CONTROLS + line[2:], dirtied + 1
        seen += len(line.encode("utf-8")) + 1
        dirty.append(line)
    assert dirtied == DIRTY_LINES
    path = folder / "controls.txt"
    path.write_text("\n".join(dirty), encoding="utf-8")
    return path


def test_control_characters_are_removed_and_said(tmp_path: Path):
    letter = read_letter(_with_controls(tmp_path))
    assert letter.text == LETTER
    assert letter.notes == [
        f"removed {DIRTY_LINES * len(CONTROLS)} control character(s) such as NUL"
    ]


def test_every_export_of_a_letter_with_controls_reads_back(tmp_path: Path):
    target = str(tmp_path / "store.lbdb")
    with open_store(target, Settings(store=target)) as store:
        outcome = ingest_letter(_with_controls(tmp_path), store)
        assert outcome.status == "ingested", outcome.reason
        nodes, relationships = store.nodes(), store.relationships()
    stored = json.dumps([n.model_dump() for n in nodes], ensure_ascii=False)
    assert not any(c in stored for c in CONTROLS)
    _assert_exports_read_back(nodes, relationships, tmp_path / "out")


def test_exports_stay_readable_when_the_store_already_holds_controls(tmp_path: Path):
    # A store written before the reader removed them: the writers themselves must cope.
    nodes = [
        GraphNode(
            id="agency:市\x00商务局",
            label="Agency",
            properties={"name": "市\x00商\x0c务局\x1b", "aliases": ["商\x00务局"]},
        )
    ]
    graph = _assert_exports_read_back(nodes, [], tmp_path / "out")
    assert graph.nodes["agency:市商务局"]["name"] == "市商务局"


def _assert_exports_read_back(nodes, relationships, folder: Path) -> networkx.DiGraph:
    graphml = WRITERS["graphml"](nodes, relationships, folder / "graph.graphml")[0]
    graph = networkx.read_graphml(graphml)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (len(nodes), len(relationships))

    written = WRITERS["csv"](nodes, relationships, folder / "csv")
    rows = 0
    for path in written:
        with path.open(encoding="utf-8", newline="") as handle:
            table = list(csv.reader(handle))
        assert all(len(row) == len(table[0]) for row in table)
        assert not any("\x00" in cell for row in table for cell in row)
        rows += len(table) - 1
    assert rows == len(nodes) + len(relationships)

    exported = json.loads(
        WRITERS["json"](nodes, relationships, folder / "graph.json")[0].read_text(encoding="utf-8")
    )
    assert [GraphNode(**n) for n in exported["nodes"]] == nodes
    return graph


def test_a_letter_of_1_77_million_characters_is_refused_for_its_length(tmp_path: Path):
    huge = tmp_path / "huge.txt"
    huge.write_text((LETTER * (1_770_000 // len(LETTER) + 1))[:1_770_000], encoding="utf-8")
    target = str(tmp_path / "store.lbdb")
    with open_store(target, Settings(store=target)) as store:
        outcome = ingest_letter(huge, store)
        assert store.nodes() == []
    assert outcome.status == "rejected"
    assert outcome.reason == (
        "text is 1,770,000 characters, over the 500,000-character limit "
        "(POLICYKG_MAX_LETTER_CHARS): a reply is a few thousand; is this several letters "
        "in one file?"
    )


def test_the_length_limit_is_the_settings(tmp_path: Path):
    path = tmp_path / "one.txt"
    path.write_text(LETTER, encoding="utf-8")
    assert read_letter(path).text == LETTER
    limit = len(LETTER) - 1
    with pytest.raises(ReadError, match=f"over the {limit:,}-character limit"):
        read_letter(path, settings=Settings(max_letter_chars=limit))
