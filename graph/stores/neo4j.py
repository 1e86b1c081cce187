"""The server store: Neo4j through the official driver.

Schema (one uniqueness constraint on ``id`` per label, the ``policykg_text`` full-text
index and text indexes for CONTAINS look-ups) is created when the store opens; each document
is written by batched ``UNWIND $rows … MERGE`` statements, one per label and relationship
pattern, inside one ``execute_write`` transaction.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from enum import StrEnum
from functools import partial
from typing import Any

import neo4j
from neo4j import GraphDatabase, NotificationMinimumSeverity, unit_of_work
from neo4j.exceptions import (
    AuthError,
    ClientError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from policykg.errors import (
    PolicyKGError,
    QueryError,
    QueryTimeoutError,
    ReadOnlyViolationError,
    StoreUnavailableError,
    WriteError,
)
from policykg.graph.model import (
    DOCUMENT_SCOPED_LABELS,
    NODE_PROPERTIES,
    RELATIONSHIP_ENDPOINTS,
    RELATIONSHIP_PROPERTIES,
    TEXT_PROPERTIES,
    GraphDocument,
    GraphNode,
    GraphRelationship,
    PropertyType,
)
from policykg.graph.stores.base import GraphStore, ReplaceScope, can_batch, empty_counts
from policykg.graph.stores.errors import map_exceptions
from policykg.graph.stores.merge import PRECEDENCE_FIELD, precedence_condition, rows_in_order
from policykg.graph.stores.statements import (
    STORED_DOCUMENTS,
    count_nodes,
    count_relationships,
    delete_relationships,
    delete_stale_document_relationships,
    delete_stale_scoped_nodes,
    explain,
)

# --- Statements -------------------------------------------------------------------------
# Every Cypher string this store runs is built here. Labels and types come from the
# model's fixed schema, never from input, so interpolating them is safe.

FULLTEXT_INDEX = "policykg_text"


def create_id_constraint(label: str) -> str:
    return (
        f"CREATE CONSTRAINT policykg_{label.lower()}_id IF NOT EXISTS "
        f"FOR (n:`{label}`) REQUIRE n.id IS UNIQUE"
    )


def create_fulltext_index() -> str:
    labels = "|".join(
        f"`{label}`"
        for label, schema in NODE_PROPERTIES.items()
        if any(name in schema for name in TEXT_PROPERTIES)
    )
    properties = ", ".join(f"n.`{name}`" for name in TEXT_PROPERTIES)
    # The cjk analyzer splits Han text into bigrams; the standard one would keep whole runs.
    return (
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{labels}) "
        f"ON EACH [{properties}] OPTIONS {{indexConfig: {{`fulltext.analyzer`: 'cjk'}}}}"
    )


# Text indexes answer CONTAINS without reading every node of the label (measure_evolution
# finds its measures by a substring of the key or name).
TEXT_INDEXED = {"Measure": ("key", "name")}


def create_text_index(label: str, name: str) -> str:
    return (
        f"CREATE TEXT INDEX policykg_{label.lower()}_{name}_text IF NOT EXISTS "
        f"FOR (n:`{label}`) ON (n.`{name}`)"
    )


# Range indexes for equality look-ups in the named queries (funding picks one kind of amount).
RANGE_INDEXED = {"Amount": ("kind",)}


def create_range_index(label: str, name: str) -> str:
    return (
        f"CREATE INDEX policykg_{label.lower()}_{name} IF NOT EXISTS "
        f"FOR (n:`{label}`) ON (n.`{name}`)"
    )


AWAIT_INDEXES = "CALL db.awaitIndexes(300)"
# In batches, each its own transaction: one transaction deleting a large graph outgrows the
# server's transaction memory (dbms.memory.transaction.total.max). Relationships go first:
# a batch of nodes holding a Year or an Agency would detach hundreds of thousands at once.
DELETE_ALL_RELATIONSHIPS = "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS"
DELETE_ALL_NODES = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


DELETE_STALE_DOCUMENT_RELATIONSHIPS = delete_stale_document_relationships("type")

# A batch's rows go to Neo4j as one string a row, which the statement splits again: the
# driver packs parameters value by value in Python, which for a batch of rows as maps costs
# more than the server's work, and a list of strings next to nothing.

CELL_SEPARATOR = "\x1f"  # ASCII unit separator, between a row's cells
NULL_CELL = "\x1e"  # ASCII record separator, a cell whose value is unknown


def text_cell(value: Any) -> str | None:
    """A property value as the text the statements convert back to its type."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)  # ints, and floats in their shortest exact form


