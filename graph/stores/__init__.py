"""The graph stores: one interface (:class:`GraphStore`), one module per database, and
:func:`open_store` to pick one by target.

A target that is a ``bolt://`` or ``neo4j://`` URI (with or without ``+s``/``+ssc``) opens
Neo4j (:mod:`.neo4j`); anything else is the path of an embedded LadybugDB database
(:mod:`.ladybug`). What both share lives beside them: the merge rule (:mod:`.merge`), the
statements written the same in both dialects (:mod:`.statements`) and the mapping of driver
errors to policykg's (:mod:`.errors`).
"""

from __future__ import annotations

from policykg.extras import import_extra
from policykg.graph.stores.base import GraphStore, ReplaceScope, can_batch, empty_counts
from policykg.settings import Settings, get_settings

NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

__all__ = [
    "GraphStore",
    "ReplaceScope",
    "can_batch",
    "empty_counts",
    "is_neo4j_target",
    "open_isolated_store",
    "open_store",
]


def is_neo4j_target(target: str) -> bool:
    scheme, sep, _ = target.partition("://")
    return bool(sep) and scheme.lower() in NEO4J_SCHEMES


def open_store(
    target: str | None = None, settings: Settings | None = None, *, read_only: bool = False
) -> GraphStore:
    """Open the store ``target`` names (default: ``settings.store``), creating its schema
    unless ``read_only`` (for commands that only read: an embedded store then opens without
    the writer's lock, and must exist)."""
    settings = settings or get_settings()
    target = target or settings.store
    if is_neo4j_target(target):
        import_extra("neo4j", "neo4j")
        from policykg.graph.stores.neo4j import Neo4jStore

        return Neo4jStore(
            target,
            user=settings.neo4j_user,
            password=settings.neo4j_password,
            database=settings.neo4j_database,
            query_timeout_s=settings.query_timeout_s,
            connection_timeout_s=settings.neo4j_connection_timeout_s,
            read_only=read_only,
        )
    from policykg.graph.stores.ladybug import LadybugStore

    return LadybugStore(
        target,
        query_timeout_s=settings.query_timeout_s,
        buffer_pool_bytes=settings.buffer_pool_mb * 1024 * 1024,
        read_only=read_only,
    )


def open_isolated_store(
    target: str | None = None, settings: Settings | None = None, *, read_only: bool = True
) -> GraphStore:
    """Like :func:`open_store`, for serving untrusted reads: on LadybugDB every read runs in
    a worker process (:mod:`.isolated`) that a deadline, a memory cap or a crash of the
    engine stops without harm to the caller; Neo4j runs queries in its own server anyway."""
    settings = settings or get_settings()
    target = target or settings.store
    if is_neo4j_target(target):
        return open_store(target, settings, read_only=read_only)
    from policykg.graph.stores.isolated import IsolatedReads

    writer = None if read_only else open_store(target, settings)
    return IsolatedReads(target, settings, writer=writer)
