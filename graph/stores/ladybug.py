"""The embedded store: a LadybugDB database file (an embedded Cypher graph DB, fork of Kùzu).

LadybugDB needs DDL, so the tables are created from the model's fixed schema when the
database opens; columns added to the model later are added with ``ALTER TABLE``.
"""

from __future__ import annotations

import contextlib
import functools
import re
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any, cast

import ladybug
import pyarrow as pa

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
    GraphDocument,
    GraphNode,
    GraphRelationship,
    PropertyType,
)
from policykg.graph.stores.base import GraphStore, ReplaceScope, can_batch, empty_counts
from policykg.graph.stores.errors import map_exceptions
from policykg.graph.stores.merge import merged, rows_in_order
from policykg.graph.stores.statements import (
    STORED_DOCUMENTS,
    count_nodes,
    count_relationships,
    delete_relationships,
    delete_stale_document_relationships,
    delete_stale_scoped_nodes,
    explain,
)
from policykg.graph.stores.statements import quoted as _q

# --- Statements -------------------------------------------------------------------------
# Every Cypher and DDL string this store runs is built here. Identifiers are back-quoted
# because model names such as `key`, `date` and `year` are Cypher keywords.


def create_node_table(label: str) -> str:
    columns = ", ".join(f"{_q(name)} {kind.value}" for name, kind in NODE_PROPERTIES[label].items())
    return f"CREATE NODE TABLE IF NOT EXISTS {_q(label)}(`id` STRING PRIMARY KEY, {columns})"


def create_rel_table(type_: str) -> str:
    pairs = ", ".join(
        f"FROM {_q(start)} TO {_q(end)}" for start, end in RELATIONSHIP_ENDPOINTS[type_]
    )
    columns = "".join(
        f", {_q(name)} {kind.value}" for name, kind in RELATIONSHIP_PROPERTIES[type_].items()
    )
    return f"CREATE REL TABLE IF NOT EXISTS {_q(type_)}({pairs}{columns}, MANY_MANY)"


def add_column(table: str, name: str, kind: PropertyType) -> str:
    return f"ALTER TABLE {_q(table)} ADD {_q(name)} {kind.value}"


def add_rel_pair(type_: str, start: str, end: str) -> str:
    return f"ALTER TABLE {_q(type_)} ADD FROM {_q(start)} TO {_q(end)}"


def table_columns(table: str) -> str:
    # Table functions take no parameters; names come from the model, not from input.
    return f"CALL table_info('{table}') RETURN *"


def rel_connections(type_: str) -> str:
    return f"CALL show_connection('{type_}') RETURN *"


BEGIN_WRITE = "BEGIN TRANSACTION"
BEGIN_READ = "BEGIN TRANSACTION READ ONLY"
COMMIT = "COMMIT"
ROLLBACK = "ROLLBACK"
DELETE_ALL = "MATCH (n) DETACH DELETE n"


# A read-only transaction still lets LadybugDB read and write files (COPY … TO, LOAD FROM,
# ATTACH, settings such as home_directory). An untrusted read is planned first and refused
# when the database's own plan holds one of these operators, or a table function that is not
# a catalog look-up (the file readers are table functions: READ_CSV…, READ_PARQUET…).
_FILE_OPERATOR_PARTS = (
    "COPY",
    "ATTACH",
    "DETACH",
    "EXPORT",
    "IMPORT",
    "EXTENSION",
    "STANDALONE_CALL",
    "USE_DATABASE",
)
# (CURRENT_SETTING is left out: it shows the server's settings, such as its home directory.)
_CATALOG_TABLE_FUNCTIONS = {"READ_FTABLE", "TABLE_INFO", "DB_VERSION"}
_PLAN_OPERATOR = re.compile(r"([A-Z][A-Z_]+)\[\d+\]")
_PLAN_FUNCTION = re.compile(r"Function: ([A-Z_]+)")


_MENTIONS_FILES = re.compile(r"\b(?:files?|director(?:y|ies)|pattern|path|format)\b", re.I)
NEUTRAL_FILE_REFUSAL = "the query would read or write outside the graph; refused"