def rows_as_lines(
    schema: dict[str, PropertyType], rows: list[tuple[tuple[str, ...], dict[str, Any]]]
) -> list[str] | None:
    """Each row, its keys (an id, or the ids of a relationship's ends) then every property
    of ``schema``, as its cells joined by CELL_SEPARATOR, an unknown one as NULL_CELL; None
    when some row has no such form (a list column, a cell holding one of those characters,
    a float that is not finite)."""
    if PropertyType.STRING_LIST in schema.values():
        return None
    names = list(schema)
    typed = [
        position for position, kind in enumerate(schema.values()) if kind is not PropertyType.STRING
    ]
    lines = []
    for keys, properties in rows:
        values = [properties[name] for name in names]
        for position in typed:
            value = values[position]
            if isinstance(value, float) and not math.isfinite(value):
                return None
            values[position] = text_cell(value)
        line = CELL_SEPARATOR.join(
            (*keys, *[NULL_CELL if value is None else value for value in values])
        )
        if line.count(CELL_SEPARATOR) != len(keys) + len(values) - 1 or line.count(
            NULL_CELL
        ) != values.count(None):
            return None
        lines.append(line)
    return lines


# In a row (``rows_as_lines``, split again by the statement) row[0] is the id, or row[0]
# and row[1] the ends of a relationship, and the schema's properties follow. Rows without
# that form go as lists of values (RowForm.CELLS), already of their types.


class RowForm(StrEnum):
    LINES = "lines"  # one string a row
    CELLS = "cells"  # one list of values a row


def encode_rows(
    schema: dict[str, PropertyType], rows: list[tuple[tuple[str, ...], dict[str, Any]]]
) -> tuple[RowForm, dict[str, Any]]:
    """The parameters for the statements below, and the form of their ``$rows``: each row's
    keys (an id, or a start and an end id), then its properties, every one of ``schema``."""
    lines = rows_as_lines(schema, rows)
    if lines is not None:
        return RowForm.LINES, {"rows": lines, "separator": CELL_SEPARATOR, "null": NULL_CELL}
    return RowForm.CELLS, {
        "rows": [[*keys, *(props[name] for name in schema)] for keys, props in rows]
    }


_FROM_TEXT = {
    PropertyType.STRING: "{}",
    PropertyType.INT64: "toInteger({})",
    PropertyType.DOUBLE: "toFloat({})",
    PropertyType.BOOLEAN: "toBoolean({})",
}


def _unwind_rows(form: RowForm) -> str:
    if form is RowForm.LINES:
        return "UNWIND $rows AS line WITH split(line, $separator) AS row"
    return "UNWIND $rows AS row"


def _values(form: RowForm, schema: dict[str, PropertyType], first: int) -> dict[str, str]:
    """The row's value for each property of ``schema``, typed; they start at ``first``."""
    values = {}
    for offset, (name, kind) in enumerate(schema.items()):
        cell = f"row[{first + offset}]"
        values[name] = (
            _FROM_TEXT[kind].format(f"nullIf({cell}, $null)") if (form is RowForm.LINES) else cell
        )
    return values


def _property_map(values: dict[str, str]) -> str:
    # CREATE leaves out the properties whose value is null.
    return ", ".join(f"`{name}`: {value}" for name, value in values.items())


