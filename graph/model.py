"""The property graph that the build step produces and every store holds.

A :class:`GraphDocument` is the record crossing the graph → store boundary: the nodes and
relationships read from one letter. The schema below is fixed (one column set per label,
one per relationship type) because LadybugDB needs DDL and both stores must hold the same
thing; properties are therefore only strings, integers, floats, booleans or lists of strings.

Ids are ``<label in lower case>:<canonical key>`` so the same agency or measure read from two
letters is one node, and a node's label can be read back from its id (:func:`label_of`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


class PropertyType(StrEnum):
    """The property types both stores can hold; values are LadybugDB's type names."""

    STRING = "STRING"
    INT64 = "INT64"
    DOUBLE = "DOUBLE"
    BOOLEAN = "BOOLEAN"
    STRING_LIST = "STRING[]"


# Short names keep the schema tables below readable.
S, INT, D, B, L = (
    PropertyType.STRING,
    PropertyType.INT64,
    PropertyType.DOUBLE,
    PropertyType.BOOLEAN,
    PropertyType.STRING_LIST,
)

# Where a fact was read; flat so that both stores (and GraphML) can hold it.
EVIDENCE_PROPERTIES: dict[str, PropertyType] = {
    "evidence_file": S,
    "evidence_sentence": S,
    "evidence_start": INT,
    "evidence_end": INT,
}

NODE_PROPERTIES: dict[str, dict[str, PropertyType]] = {
    "Document": {
        "name": S,
        "doc_number": S,
        "sha256": S,
        "source": S,
        "kind": S,
        "date": S,
        "recipient": S,
        "city": S,
        "place": S,
        "place_code": S,
        "evaluation_class": S,
        "contact_person": S,
        "contact_phone": S,
        **EVIDENCE_PROPERTIES,
    },
    "Proposal": {"name": S, "number": S, "title": S, "session": S, **EVIDENCE_PROPERTIES},
    "Proposer": {"name": S, "kind": S, **EVIDENCE_PROPERTIES},
    "Suggestion": {"name": S, "ordinal": INT, "text": S, **EVIDENCE_PROPERTIES},
    "Agency": {
        "name": S,
        "aliases": L,
        "level": S,
        "city": S,
        "known": B,
        **EVIDENCE_PROPERTIES,
    },
    "Measure": {"name": S, "key": S, "kind": S, **EVIDENCE_PROPERTIES},
    "Commitment": {
        "name": S,
        "document_id": S,
        "measure_key": S,
        "agency": S,
        "status": S,
        "status_basis": S,
        "date": S,
        "year": INT,
        **EVIDENCE_PROPERTIES,
    },
    "Amount": {
        "name": S,
        "document_id": S,
        "text": S,
        "value": D,
        "unit": S,
        "kind": S,
        "approximate": B,
        **EVIDENCE_PROPERTIES,
    },
    "Year": {"name": S, "year": INT},
}

NODE_LABELS: tuple[str, ...] = tuple(NODE_PROPERTIES)

RELATIONSHIP_PROPERTIES: dict[str, dict[str, PropertyType]] = {
    "RESPONDS_TO": dict(EVIDENCE_PROPERTIES),
    "PROPOSED_BY": dict(EVIDENCE_PROPERTIES),
    "ISSUED_BY": dict(EVIDENCE_PROPERTIES),
    "CO_HANDLED_BY": dict(EVIDENCE_PROPERTIES),
    "LED_BY": dict(EVIDENCE_PROPERTIES),
    "HAS_SUGGESTION": dict(EVIDENCE_PROPERTIES),
    "ANSWERS": dict(EVIDENCE_PROPERTIES),
    "COMMITS": dict(EVIDENCE_PROPERTIES),
    "ABOUT": dict(EVIDENCE_PROPERTIES),
    # role: "owner" or "partner" as the letter says, "issuer" when the letter names no owner.
    "IMPLEMENTED_BY": {"role": S, **EVIDENCE_PROPERTIES},
    "FUNDED_WITH": dict(EVIDENCE_PROPERTIES),
    "IN_YEAR": dict(EVIDENCE_PROPERTIES),
    "MENTIONS": dict(EVIDENCE_PROPERTIES),
    # Filled by the lineage step, not by build_graph.
    "BUILDS_ON": {"score": D, "rationale": S, "region": S, **EVIDENCE_PROPERTIES},
    "SUCCEEDED_BY": {"date": S, "rationale": S, **EVIDENCE_PROPERTIES},
}

