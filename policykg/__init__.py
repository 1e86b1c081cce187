"""policykg: a knowledge graph of policy measures and commitments from replies to proposals.

Data flows one way: ``policykg.extract`` (letters -> ReplyRecord) -> ``policykg.graph``
(records -> nodes/edges -> stores) -> ``policykg.cypher`` (named queries) -> ``policykg.api``
and ``policykg.viz``.

The library in three names, for a notebook::

    import pandas as pd
    from policykg import open_store, run_query

    with open_store("policykg.lbdb") as store:   # or "bolt://localhost:7687"
        rows = run_query(store, "documents").rows  # a list of {column: value}
    pd.DataFrame(rows)

``list_queries()`` names every query and its parameters; ``run_cypher(store, "MATCH …")``
runs ad-hoc read-only Cypher the same way.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

# Loaded on first use, so `import policykg.errors` does not start the database drivers.
_LIBRARY = {
    "open_store": "policykg.graph.stores",
    "run_query": "policykg.graph.queries",
    "run_cypher": "policykg.graph.queries",
    "list_queries": "policykg.graph.queries",
}
__all__ = ["__version__", *_LIBRARY]


def __getattr__(name: str) -> Any:
    if name not in _LIBRARY:
        raise AttributeError(f"module 'policykg' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(_LIBRARY[name]), name)