# What several letters mention is merged by the rule of ``stores.merge``, here inside the
# statement. Writing `_lock` first takes the write lock before the comparison reads, so two
# transactions merging the same node at once cannot both win.
def _merged_assignments(variable: str, values: dict[str, str]) -> str:
    take = (
        precedence_condition(variable, values[PRECEDENCE_FIELD])
        if PRECEDENCE_FIELD in values
        else "true"
    )
    items = ", ".join(
        f"{variable}.`{name}` = CASE WHEN take THEN coalesce({value}, {variable}.`{name}`) "
        f"ELSE coalesce({variable}.`{name}`, {value}) END"
        for name, value in values.items()
    )
    return (
        f"SET {variable}._lock = true WITH {variable}, row, ({take}) AS take "
        f"SET {items} REMOVE {variable}._lock"
    )


def merge_nodes(label: str, form: RowForm) -> str:
    values = _values(form, NODE_PROPERTIES[label], 1)
    return (
        f"{_unwind_rows(form)} MERGE (n:`{label}` {{id: row[0]}}) "
        f"{_merged_assignments('n', values)}"
    )


def _match_ends(form: RowForm, start: str, end: str) -> str:
    return (
        f"{_unwind_rows(form)} MATCH (a:`{start}` {{id: row[0]}}) MATCH (b:`{end}` {{id: row[1]}})"
    )


def merge_relationships(type_: str, start: str, end: str, form: RowForm) -> str:
    """Returns how many rows found both endpoints, so a missing endpoint is noticed."""
    values = _values(form, RELATIONSHIP_PROPERTIES[type_], 2)
    return (
        f"{_match_ends(form, start, end)} MERGE (a)-[r:`{type_}`]->(b) "
        f"{_merged_assignments('r', values)} RETURN count(*) AS written"
    )


def create_nodes(label: str, form: RowForm) -> str:
    """For nodes that cannot exist yet (a new letter's own)."""
    values = _values(form, NODE_PROPERTIES[label], 1)
    return f"{_unwind_rows(form)} CREATE (n:`{label}` {{id: row[0], {_property_map(values)}}})"


def create_relationships(type_: str, start: str, end: str, form: RowForm) -> str:
    """For relationships from a new letter's own nodes; counts rows that found both ends."""
    values = _values(form, RELATIONSHIP_PROPERTIES[type_], 2)
    properties = f" {{{_property_map(values)}}}" if values else ""
    return (
        f"{_match_ends(form, start, end)} CREATE (a)-[r:`{type_}`{properties}]->(b) "
        f"RETURN count(*) AS written"
    )


def read_nodes(label: str) -> str:
    return f"MATCH (n:`{label}`) RETURN n.id AS id, properties(n) AS props ORDER BY id"


def read_relationships(type_: str, start: str, end: str) -> str:
    return (
        f"MATCH (a:`{start}`)-[r:`{type_}`]->(b:`{end}`) "
        f"RETURN a.id AS start_id, b.id AS end_id, properties(r) AS props"
    )


# An untrusted read is planned first (EXPLAIN) and run only when the server's own plan says
# it is a plain read of the graph: query type "r" (writes are "w"/"rw", schema and most
# procedures "s"), no LOAD CSV (server files and URLs), no server command (SHOW …,
# TERMINATE TRANSACTIONS, which a read session still runs), and only procedures of the
# allow-list. The server settings dbms.security.allow_csv_import_from_file_urls and
# server.directories.import, and a read-only user (README), also apply.
_FILE_OPERATORS = ("LoadCSV",)
_COMMAND_OPERATOR_PREFIXES = ("Show", "Terminate", "AdministrationCommand")
ALLOWED_PROCEDURES = frozenset(
    {
        "db.index.fulltext.queryNodes",
        "db.index.fulltext.queryRelationships",
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
    }
)
_PROCEDURE = re.compile(r"^\s*([\w.]+)\s*\(")


