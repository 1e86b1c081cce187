"""The Cypher statements both stores run in the same words, and the reads the pipeline's
later steps need (ingest's duplicate check, succession, the health ping).

Labels and types come from the model's fixed schema, never from input, so interpolating
them is safe; they are back-quoted because model names such as ``key``, ``date`` and
``year`` are Cypher keywords.
"""

from __future__ import annotations


def quoted(name: str) -> str:
    return f"`{name}`"


def count_nodes(label: str) -> str:
    return f"MATCH (n:{quoted(label)}) RETURN count(n) AS n"


def count_relationships(type_: str) -> str:
    return f"MATCH ()-[r:{quoted(type_)}]->() RETURN count(r) AS n"


def delete_relationships(type_: str, scope: str | None = None) -> str:
    """All relationships of a type, or (``scope``, a property) those whose ``scope`` is one of
    ``$scope_values``."""
    where = f" WHERE r.{quoted(scope)} IN $scope_values" if scope else ""
    return f"MATCH ()-[r:{quoted(type_)}]->(){where} DELETE r"


def delete_stale_scoped_nodes(label: str) -> str:
    return (
        f"MATCH (n:{quoted(label)}) WHERE n.document_id = $document_id AND NOT n.`id` IN $keep "
        f"DETACH DELETE n"
    )


def delete_stale_document_relationships(type_function: str) -> str:
    """``type_function``: the dialect's name for a relationship's type (``type``, ``label``)."""
    return (
        "MATCH (d:Document {`id`: $document_id})-[r]->(m) "
        f"WHERE NOT ({type_function}(r) + '|' + m.`id`) IN $keep DELETE r"
    )


STORED_DOCUMENTS = "UNWIND $ids AS i MATCH (d:Document {`id`: i}) RETURN d.`id` AS id"


def explain(query: str) -> str:
    return f"EXPLAIN {query}"


# --- Reads for the pipeline (both dialects) ---------------------------------------------

# The smallest statement both dialects run; a store that is down raises StoreUnavailableError.
PING = "RETURN 1 AS ok"

# Stored letters with these bytes, this document number or this id (ingest's duplicates).
DOCUMENTS_LIKE = (
    "MATCH (d:Document) WHERE d.sha256 = $sha256 OR d.doc_number = $doc_number "
    "OR d.id = $document_id "
    "RETURN d.id AS id, d.source AS source, d.sha256 AS sha256, d.doc_number AS doc_number "
    "LIMIT 20"
)

AGENCY_NAMES = "MATCH (a:Agency) RETURN a.name AS name"

SUCCESSION_EDGES = (
    "MATCH (a:Agency)-[r:SUCCEEDED_BY]->(b:Agency) "
    "RETURN a.name AS earlier, b.name AS later, r.`date` AS `date`, r.rationale AS rationale "
    "ORDER BY earlier, later"
)