def file_access_in_plan(plan: str) -> str | None:
    """The first operator or table function of an EXPLAIN plan that touches files, if any."""
    for operator in _PLAN_OPERATOR.findall(plan):
        if any(part in operator for part in _FILE_OPERATOR_PARTS):
            return operator
    for function in _PLAN_FUNCTION.findall(plan):
        if function not in _CATALOG_TABLE_FUNCTIONS and not function.startswith("SHOW_"):
            return function
    return None


# Rows go to LadybugDB as an Arrow table (``arrow_rows``), which a statement scans with
# ``LOAD FROM $rows``: a column a property, named and typed as in the schema, then k0 (the
# id) or k0 and k1 (a relationship's ends; no property has such a name). The database reads
# the Arrow buffers in place; a list of Python values would be converted value by value, and
# rows as text would have to be split and cast back by the statement.

_ARROW_TYPES = {
    PropertyType.STRING: pa.string(),
    PropertyType.INT64: pa.int64(),
    PropertyType.DOUBLE: pa.float64(),
    PropertyType.BOOLEAN: pa.bool_(),
    PropertyType.STRING_LIST: pa.list_(pa.string()),
}
_KEY_COLUMNS = ("k0", "k1")


@functools.cache
def _arrow_schema(schema_items: tuple[tuple[str, PropertyType], ...]) -> pa.Schema:
    return pa.schema([(name, _ARROW_TYPES[kind]) for name, kind in schema_items])


def arrow_rows(
    schema: dict[str, PropertyType], rows: list[tuple[tuple[str, ...], dict[str, Any]]]
) -> pa.Table:
    """The ``$rows`` parameter for the statements below: each row's properties (every
    column of ``schema``) and keys (an id, or a start and an end id)."""
    key_columns = {
        name: pa.array([keys[position] for keys, _ in rows], pa.string())
        for position, name in enumerate(_KEY_COLUMNS[: len(rows[0][0])])
    }
    if not schema:  # a table of no columns has no rows to add the keys to
        return pa.table(key_columns)
    table = pa.Table.from_pylist(
        [props for _, props in rows], schema=_arrow_schema(tuple(schema.items()))
    )
    for name, column in key_columns.items():
        table = table.append_column(name, column)
    return table


def _property_map(schema: dict[str, PropertyType]) -> str:
    return ", ".join(f"{_q(name)}: {_q(name)}" for name in schema)


def _assignments(variable: str, schema: dict[str, PropertyType]) -> str:
    return ", ".join(f"{variable}.{_q(name)} = {_q(name)}" for name in schema)


def _returned(variable: str, schema: dict[str, PropertyType]) -> str:
    return "".join(f", {variable}.{_q(name)}" for name in schema)


DELETE_STALE_DOCUMENT_RELATIONSHIPS = delete_stale_document_relationships("label")


# Upserts are split by hand: read what is stored of the rows (key lookups), CREATE the rows
# not stored, and SET the stored ones whose merge (``merge.merged``) changes something; a
# letter later in path order mostly changes nothing. LadybugDB's own MERGE over UNWIND rows
# costs several times more. Each end of a relationship is its own MATCH clause: LadybugDB
# plans a comma pattern or a path with both ends' keys as a join over a scan (time grows
# with the table), separate clauses as key lookups.


def stored_nodes(label: str) -> str:
    """For rows of only the id."""
    return (
        f"LOAD FROM $rows MATCH (n:{_q(label)} {{`id`: k0}}) "
        f"RETURN n.`id`{_returned('n', NODE_PROPERTIES[label])}"
    )


def create_nodes(label: str) -> str:
    return (
        f"LOAD FROM $rows "
        f"CREATE (n:{_q(label)} {{`id`: k0, {_property_map(NODE_PROPERTIES[label])}}})"
    )


def update_nodes(label: str) -> str:
    return (
        f"LOAD FROM $rows MATCH (n:{_q(label)} {{`id`: k0}}) "
        f"SET {_assignments('n', NODE_PROPERTIES[label])}"
    )