def refuse_unless_plain_read(query_type: str | None, plan: dict[str, Any] | None) -> None:
    """Raise :class:`ReadOnlyViolationError` unless the plan is a plain graph read."""
    if query_type != "r":
        raise ReadOnlyViolationError(
            f"only reads of the graph are allowed; the server plans this as a "
            f"{_QUERY_TYPES.get(query_type or '', 'other')} query; refused"
        )
    pending = [plan] if plan else []
    while pending:
        operator = pending.pop()
        name = str(operator.get("operatorType", "")).split("@")[0]
        if name in _FILE_OPERATORS:
            raise ReadOnlyViolationError(
                f"the query would read or write outside the graph ({name}); refused"
            )
        if name.startswith(_COMMAND_OPERATOR_PREFIXES):
            raise ReadOnlyViolationError(f"server commands are not allowed ({name}); refused")
        if name == "ProcedureCall":
            called = _PROCEDURE.match(str(operator.get("args", {}).get("Details", "")))
            procedure = called.group(1) if called else "?"
            if procedure not in ALLOWED_PROCEDURES:
                raise ReadOnlyViolationError(
                    f"procedure {procedure} is not allowed (allowed: "
                    f"{', '.join(sorted(ALLOWED_PROCEDURES))}); refused"
                )
        pending.extend(operator.get("children", []))


_QUERY_TYPES = {"w": "write", "rw": "read-write", "s": "schema or administration"}


SHOW_FULLTEXT_INDEX = (
    "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, options "
    "WHERE name = $name RETURN name, labelsOrTypes, properties, options"
)

# --- Store ------------------------------------------------------------------------------

# The driver logs each retry as a warning; Python would print them on the user's terminal
# before the one error line the failure becomes.
_DRIVER_LOG = logging.getLogger("neo4j")
_DRIVER_LOG.addHandler(logging.NullHandler())
_DRIVER_LOG.propagate = False


