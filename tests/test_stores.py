"""Both graph stores, real databases: same contents, idempotent writes, atomic documents."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import COMMERCE, PLATFORM
from typer.testing import CliRunner

from policykg.errors import (
    QueryError,
    ReadOnlyViolationError,
    StoreUnavailableError,
    WriteError,
)
from policykg.graph.build import build_graph
from policykg.graph.model import (
    NODE_LABELS,
    RELATIONSHIP_TYPES,
    GraphDocument,
    GraphNode,
    GraphRelationship,
)
from policykg.graph.stores import GraphStore, is_neo4j_target, open_store
from policykg.graph.stores.ladybug import LadybugStore
from policykg.settings import Settings
from tests.letters import EXAMPLES

COMMERCE_ID = f"agency:{COMMERCE}"


def _snapshot(store: GraphStore) -> tuple[list[GraphNode], list[GraphRelationship]]:
    return store.nodes(), store.relationships()


def _expected(*documents: GraphDocument) -> tuple[list[GraphNode], list[GraphRelationship]]:
    """What the store should hold after writing ``documents`` in order: for what several
    letters mention, the letter first in path order (its evidence file) has the last word:
    its known values replace the others', its unknowns (None) leave them; another letter
    only fills what is unknown."""
    nodes: dict[str, GraphNode] = {}
    rels: dict[tuple[str, str, str], GraphRelationship] = {}

    def merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
        old_file, new_file = old.get("evidence_file"), new.get("evidence_file")
        if old_file is not None and (new_file is None or new_file > old_file):
            return {name: new.get(name) if value is None else value for name, value in old.items()}
        return old | {name: value for name, value in new.items() if value is not None}

    for doc in documents:
        for node in doc.nodes:
            old = nodes[node.id].properties if node.id in nodes else node.full_properties()
            nodes[node.id] = node.model_copy(update={"properties": merge(old, node.properties)})
        for rel in doc.relationships:
            old = rels[rel.key].properties if rel.key in rels else rel.full_properties()
            rels[rel.key] = rel.model_copy(update={"properties": merge(old, rel.properties)})
    return [nodes[key] for key in sorted(nodes)], [rels[key] for key in sorted(rels)]


def _two_letters(record_factory) -> list[GraphDocument]:
    """Two replies to different proposals sharing agencies and a measure."""
    return [
        build_graph(record_factory()),
        build_graph(
            record_factory(
                doc_number="芜商务函〔2022〕7号",
                sha256="b" * 64,
                source="letter-7.txt",
                proposal_number="20220115",
                measure_status="in_progress",
            )
        ),
    ]


def test_store_holds_exactly_what_was_built(store, record_factory):
    letters = _two_letters(record_factory)
    for letter in letters:
        store.write(letter)

    nodes, rels = _snapshot(store)
    expected_nodes, expected_rels = _expected(*letters)
    assert [n.id for n in nodes] == [n.id for n in expected_nodes]
    assert nodes == expected_nodes
    assert rels == expected_rels


def test_counts_by_label_and_type(store, record_factory):
    letters = _two_letters(record_factory)
    for letter in letters:
        store.write(letter)

    counts = store.counts()
    expected_nodes, expected_rels = _expected(*letters)
    # The counts agree with what the store hands back, label by label and type by type.
    stored_nodes = Counter(node.label for node in store.nodes())
    stored_rels = Counter(rel.type for rel in store.relationships())
    assert {label: n for label, n in counts["nodes"].items() if n} == stored_nodes
    assert {type_: n for type_, n in counts["relationships"].items() if n} == stored_rels
    for label in NODE_LABELS:
        assert counts["nodes"][label] == sum(n.label == label for n in expected_nodes), label
    for type_ in RELATIONSHIP_TYPES:
        assert counts["relationships"][type_] == sum(r.type == type_ for r in expected_rels)
    # Shared: one platform measure and one commerce bureau for both letters.
    assert counts["nodes"]["Document"] == 2
    assert counts["nodes"]["Measure"] == 2
    assert counts["nodes"]["Commitment"] == 4


def test_the_order_letters_arrive_in_does_not_change_the_graph(store, record_factory):
    letters = _two_letters(record_factory)
    assert (
        letters[0].nodes[0].properties["evidence_file"]
        != (letters[1].nodes[0].properties["evidence_file"])
    )
    for letter in letters:
        store.write(letter)
    in_order = _snapshot(store)
    store.clear()
    for letter in reversed(letters):
        store.write(letter)
    assert _snapshot(store) == in_order
    store.clear()
    store.write_many(list(reversed(letters)))  # one batch: merged before writing
    assert _snapshot(store) == in_order


def test_both_stores_hold_the_same_graph(ladybug_store, neo4j_store, record_factory):
    for letter in _two_letters(record_factory):
        ladybug_store.write(letter)
        neo4j_store.write(letter)

    assert ladybug_store.counts() == neo4j_store.counts()
    assert _snapshot(ladybug_store) == _snapshot(neo4j_store)


def test_ingesting_twice_changes_nothing(store, record_factory):
    letters = _two_letters(record_factory)
    for letter in letters:
        store.write(letter)
    before = _snapshot(store)
    counts_before = store.counts()

    for letter in letters:
        store.write(letter)

    assert store.counts() == counts_before
    assert _snapshot(store) == before


def test_a_later_letter_updates_but_does_not_erase(store, record_factory, reply_record):
    store.write(build_graph(reply_record))
    reply_record.agencies[1].level = None  # this time the letter does not say
    reply_record.agencies[1].aliases = ["商务局"]
    store.write(build_graph(reply_record))

    commerce = next(n for n in store.nodes() if n.id == COMMERCE_ID)
    assert commerce.properties["level"] == "city"
    assert commerce.properties["aliases"] == ["商务局"]


def test_rewriting_a_letter_replaces_what_it_said(store, record_factory, reply_record):
    other = build_graph(record_factory(doc_number="芜商务函〔2022〕7号", sha256="b" * 64))
    store.write(other)
    store.write(build_graph(reply_record))
    # The extractor no longer finds the platform measure (and its 30万元) in this letter.
    reply_record.measures.pop(1)
    reply_record.amounts.clear()
    reply_record.years.remove(2020)
    revised = build_graph(reply_record)

    store.write(revised)

    assert _snapshot(store) == _expected(other, revised)


def _dangling(document: GraphDocument) -> GraphDocument:
    """The document plus, at the end, a relationship whose end node exists nowhere."""
    broken = GraphRelationship(
        type="ABOUT",
        start_id=next(n.id for n in document.nodes if n.label == "Commitment"),
        end_id="measure:不存在的措施",
    )
    return document.model_copy(update={"relationships": [*document.relationships, broken]})


def test_failed_document_leaves_an_empty_store_empty(store, reply_record):
    with pytest.raises(WriteError, match="does not exist"):
        store.write(_dangling(build_graph(reply_record)))

    assert store.nodes() == []
    assert store.relationships() == []


def test_failed_document_leaves_the_store_as_it_was(store, record_factory):
    first, second = _two_letters(record_factory)
    store.write(first)
    before = _snapshot(store)

    with pytest.raises(WriteError, match="rolled back"):
        store.write(_dangling(second))

    assert _snapshot(store) == before
    store.write(second)  # the store still takes writes afterwards
    assert _snapshot(store) == _expected(first, second)


def test_ladybug_rolls_back_a_value_the_database_refuses(ladybug_store, record_factory):
    first, second = _two_letters(record_factory)
    ladybug_store.write(first)
    before = _snapshot(ladybug_store)
    # Bypasses the model's type check, so the database itself must refuse the value.
    bad_year = GraphNode.model_construct(
        id="year:1999", label="Year", properties={"name": "1999", "year": "nineteen"}
    )
    broken = second.model_copy(update={"nodes": [*second.nodes, bad_year]})

    with pytest.raises(WriteError, match="rolled back"):
        ladybug_store.write(broken)

    assert _snapshot(ladybug_store) == before


def test_run_read_returns_rows_as_dicts(store, reply_record):
    store.write(build_graph(reply_record))

    rows = store.run_read(
        "MATCH (c:Commitment)-[:IMPLEMENTED_BY]->(a:Agency {id: $agency}) "
        "RETURN c.measure_key AS measure, c.status AS status ORDER BY measure",
        {"agency": COMMERCE_ID},
    )

    assert rows == [{"measure": PLATFORM, "status": "done"}]


def test_run_read_refuses_writes(store, reply_record):
    store.write(build_graph(reply_record))
    before = store.counts()

    with pytest.raises(ReadOnlyViolationError):
        store.run_read("MATCH (a:Agency) SET a.name = 'x' RETURN count(a) AS n")

    assert store.counts() == before


def test_run_read_reports_a_bad_query(store):
    with pytest.raises(QueryError):
        store.run_read("MATCH (n RETURN n")


def test_neo4j_has_the_cjk_fulltext_index(neo4j_store, reply_record):
    index = neo4j_store.fulltext_index()

    assert index is not None
    assert set(index["properties"]) == {"name", "evidence_sentence"}
    assert "Agency" in index["labelsOrTypes"] and "Measure" in index["labelsOrTypes"]
    assert index["options"]["indexConfig"]["fulltext.analyzer"] == "cjk"

    neo4j_store.write(build_graph(reply_record))
    neo4j_store.run_read("CALL db.awaitIndexes(60)")
    hits = neo4j_store.run_read(
        "CALL db.index.fulltext.queryNodes('policykg_text', $q) YIELD node RETURN node.id AS id",
        {"q": "中小企业"},
    )
    assert {"id": f"measure:{PLATFORM}"} in hits


def test_unreachable_neo4j_is_one_clear_error():
    settings = Settings(store="bolt://127.0.0.1:1", neo4j_password="")
    with pytest.raises(StoreUnavailableError, match=r"cannot reach Neo4j at bolt://127\.0\.0\.1:1"):
        open_store(None, settings)


def test_a_database_another_process_holds_is_unavailable(tmp_path):
    path = tmp_path / "locked.lbdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from policykg.graph.stores.ladybug import LadybugStore; "
            f"s = LadybugStore({str(path)!r}); print('ready', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreUnavailableError, match=r"cannot open LadybugDB at .*lock"):
            LadybugStore(path)
    finally:
        holder.communicate("", timeout=60)


def test_open_store_chooses_by_scheme(tmp_path):
    assert is_neo4j_target("bolt://localhost:7687")
    assert is_neo4j_target("neo4j+s://example.org")
    assert not is_neo4j_target(str(tmp_path / "graph.lbdb"))
    with open_store(str(tmp_path / "graph.lbdb"), Settings()) as store:
        assert isinstance(store, LadybugStore)
        assert store.counts()["nodes"]["Agency"] == 0


def test_ladybug_reopens_with_its_data(tmp_path, reply_record):
    path = tmp_path / "graph.lbdb"
    with LadybugStore(path) as store:
        store.write(build_graph(reply_record))
        before: Any = _snapshot(store)
    with LadybugStore(path) as store:
        assert _snapshot(store) == before


# --- The graph commands, on a LadybugDB file ----------------------------------------------


def _cli(*args: str):
    from policykg.cli import app

    return CliRunner().invoke(app, list(args))


def _export(format_: str, output: Path, target: str):
    return _cli("export", "--format", format_, "-o", str(output), "--store", target)


def test_ingest_writes_each_letter_and_reports_failures(tmp_path):
    target = str(tmp_path / "cli.lbdb")
    missing = tmp_path / "missing.txt"

    first = _cli("ingest", str(EXAMPLES), str(missing), "--store", target)

    assert first.exit_code == 1, first.output
    assert "2 ingested, 0 skipped as duplicates, 1 rejected" in first.stdout
    assert "missing.txt" in first.stdout
    with LadybugStore(target) as store:
        counts = store.counts()
    assert counts["nodes"]["Document"] == 2
    assert counts["nodes"]["Commitment"] > 0

    again = _cli("ingest", str(EXAMPLES), "--store", target)

    assert again.exit_code == 0, again.output
    assert "2 ingested, 0 skipped as duplicates, 0 rejected" in again.stdout
    with LadybugStore(target) as store:
        assert store.counts() == counts


def test_stats_and_exports_describe_the_same_graph(tmp_path, record_factory):
    target = str(tmp_path / "cli.lbdb")
    with LadybugStore(target) as store:
        for letter in _two_letters(record_factory):
            store.write(letter)
        nodes, rels = _snapshot(store)

    stats = _cli("stats", "--store", target)
    assert stats.exit_code == 0, stats.output
    assert re.search(r"Document\s*│\s*2\b", stats.stdout)
    assert re.search(rf"total\s*│\s*{len(nodes)}\b", stats.stdout)
    assert re.search(rf"total\s*│\s*{len(rels)}\b", stats.stdout)

    json_path = tmp_path / "out" / "graph.json"
    assert _export("json", json_path, target).exit_code == 0
    exported = json.loads(json_path.read_text(encoding="utf-8"))
    assert [GraphNode(**n) for n in exported["nodes"]] == nodes
    assert [GraphRelationship(**r) for r in exported["relationships"]] == rels

    graphml_path = tmp_path / "out" / "graph.graphml"
    assert _export("graphml", graphml_path, target).exit_code == 0
    networkx = pytest.importorskip("networkx")
    graph = networkx.read_graphml(graphml_path)
    assert graph.number_of_nodes() == len(nodes)
    assert graph.number_of_edges() == len(rels)
    commerce = graph.nodes[COMMERCE_ID]
    assert commerce["labels"] == ":Agency"
    assert commerce["label"] == COMMERCE
    assert commerce["known"] is True
    assert json.loads(commerce["aliases"]) == ["市商务局"]

    # Plain headers for spreadsheets and pandas; neo4j-admin's typed ones on request.
    csv_dir = tmp_path / "out" / "csv"
    assert _export("csv", csv_dir, target).exit_code == 0
    with (csv_dir / "nodes_Agency.csv").open(encoding="utf-8") as handle:
        agency_rows = list(csv.DictReader(handle))
    assert len(agency_rows) == sum(n.label == "Agency" for n in nodes)
    row = next(r for r in agency_rows if r["id"] == COMMERCE_ID)
    assert row["aliases"] == "市商务局"
    assert row["known"] == "true"
    assert row["label"] == "Agency"
    with (csv_dir / "relationships_IMPLEMENTED_BY.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[:3] == ["start_id", "end_id", "role"] and header[-1] == "type"

    admin_dir = tmp_path / "out" / "neo4j-admin"
    assert _export("neo4j-admin", admin_dir, target).exit_code == 0
    with (admin_dir / "nodes_Agency.csv").open(encoding="utf-8") as handle:
        admin_rows = list(csv.DictReader(handle))
    row = next(r for r in admin_rows if r["id:ID"] == COMMERCE_ID)
    assert row["aliases:string[]"] == "市商务局"
    assert row["known:boolean"] == "true"
    assert row[":LABEL"] == "Agency"
    with (admin_dir / "relationships_IMPLEMENTED_BY.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[:3] == [":START_ID", ":END_ID", "role"] and header[-1] == ":TYPE"


def test_ingest_into_an_unreachable_neo4j_fails_with_one_line(tmp_path):
    result = _cli("ingest", str(EXAMPLES), "--store", "bolt://127.0.0.1:1")

    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "cannot reach Neo4j" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
