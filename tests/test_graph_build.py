"""build_graph: one hand-built ReplyRecord in, the expected nodes and relationships out."""

from __future__ import annotations

import pytest
from conftest import ARBITRATION as ARBITRATION_NAME
from conftest import CENTRE as CENTRE_NAME
from conftest import COMMERCE as COMMERCE_NAME
from conftest import ISSUER as ISSUER_NAME
from conftest import PLATFORM as PLATFORM_NAME
from pydantic import ValidationError

from policykg.graph.build import build_graph
from policykg.graph.model import (
    NODE_PROPERTIES,
    RELATIONSHIP_ENDPOINTS,
    GraphDocument,
    GraphNode,
    GraphRelationship,
    label_of,
    node_id,
)

DOC_NUMBER = "芜市监函〔2021〕18号"  # conftest's sample record
DOC = f"document:{DOC_NUMBER}"
PLATFORM = f"measure:{PLATFORM_NAME}"
CENTRE = f"measure:{CENTRE_NAME}"
PLATFORM_COMMITMENT = f"commitment:{DOC_NUMBER}|{PLATFORM_NAME}"
CENTRE_COMMITMENT = f"commitment:{DOC_NUMBER}|{CENTRE_NAME}"
COMMERCE = f"agency:{COMMERCE_NAME}"
SAMR = f"agency:{ISSUER_NAME}"
ARBITRATION = f"agency:{ARBITRATION_NAME}"
PROPOSAL = "proposal:20210157"
SUGGESTION = "suggestion:20210157|1"
PROPOSER = "proposer:民盟芜湖市委会"
SOURCE = "letter-18.txt"


def _nodes(doc: GraphDocument) -> dict[str, GraphNode]:
    return {node.id: node for node in doc.nodes}


def _rels(doc: GraphDocument) -> dict[tuple[str, str, str], GraphRelationship]:
    return {rel.key: rel for rel in doc.relationships}


def test_every_letter_fact_becomes_a_node_with_a_stable_id(reply_record):
    doc = build_graph(reply_record)

    assert doc.document_id == DOC
    assert set(_nodes(doc)) == {
        DOC,
        PROPOSAL,
        PROPOSER,
        SUGGESTION,
        SAMR,
        COMMERCE,
        ARBITRATION,
        PLATFORM,
        CENTRE,
        PLATFORM_COMMITMENT,
        CENTRE_COMMITMENT,
        f"amount:{DOC_NUMBER}|{reply_record.amounts[0].evidence.start}|30万元",
        "year:2020",
        "year:2021",
    }


def test_relationships_join_the_letter_facts(reply_record):
    doc = build_graph(reply_record)
    amount = next(node.id for node in doc.nodes if node.label == "Amount")

    assert set(_rels(doc)) == {
        ("ISSUED_BY", DOC, SAMR),
        ("IN_YEAR", DOC, "year:2021"),
        ("MENTIONS", DOC, "year:2020"),
        ("MENTIONS", DOC, "year:2021"),
        ("RESPONDS_TO", DOC, PROPOSAL),
        ("PROPOSED_BY", PROPOSAL, PROPOSER),
        ("LED_BY", PROPOSAL, SAMR),
        ("CO_HANDLED_BY", PROPOSAL, COMMERCE),
        ("CO_HANDLED_BY", PROPOSAL, ARBITRATION),
        ("HAS_SUGGESTION", PROPOSAL, SUGGESTION),
        ("COMMITS", DOC, CENTRE_COMMITMENT),
        ("ABOUT", CENTRE_COMMITMENT, CENTRE),
        ("IMPLEMENTED_BY", CENTRE_COMMITMENT, SAMR),
        ("ANSWERS", CENTRE_COMMITMENT, SUGGESTION),
        ("IN_YEAR", CENTRE_COMMITMENT, "year:2020"),
        ("COMMITS", DOC, PLATFORM_COMMITMENT),
        ("ABOUT", PLATFORM_COMMITMENT, PLATFORM),
        ("IMPLEMENTED_BY", PLATFORM_COMMITMENT, COMMERCE),
        ("IMPLEMENTED_BY", PLATFORM, COMMERCE),
        ("IMPLEMENTED_BY", PLATFORM_COMMITMENT, ARBITRATION),
        ("ANSWERS", PLATFORM_COMMITMENT, SUGGESTION),
        ("IN_YEAR", PLATFORM_COMMITMENT, "year:2021"),
        ("FUNDED_WITH", PLATFORM_COMMITMENT, amount),
        ("IN_YEAR", amount, "year:2021"),
    }


def test_commitment_carries_agency_measure_status_date_and_evidence(reply_record):
    nodes = _nodes(build_graph(reply_record))
    measure = reply_record.measures[1]

    assert nodes[PLATFORM_COMMITMENT].properties == {
        "name": PLATFORM_NAME,
        "document_id": DOC,
        "measure_key": PLATFORM_NAME,
        "agency": COMMERCE_NAME,
        "status": "done",
        "status_basis": "sentence",
        "date": None,
        "year": 2021,
        "evidence_file": SOURCE,
        "evidence_sentence": measure.evidence.sentence,
        "evidence_start": measure.evidence.start,
        "evidence_end": measure.evidence.end,
    }