def _match_ends(start: str, end: str) -> str:
    return f"LOAD FROM $rows MATCH (a:{_q(start)} {{`id`: k0}}) MATCH (b:{_q(end)} {{`id`: k1}})"


def stored_relationships(type_: str, start: str, end: str) -> str:
    """For rows of only the two ends."""
    return (
        f"{_match_ends(start, end)} MATCH (a)-[r:{_q(type_)}]->(b) "
        f"RETURN a.`id`, b.`id`{_returned('r', RELATIONSHIP_PROPERTIES[type_])}"
    )


def create_relationships(type_: str, start: str, end: str) -> str:
    """Returns how many rows found both endpoints, so a missing endpoint is noticed."""
    schema = RELATIONSHIP_PROPERTIES[type_]
    properties = f" {{{_property_map(schema)}}}" if schema else ""
    return (
        f"{_match_ends(start, end)} "
        f"CREATE (a)-[r:{_q(type_)}{properties}]->(b) RETURN count(*) AS written"
    )


def update_relationships(type_: str, start: str, end: str) -> str:
    """For relationships known to exist (looked up just before), so it counts nothing."""
    return (
        f"{_match_ends(start, end)} MATCH (a)-[r:{_q(type_)}]->(b) "
        f"SET {_assignments('r', RELATIONSHIP_PROPERTIES[type_])}"
    )


def read_nodes(label: str) -> str:
    columns = "".join(f", n.{_q(name)} AS {_q(name)}" for name in NODE_PROPERTIES[label])
    return f"MATCH (n:{_q(label)}) RETURN n.`id` AS `id`{columns} ORDER BY `id`"


def read_relationships(type_: str, start: str, end: str) -> str:
    columns = "".join(f", r.{_q(name)} AS {_q(name)}" for name in RELATIONSHIP_PROPERTIES[type_])
    return (
        f"MATCH (a:{_q(start)})-[r:{_q(type_)}]->(b:{_q(end)}) "
        f"RETURN a.`id` AS start_id, b.`id` AS end_id{columns}"
    )


# What a failed write raises: the database's errors (RuntimeError), and pyarrow's for a value
# its column cannot hold (an integer beyond INT64: OverflowError).
_WRITE_FAILURES = (RuntimeError, ValueError, TypeError, OverflowError, pa.ArrowException)


# --- Store ------------------------------------------------------------------------------


