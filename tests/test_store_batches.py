"""``write_many``: many letters in one transaction leave what writing them one by one leaves."""

from __future__ import annotations

import pytest

from policykg.errors import WriteError
from policykg.graph.build import build_graph
from policykg.graph.model import GraphDocument, GraphRelationship
from policykg.graph.stores.ladybug import LadybugStore
from policykg.graph.stores.merge import rows_in_order


def _letters(record_factory) -> list[GraphDocument]:
    """Three letters sharing agencies and a measure, the shared measure's status differing,
    so the order of writing decides what the shared nodes end up holding."""
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
        build_graph(
            record_factory(
                doc_number="芜商务函〔2023〕9号",
                sha256="c" * 64,
                source="letter-9.txt",
                proposal_number="20230001",
                measure_status="planned",
            )
        ),
    ]


def _graph(store) -> tuple:
    return store.nodes(), store.relationships()


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 1, 0]], ids=["path order", "reversed"])
def test_a_batch_leaves_what_one_by_one_leaves(store, tmp_path, record_factory, order):
    letters = [_letters(record_factory)[i] for i in order]
    with LadybugStore(tmp_path / "reference.lbdb") as reference:
        for letter in letters:
            reference.write(letter)
        expected = _graph(reference)
    assert store.write_many(letters) == [None, None, None]
    assert _graph(store) == expected
    # Writing the same letters again (each already stored) changes nothing.
    assert store.write_many(letters) == [None, None, None]
    assert _graph(store) == expected


def test_a_batch_with_a_bad_letter_loses_only_that_letter(store, record_factory):
    good, other, _ = _letters(record_factory)
    broken = good.model_copy(
        update={
            "document_id": "document:broken",
            "nodes": [n for n in other.nodes if n.label != "Agency"]
            + [
                n.model_copy(update={"id": "document:broken"})
                for n in other.nodes
                if n.label == "Document"
            ],
            "relationships": [
                *other.relationships,
                GraphRelationship(
                    type="ISSUED_BY", start_id="document:broken", end_id="agency:无此机构"
                ),
            ],
        }
    )
    outcomes = store.write_many([good, broken, other])
    assert outcomes[0] is None and outcomes[2] is None
    assert isinstance(outcomes[1], WriteError)
    ids = {node.id for node in store.nodes()}
    assert good.document_id in ids and other.document_id in ids
    assert "document:broken" not in ids


def test_a_failed_batch_loses_nothing_stored_before(store, record_factory):
    first, second, third = _letters(record_factory)
    assert store.write_many([first, second]) == [None, None]
    before = _graph(store)
    dangling = third.model_copy(
        update={
            "relationships": [
                *third.relationships,
                GraphRelationship(
                    type="ISSUED_BY", start_id=third.document_id, end_id="agency:无此机构"
                ),
            ]
        }
    )
    # The batch fails as a whole (rolled back), then each letter is written on its own.
    outcomes = store.write_many([second, dangling, first])
    assert outcomes[0] is None and outcomes[2] is None
    assert isinstance(outcomes[1], WriteError)
    assert _graph(store) == before


def test_a_value_the_database_cannot_hold_fails_only_its_letter(ladybug_store, record_factory):
    """An integer beyond INT64 cannot be put in the rows the statements read."""
    first, second, third = _letters(record_factory)
    commitment = next(n for n in second.nodes if n.label == "Commitment")
    huge = commitment.model_copy(update={"properties": {**commitment.properties, "year": 2**70}})
    second = second.model_copy(
        update={"nodes": [huge if n.id == commitment.id else n for n in second.nodes]}
    )
    outcomes = ladybug_store.write_many([first, second, third])
    assert outcomes[0] is None and outcomes[2] is None
    assert isinstance(outcomes[1], WriteError)
    ids = {node.id for node in ladybug_store.nodes()}
    assert first.document_id in ids and third.document_id in ids
    assert second.document_id not in ids and commitment.id not in ids
    with pytest.raises(WriteError, match="rolled back"):
        ladybug_store.write(second)
    assert {node.id for node in ladybug_store.nodes()} == ids


def test_rows_in_order_let_the_letter_first_in_path_order_have_the_last_word(record_factory):
    first, second, _ = _letters(record_factory)
    measure = next(n for n in first.nodes if n.label == "Measure")

    def mention(evidence_file: str) -> GraphDocument:
        other = measure.model_copy(
            update={
                "properties": {
                    **measure.properties,
                    "kind": None,
                    "name": "改名",
                    "evidence_file": evidence_file,
                }
            }
        )
        return second.model_copy(
            update={"nodes": [other if n.id == measure.id else n for n in second.nodes]}
        )

    assert "a.txt" < measure.properties["evidence_file"] < "z.txt"
    for order in ([first, mention("a.txt")], [mention("a.txt"), first]):
        merged = rows_in_order(order)[0]["Measure"][measure.id]
        assert merged["name"] == "改名"  # the first letter's known value replaces
        assert merged["kind"] == measure.properties["kind"]  # its unknown keeps the other's
        assert merged["evidence_file"] == "a.txt"
    for order in ([first, mention("z.txt")], [mention("z.txt"), first]):
        merged = rows_in_order(order)[0]["Measure"][measure.id]
        # a letter later in path order only fills what is unknown
        assert merged == measure.full_properties()


def test_values_holding_the_row_separators_are_stored_as_given(store, record_factory):
    """Neo4j's rows travel as one string split by the statement; a value holding a
    separator character must take the other road and still arrive whole (LadybugDB's
    travel as Arrow columns, which hold any text)."""
    from policykg.graph.stores.neo4j import CELL_SEPARATOR, NULL_CELL

    letters = _letters(record_factory)
    odd = f"含{CELL_SEPARATOR}分隔{NULL_CELL}符"
    measure = next(n for n in letters[0].nodes if n.label == "Measure")
    changed = measure.model_copy(
        update={"properties": {**measure.properties, "evidence_sentence": odd}}
    )
    letters[0] = letters[0].model_copy(
        update={"nodes": [changed if n.id == measure.id else n for n in letters[0].nodes]}
    )
    assert store.write_many(letters) == [None, None, None]
    stored = next(n for n in store.nodes() if n.id == measure.id)
    wins = measure.properties["evidence_file"] <= min(
        n.properties["evidence_file"] for d in letters[1:] for n in d.nodes if n.id == measure.id
    )
    assert wins  # the first letter in path order: its value is the one kept
    assert stored.properties["evidence_sentence"] == odd
    # The same as writing one by one.
    store.clear()
    for letter in letters:
        store.write(letter)
    assert next(n for n in store.nodes() if n.id == measure.id) == stored
