"""What a node reference names, decided once for the CLI and the API.

A researcher writes an agency as letters do (``市市场监管局``), a measure by part of its name,
a node by its name instead of its id. :func:`resolve_node` reads such a reference through the
named query ``resolve_node``; :func:`resolve_references` applies it to the parameters of the
named queries that take a node (:data:`NODE_REFERENCES`), so ``policykg query`` and
``POST /queries/{name}`` give the same answer for the same input.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from policykg.errors import NotFoundError, QueryParameterError
from policykg.graph.model import DOCUMENT_SCOPED_LABELS
from policykg.graph.queries import get_query, run_query
from policykg.graph.stores import GraphStore

# (query, parameter) -> the label the node must have ("" for any). measure_evolution is not
# here: its text may match several measures on purpose (`asked` says which row is whose).
NODE_REFERENCES: dict[tuple[str, str], str] = {
    ("node", "id"): "",
    ("neighbourhood", "id"): "",
    ("agency_commitments", "agency"): "Agency",
    ("agency_history", "agency"): "Agency",
}

# Commitments and amounts repeat their measure's name: the shared node is the one meant.
_REPEATS_A_NAME = {label.lower() + ":" for label in DOCUMENT_SCOPED_LABELS}


def resolve_node(store: GraphStore, text: str, label: str = "") -> str:
    """The id of the one node ``text`` names (see the query ``resolve_node``): an id, else an
    exact name, key or alias, else the one name containing it. None is
    :class:`NotFoundError`; several equally good are :class:`QueryParameterError` naming them."""
    text = text.strip()
    prefix = f"{label.lower()}:" if label else ""
    rows = run_query(store, "resolve_node", {"text": text, "prefix": prefix, "limit": 50}).rows
    what = label or "node"
    if not rows:
        raise NotFoundError(f"no {what} has the id, name or alias {text!r}")
    best = [row for row in rows if row["matched"] == rows[0]["matched"]]
    shared = [row for row in best if not row["id"].startswith(tuple(_REPEATS_A_NAME))]
    best = shared or best
    if len(best) > 1:
        shown = ", ".join(row["id"] for row in best[:5]) + (" …" if len(best) > 5 else "")
        raise QueryParameterError(
            f"{text!r} names {len(best)} {label + ' ' if label else ''}nodes ({shown}); "
            "give an id or a longer name"
        )
    return str(best[0]["id"])


def resolve_references(store: GraphStore, name: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """``params`` of the named query ``name``, checked (a bad name or value is refused before
    anything is looked up), with each node reference replaced by its id."""
    resolved = get_query(name).validate_parameters(params)
    for (query, parameter), label in NODE_REFERENCES.items():
        value = resolved.get(parameter)
        if query == name and isinstance(value, str) and value.strip():
            resolved[parameter] = resolve_node(store, value, label)
    return resolved