RELATIONSHIP_ENDPOINTS: dict[str, tuple[tuple[str, str], ...]] = {
    "RESPONDS_TO": (("Document", "Proposal"),),
    "PROPOSED_BY": (("Proposal", "Proposer"),),
    "ISSUED_BY": (("Document", "Agency"),),
    "CO_HANDLED_BY": (("Proposal", "Agency"),),
    "LED_BY": (("Proposal", "Agency"),),
    "HAS_SUGGESTION": (("Proposal", "Suggestion"),),
    "ANSWERS": (("Commitment", "Suggestion"),),
    "COMMITS": (("Document", "Commitment"),),
    "ABOUT": (("Commitment", "Measure"),),
    "IMPLEMENTED_BY": (("Commitment", "Agency"), ("Measure", "Agency")),
    "FUNDED_WITH": (("Commitment", "Amount"),),
    "IN_YEAR": (("Commitment", "Year"), ("Document", "Year"), ("Amount", "Year")),
    "MENTIONS": (("Document", "Amount"), ("Document", "Year")),
    "BUILDS_ON": (("Measure", "Measure"),),
    "SUCCEEDED_BY": (("Agency", "Agency"),),
}

RELATIONSHIP_TYPES: tuple[str, ...] = tuple(RELATIONSHIP_PROPERTIES)

# Nodes that exist only as what one letter says; they carry that letter's `document_id`,
# and rewriting the letter replaces them.
DOCUMENT_SCOPED_LABELS: tuple[str, ...] = ("Commitment", "Amount")

# Properties a full-text search looks at (Neo4j's `policykg_text` index).
TEXT_PROPERTIES: tuple[str, ...] = ("name", "evidence_sentence")

_PREFIX_TO_LABEL = {label.lower(): label for label in NODE_LABELS}


def _property_type_by_name() -> dict[str, PropertyType]:
    """One type per property name across the model, so exports can declare each name once."""
    types: dict[str, PropertyType] = {}
    for schema in (*NODE_PROPERTIES.values(), *RELATIONSHIP_PROPERTIES.values()):
        for name, kind in schema.items():
            if types.setdefault(name, kind) is not kind:
                raise TypeError(f"property {name!r} is both {types[name]} and {kind}")
    return types


PROPERTY_TYPES: dict[str, PropertyType] = _property_type_by_name()


def canonical_key(key: str) -> str:
    """Runs of whitespace collapse to one space, so stray layout does not split a node."""
    return " ".join(key.split())


def node_id(label: str, key: str | int) -> str:
    """The stable id of the node with this label and canonical key, e.g. ``year:2021``."""
    if label not in NODE_PROPERTIES:
        raise ValueError(f"unknown node label {label!r}")
    text = canonical_key(str(key))
    if not text:
        raise ValueError(f"empty key for a {label} id")
    return f"{label.lower()}:{text}"


def label_of(node_id_: str) -> str:
    """The label encoded in an id: ``label_of('agency:绵阳市商务局') == 'Agency'``."""
    prefix, sep, _ = node_id_.partition(":")
    if not sep or prefix not in _PREFIX_TO_LABEL:
        raise ValueError(f"{node_id_!r} is not a policykg node id")
    return _PREFIX_TO_LABEL[prefix]


_PYTHON_TYPES: dict[PropertyType, tuple[type, ...]] = {
    PropertyType.STRING: (str,),
    PropertyType.INT64: (int,),
    PropertyType.DOUBLE: (float, int),
    PropertyType.BOOLEAN: (bool,),
    PropertyType.STRING_LIST: (list,),
}


def _check_properties(
    owner: str, properties: dict[str, Any], schema: dict[str, PropertyType]
) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for name, value in properties.items():
        kind = schema.get(name)
        if kind is None:
            raise ValueError(f"{owner} has no property {name!r}; known: {sorted(schema)}")
        if value is None or (kind is PropertyType.STRING and type(value) is str):
            checked[name] = value  # the common cases, without the checks below
            continue
        # bool is an int in Python; an INT64 or DOUBLE column must not take True.
        wrong_bool = isinstance(value, bool) and kind is not PropertyType.BOOLEAN
        if wrong_bool or not isinstance(value, _PYTHON_TYPES[kind]):
            raise ValueError(f"{owner}.{name} must be {kind}, got {type(value).__name__}")
        if kind is PropertyType.STRING_LIST:
            assert isinstance(value, list)  # checked against _PYTHON_TYPES above
            if not all(isinstance(item, str) for item in value):
                raise ValueError(f"{owner}.{name} must be a list of strings")
            value = list(value)
        elif kind is PropertyType.DOUBLE:
            assert isinstance(value, int | float)
            value = float(value)
        checked[name] = value
    return checked


