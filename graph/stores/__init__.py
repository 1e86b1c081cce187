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
    "open_store",
]


def is_neo4j_target(target: str) -> bool:
    scheme, sep, _ = target.partition("://")
    return bool(sep) and scheme.lower() in NEO4J_SCHEMES


def open_store(target: str | None = None, settings: Settings | None = None) -> GraphStore:
    """Open the store ``target`` names (default: ``settings.store``), creating its schema."""
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
        )
    from policykg.graph.stores.ladybug import LadybugStore

    return LadybugStore(target, query_timeout_s=settings.query_timeout_s)