def test_a_measure_without_owner_is_committed_by_the_issuer(reply_record):
    doc = build_graph(reply_record)
    nodes, rels = _nodes(doc), _rels(doc)

    assert nodes[CENTRE_COMMITMENT].properties["agency"] == ISSUER_NAME
    assert rels[("IMPLEMENTED_BY", CENTRE_COMMITMENT, SAMR)].properties["role"] == "issuer"
    assert rels[("IMPLEMENTED_BY", PLATFORM_COMMITMENT, COMMERCE)].properties["role"] == "owner"
    assert rels[("IMPLEMENTED_BY", PLATFORM_COMMITMENT, ARBITRATION)].properties["role"] == (
        "partner"
    )
    # Only a named owner is a fact about the measure itself, beyond this letter.
    assert not any(k[0] == "IMPLEMENTED_BY" and k[1] == CENTRE for k in rels)


def test_evidence_points_into_the_letter(reply_record):
    from conftest import LETTER_TEXT

    doc = build_graph(reply_record)
    carriers = [*doc.nodes, *doc.relationships]
    with_evidence = [c for c in carriers if c.properties.get("evidence_sentence")]
    without = [c for c in carriers if not c.properties.get("evidence_sentence")]

    # A year is not a fact read from the letter; everything else is.
    assert {c.id for c in without if isinstance(c, GraphNode)} == {"year:2020", "year:2021"}
    assert [c for c in without if isinstance(c, GraphRelationship)] == []
    for carrier in with_evidence:
        props = carrier.properties
        assert (
            LETTER_TEXT[props["evidence_start"] : props["evidence_end"]]
            == (props["evidence_sentence"])
        )
        assert props["evidence_file"] == SOURCE


def test_proposer_and_lead_agency_fall_back_to_the_letter_header(reply_record):
    # As extraction does it: the salutation is the recipient's evidence, not the proposer's.
    salutation = reply_record.proposal.evidence.pop("proposer")
    reply_record.document.evidence["recipient"] = salutation
    reply_record.document.recipient = reply_record.proposal.proposer
    rels = _rels(build_graph(reply_record))

    proposed_by = rels[("PROPOSED_BY", PROPOSAL, PROPOSER)].properties
    assert proposed_by["evidence_sentence"] == salutation.sentence
    led_by = rels[("LED_BY", PROPOSAL, SAMR)].properties
    assert led_by["evidence_sentence"] == reply_record.document.evidence["issuer"].sentence


def test_amount_keeps_value_unit_and_is_counted_once(reply_record):
    amounts = [node for node in build_graph(reply_record).nodes if node.label == "Amount"]

    # The same 30万元 is listed at the top level and under its measure: one node.
    assert len(amounts) == 1
    assert amounts[0].properties["value"] == 300000.0
    assert amounts[0].properties["unit"] == "CNY"
    assert amounts[0].properties["approximate"] is False


def test_an_agency_named_only_by_reference_still_gets_a_node(reply_record):
    reply_record.proposal.co_handling_agencies.append("芜湖市司法局")
    nodes = _nodes(build_graph(reply_record))

    assert nodes["agency:芜湖市司法局"].properties == {"name": "芜湖市司法局"}


def test_aliases_resolve_to_the_canonical_agency(reply_record):
    reply_record.measures[1].owner = "市商务局"
    rels = _rels(build_graph(reply_record))

    assert ("IMPLEMENTED_BY", PLATFORM, COMMERCE) in rels


def test_two_letters_share_agency_measure_and_proposal_ids(record_factory):
    first = build_graph(record_factory())
    second = build_graph(
        record_factory(doc_number="芜商务函〔2021〕12号", sha256="b" * 64, source="b.txt")
    )

    shared = set(_nodes(first)) & set(_nodes(second))
    assert {COMMERCE, SAMR, PLATFORM, CENTRE, PROPOSAL, SUGGESTION, "year:2021"} <= shared
    assert first.document_id != second.document_id
    assert not any(label_of(node_id_) == "Commitment" for node_id_ in shared)


def test_document_without_number_is_identified_by_hash(record_factory):
    doc = build_graph(record_factory(doc_number=None, sha256="c" * 64))

    assert doc.document_id == "document:" + "c" * 64
    assert _nodes(doc)[doc.document_id].properties["name"] == SOURCE


def test_build_is_deterministic(reply_record):
    assert build_graph(reply_record) == build_graph(reply_record)


def test_every_built_relationship_joins_labels_the_schema_allows(reply_record):
    doc = build_graph(reply_record)
    node_ids = {node.id for node in doc.nodes}

    for rel in doc.relationships:
        assert (rel.start_label, rel.end_label) in RELATIONSHIP_ENDPOINTS[rel.type]
        assert rel.start_id in node_ids and rel.end_id in node_ids
    for node in doc.nodes:
        assert set(node.properties) <= set(NODE_PROPERTIES[node.label])


def test_model_rejects_properties_outside_the_schema():
    with pytest.raises(ValidationError, match="no property"):
        GraphNode(id="agency:x", label="Agency", properties={"colour": "red"})
    with pytest.raises(ValidationError, match="must be INT64"):
        GraphNode(id="year:2021", label="Year", properties={"year": "2021"})
    with pytest.raises(ValidationError, match="must be BOOLEAN"):
        GraphNode(id="agency:x", label="Agency", properties={"known": 1})
    with pytest.raises(ValidationError, match="cannot join"):
        GraphRelationship(type="ABOUT", start_id="agency:x", end_id="measure:y")
    with pytest.raises(ValidationError, match="does not belong"):
        GraphNode(id="measure:x", label="Agency")


def test_node_id_collapses_whitespace_and_rejects_empty_keys():
    assert node_id("Agency", " 芜湖市  商务局 ") == "agency:芜湖市 商务局"
    assert node_id("Year", 2021) == "year:2021"
    with pytest.raises(ValueError, match="empty key"):
        node_id("Measure", "  ")