class _GraphModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GraphNode(_GraphModel):
    """One node; ``properties`` holds only names from ``NODE_PROPERTIES[label]``."""

    id: str
    label: str
    properties: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _matches_schema(self) -> GraphNode:
        if self.label not in NODE_PROPERTIES:
            raise ValueError(f"unknown node label {self.label!r}")
        if label_of(self.id) != self.label:
            raise ValueError(f"id {self.id!r} does not belong to label {self.label}")
        self.properties = _check_properties(
            self.label, self.properties, NODE_PROPERTIES[self.label]
        )
        return self

    def full_properties(self) -> dict[str, Any]:
        """Every column of the label, ``None`` where unknown: the shape both stores return."""
        return {name: self.properties.get(name) for name in NODE_PROPERTIES[self.label]}


class GraphRelationship(_GraphModel):
    """One directed relationship; identity is (type, start_id, end_id)."""

    type: str
    start_id: str
    end_id: str
    properties: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _matches_schema(self) -> GraphRelationship:
        if self.type not in RELATIONSHIP_PROPERTIES:
            raise ValueError(f"unknown relationship type {self.type!r}")
        pair = (label_of(self.start_id), label_of(self.end_id))
        if pair not in RELATIONSHIP_ENDPOINTS[self.type]:
            raise ValueError(f"{self.type} cannot join {pair[0]} to {pair[1]}")
        self.properties = _check_properties(
            self.type, self.properties, RELATIONSHIP_PROPERTIES[self.type]
        )
        return self

    @property
    def start_label(self) -> str:
        return label_of(self.start_id)

    @property
    def end_label(self) -> str:
        return label_of(self.end_id)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.type, self.start_id, self.end_id)

    def full_properties(self) -> dict[str, Any]:
        return {name: self.properties.get(name) for name in RELATIONSHIP_PROPERTIES[self.type]}


class GraphDocument(_GraphModel):
    """The nodes and relationships read from one letter; a store writes it in one transaction.

    Relationships may point at nodes that are not in ``nodes`` when those already exist in
    the store (the lineage step links measures written by earlier documents).
    """

    document_id: str
    nodes: list[GraphNode] = Field(default_factory=list)
    relationships: list[GraphRelationship] = Field(default_factory=list)

    @model_validator(mode="after")
    def _no_duplicates(self) -> GraphDocument:
        seen_nodes: set[str] = set()
        for node in self.nodes:
            if node.id in seen_nodes:
                raise ValueError(f"node {node.id!r} appears twice")
            seen_nodes.add(node.id)
        seen_rels: set[tuple[str, str, str]] = set()
        for rel in self.relationships:
            if rel.key in seen_rels:
                raise ValueError(f"relationship {rel.key} appears twice")
            seen_rels.add(rel.key)
        return self

    @property
    def is_letter(self) -> bool:
        """True when this is one letter's graph (it holds its Document node), as opposed to
        relationships a later step adds (lineage), which replace nothing."""
        return any(n.id == self.document_id and n.label == "Document" for n in self.nodes)

    def letter_statements(self) -> tuple[list[str], list[str]]:
        """Ids of the document-scoped nodes and ``TYPE|end id`` of the Document's own
        relationships: what a rewrite of this letter keeps."""
        scoped = [n.id for n in self.nodes if n.label in DOCUMENT_SCOPED_LABELS]
        own = [f"{r.type}|{r.end_id}" for r in self.relationships if r.start_id == self.document_id]
        return scoped, own

    def nodes_by_label(self) -> dict[str, list[GraphNode]]:
        grouped: dict[str, list[GraphNode]] = {}
        for node in self.nodes:
            grouped.setdefault(node.label, []).append(node)
        return grouped

    def relationships_by_pattern(self) -> dict[tuple[str, str, str], list[GraphRelationship]]:
        """Grouped by (type, start label, end label): one batched statement per group."""
        grouped: dict[tuple[str, str, str], list[GraphRelationship]] = {}
        for rel in self.relationships:
            grouped.setdefault((rel.type, rel.start_label, rel.end_label), []).append(rel)
        return grouped