class Neo4jStore(GraphStore):
    """A Neo4j database reached at ``uri``; auth is off when ``password`` is empty."""

    dialect = "neo4j"

    def __init__(
        self,
        uri: str,
        *,
        user: str = "neo4j",
        password: str = "",
        database: str = "neo4j",
        query_timeout_s: float | None = None,
        connection_timeout_s: float = 5.0,
        read_only: bool = False,
    ) -> None:
        """``connection_timeout_s`` bounds connecting, waiting for a pooled connection and
        the driver's retries of a read or write (its defaults add up to a minute);
        ``read_only`` skips creating the schema (a user with read privileges only)."""
        self.target = uri
        self._database = database
        self._query_timeout_s = query_timeout_s
        auth = (user, password) if password else None
        self._driver = None
        try:
            with map_exceptions(partial(_domain_error, target=uri, opening=(user, database))):
                # Reading an empty type (BUILDS_ON before lineage runs) is normal, not a warning.
                self._driver = GraphDatabase.driver(
                    uri,
                    auth=auth,
                    notifications_min_severity=NotificationMinimumSeverity.OFF,
                    connection_timeout=connection_timeout_s,
                    connection_acquisition_timeout=connection_timeout_s,
                    max_transaction_retry_time=connection_timeout_s,
                )
                self._driver.verify_connectivity()
                if not read_only:
                    self._ensure_schema()
        except PolicyKGError:
            self._close_driver()
            raise

    def _session(self, **config: Any) -> neo4j.Session:
        if self._driver is None:
            raise StoreUnavailableError(f"{self.target}: the store is closed")
        return self._driver.session(database=self._database, **config)

    def _ensure_schema(self) -> None:
        with self._session() as session:
            for label in NODE_PROPERTIES:
                session.run(create_id_constraint(label)).consume()
            session.run(create_fulltext_index()).consume()
            for label, names in TEXT_INDEXED.items():
                for name in names:
                    session.run(create_text_index(label, name)).consume()
            for label, ranged in RANGE_INDEXED.items():
                for name in ranged:
                    session.run(create_range_index(label, name)).consume()
            session.run(AWAIT_INDEXES).consume()

    # Writes

    def write(
        self,
        document: GraphDocument,
        *,
        replace: Sequence[str] = (),
        replace_scope: ReplaceScope | None = None,
    ) -> None:
        unknown = [type_ for type_ in replace if type_ not in RELATIONSHIP_PROPERTIES]
        if unknown:
            raise WriteError(f"cannot replace unknown relationship types {unknown}")
        with (
            map_exceptions(
                partial(_domain_error, target=self.target, writing=document.document_id)
            ),
            self._session() as session,
        ):
            session.execute_write(_write_document, document, tuple(replace), replace_scope)

    def write_many(self, documents: Sequence[GraphDocument]) -> list[WriteError | None]:
        """All ``documents`` in one transaction; if it fails, one transaction per document
        (see ``GraphStore.write_many``)."""
        if can_batch(documents):
            try:
                with (
                    map_exceptions(
                        partial(
                            _domain_error,
                            target=self.target,
                            writing=f"batch of {len(documents)} letters",
                        )
                    ),
                    self._session() as session,
                ):
                    session.execute_write(_write_batch, list(documents))
            except WriteError:
                pass  # rolled back: find the culprit one document at a time
            else:
                return [None] * len(documents)
        return super().write_many(documents)

    def clear(self) -> None:
        with self._session() as session:
            session.run(DELETE_ALL_RELATIONSHIPS).consume()
            session.run(DELETE_ALL_NODES).consume()

    # Reads

    def run_read(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        max_rows: int | None = None,
        timeout_s: float | None = None,
        untrusted: bool = False,
    ) -> list[dict[str, Any]]:
        timeout = self._query_timeout_s if timeout_s is None else timeout_s

        @unit_of_work(timeout=timeout)
        def read(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            if untrusted:
                summary = tx.run(explain(cypher), params or {}).consume()
                refuse_unless_plain_read(summary.query_type, summary.plan)
            result = tx.run(cypher, params or {})
            # The rest is discarded on the server when the transaction ends.
            records = result if max_rows is None else result.fetch(max_rows)
            return [_record_dict(record) for record in records]

        with (
            map_exceptions(partial(_domain_error, target=self.target, timeout_s=timeout)),
            self._session(default_access_mode=neo4j.READ_ACCESS) as session,
        ):
            return session.execute_read(read)

    def _read_all(self, query: str) -> list[dict[str, Any]]:
        with self._session() as session:
            return session.execute_read(lambda tx: tx.run(query).data())

    def nodes(self) -> list[GraphNode]:
        found: list[GraphNode] = []
        for label, schema in NODE_PROPERTIES.items():
            for row in self._read_all(read_nodes(label)):
                props = {name: row["props"].get(name) for name in schema}
                found.append(GraphNode(id=row["id"], label=label, properties=props))
        return sorted(found, key=lambda node: node.id)

    def relationships(self) -> list[GraphRelationship]:
        found: list[GraphRelationship] = []
        for type_, pairs in RELATIONSHIP_ENDPOINTS.items():
            schema = RELATIONSHIP_PROPERTIES[type_]
            for start, end in pairs:
                for row in self._read_all(read_relationships(type_, start, end)):
                    props = {name: row["props"].get(name) for name in schema}
                    found.append(
                        GraphRelationship(
                            type=type_,
                            start_id=row["start_id"],
                            end_id=row["end_id"],
                            properties=props,
                        )
                    )
        return sorted(found, key=lambda rel: rel.key)

    def counts(self) -> dict[str, dict[str, int]]:
        counts = empty_counts()
        for label in counts["nodes"]:
            counts["nodes"][label] = self._read_all(count_nodes(label))[0]["n"]
        for type_ in counts["relationships"]:
            counts["relationships"][type_] = self._read_all(count_relationships(type_))[0]["n"]
        return counts

    def fulltext_index(self) -> dict[str, Any] | None:
        """The ``policykg_text`` index as SHOW FULLTEXT INDEXES describes it, if present."""
        with self._session() as session:
            rows = session.run(SHOW_FULLTEXT_INDEX, name=FULLTEXT_INDEX).data()
        return rows[0] if rows else None

    def close(self) -> None:
        self._close_driver()

    def _close_driver(self) -> None:
        driver = getattr(self, "_driver", None)
        if driver is not None:
            driver.close()
            self._driver = None


def _write_document(
    tx: neo4j.ManagedTransaction,
    document: GraphDocument,
    replace: tuple[str, ...] = (),
    scope: ReplaceScope | None = None,
) -> None:
    """The transaction function: raising here makes the driver roll the transaction back."""
    for type_ in replace:
        if scope is None:
            tx.run(delete_relationships(type_)).consume()
        else:
            tx.run(
                delete_relationships(type_, scope.property), {"scope_values": list(scope.values)}
            ).consume()
    if document.is_letter and _stored(tx, [document.document_id]):
        _retract_stale(tx, document)  # a new letter has nothing stale to retract
    for label, nodes in document.nodes_by_label().items():
        form, parameters = encode_rows(
            NODE_PROPERTIES[label], [((node.id,), node.full_properties()) for node in nodes]
        )
        tx.run(merge_nodes(label, form), parameters).consume()
    for (type_, start, end), rels in document.relationships_by_pattern().items():
        form, parameters = encode_rows(
            RELATIONSHIP_PROPERTIES[type_],
            [((r.start_id, r.end_id), r.full_properties()) for r in rels],
        )
        written = tx.run(merge_relationships(type_, start, end, form), parameters).single(
            strict=True
        )["written"]
        if written != len(rels):
            raise WriteError(
                f"{document.document_id}: write rolled back: {len(rels) - written} of "
                f"{len(rels)} {type_} relationships point at a node that does not exist"
            )


def _write_batch(tx: neo4j.ManagedTransaction, documents: list[GraphDocument]) -> None:
    """Letters in one transaction: their rows merged per label and pattern, one statement
    each (see ``rows_in_order``), after retracting what stored ones no longer say."""
    stored = _stored(tx, [document.document_id for document in documents])
    for document in documents:
        if document.document_id in stored:
            _retract_stale(tx, document)
    # A letter not stored before owns new nodes (its Document, Commitments, Amounts) and new
    # relationships from them: CREATE them, no MERGE needed.
    new = {
        node.id
        for document in documents
        if document.document_id not in stored
        for node in document.nodes
        if node.label in _LETTER_OWN_LABELS
    }
    nodes, relationships = rows_in_order(documents)
    for label, by_id in nodes.items():
        for create, group in _by_newness(by_id.items(), new):
            form, parameters = encode_rows(
                NODE_PROPERTIES[label], [((node_id,), props) for node_id, props in group]
            )
            tx.run((create_nodes if create else merge_nodes)(label, form), parameters).consume()
    for (type_, start, end), by_ends in relationships.items():
        for create, group in _by_newness(by_ends.items(), new, start_of=lambda ends: ends[0]):
            form, parameters = encode_rows(RELATIONSHIP_PROPERTIES[type_], group)
            statement = (create_relationships if create else merge_relationships)(
                type_, start, end, form
            )
            written = tx.run(statement, parameters).single(strict=True)["written"]
            if written != len(group):
                raise WriteError(
                    f"batch of {len(documents)} letters: {type_} relationships "
                    f"point at a node that does not exist"
                )


# The labels whose nodes a letter's document owns: new with the letter, gone with it.
_LETTER_OWN_LABELS = ("Document", *DOCUMENT_SCOPED_LABELS)


def _by_newness(
    items: Any, new: set[str], start_of: Any = lambda key: key
) -> list[tuple[bool, list[Any]]]:
    """(True, items keyed by a new node), (False, the others), leaving out empty groups."""
    created: list[Any] = []
    merged: list[Any] = []
    for key, value in items:
        (created if start_of(key) in new else merged).append((key, value))
    return [(flag, group) for flag, group in ((True, created), (False, merged)) if group]


def _stored(tx: neo4j.ManagedTransaction, document_ids: list[str]) -> set[str]:
    """Which of these Document nodes exist already."""
    return {row["id"] for row in tx.run(STORED_DOCUMENTS, ids=document_ids)}


def _retract_stale(tx: neo4j.ManagedTransaction, document: GraphDocument) -> None:
    """What an earlier version of this letter said and this one no longer does."""
    scoped, own = document.letter_statements()
    for label in DOCUMENT_SCOPED_LABELS:
        tx.run(
            delete_stale_scoped_nodes(label), document_id=document.document_id, keep=scoped
        ).consume()
    tx.run(
        DELETE_STALE_DOCUMENT_RELATIONSHIPS, document_id=document.document_id, keep=own
    ).consume()


_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def _is_plain(value: Any) -> bool:
    kind = type(value)
    if kind in _PLAIN_TYPES:
        return True
    if kind is list:
        return all(map(_is_plain, value))
    if kind is dict:
        return all(map(_is_plain, value.values()))
    return False


def _record_dict(record: neo4j.Record) -> dict[str, Any]:
    """``record.data()``, which walks every value through the driver's exporter (about 9 ms
    per 1,000 rows); a record of plain values needs only its keys zipped (about 2 ms)."""
    if all(map(_is_plain, record.values())):
        return dict(zip(record.keys(), record.values(), strict=True))
    return record.data()


def _domain_error(
    exc: Exception,
    *,
    target: str,
    opening: tuple[str, str] | None = None,
    writing: str | None = None,
    timeout_s: float | None = None,
) -> PolicyKGError | None:
    """The one translation of the driver's exceptions: while ``opening`` (user, database),
    writing the document ``writing``, or reading (``timeout_s`` the read's limit)."""
    if opening is not None:
        user, database = opening
        if isinstance(exc, AuthError):
            return StoreUnavailableError(
                f"Neo4j at {target} refused the credentials of user {user!r} "
                f"(NEO4J_USER / NEO4J_PASSWORD): {_one_line(exc)}"
            )
        if isinstance(exc, ServiceUnavailable | SessionExpired):
            return StoreUnavailableError(f"cannot reach Neo4j at {target}: {_one_line(exc)}")
        if isinstance(exc, Neo4jError) and (exc.code or "").endswith("DatabaseNotFound"):
            return StoreUnavailableError(
                f"Neo4j at {target} has no database {database!r} (NEO4J_DATABASE): {_one_line(exc)}"
            )
        if isinstance(exc, Neo4jError | DriverError | ValueError):
            return StoreUnavailableError(f"cannot open Neo4j at {target}: {_one_line(exc)}")
        return None
    if isinstance(exc, ServiceUnavailable | SessionExpired | AuthError):
        return StoreUnavailableError(f"lost Neo4j at {target}: {_one_line(exc)}")
    if writing is not None:
        if isinstance(exc, Neo4jError | DriverError | ValueError | TypeError):
            return WriteError(f"{writing}: write rolled back: {_one_line(exc)}")
        return None
    if isinstance(exc, ClientError):
        code = exc.code or ""
        if code.endswith("AccessMode") or "ForbiddenOnReadOnlyDatabase" in code:
            return ReadOnlyViolationError(f"the query tried to write: {_one_line(exc)}")
        if "TransactionTimedOut" in code:
            return QueryTimeoutError(f"query stopped after {timeout_s:g} s")
    if isinstance(exc, Neo4jError):
        return QueryError(_one_line(exc))
    if isinstance(exc, ValueError | TypeError | OverflowError):  # the driver refused a value
        return QueryError(f"a parameter the database cannot take: {_one_line(exc)}")
    return None


def _one_line(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(message).split())
