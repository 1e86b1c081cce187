"""The one interface every graph store offers."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from types import TracebackType
from typing import Any, NamedTuple, Self

from policykg.errors import WriteError
from policykg.graph.model import (
    NODE_LABELS,
    RELATIONSHIP_TYPES,
    GraphDocument,
    GraphNode,
    GraphRelationship,
)
from policykg.graph.stores.statements import PING


class ReplaceScope(NamedTuple):
    """Which of the replaced relationships go: those whose ``property`` is in ``values``."""

    property: str
    values: tuple[str, ...]


class GraphStore(ABC):
    """A graph database holding :class:`GraphDocument` writes.

    ``write`` is idempotent (MERGE on ids) and atomic per document: on failure it raises
    :class:`~policykg.errors.WriteError` and the store is as it was before the call.
    """

    target: str
    # Which variant of a named query runs here (``cypher/NAME.<dialect>.cypher``).
    dialect: str

    @abstractmethod
    def write(
        self,
        document: GraphDocument,
        *,
        replace: Sequence[str] = (),
        replace_scope: ReplaceScope | None = None,
    ) -> None:
        """Merge one document's nodes and relationships in one transaction.

        ``replace`` names relationship types whose existing relationships are deleted first,
        in the same transaction: a later step (lineage, succession) that recomputes all of a
        type hands its whole result and stale relationships go. With ``replace_scope`` only
        those whose property is one of its values go (lineage relinking some places).
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

    def ping(self) -> None:
        """Raise :class:`~policykg.errors.StoreUnavailableError` unless the store answers a
        trivial read, quickly."""
        self.run_read(PING, timeout_s=2.0)

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


def empty_counts() -> dict[str, dict[str, int]]:
    return {
        "nodes": dict.fromkeys(NODE_LABELS, 0),
        "relationships": dict.fromkeys(RELATIONSHIP_TYPES, 0),
    }
