"""The one rule for merging what several letters say about the same node or relationship.

A mention that takes precedence (:func:`takes_precedence`: the letter first in path order,
or the same letter again) puts its known values over what is stored and leaves its unknowns
(None) alone; any other mention only fills what is still unknown. The graph therefore does
not depend on the order letters are ingested in.

LadybugDB applies the rule here, in Python (:func:`merged`, after reading what is stored);
Neo4j applies it inside its update statement, whose condition :func:`precedence_condition`
writes from the same field, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from policykg.graph.model import (
    NODE_PROPERTIES,
    RELATIONSHIP_PROPERTIES,
    GraphDocument,
    PropertyType,
    label_of,
)

# The property that orders mentions: the letter's path relative to the ingest root.
PRECEDENCE_FIELD = "evidence_file"


def rows_in_order(
    documents: Sequence[GraphDocument],
) -> tuple[
    dict[str, dict[str, dict[str, Any]]],
    dict[tuple[str, str, str], dict[tuple[str, str], dict[str, Any]]],
]:
    """The documents' nodes by label (id -> properties) and relationships by (type, start
    label, end label) ((start id, end id) -> properties), one row per identity, holding what
    writing them one by one would leave: a mention that takes precedence
    (:func:`takes_precedence`) puts its known values over the earlier ones, its unknowns
    (None) keep them; one that does not only fills what is still unknown. Every property of
    the schema is present (None if unknown).
    """
    nodes: dict[str, dict[str, dict[str, Any]]] = {}
    rels: dict[tuple[str, str, str], dict[tuple[str, str], dict[str, Any]]] = {}
    labels: dict[str, str] = {}  # id -> label: ends recur (a letter's own nodes, shared ones)
    for document in documents:
        for node in document.nodes:
            label = node.label
            _merge_into(
                nodes.setdefault(label, {}), node.id, _full(NODE_PROPERTIES[label], node.properties)
            )
        for rel in document.relationships:
            start, end = rel.start_id, rel.end_id
            start_label = labels.get(start) or labels.setdefault(start, label_of(start))
            end_label = labels.get(end) or labels.setdefault(end, label_of(end))
            _merge_into(
                rels.setdefault((rel.type, start_label, end_label), {}),
                (start, end),
                _full(RELATIONSHIP_PROPERTIES[rel.type], rel.properties),
            )
    return nodes, rels


def _full(schema: dict[str, PropertyType], properties: dict[str, Any]) -> dict[str, Any]:
    """``full_properties`` of a node or relationship, built in C rather than a comprehension
    (hundreds of mentions a letter)."""
    full = dict.fromkeys(schema)
    full.update(properties)
    if len(full) != len(schema):  # a name outside the schema: keep the schema's only
        return {name: properties.get(name) for name in schema}
    return full


def takes_precedence(new: dict[str, Any], stored: dict[str, Any]) -> bool:
    """Whether a mention's known properties replace what is stored for the same node or
    relationship (otherwise they only fill what is unknown): the letter first in path order
    wins, and a letter rewrites its own, so the graph does not depend on the order letters
    are ingested in. Both stores apply the same rule in their update statements."""
    stored_file = stored.get(PRECEDENCE_FIELD)
    new_file = new.get(PRECEDENCE_FIELD)
    return stored_file is None or (new_file is not None and new_file <= stored_file)


def precedence_condition(stored: str, new: str) -> str:
    """:func:`takes_precedence` as a Cypher condition: ``stored`` is the variable of the
    stored node or relationship, ``new`` the expression of the mention's
    :data:`PRECEDENCE_FIELD` (null when the mention has none, as above)."""
    field = f"{stored}.`{PRECEDENCE_FIELD}`"
    return f"({field} IS NULL OR ({new} IS NOT NULL AND {new} <= {field}))"


def merged(stored: dict[str, Any], mention: dict[str, Any]) -> dict[str, Any]:
    """What ``stored`` holds after ``mention`` of the same node or relationship is merged
    into it by :func:`takes_precedence` (both dicts have every property of the schema)."""
    if takes_precedence(mention, stored):
        return {name: stored[name] if value is None else value for name, value in mention.items()}
    return {name: mention.get(name) if value is None else value for name, value in stored.items()}


def _merge_into(rows: dict, key: Any, properties: dict[str, Any]) -> None:
    old = rows.get(key)
    rows[key] = properties if old is None else merged(old, properties)