class LadybugStore(GraphStore):
    """A LadybugDB database at ``path``; created with its schema when it does not exist.

    One connection serves every call; a lock makes calls from several threads (the API's
    worker threads) take turns, since a transaction belongs to the connection.
    """

    dialect = "ladybug"

    def __init__(
        self,
        path: str | Path,
        *,
        query_timeout_s: float | None = None,
        buffer_pool_bytes: int | None = None,
        checkpoint_bytes: int | None = None,
        threads: int | None = None,
        read_only: bool = False,
    ) -> None:
        """``buffer_pool_bytes``: page cache (LadybugDB's default is 80% of the machine's
        memory); ``checkpoint_bytes``: write-ahead log size that triggers a checkpoint (its
        default, 16 MiB, checkpoints every few batches of a bulk ingest, each checkpoint
        rewriting more as the database grows); ``threads``: threads per query (default all
        cores, which compete with extraction workers during an ingest); ``read_only``: open
        an existing database for reading only, without the writer's lock, so that any number
        of readers (the API, CLI queries) can open it while one writer holds it."""
        self.target = str(path)
        self.read_only = read_only
        self._query_timeout_ms = int(query_timeout_s * 1000) if query_timeout_s else 0
        self._lock = threading.RLock()
        self._prepared: dict[str, ladybug.PreparedStatement] = {}
        options: dict[str, Any] = {}
        if buffer_pool_bytes:
            options["buffer_pool_size"] = buffer_pool_bytes
        if checkpoint_bytes:
            options["checkpoint_threshold"] = checkpoint_bytes
        if threads:
            options["max_num_threads"] = threads
        if read_only:
            if not Path(path).exists():
                raise StoreUnavailableError(
                    f"no store at {path}: make one with `policykg build LETTERS --out "
                    f"{Path(path).parent}` or `policykg ingest LETTERS --store {path}`"
                )
            options["read_only"] = True
        with map_exceptions(partial(_domain_error, opening=f"cannot open LadybugDB at {path}")):
            if not read_only:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._db = ladybug.Database(str(path), **options)
            self._conn = ladybug.Connection(self._db)
        if read_only:
            return  # the schema is the writer's to create
        try:
            with map_exceptions(
                partial(_domain_error, opening=f"cannot create the schema in {path}")
            ):
                self._ensure_schema()
        except PolicyKGError:
            self.close()
            raise

    # Schema

    def _ensure_schema(self) -> None:
        for label, schema in NODE_PROPERTIES.items():
            self._execute(create_node_table(label))
            self._add_missing_columns(label, schema)
        for type_, schema in RELATIONSHIP_PROPERTIES.items():
            self._execute(create_rel_table(type_))
            self._add_missing_columns(type_, schema)
            present = {(row[0], row[1]) for row in self._execute(rel_connections(type_))}
            for start, end in RELATIONSHIP_ENDPOINTS[type_]:
                if (start, end) not in present:
                    self._execute(add_rel_pair(type_, start, end))

    def _add_missing_columns(self, table: str, schema: dict[str, PropertyType]) -> None:
        present = {row[1] for row in self._execute(table_columns(table))}
        for name, kind in schema.items():
            if name not in present:
                self._execute(add_column(table, name, kind))

    def _execute(self, query: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        return _tuples(self._conn.execute(query, params or {}))

    def _execute_strings(self, query: str, params: dict[str, Any]) -> list[list[Any]]:
        """A write statement whose parameters are only (lists of) strings, run prepared.

        Executing a query text makes the ladybug package walk every parameter value in
        Python to key its statement cache (a third of a bulk write's time). A statement
        prepared once per text skips that; its types cannot drift because these parameters
        are strings (the package warns about integers of varying width).
        """
        prepared = self._prepared.get(query)
        if prepared is None:
            with warnings.catch_warnings():  # prepare() is marked deprecated, not removed
                warnings.simplefilter("ignore", DeprecationWarning)
                prepared = self._prepared[query] = self._conn.prepare(query, params)
        return _tuples(self._conn.execute(prepared, params))

    # Writes

    def write(
        self,
        document: GraphDocument,
        *,
        replace: Sequence[str] = (),
        replace_scope: ReplaceScope | None = None,
    ) -> None:
        _check_types(replace)
        self._refuse_if_read_only()
        with self._lock:
            self._write(document, replace, replace_scope)

    def _write(
        self, document: GraphDocument, replace: Sequence[str], scope: ReplaceScope | None = None
    ) -> None:
        self._execute(BEGIN_WRITE)
        with self._rolled_back_on_failure(document.document_id):
            for type_ in replace:
                if scope is None:
                    self._execute(delete_relationships(type_))
                else:
                    self._execute(
                        delete_relationships(type_, scope.property),
                        {"scope_values": list(scope.values)},
                    )
            new: set[str] = set()
            if document.is_letter:
                if self._stored([document.document_id]):
                    self._retract_stale(document)
                else:  # a new letter has nothing stale to retract, and its own nodes are new
                    new = _own_node_ids([document])
            nodes = {
                label: [(node.id, node.full_properties()) for node in group]
                for label, group in document.nodes_by_label().items()
            }
            relationships = {
                pattern: [((r.start_id, r.end_id), r.full_properties()) for r in group]
                for pattern, group in document.relationships_by_pattern().items()
            }
            self._upsert(
                nodes,
                relationships,
                new,
                lambda type_, expected, written: _missing_endpoint(
                    document, type_, expected, written
                ),
            )
            self._execute(COMMIT)

    @contextlib.contextmanager
    def _rolled_back_on_failure(self, subject: str) -> Iterator[None]:
        """The open write transaction is rolled back if the block fails, and the failure
        is a :class:`WriteError` naming ``subject`` (a letter, a batch)."""
        try:
            with map_exceptions(partial(_domain_error, writing=subject)):
                yield
        except BaseException:
            self._rollback()
            raise

    def write_many(self, documents: Sequence[GraphDocument]) -> list[WriteError | None]:
        """All ``documents`` in one transaction (rows merged per label and pattern, one
        statement each); if it fails, one transaction per document (see ``GraphStore``)."""
        self._refuse_if_read_only()
        if can_batch(documents):
            with self._lock:
                try:
                    self._write_batch(documents)
                except WriteError:
                    pass  # rolled back: find the culprit one document at a time
                else:
                    return [None] * len(documents)
        return super().write_many(documents)

    def _write_batch(self, documents: Sequence[GraphDocument]) -> None:
        self._execute(BEGIN_WRITE)
        with self._rolled_back_on_failure(f"batch of {len(documents)} letters"):
            stored = self._stored([document.document_id for document in documents])
            for document in documents:
                if document.document_id in stored:
                    self._retract_stale(document)
            # A letter not stored before owns new nodes (its Document, Commitments, Amounts)
            # and new relationships from them: no lookup needed to know they are new.
            new = _own_node_ids([d for d in documents if d.document_id not in stored])
            by_label, by_pattern = rows_in_order(documents)
            nodes = {label: list(rows.items()) for label, rows in by_label.items()}
            relationships = {pattern: list(rows.items()) for pattern, rows in by_pattern.items()}
            self._upsert(
                nodes,
                relationships,
                new,
                lambda type_, expected, written: (
                    f"batch of {len(documents)} letters: write rolled back: {expected - written} "
                    f"of {expected} {type_} relationships point at a node that does not exist"
                ),
            )
            self._execute(COMMIT)

    def _upsert(
        self,
        nodes: dict[str, list[tuple[str, dict[str, Any]]]],
        relationships: dict[tuple[str, str, str], list[tuple[tuple[str, str], dict[str, Any]]]],
        new: set[str],
        missing: Callable[[str, int, int], str],
    ) -> None:
        """Create what does not exist yet and merge the rest into what is stored
        (``merge.merged``); nodes in ``new`` and relationships from them are known to be new.
        Raises :class:`WriteError` (with ``missing``'s message) when a relationship's end is
        not there."""
        new = set(new)
        for label, items in nodes.items():
            schema = NODE_PROPERTIES[label]
            fresh: list[tuple[tuple[str, ...], dict[str, Any]]] = [
                ((node_id,), props) for node_id, props in items if node_id in new
            ]
            unsure = [(node_id, props) for node_id, props in items if node_id not in new]
            changed: list[tuple[tuple[str, ...], dict[str, Any]]] = []
            if unsure:
                stored = self._stored_nodes(label, [node_id for node_id, _ in unsure])
                for node_id, props in unsure:
                    _sort_mention((node_id,), props, stored.get(node_id), fresh, changed)
            if fresh:
                self._execute_rows(create_nodes, (label,), schema, fresh)
                new.update(keys[0] for keys, _ in fresh)  # no relationships from them yet
            if changed:
                self._execute_rows(update_nodes, (label,), schema, changed)
        for (type_, start, end), rel_items in relationships.items():
            schema = RELATIONSHIP_PROPERTIES[type_]
            pattern = (type_, start, end)
            fresh_rels: list[tuple[tuple[str, ...], dict[str, Any]]] = [
                (ends, props) for ends, props in rel_items if ends[0] in new
            ]
            unsure_rels = [(ends, props) for ends, props in rel_items if ends[0] not in new]
            changed_rels: list[tuple[tuple[str, ...], dict[str, Any]]] = []
            if unsure_rels:
                stored_rels = self._stored_relationships(pattern, [ends for ends, _ in unsure_rels])
                for ends, props in unsure_rels:
                    _sort_mention(ends, props, stored_rels.get(ends), fresh_rels, changed_rels)
            if fresh_rels:
                written = self._execute_rows(create_relationships, pattern, schema, fresh_rels)[0][
                    0
                ]
                if written != len(fresh_rels):
                    raise WriteError(missing(type_, len(fresh_rels), written))
            if changed_rels:
                self._execute_rows(update_relationships, pattern, schema, changed_rels)

    def _execute_rows(
        self,
        statement: Callable[..., str],
        names: tuple[str, ...],
        schema: dict[str, PropertyType],
        rows: list[tuple[tuple[str, ...], dict[str, Any]]],
    ) -> list[list[Any]]:
        """``statement(*names)`` for ``rows`` (keys, properties), scanned as Arrow.

        Prepared anew each time and dropped after: the ladybug package's own statement
        cache (executing a query text) keeps what a statement scanned from Arrow in the
        buffer pool until the pool is full.
        """
        params = {"rows": arrow_rows(schema, rows)}
        with warnings.catch_warnings():  # prepare() is marked deprecated, not removed
            warnings.simplefilter("ignore", DeprecationWarning)
            prepared = self._conn.prepare(statement(*names), params)
        return _tuples(self._conn.execute(prepared, params))

    def _stored_nodes(self, label: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        """The stored properties of those of these nodes that exist."""
        names = list(NODE_PROPERTIES[label])
        found = self._execute_rows(stored_nodes, (label,), {}, [((i,), {}) for i in ids])
        return {row[0]: dict(zip(names, row[1:], strict=True)) for row in found}

    def _stored_relationships(
        self, pattern: tuple[str, str, str], ends: list[tuple[str, ...]]
    ) -> dict[tuple[str, ...], dict[str, Any]]:
        """The stored properties of those of these relationships (by ends) that exist."""
        names = list(RELATIONSHIP_PROPERTIES[pattern[0]])
        found = self._execute_rows(stored_relationships, pattern, {}, [(pair, {}) for pair in ends])
        return {(row[0], row[1]): dict(zip(names, row[2:], strict=True)) for row in found}

    def _stored(self, document_ids: list[str]) -> set[str]:
        """Which of these Document nodes exist already."""
        return {row[0] for row in self._execute_strings(STORED_DOCUMENTS, {"ids": document_ids})}

    def _retract_stale(self, document: GraphDocument) -> None:
        """What an earlier version of this letter said and this one no longer does."""
        scoped, own = document.letter_statements()
        for label in DOCUMENT_SCOPED_LABELS:
            self._execute(
                delete_stale_scoped_nodes(label),
                {"document_id": document.document_id, "keep": scoped},
            )
        self._execute(
            DELETE_STALE_DOCUMENT_RELATIONSHIPS,
            {"document_id": document.document_id, "keep": own},
        )

    def _rollback(self) -> None:
        # LadybugDB has already rolled back when the failing statement was its own error.
        with contextlib.suppress(RuntimeError):
            self._execute(ROLLBACK)

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise WriteError(f"{self.target} is open for reading only; nothing was written")

    def clear(self) -> None:
        self._refuse_if_read_only()
        with self._lock:
            self._execute(DELETE_ALL)

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
        timeout_ms = self._query_timeout_ms if timeout_s is None else max(1, int(timeout_s * 1000))
        with self._lock:
            self._execute(BEGIN_READ)
            self._conn.set_query_timeout(timeout_ms)
            try:
                with map_exceptions(partial(_domain_error, timeout_s=timeout_ms / 1000)):
                    if untrusted:
                        statement = self._planned_untrusted(cypher, params)
                        result = self._conn.execute(statement, params or {})
                    else:
                        result = self._conn.execute(cypher, params or {})
                    single = _single(result)
                    try:
                        single.rows_as_dict()
                        rows = cast(
                            "list[dict[str, Any]]",
                            single.get_all() if max_rows is None else single.get_n(max_rows),
                        )
                    finally:
                        single.close()
            finally:
                self._conn.set_query_timeout(0)
                self._rollback()  # nothing was written; ends the read transaction
        return [{key: _plain(value) for key, value in row.items()} for row in rows]

    def _single_statement(self, cypher: str) -> ladybug.PreparedStatement:
        """Prepared, so that a second statement after a `;` is refused before anything runs
        (executing the text would run every statement, then report)."""
        with warnings.catch_warnings():
            # Deprecated in favour of execute(), which cannot refuse before running.
            warnings.simplefilter("ignore", DeprecationWarning)
            statement = self._conn.prepare(cypher)
        if not statement.is_success():
            raise RuntimeError(statement.get_error_message())
        return statement

    def _planned_untrusted(
        self, cypher: str, params: dict[str, Any] | None
    ) -> ladybug.PreparedStatement:
        """Prepared and planned, refused if it touches files. Errors that would say whether
        a file exists (the binder checks a LOAD FROM or IMPORT path before planning) are
        given one neutral message, so that queries cannot probe the server's disk."""
        try:
            statement = self._single_statement(cypher)
            self._refuse_file_access(cypher, params)
        except RuntimeError as exc:
            if _MENTIONS_FILES.search(str(exc)):
                raise ReadOnlyViolationError(NEUTRAL_FILE_REFUSAL) from None
            raise
        return statement

    def _refuse_file_access(self, cypher: str, params: dict[str, Any] | None) -> None:
        plan = "\n".join(
            str(row[0]) for row in _tuples(self._conn.execute(explain(cypher), params or {}))
        )
        culprit = file_access_in_plan(plan)
        if culprit is not None:
            raise ReadOnlyViolationError(
                f"the query would read or write outside the graph ({culprit}); refused"
            )

    def nodes(self) -> list[GraphNode]:
        with self._lock:
            return self._nodes()

    def _nodes(self) -> list[GraphNode]:
        found: list[GraphNode] = []
        for label in NODE_PROPERTIES:
            for row in _dicts(self._conn.execute(read_nodes(label))):
                node_id = row.pop("id")
                found.append(GraphNode(id=node_id, label=label, properties=row))
        return sorted(found, key=lambda node: node.id)

    def relationships(self) -> list[GraphRelationship]:
        with self._lock:
            return self._relationships()

    def _relationships(self) -> list[GraphRelationship]:
        found: list[GraphRelationship] = []
        for type_, pairs in RELATIONSHIP_ENDPOINTS.items():
            for start, end in pairs:
                for row in _dicts(self._conn.execute(read_relationships(type_, start, end))):
                    start_id, end_id = row.pop("start_id"), row.pop("end_id")
                    found.append(
                        GraphRelationship(
                            type=type_, start_id=start_id, end_id=end_id, properties=row
                        )
                    )
        return sorted(found, key=lambda rel: rel.key)

    def counts(self) -> dict[str, dict[str, int]]:
        counts = empty_counts()
        with self._lock:
            for label in counts["nodes"]:
                counts["nodes"][label] = self._execute(count_nodes(label))[0][0]
            for type_ in counts["relationships"]:
                counts["relationships"][type_] = self._execute(count_relationships(type_))[0][0]
        return counts

    def close(self) -> None:
        with self._lock:
            conn, db = getattr(self, "_conn", None), getattr(self, "_db", None)
            self._prepared = {}
            # Closed for good: the attributes go, so a late call fails loudly (AttributeError).
            if conn is not None:
                conn.close()
                del self._conn
            if db is not None:
                db.close()
                del self._db


def _check_types(types: Sequence[str]) -> None:
    unknown = [type_ for type_ in types if type_ not in RELATIONSHIP_PROPERTIES]
    if unknown:
        raise WriteError(f"cannot replace unknown relationship types {unknown}")


# The labels whose nodes a letter's document owns: new with the letter, gone with it.
_LETTER_OWN_LABELS = ("Document", *DOCUMENT_SCOPED_LABELS)


def _own_node_ids(documents: Sequence[GraphDocument]) -> set[str]:
    """Ids of the nodes these letters own (a letter not stored yet: all of them new)."""
    return {
        node.id
        for document in documents
        for node in document.nodes
        if node.label in _LETTER_OWN_LABELS
    }


def _sort_mention(
    keys: tuple[str, ...],
    mention: dict[str, Any],
    stored: dict[str, Any] | None,
    fresh: list[Any],
    changed: list[Any],
) -> None:
    """File a mention under ``fresh`` (nothing stored) or, merged with what is stored,
    under ``changed`` (the merge changes something); otherwise there is nothing to write."""
    if stored is None:
        fresh.append((keys, mention))
        return
    after = merged(stored, mention)
    if after != stored:
        changed.append((keys, after))


def _missing_endpoint(document: GraphDocument, type_: str, expected: int, written: int) -> str:
    return (
        f"{document.document_id}: write rolled back: {expected - written} of {expected} "
        f"{type_} relationships point at a node that does not exist"
    )


def _domain_error(
    exc: Exception,
    *,
    opening: str | None = None,
    writing: str | None = None,
    timeout_s: float | None = None,
) -> PolicyKGError | None:
    """The one translation of the database's exceptions: while opening (``opening`` says
    what failed), writing the letter or batch ``writing``, or reading (``timeout_s`` the
    read's limit)."""
    if opening is not None:
        if isinstance(exc, RuntimeError | OSError):
            return StoreUnavailableError(f"{opening}: {_first_line(exc)}{_lock_holder(exc)}")
        return None
    if writing is not None:
        if isinstance(exc, _WRITE_FAILURES):
            return WriteError(f"{writing}: write rolled back: {_first_line(exc)}")
        return None
    if isinstance(exc, RuntimeError):
        message = _first_line(exc)
        if "read-only transaction" in message or "read-only database" in message:
            return ReadOnlyViolationError(f"the query tried to write: {message}")
        if message.startswith("Interrupted"):
            return QueryTimeoutError(f"query stopped after {timeout_s:g} s")
        return QueryError(message)
    return None


_LOCK_HOLDER = re.compile(r"Lock is held by PID (\d+)")


def _lock_holder(exc: BaseException) -> str:
    """Who holds the writer's lock, when the error names a process we can look at."""
    found = _LOCK_HOLDER.search(str(exc))
    if found is None:
        return ""
    pid = found.group(1)
    try:
        command = " ".join(
            Path(f"/proc/{pid}/cmdline")
            .read_bytes()
            .decode(errors="replace")
            .replace("\0", " ")
            .split()
        )
        command = command if len(command) <= 120 else command[:119] + "…"
    except OSError:
        command = ""
    holder = f"process {pid} ({command})" if command else f"process {pid}"
    return (
        f"; {holder} has it open for writing: stop it, or read with a command that "
        f"only reads (query, cypher, stats, view, export)"
    )


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _plain(value: Any) -> Any:
    """LadybugDB returns nodes and relationships as dicts with `_ID`-style internals;
    keep their properties only, the way the Neo4j driver's ``data()`` does."""
    if isinstance(value, dict) and ("_LABEL" in value or "_ID" in value):
        return {k: _plain(v) for k, v in value.items() if not k.startswith("_") and v is not None}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _single(result: ladybug.QueryResult | list[ladybug.QueryResult]) -> ladybug.QueryResult:
    """``execute`` answers a list for a text of several statements; ours are one each."""
    if isinstance(result, list):
        for part in result:
            part.close()
        raise QueryError("one statement at a time, please")
    return result


def _tuples(result: ladybug.QueryResult | list[ladybug.QueryResult]) -> list[list[Any]]:
    """Every row as a list of values, the result closed."""
    single = _single(result)
    try:
        return cast("list[list[Any]]", single.get_all())
    finally:
        single.close()


def _dicts(result: ladybug.QueryResult | list[ladybug.QueryResult]) -> list[dict[str, Any]]:
    """Every row as a dict keyed by the RETURN names, the result closed."""
    single = _single(result)
    try:
        return cast("list[dict[str, Any]]", single.rows_as_dict().get_all())
    finally:
        single.close()
