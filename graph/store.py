"""The one interface every graph store offers, and :func:`open_store` to pick one by target.

A target that is a ``bolt://`` or ``neo4j://`` URI (with or without ``+s``/``+ssc``) opens
Neo4j; anything else is the path of an embedded LadybugDB database.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Self

from policykg.errors import WriteError
from policykg.graph.model import (
    NODE_LABELS,
    NODE_PROPERTIES,
    RELATIONSHIP_PROPERTIES,
    RELATIONSHIP_TYPES,
    GraphDocument,
    GraphNode,
    GraphRelationship,
    PropertyType,
    label_of,
)
from policykg.settings import Settings, get_settings

NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class GraphStore(ABC):
    """A graph database holding :class:`GraphDocument` writes.

    ``write`` is idempotent (MERGE on ids) and atomic per document: on failure it raises
    :class:`~policykg.errors.WriteError` and the store is as it was before the call.
    """

    target: str
    # Which variant of a named query runs here (``cypher/NAME.<dialect>.cypher``).
    dialect: str

    @abstractmethod
    def write(self, document: GraphDocument, *, replace: Sequence[str] = ()) -> None:
        """Merge one document's nodes and relationships in one transaction.

        ``replace`` names relationship types whose existing relationships are deleted first,
        in the same transaction: a later step (lineage, succession) that recomputes all of a
        type hands its whole result and stale relationships go.
        """

    def write_many(self, documents: Sequence[GraphDocument]) -> list[WriteError | None]:
        """Write letters' documents, in order, as if by ``write`` one at a time: per document
        ``None`` (written) or the :class:`WriteError` that rolled it back.

        Stores override this to write the whole list in one transaction, which is much
        faster; if that transaction fails they fall back to one transaction per document,
        so a bad letter loses only itself. :class:`StoreUnavailableError` propagates.
        """
        outcomes: list[WriteError | None] = []
        for document in documents:
            try:
                self.write(document)
            except WriteError as exc:
                outcomes.append(exc)
            else:
                outcomes.append(None)
        return outcomes

    @abstractmethod
    def run_read(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        max_rows: int | None = None,
        timeout_s: float | None = None,
        untrusted: bool = False,
    ) -> list[dict[str, Any]]:
        """Run one Cypher statement in a read-only transaction; rows are dicts keyed by the
        RETURN names.

        The database refuses writes (:class:`~policykg.errors.ReadOnlyViolationError`) and
        stops the query after ``timeout_s`` (default: the store's ``query_timeout_s``) with
        :class:`~policykg.errors.QueryTimeoutError`. At most ``max_rows`` rows are fetched.
        ``untrusted`` (ad-hoc text from a user) also refuses statements the database would
        run in a read transaction yet that read or write files or URLs (LadybugDB's
        ``COPY … TO`` / ``LOAD FROM``, Neo4j's ``LOAD CSV``): the store asks the database for
        the plan first and refuses it by its operators, never by the query text.
        """

    @abstractmethod
    def nodes(self) -> list[GraphNode]:
        """Every node with every property of its label (``None`` where unset), sorted by id."""

    @abstractmethod
    def relationships(self) -> list[GraphRelationship]:
        """Every relationship with every property of its type, sorted by (type, start, end)."""

    @abstractmethod
    def counts(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "relationships": {type: n}}``, zero counts included."""

    @abstractmethod
    def clear(self) -> None:
        """Delete every node and relationship (the schema stays)."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection or database file."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def can_batch(documents: Sequence[GraphDocument]) -> bool:
    """Whether ``documents`` may be written in one transaction: letters, each once."""
    ids = [document.document_id for document in documents]
    return len(ids) > 1 and len(set(ids)) == len(ids) and all(d.is_letter for d in documents)


def rows_in_order(documents: Sequence[GraphDocument]) -> tuple[
        dict[str, dict[str, dict[str, Any]]],
        dict[tuple[str, str, str], dict[tuple[str, str], dict[str, Any]]]]:
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
            _merge_into(nodes.setdefault(label, {}), node.id,
                        _full(NODE_PROPERTIES[label], node.properties))
        for rel in document.relationships:
            start, end = rel.start_id, rel.end_id
            start_label = labels.get(start) or labels.setdefault(start, label_of(start))
            end_label = labels.get(end) or labels.setdefault(end, label_of(end))
            _merge_into(rels.setdefault((rel.type, start_label, end_label), {}), (start, end),
                        _full(RELATIONSHIP_PROPERTIES[rel.type], rel.properties))
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
    stored_file = stored.get("evidence_file")
    new_file = new.get("evidence_file")
    return stored_file is None or (new_file is not None and new_file <= stored_file)


def merged(stored: dict[str, Any], mention: dict[str, Any]) -> dict[str, Any]:
    """What ``stored`` holds after ``mention`` of the same node or relationship is merged
    into it by :func:`takes_precedence` (both dicts have every property of the schema)."""
    if takes_precedence(mention, stored):
        return {name: stored[name] if value is None else value
                for name, value in mention.items()}
    return {name: mention.get(name) if value is None else value
            for name, value in stored.items()}


def _merge_into(rows: dict, key: Any, properties: dict[str, Any]) -> None:
    old = rows.get(key)
    rows[key] = properties if old is None else merged(old, properties)


# Both stores take a batch's rows as one string a row, which the statement splits again:
# the client libraries convert a list of Python lists or dicts value by value, costing more
# than the database spends on the statement, and a list of strings next to nothing.

CELL_SEPARATOR = "\x1f"  # ASCII unit separator, between a row's cells
NULL_CELL = "\x1e"  # ASCII record separator, a cell whose value is unknown


def text_cell(value: Any) -> str | None:
    """A property value as the text the statements convert back to its type."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)  # ints, and floats in their shortest exact form


def rows_as_lines(schema: dict[str, PropertyType],
                  rows: list[tuple[tuple[str, ...], dict[str, Any]]]) -> list[str] | None:
    """Each row, its keys (an id, or the ids of a relationship's ends) then every property
    of ``schema``, as its cells joined by CELL_SEPARATOR, an unknown one as NULL_CELL; None
    when some row has no such form (a list column, a cell holding one of those characters,
    a float that is not finite)."""
    if PropertyType.STRING_LIST in schema.values():
        return None
    names = list(schema)
    typed = [position for position, kind in enumerate(schema.values())
             if kind is not PropertyType.STRING]
    lines = []
    for keys, properties in rows:
        values = [properties[name] for name in names]
        for position in typed:
            value = values[position]
            if isinstance(value, float) and not math.isfinite(value):
                return None
            values[position] = text_cell(value)
        line = CELL_SEPARATOR.join(
            (*keys, *[NULL_CELL if value is None else value for value in values]))
        if (line.count(CELL_SEPARATOR) != len(keys) + len(values) - 1
                or line.count(NULL_CELL) != values.count(None)):
            return None
        lines.append(line)
    return lines


def empty_counts() -> dict[str, dict[str, int]]:
    return {
        "nodes": dict.fromkeys(NODE_LABELS, 0),
        "relationships": dict.fromkeys(RELATIONSHIP_TYPES, 0),
    }


def is_neo4j_target(target: str) -> bool:
    scheme, sep, _ = target.partition("://")
    return bool(sep) and scheme.lower() in NEO4J_SCHEMES


def open_store(target: str | None = None, settings: Settings | None = None) -> GraphStore:
    """Open the store ``target`` names (default: ``settings.store``), creating its schema."""
    settings = settings or get_settings()
    target = target or settings.store
    if is_neo4j_target(target):
        from policykg.graph.neo4j_store import Neo4jStore

        return Neo4jStore(
            target,
            user=settings.neo4j_user,
            password=settings.neo4j_password,
            database=settings.neo4j_database,
            query_timeout_s=settings.query_timeout_s,
        )
    from policykg.graph.ladybug_store import LadybugStore

    return LadybugStore(target, query_timeout_s=settings.query_timeout_s)
