"""Write a graph's nodes and relationships as GraphML (opens in Gephi), CSV or JSON.

Writers take the store's nodes and relationships, so both stores export the same files.
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

from policykg.graph.model import (
    NODE_PROPERTIES,
    PROPERTY_TYPES,
    RELATIONSHIP_PROPERTIES,
    GraphNode,
    GraphRelationship,
    PropertyType,
)

_GRAPHML_TYPES = {
    PropertyType.STRING: "string",
    PropertyType.INT64: "long",
    PropertyType.DOUBLE: "double",
    PropertyType.BOOLEAN: "boolean",
    PropertyType.STRING_LIST: "string",  # GraphML has no lists: a JSON array in a string
}


# Characters XML 1.0 cannot carry (and no reader of a CSV expects): a store written before the
# reader removed them may still hold some; an export must stay readable all the same.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _graphml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return _text(json.dumps(value, ensure_ascii=False))
    return _text(str(value))


def write_graphml(
    nodes: list[GraphNode], relationships: list[GraphRelationship], path: Path
) -> list[Path]:
    """GraphML with typed keys; ``label`` is the display text Gephi shows, ``labels`` the
    node label (``:Agency``, as APOC writes it) and an edge's ``label`` its type."""
    ns = "http://graphml.graphdrawing.org/xmlns"
    root = ET.Element("graphml", {"xmlns": ns})
    node_names = {name for schema in NODE_PROPERTIES.values() for name in schema}
    edge_names = {name for schema in RELATIONSHIP_PROPERTIES.values() for name in schema}

    def key(domain: str, name: str, kind: str) -> None:
        ET.SubElement(
            root,
            "key",
            {"id": f"{domain[0]}_{name}", "for": domain, "attr.name": name, "attr.type": kind},
        )

    key("node", "label", "string")
    key("node", "labels", "string")
    for name in sorted(node_names):
        key("node", name, _GRAPHML_TYPES[PROPERTY_TYPES[name]])
    key("edge", "label", "string")
    for name in sorted(edge_names):
        key("edge", name, _GRAPHML_TYPES[PROPERTY_TYPES[name]])

    graph = ET.SubElement(root, "graph", {"id": "policykg", "edgedefault": "directed"})

    def data(parent: ET.Element, key_id: str, value: Any) -> None:
        if value is not None:
            ET.SubElement(parent, "data", {"key": key_id}).text = _graphml_value(value)

    for node in nodes:
        element = ET.SubElement(graph, "node", {"id": _text(node.id)})
        data(element, "n_label", node.properties.get("name") or node.id)
        data(element, "n_labels", f":{node.label}")
        for name, value in node.properties.items():
            data(element, f"n_{name}", value)
    for index, rel in enumerate(relationships):
        element = ET.SubElement(
            graph,
            "edge",
            {"id": f"e{index}", "source": _text(rel.start_id), "target": _text(rel.end_id)},
        )
        data(element, "e_label", rel.type)
        for name, value in rel.properties.items():
            data(element, f"e_{name}", value)

    ET.indent(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return [path]


# neo4j-admin import header types (``export --format neo4j-admin``): a folder that seeds a
# fresh Neo4j.
_CSV_TYPES = {
    PropertyType.STRING: "",
    PropertyType.INT64: ":long",
    PropertyType.DOUBLE: ":double",
    PropertyType.BOOLEAN: ":boolean",
    PropertyType.STRING_LIST: ":string[]",
}
_CSV_LIST_SEPARATOR = ";"  # neo4j-admin import's default array delimiter


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return _text(_CSV_LIST_SEPARATOR.join(value))
    return _text(str(value))


def write_csv(
    nodes: list[GraphNode],
    relationships: list[GraphRelationship],
    folder: Path,
    *,
    neo4j_admin: bool = False,
) -> list[Path]:
    """One file per label (``nodes_Agency.csv``) and per type (``relationships_ABOUT.csv``)
    with plain headers (``id``, the property names, ``label``; ``start_id``, ``end_id``, …,
    ``type``), lists joined with ``;``. ``neo4j_admin``: headed the way ``neo4j-admin
    database import`` reads them (``id:ID``, ``known:boolean``, ``:START_ID`` …)."""

    def typed(name: str, kind: PropertyType) -> str:
        return f"{name}{_CSV_TYPES[kind]}" if neo4j_admin else name

    node_ends = ("id:ID", ":LABEL") if neo4j_admin else ("id", "label")
    rel_ends = (":START_ID", ":END_ID", ":TYPE") if neo4j_admin else ("start_id", "end_id", "type")
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for label, schema in NODE_PROPERTIES.items():
        path = folder / f"nodes_{label}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                [node_ends[0], *(typed(name, kind) for name, kind in schema.items()), node_ends[1]]
            )
            for node in nodes:
                if node.label == label:
                    props = node.full_properties()
                    values = [_csv_value(props[n]) for n in schema]
                    writer.writerow([_text(node.id), *values, label])
        written.append(path)
    for type_, schema in RELATIONSHIP_PROPERTIES.items():
        path = folder / f"relationships_{type_}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                [*rel_ends[:2], *(typed(name, kind) for name, kind in schema.items()), rel_ends[2]]
            )
            for rel in relationships:
                if rel.type == type_:
                    props = rel.full_properties()
                    writer.writerow(
                        [
                            _text(rel.start_id),
                            _text(rel.end_id),
                            *(_csv_value(props[n]) for n in schema),
                            type_,
                        ]
                    )
        written.append(path)
    return written


def write_neo4j_admin(
    nodes: list[GraphNode], relationships: list[GraphRelationship], folder: Path
) -> list[Path]:
    """The CSV folder with ``neo4j-admin database import`` headers (seeds a fresh Neo4j)."""
    return write_csv(nodes, relationships, folder, neo4j_admin=True)


def write_json(
    nodes: list[GraphNode], relationships: list[GraphRelationship], path: Path
) -> list[Path]:
    """``{"nodes": [...], "relationships": [...]}`` in the graph model's own shape."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "nodes": [node.model_dump() for node in nodes],
        "relationships": [rel.model_dump() for rel in relationships],
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [path]


Writer = Callable[[list[GraphNode], list[GraphRelationship], Path], list[Path]]
WRITERS: dict[str, Writer] = {
    "graphml": write_graphml,
    "csv": write_csv,
    "neo4j-admin": write_neo4j_admin,
    "json": write_json,
}
